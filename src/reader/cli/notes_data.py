"""Bookmarks and highlights as plain data, for the exports and back.

`highlight_dict` writes one highlight with every field needed to restore it
(both selectors, the text hash, where it was); `parse_highlight` reads one back
from a file someone may have edited, checking every field (`CliError` names the
entry and the field) and cleaning its text with `clean_text`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from reader.cli.errors import CliError
from reader.library.sanitize import clean_text
from reader.state.annotations import Quote
from reader.state.highlights import Highlight
from reader.state.records import Bookmark, from_text, to_text, utc_now


@dataclass
class Notes:
    """What an export holds: bookmarks and highlights."""

    bookmarks: list[Bookmark]
    highlights: list[Highlight]


def highlight_dict(highlight: Highlight) -> dict[str, Any]:
    """Every field of a highlight, as exported."""
    return {
        "kind": "highlight",
        "id": highlight.id,
        "library": highlight.library,
        "article_id": highlight.article_id,
        "title": highlight.title,
        "text": highlight.exact,
        "prefix": highlight.quote.prefix,
        "suffix": highlight.quote.suffix,
        "start": highlight.start,
        "end": highlight.end,
        "text_hash": highlight.text_hash,
        "note": highlight.note,
        "heading": highlight.heading,
        "percent": highlight.percent,
        "created": to_text(highlight.created),
        "orphaned": highlight.orphaned,
    }


def parse_highlight(item: Any, where: str) -> Highlight:
    """A highlight from exported data; `CliError` when a field is wrong."""
    if not isinstance(item, dict):
        raise CliError(f"{where}: expected a mapping of fields")

    def text(name: str, required: bool = False) -> str:
        value = item.get(name, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise CliError(f"{where}: {name!r} must be {'a non-empty' if required else 'a'} string")
        return clean_text(value)

    def number(name: str) -> int:
        value = item.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise CliError(f"{where}: {name!r} must be a whole number >= 0")
        return value

    start, end = number("start"), number("end")
    if end < start:
        raise CliError(f"{where}: 'end' must not be before 'start'")
    percent = item.get("percent", 0.0)
    if isinstance(percent, bool) or not isinstance(percent, int | float):
        raise CliError(f"{where}: 'percent' must be a number from 0 to 100")
    if math.isnan(percent) or not 0 <= percent <= 100:
        raise CliError(f"{where}: 'percent' must be a number from 0 to 100")
    quote = Quote(text("text", True), text("prefix"), text("suffix"), start, end)
    return Highlight(
        0, text("library", True), text("article_id", True), text("title"), text("note"),
        quote, text("text_hash"), text("heading"), float(percent),
        bool(item.get("orphaned", False)), _created(item.get("created"), where),
    )  # fmt: skip


def _created(value: Any, where: str) -> dt.datetime:
    if not value:
        return utc_now()
    try:
        moment = from_text(value) if isinstance(value, str) else value
        if not isinstance(moment, dt.datetime):
            raise TypeError
    except (ValueError, TypeError):
        raise CliError(f"{where}: 'created' must be an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
