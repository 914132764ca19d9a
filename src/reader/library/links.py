"""Where a link in an article leads: another article of the library, or outside.

Relative links (`../popular-front/committees.md`, `other`, `/section/page/` in
Hugo style, with or without the `.md`) open the article in the reader; links
with a scheme (`https:`, `mailto:`) lead outside and are opened only after the
reader confirms. No Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from reader.library.model import Article, Library

_SUFFIXES = ("", ".md", ".markdown")


@dataclass(frozen=True)
class LinkTarget:
    """An article of the library (maybe at a heading), an outside URL, or nothing known."""

    article: Article | None = None
    external: str | None = None
    fragment: str = ""


def slug(text: str) -> str:
    """A heading's anchor, as renderers make it: `The Popular Front` -> `the-popular-front`."""
    return re.sub(r"[^\w\- ]", "", text.lower()).strip().replace(" ", "-")


def _by_path(library: Library) -> dict[Path, Article]:
    table = {article.path.resolve(): article for article in library.articles.values()}
    for section in library.sections.values():
        if section.index is not None:
            table.setdefault(section.path.resolve(), section.index)
            table.setdefault(section.index.path.resolve(), section.index)
    return table


def resolve(library: Library, current: Article, url: str) -> LinkTarget:
    """Where `url`, found in `current`, leads."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return LinkTarget(external=url)
    fragment = unquote(parts.fragment)
    path = unquote(parts.path)
    if not path:
        return LinkTarget(article=current, fragment=fragment)
    if path.startswith("/"):
        base = library.path
        path = path.lstrip("/")
    else:
        base = current.path if current.path.is_dir() else current.path.parent
    table = _by_path(library)
    target = (base / path.rstrip("/")).resolve()
    for suffix in _SUFFIXES:
        candidate = target.with_name(target.name + suffix) if suffix else target
        if candidate in table:
            return LinkTarget(article=table[candidate], fragment=fragment)
    return _by_id(library, target, fragment)


def _by_id(library: Library, target: Path, fragment: str) -> LinkTarget:
    """A link by id (`/books/war-and-peace/chapter-2`): how a book's chapters link."""
    try:
        item_id = target.relative_to(library.path.resolve()).as_posix()
    except ValueError:
        return LinkTarget()
    article = library.articles.get(item_id)
    if article is None and item_id in library.sections:
        article = library.sections[item_id].index
    return LinkTarget(article=article, fragment=fragment) if article else LinkTarget()
