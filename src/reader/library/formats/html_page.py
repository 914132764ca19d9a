"""A saved web page as an article: its main content and its metadata, not its chrome.

The main content is found by trafilatura (Apache-2.0; the best-measured
extractor in the published comparisons, and kept up): navigation, comments,
share bars, cookie notices and "related articles" are left out. It returns
the content as clean HTML, which our own writer (`markdown_writer`) turns into
Markdown, so a page's text is escaped and its links and images look exactly
like a book's. Title, author, date, site name and description come from the
page's metadata (`og:`, JSON-LD, `<meta>`), where the title has no site prefix.
trafilatura (and lxml under it) is imported only when a page is converted.
"""

from __future__ import annotations

from typing import Any

from reader.library.formats import htmltree, markdown_writer
from reader.library.formats.errors import FormatError

#: Pages larger than this are not web pages a reader saved.
MAX_PAGE = 20 * 1024 * 1024


def convert_page(data: bytes, url: str | None = None) -> tuple[dict[str, Any], str]:
    """(metadata, Markdown body) of an HTML page; FormatError when it has no text."""
    if len(data) > MAX_PAGE:
        raise FormatError(f"page is over {MAX_PAGE // 2**20} MB")
    if b"\x00" in data[:8192]:
        raise FormatError("binary file, not an HTML page")
    import trafilatura
    from trafilatura.metadata import extract_metadata

    options: dict[str, Any] = {
        "output_format": "html",
        "include_links": True,
        "include_images": True,
        "include_tables": True,
        "include_formatting": True,
        "include_comments": False,
        "url": url,
    }
    try:
        content = trafilatura.extract(data, **options)
        if not content:
            content = trafilatura.extract(data, favor_recall=True, **options)
        found = extract_metadata(data, default_url=url)
    except (ValueError, TypeError, RecursionError) as error:
        raise FormatError(f"cannot read the page ({type(error).__name__})") from None
    if not content:
        raise FormatError("no readable text found in the page")
    body = markdown_writer.convert(htmltree.parse(content)).get(None, "")
    return _metadata(found), body


def _metadata(found: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if found is None:
        return meta
    if found.title:
        meta["title"] = found.title
    if found.author:
        meta["author"] = [name.strip() for name in found.author.split(";") if name.strip()]
    if found.date:
        meta["date"] = found.date
    if found.sitename:
        meta["site"] = found.sitename
    if found.description:
        meta["description"] = found.description
    if found.url and "://" in found.url:
        meta["source"] = found.url
    return meta
