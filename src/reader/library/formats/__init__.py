"""Files that are not Markdown: EPUB books, saved web pages, plain text, mkdocs sites.

What the loader asks of this package, and nothing more:
- `kind(suffix)`: "book" (`.epub`, a section), "page" (`.html`, `.htm`, `.txt`,
  an article) or None (a Markdown file or something not read);
- `open_article(path, stat)`: a page's metadata, first heading and a function
  producing its Markdown body;
- `open_book(path, stat)`: a book's metadata, tree of chapters and problems
  (`epub_book`), and `chapter_reader` for each chapter's Markdown;
- `read_site(folder)` / `apply_site(section, site)`: a folder with `mkdocs.yml`;
- `FormatError`: this file cannot be read, and why (the loader reports it).

Conversions are cached in the cache folder (`cache`), keyed by path, size and
mtime, so `Library.read_body` returns Markdown for every format at the cost of
reading one cached file, and the reading view, search index, bookmarks and
`reader show` need not know where an article came from.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader.library.formats import cache as convert_cache
from reader.library.formats.cache import ConvertCache
from reader.library.formats.errors import FormatError
from reader.library.formats.mkdocs import Site, apply_site, read_site
from reader.library.markdown_blocks import first_title

BOOK_SUFFIXES = (".epub",)
PAGE_SUFFIXES = (".html", ".htm", ".txt")
#: File stems (case-insensitive) that are a folder's introduction, first found wins.
INTRO_STEMS = ("_index", "index", "readme")
#: The largest page or text file converted.
MAX_FILE = 20 * 1024 * 1024

__all__ = [
    "BOOK_SUFFIXES",
    "INTRO_STEMS",
    "PAGE_SUFFIXES",
    "FormatError",
    "Site",
    "apply_site",
    "chapter_reader",
    "kind",
    "open_article",
    "open_book",
    "read_site",
]


def kind(suffix: str) -> str | None:
    """ "book", "page", or None for a suffix this package does not read."""
    suffix = suffix.lower()
    if suffix in BOOK_SUFFIXES:
        return "book"
    return "page" if suffix in PAGE_SUFFIXES else None


def convert_file(path: Path, data: bytes | None = None) -> tuple[dict[str, Any], str]:
    """(metadata, Markdown) of a page or text file; FormatError when unreadable."""
    if data is None:
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_FILE + 1)
        except OSError as error:
            raise FormatError(f"cannot read file: {error.strerror or error}") from None
    if len(data) > MAX_FILE:
        raise FormatError(f"file is over {MAX_FILE // 2**20} MB")
    if not data.strip():
        raise FormatError("empty file")
    if path.suffix.lower() == ".txt":
        from reader.library.formats.plain_text import convert_text

        return convert_text(data)
    from reader.library.formats.html_page import convert_page

    return convert_page(data)


def open_article(
    path: Path, stat: tuple[int, int]
) -> tuple[dict[str, Any], str | None, Callable[[], str]]:
    """A page's (metadata, first heading, body reader), converted once and cached."""
    store = ConvertCache.default()
    entry = convert_cache.key(path, *stat)
    head = store.read_json(entry, "head.json")
    if not (isinstance(head, dict) and isinstance(head.get("meta"), dict)):
        meta, body = convert_file(path)
        head = {"meta": meta, "heading": first_title(body)}
        store.write_text(entry, "body.md", body)
        store.write_json(entry, "head.json", head)

    def read() -> str:
        text = store.read_text(entry, "body.md")
        if text is None:
            try:
                text = convert_file(path)[1]
            except FormatError as error:
                raise OSError(str(error)) from None
            store.write_text(entry, "body.md", text)
        return text

    heading = head.get("heading")
    return head["meta"], heading if isinstance(heading, str) else None, read


def open_book(path: Path, stat: tuple[int, int]) -> dict[str, Any]:
    """The book's plan: `meta`, `nodes` (label, id, chapter, children), `problems`.

    A book converted before is its cached plan; the EPUB reader (and its XML
    parsers) is imported only to convert one, not at every load of a library
    with books (30 ms)."""
    store = ConvertCache.default()
    cached = store.read_json(convert_cache.key(path, *stat), "book.json")
    if isinstance(cached, dict) and "nodes" in cached:
        return cached
    from reader.library.formats.epub_book import load_book

    return load_book(path, stat, store)


def chapter_reader(
    path: Path, stat: tuple[int, int], plan: dict[str, Any], number: int, base_id: str
) -> Callable[[], str]:
    """A function giving chapter `number`'s Markdown (converted on first use, then cached)."""
    store = ConvertCache.default()

    def read() -> str:
        from reader.library.formats.epub_book import chapter_markdown  # when a chapter is read

        return chapter_markdown(path, stat, plan, number, base_id, store)

    return read
