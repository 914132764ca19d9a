"""Saved records, checked on the way out: `Position`, `Bookmark`, and their rows.

The state file may have been edited by hand, written by another program or
damaged: a row is turned into a record only when every value makes sense (an
offset SQLite can hold, a percent from 0 to 100, a time within `YEARS`, text),
and its text is cleaned again (`clean_text`), so that nothing stored can reach
a terminal. A row that does not make sense raises ValueError or TypeError; the
store reports it and skips it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from reader.library.sanitize import clean_line, clean_text
from reader.state.places import heading_before, percent_at, snippet_at

T = TypeVar("T")

#: Times outside these years are refused: near year 1 or 9999 a time zone shift overflows.
YEARS = (1900, 9000)
#: The largest offset SQLite can hold (and far beyond any article).
MAX_OFFSET = 2**62
POSITION_COLUMNS = "char_offset, percent, heading, snippet, finished, updated"
BOOKMARK_COLUMNS = (
    "id, library, article_id, title, note, char_offset, percent, heading, snippet, created"
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_text(moment: dt.datetime) -> str:
    """A time as stored: UTC ISO 8601 with microseconds (sorts as text, round-trips)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> dt.datetime:
    """A stored (or imported) time; ValueError unless ISO 8601 within `YEARS`."""
    if not isinstance(text, str):
        raise ValueError("not a time")
    moment = dt.datetime.fromisoformat(text)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ValueError(f"year {moment.year} is out of range")
    return moment


@dataclass(frozen=True)
class Position:
    """A place in an article's body; see the module docstring."""

    offset: int
    percent: float
    heading: str = ""
    snippet: str = ""
    updated: dt.datetime = field(default_factory=utc_now)
    #: Read to the end once; stays True after later saves further up.
    finished: bool = False

    @classmethod
    def at(cls, body: str, offset: int, heading: str | None = None) -> Position:
        """The position `offset` characters into `body`, with its percent and snippet.

        `heading` defaults to the last Markdown heading before the offset.
        """
        if heading is None:
            heading = heading_before(body, offset)
        return cls(offset, percent_at(body, offset), heading, snippet_at(body, offset))


@dataclass(frozen=True)
class Bookmark:
    """A saved place with a note. `title` is the article's title when it was added,
    so that a bookmark whose article went away can still be shown (as missing)."""

    id: int
    library: str
    article_id: str
    title: str
    note: str
    offset: int
    percent: float
    heading: str
    snippet: str
    created: dt.datetime

    @property
    def position(self) -> Position:
        """The bookmarked place, for `reanchor` or to open the article there."""
        return Position(self.offset, self.percent, self.heading, self.snippet, self.created)


def _offset(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        raise ValueError(f"bad offset {value!r}")
    return value


def _percent(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"bad percent {value!r}")  # also refuses nan
    return float(value)


def _text(value: Any, line: bool = False) -> str:
    """A stored text, cleaned again on the way out: nothing in the file reaches a terminal."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return clean_line(value) if line else clean_text(value)


def position_from_row(row: tuple[Any, ...]) -> Position:
    offset, percent, heading, snippet, finished, updated = row
    return Position(
        _offset(offset), _percent(percent), _text(heading, True), _text(snippet),
        from_text(updated), bool(finished),
    )  # fmt: skip


def bookmark_from_row(row: tuple[Any, ...]) -> Bookmark:
    id_, library, article_id, title, note, offset, percent, heading, snippet, created = row
    if not isinstance(id_, int):
        raise TypeError("bad id")
    return Bookmark(
        id_, _text(library, True), _text(article_id, True), _text(title, True), _text(note),
        _offset(offset), _percent(percent), _text(heading, True), _text(snippet),
        from_text(created),
    )  # fmt: skip


def insert(db: sqlite3.Connection, bookmark: Bookmark, *, keep_id: bool = False) -> Bookmark:
    marks = ", ".join("?" * 10)
    sql = f"INSERT OR IGNORE INTO bookmarks ({BOOKMARK_COLUMNS}) VALUES ({marks})"
    values = (  # cleaned on the way in too, whoever made the bookmark
        bookmark.id if keep_id else None, bookmark.library, bookmark.article_id,
        clean_line(bookmark.title), clean_text(bookmark.note), bookmark.offset, bookmark.percent,
        clean_line(bookmark.heading), clean_text(bookmark.snippet), to_text(bookmark.created),
    )  # fmt: skip
    cursor = db.execute(sql, values)
    return replace(bookmark, id=cursor.lastrowid or bookmark.id)


def merge(
    db: sqlite3.Connection, batch: list[Bookmark], seen: set[tuple[str, str, int, str]]
) -> int:
    """Insert the bookmarks of `batch` not already here (nor in `seen`); how many were added.

    The same library, article, offset and note is a duplicate: an index lookup
    (`bookmarks_by_place`), so a large import stays linear.
    """
    added = 0
    sql = "SELECT 1 FROM bookmarks WHERE library = ? AND article_id = ? AND char_offset = ?"
    for bookmark in batch:
        key = (bookmark.library, bookmark.article_id, bookmark.offset, bookmark.note)
        if key in seen or db.execute(f"{sql} AND note = ?", key).fetchone():
            continue
        seen.add(key)
        insert(db, bookmark)
        added += 1
    return added


def check_columns(db: sqlite3.Connection) -> None:
    """Raise `sqlite3.OperationalError` when a table lacks a column this code uses."""
    db.execute(f"SELECT library, article_id, {POSITION_COLUMNS} FROM positions LIMIT 0")
    db.execute(f"SELECT {BOOKMARK_COLUMNS} FROM bookmarks LIMIT 0")


def valid_rows(
    make: Callable[[tuple[Any, ...]], T], rows: list[tuple[Any, ...]], skipped: Callable[[], None]
) -> list[T]:
    """`make` of each row; for a row that does not make sense, `skipped()` instead."""
    result = []
    for row in rows:
        try:
            result.append(make(row))
        except (ValueError, TypeError, OverflowError):
            skipped()
    return result
