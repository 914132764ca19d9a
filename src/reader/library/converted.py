"""The loader's side of `reader.library.formats`: books, pages and sites in the tree.

Kept out of `loader` so the folder walk stays one small loop: the loader hands
a `.epub` file to `add_book` (a section of chapters), an `.html`/`.txt` file to
`read_page` (an article whose body is converted Markdown), a folder holding
`mkdocs.yml` to `open_site`, and picks a folder's introduction with
`choose_intro`. Every failure becomes a reported problem through `report`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from reader.library import formats, metadata
from reader.library.head_cache import CachedHead
from reader.library.model import Article, Library, Section
from reader.library.sanitize import clean_line

Report = Callable[[Path, str], None]


def open_site(section: Section, report: Report) -> formats.Site | None:
    """The mkdocs site configured in the section's folder; its path becomes `docs_dir`."""
    try:
        site = formats.read_site(section.path)
    except formats.FormatError as error:
        report(section.path / "mkdocs.yml", f"{error}; read as a plain folder")
        return None
    if site is None:
        return None
    if not site.docs_dir.is_dir():
        report(section.path / "mkdocs.yml", f"docs_dir {site.docs_dir.name!r} is not a folder")
        return None
    section.path = site.docs_dir
    return site


def choose_intro(intros: dict[str, Path]) -> tuple[Path | None, list[Path]]:
    """(the introduction, the other candidates to read as articles), by `INTRO_STEMS` order."""
    for stem in formats.INTRO_STEMS:
        if stem in intros:
            chosen = intros.pop(stem)
            return chosen, sorted(intros.values())
    return None, []


def read_page(
    path: Path,
    article_id: str,
    stat: tuple[int, int] | None,
    report: Report,
    build: Callable[[Path, str, CachedHead, str | None], Article],
) -> Article | None:
    """A page as an article (body converted on demand), or None when reported unreadable."""
    if stat is None:
        report(path, "cannot read file; skipped")
        return None
    try:
        meta, heading, body_reader = formats.open_article(path, stat)
    except formats.FormatError as error:
        report(path, f"{error}; skipped")
        return None
    article = build(path, article_id, CachedHead(meta, 0, heading), None)
    article.body_reader = body_reader
    return article


class Loading(Protocol):
    """What `add_book` needs of the loader."""

    library: Library
    deep: bool

    def report(self, path: Path, message: str, line: int | None = None) -> None: ...


def add_book(
    loader: Loading, section: Section, path: Path, book_id: str, stat: tuple[int, int] | None
) -> None:
    """Add the book at `path` to `section` as a section of chapters (or report why not)."""
    library, report = loader.library, loader.report
    if book_id in library.articles or book_id in library.sections:
        report(path, f"duplicate id {book_id!r}; skipped")
        return
    if stat is None:
        report(path, "cannot read file; skipped")
        return
    try:
        plan = formats.open_book(path, stat)
    except formats.FormatError as error:
        report(path, f"{error}; skipped")
        return
    for problem in plan.get("problems", []):
        report(path, problem)
    meta: dict[str, Any] = dict(plan.get("meta", {}))
    intro = Article(id=book_id, path=path, title="", meta=meta)
    for field_name, message in metadata.apply(intro, meta):
        report(path, f"field {field_name!r}: {message}")
    intro.title = intro.title or clean_line(path.stem)
    book = Section(id=book_id, path=path, title=intro.title, parent=section, date=intro.date)
    _add_nodes(library, book, plan["nodes"], (path, stat, plan, book_id), intro.author)
    intro.generated_body = _book_page(book, intro.summary)
    intro.section = book
    book.index = intro
    section.children.append(book)
    library.sections[book_id] = book
    if loader.deep:
        for article in book.walk_articles():
            try:
                library.read_body(article)
            except OSError as error:
                report(path, f"chapter {article.title!r}: {error}")


def _add_nodes(
    library: Library,
    parent: Section,
    nodes: list[dict[str, Any]],
    source: tuple[Path, tuple[int, int], dict[str, Any], str],
    author: tuple[str, ...],
) -> None:
    path, stat, plan, book_id = source
    for node in nodes:
        node_id = f"{book_id}/{node['id']}"
        title = clean_line(str(node.get("label") or "")) or node["id"]
        chapter = node.get("chapter")
        body = (
            None if chapter is None else formats.chapter_reader(path, stat, plan, chapter, book_id)
        )
        if node.get("children"):
            sub = Section(id=node_id, path=path, title=title, parent=parent)
            _add_nodes(library, sub, node["children"], source, author)
            intro = Article(id=node_id, path=path, title=title, section=sub)
            intro.body_reader = body
            if body is None:
                intro.generated_body = _book_page(sub, "")
            sub.index = intro
            parent.children.append(sub)
            library.sections[node_id] = sub
        else:
            article = Article(id=node_id, path=path, title=title, body_reader=body)
            parent.children.append(article)
            library.articles[node_id] = article


def _book_page(section: Section, description: str) -> str:
    """A book's (or part's) introduction: its description, then its contents."""
    lines = [description, ""] if description else []
    lines.append("## Contents" if description else "Contents:")
    lines.append("")
    for child in section.children:
        count = f" ({child.article_count} chapters)" if isinstance(child, Section) else ""
        lines.append(f"- {child.title}{count}")
    return "\n".join(lines) + "\n"
