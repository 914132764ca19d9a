"""A documentation site built with mkdocs: its `docs_dir`, its `nav`, its admonitions.

`mkdocs.yml` is configuration a site's authors wrote for their own tools: it
may hold `!!python/name:` tags and `!ENV` lookups. It is read with YAML's safe
loader, extended only to read every unknown tag as nothing, so nothing in it is
ever executed or looked up. The `nav` gives the order and the titles: pages in
the order listed, nav titles on pages, a nav section's title on the folder its
pages share; pages the nav leaves out come after the others. The pages'
`!!! note` admonitions become block quotes the reading engine shows.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reader.library.formats.errors import FormatError
from reader.library.frontmatter import pyyaml
from reader.library.model import Article, Section

CONFIG = "mkdocs.yml"
_ADMONITION = re.compile(r'^( *)(?:!!!|\?\?\?\+?) *([\w-]+)(?: +"(.*)")? *$')


@cache
def _site_loader() -> Any:
    """The safe loader, where unknown tags (`!ENV`, `!!python/name:`) read as None
    (made at the first site: PyYAML is not imported at every start)."""
    yaml = pyyaml()[0]

    class SafeSiteLoader(yaml.SafeLoader):  # type: ignore[misc, name-defined]
        pass

    def ignore(loader: Any, suffix: str, node: Any) -> None:
        return None

    SafeSiteLoader.add_multi_constructor("!", ignore)
    SafeSiteLoader.add_multi_constructor("tag:yaml.org,2002:python/", ignore)
    return SafeSiteLoader


@dataclass
class Site:
    """What the loader uses of `mkdocs.yml`."""

    name: str
    docs_dir: Path
    #: Page path (relative to docs_dir, posix) -> (rank, nav title or None).
    pages: dict[str, tuple[int, str | None]] = field(default_factory=dict)
    #: Folder (relative, posix) -> nav section title.
    folders: dict[str, str] = field(default_factory=dict)


def read_site(folder: Path) -> Site | None:
    """The site configured in `folder`, or None when it holds no `mkdocs.yml`."""
    config_path = folder / CONFIG
    if not config_path.is_file():
        return None
    yaml = pyyaml()[0]
    try:
        config = yaml.load(config_path.read_bytes()[: 1024 * 1024], Loader=_site_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise FormatError(f"{CONFIG} is not valid YAML{where}") from None
    except OSError as error:
        raise FormatError(f"cannot read {CONFIG}: {error.strerror}") from None
    if not isinstance(config, dict):
        config = {}
    docs = config.get("docs_dir")
    docs_dir = (folder / docs) if isinstance(docs, str) and docs.strip() else folder / "docs"
    name = config.get("site_name")
    site = Site(name if isinstance(name, str) else "", docs_dir)
    _walk_nav(config.get("nav"), site)
    return site


def _walk_nav(items: Any, site: Site) -> list[str]:
    """Record the pages under `items` in order; return their paths."""
    found: list[str] = []
    for item in items if isinstance(items, list) else []:
        title, value = (None, item) if not isinstance(item, dict) else next(iter(item.items()))
        title = title if isinstance(title, str) else None
        if isinstance(value, str) and "://" not in value:
            path = posixpath.normpath(value.strip().lstrip("/"))
            site.pages.setdefault(path, (len(site.pages), title))
            found.append(path)
        elif isinstance(value, list):
            pages = _walk_nav(value, site)
            found.extend(pages)
            folders = {posixpath.dirname(page) for page in pages}
            if title and len(folders) == 1 and "" not in folders:
                site.folders.setdefault(folders.pop(), title)
    return found


def apply_site(section: Section, site: Site) -> None:
    """Order and title the tree loaded from `site.docs_dir` as its nav says."""
    if site.name:
        section.title = site.name
    _apply(section, site, is_root=True)


def _apply(section: Section, site: Site, is_root: bool = False) -> int | None:
    """Title and sort this section's children; return its first rank in the nav."""
    ranks: dict[int, int | None] = {}
    for child in section.children:
        if isinstance(child, Section):
            ranks[id(child)] = _apply(child, site)
        else:
            ranks[id(child)] = _page(child, site)
    if section.index is not None:
        own = _page(section.index, site, retitle=False)
        if own is not None:
            ranks[id(section.index)] = own
    if not is_root:
        relative = _relative(section.path, site)
        if relative in site.folders:
            section.title = site.folders[relative]
    original = {id(child): place for place, child in enumerate(section.children)}
    section.children.sort(
        key=lambda child: (ranks[id(child)] is None, ranks[id(child)] or 0, original[id(child)])
    )
    known = [rank for rank in ranks.values() if rank is not None]
    return min(known) if known else None


def _page(article: Article, site: Site, retitle: bool = True) -> int | None:
    article.body_reader = _admonished(article)
    entry = site.pages.get(_relative(article.path, site))
    if entry is None:
        return None
    rank, title = entry
    if title and retitle:
        article.title = title
    return rank


def _relative(path: Path, site: Site) -> str:
    try:
        return path.relative_to(site.docs_dir).as_posix()
    except ValueError:
        return ""


def _admonished(article: Article) -> Any:
    """A body reader turning admonitions into quotes, for a Markdown page only."""
    path, offset = article.path, article.body_offset
    if article.body_reader is not None or path.suffix.lower() not in (".md", ".markdown"):
        return article.body_reader

    def read() -> str:
        with path.open("rb") as stream:
            stream.seek(offset)
            return admonitions(stream.read().decode("utf-8", errors="replace"))

    return read


def admonitions(text: str) -> str:
    """`!!! note "Title"` blocks (and `???` ones) as block quotes with a bold title."""
    out: list[str] = []
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        match = _ADMONITION.match(lines[index])
        index += 1
        if match is None:
            out.append(lines[index - 1])
            continue
        indent, kind, title = match.group(1), match.group(2), match.group(3)
        inner = indent + "    "
        heading = title if title is not None else kind.replace("-", " ").capitalize()
        block = [f"**{heading}**"] if heading else []
        body: list[str] = []
        while index < len(lines) and (lines[index].startswith(inner) or not lines[index].strip()):
            body.append(lines[index][len(inner) :])
            index += 1
        while body and not body[-1].strip():
            body.pop()
        if block and body:
            block.append("")
        block.extend(body)
        out.extend(f"{indent}> {line}".rstrip() for line in block)
        out.append("")
    return "\n".join(out)
