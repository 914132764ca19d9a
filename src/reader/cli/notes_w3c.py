"""Bookmarks and highlights as W3C Web Annotations (JSON-LD), and back.

One `AnnotationCollection` whose first page holds one `Annotation` per entry:
motivation `highlighting` (or `bookmarking`), the note as a `TextualBody`, and
a target with a `TextQuoteSelector` (exact, prefix, suffix) and a
`TextPositionSelector` (source offsets into the article's body). What the W3C
model has no term for (library, article id, title, heading, percent, hash,
orphaned) is kept under the `reader` key, which JSON-LD processors ignore.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from reader.cli.bookmarks import parse_export
from reader.cli.errors import CliError
from reader.cli.notes_data import Notes, highlight_dict, parse_highlight
from reader.state.highlights import Highlight
from reader.state.records import to_text as _time
from reader.state.store import Bookmark

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def collection(notes: Notes) -> dict[str, Any]:
    """The notes as one JSON-LD `AnnotationCollection`."""
    items = [_highlight(h) for h in notes.highlights] + [_bookmark(b) for b in notes.bookmarks]
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "reader highlights and bookmarks",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def _annotation(
    kind: str, number: int, library: str, article_id: str, note: str, selectors: list[Any]
) -> dict[str, Any]:
    annotation: dict[str, Any] = {
        "id": f"urn:reader:{kind}:{number}",
        "type": "Annotation",
        "motivation": "highlighting" if kind == "highlight" else "bookmarking",
    }
    if note:
        annotation["body"] = [
            {"type": "TextualBody", "value": note, "format": "text/plain", "purpose": "commenting"}
        ]
    source = f"urn:reader:article:{quote(library, safe='')}:{quote(article_id, safe='')}"
    annotation["target"] = {"source": source, "selector": selectors}
    return annotation


def _highlight(highlight: Highlight) -> dict[str, Any]:
    selectors = [
        {
            "type": "TextQuoteSelector",
            "exact": highlight.exact,
            "prefix": highlight.quote.prefix,
            "suffix": highlight.quote.suffix,
        },
        {"type": "TextPositionSelector", "start": highlight.start, "end": highlight.end},
    ]
    annotation = _annotation(
        "highlight", highlight.id, highlight.library, highlight.article_id, highlight.note,
        selectors,
    )  # fmt: skip
    annotation["created"] = _time(highlight.created)
    extra = highlight_dict(highlight)
    annotation["reader"] = {
        name: extra[name]
        for name in ("library", "article_id", "title", "heading", "percent", "text_hash")
    } | {"orphaned": highlight.orphaned}
    return annotation


def _bookmark(bookmark: Bookmark) -> dict[str, Any]:
    selectors = [
        {"type": "TextQuoteSelector", "exact": bookmark.snippet},
        {"type": "TextPositionSelector", "start": bookmark.offset, "end": bookmark.offset},
    ]
    annotation = _annotation(
        "bookmark", bookmark.id, bookmark.library, bookmark.article_id, bookmark.note, selectors
    )
    annotation["created"] = _time(bookmark.created)
    annotation["reader"] = {
        "library": bookmark.library, "article_id": bookmark.article_id, "title": bookmark.title,
        "heading": bookmark.heading, "percent": bookmark.percent,
    }  # fmt: skip
    return annotation


def parse(data: dict[str, Any], source: str) -> Notes:
    """The notes in an `AnnotationCollection` this module wrote (or one shaped like it)."""
    page = data.get("first")
    items = page.get("items") if isinstance(page, dict) else data.get("items")
    if not isinstance(items, list):
        raise CliError(f"{source}: an AnnotationCollection with no items")
    notes = Notes([], [])
    for number, item in enumerate(items, 1):
        where = f"{source}: annotation {number}"
        flat = _flatten(item, where)
        if item.get("motivation") == "bookmarking":
            flat = {**flat, "offset": flat["start"], "snippet": flat["text"]}
            notes.bookmarks += parse_export(json.dumps([flat]), where)
        else:
            notes.highlights.append(parse_highlight(flat, where))
    return notes


def _flatten(item: Any, where: str) -> dict[str, Any]:
    """One annotation's fields as `parse_highlight` reads them."""
    if not isinstance(item, dict):
        raise CliError(f"{where}: expected an Annotation object")
    target = item.get("target")
    selectors = target.get("selector") if isinstance(target, dict) else None
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        raise CliError(f"{where}: the target has no selector")
    by_type = {s.get("type"): s for s in selectors if isinstance(s, dict)}
    text_quote = by_type.get("TextQuoteSelector", {})
    position = by_type.get("TextPositionSelector", {})
    body = item.get("body")
    bodies = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    note = next((b.get("value") for b in bodies if isinstance(b, dict) and "value" in b), "")
    extra: dict[str, Any] = item.get("reader") or {}
    if not isinstance(extra, dict):
        raise CliError(f"{where}: 'reader' must be an object")
    return {
        **extra,
        "text": text_quote.get("exact", ""),
        "prefix": text_quote.get("prefix", ""),
        "suffix": text_quote.get("suffix", ""),
        "start": position.get("start", 0),
        "end": position.get("end", 0),
        "note": note,
        "created": item.get("created", ""),
    }
