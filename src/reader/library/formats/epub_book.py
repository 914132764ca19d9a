"""A book for the library: its plan (cached), and each chapter's Markdown (cached).

`load_book` gives what the loader needs to list a book (metadata, the tree of
chapters, the problems found) from the cache when the file has not changed,
so a warm start reads one small JSON file per book. `chapter_markdown` converts
one chapter when it is read (or indexed) and keeps the result, so a book opens
instantly the second time. Links between chapters become library links
(`/books/war-and-peace/chapter-2`) that the reader follows inside the library.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reader.library.formats import cache as convert_cache, epub, epub_toc, htmltree, markdown_writer
from reader.library.formats.cache import ConvertCache
from reader.library.formats.errors import FormatError

#: Converted documents kept in memory: a chapter often shares its file with the next.
_RECENT: OrderedDict[tuple[str, str], dict[str | None, str]] = OrderedDict()
_RECENT_SIZE = 4
_RECENT_LOCK = threading.Lock()


def load_book(path: Path, stat: tuple[int, int], store: ConvertCache) -> dict[str, Any]:
    """The book's plan and metadata, read from the book and stored in `store`
    (`formats.open_book` looks there first); raises FormatError when it cannot be read."""
    entry = convert_cache.key(path, *stat)
    with epub.open_zip(path) as book:
        package = epub.read_package(book)
        package.toc = epub_toc.read_toc(book, package)
    planned = epub_toc.plan(package)
    meta = dict(package.meta)
    if "description" in meta:
        pieces = markdown_writer.convert(htmltree.parse(meta["description"]))
        meta["description"] = pieces.get(None, "").strip()
    planned.update(meta=meta, problems=package.missing)
    store.write_json(entry, "book.json", planned)
    return planned


def chapter_markdown(
    path: Path,
    stat: tuple[int, int],
    plan: dict[str, Any],
    number: int,
    base_id: str,
    store: ConvertCache,
) -> str:
    """Chapter `number` of the book as Markdown; OSError when the book cannot be read."""
    entry = convert_cache.key(path, *stat)
    name = f"chapter-{number}.md"
    cached = store.read_text(entry, name)
    if cached is not None:
        return cached
    targets: dict[str, str] = plan["targets"]
    parts: list[str] = []
    try:
        with epub.open_zip(path) as book:
            for doc, start, end in plan["chapters"][number]:
                pieces = _converted(book, entry, doc, targets, base_id)
                parts.append(_between(pieces, start, end))
    except FormatError as error:
        raise OSError(str(error)) from None
    text = "\n".join(part for part in parts if part.strip())
    store.write_text(entry, name, text)
    return text


def _converted(
    book: Any, entry: str, doc: str, targets: dict[str, str], base_id: str
) -> dict[str | None, str]:
    with _RECENT_LOCK:  # the UI reads while the index worker converts
        remembered = _RECENT.get((entry, doc))
        if remembered is not None:
            _RECENT.move_to_end((entry, doc))
            return remembered
    cuts = [key.partition("#")[2] for key in targets if key.startswith(f"{doc}#")]
    markup = epub.read_entry(book, doc).decode("utf-8", errors="replace")

    def link(href: str) -> str:
        if urlsplit(href).scheme:
            return href
        target, fragment = epub.resolve_href(doc, href)
        chapter = targets.get(f"{target}#{fragment or ''}") or targets.get(target)
        return f"/{base_id}/{chapter}".replace("//", "/") if chapter else ""

    pieces = markdown_writer.convert(htmltree.parse(markup), link, [cut for cut in cuts if cut])
    with _RECENT_LOCK:
        _RECENT[(entry, doc)] = pieces
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return pieces


def _between(pieces: dict[str | None, str], start: str | None, end: str | None) -> str:
    """The Markdown from cut `start` (None: the beginning) to cut `end` (None: the end)."""
    taking = start is None
    out: list[str] = []
    for key, text in pieces.items():
        if key == end and end is not None:
            break
        if key == start:
            taking = True
        if taking:
            out.append(text)
    return "\n".join(out)
