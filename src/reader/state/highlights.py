"""Highlights: passages of an article kept with a note, and never lost.

`Highlight` is one saved passage: its W3C selectors (`annotations.Quote`), the
hash of the text they were taken from, and where it was (heading, percent).
`HighlightStore` is the part of `Store` that keeps them (same database, same
transactions and notices). `highlights_of(library, article_id, body)` is what
the reading screen calls: when the article's text changed since a highlight was
saved, the highlight is anchored again (`annotations.anchor`) and the new
offsets saved; when its passage is gone it is marked orphaned and kept.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from reader.state.annotations import Quote, anchor, text_hash
from reader.state.places import heading_before, percent_at

T = TypeVar("T")


@dataclass(slots=True)
class Highlight:
    """A passage with a note. Also a place (`offset`, `percent`, `snippet`) to open at."""

    id: int
    library: str
    article_id: str
    title: str
    note: str
    quote: Quote
    text_hash: str
    heading: str
    percent: float
    orphaned: bool
    created: dt.datetime

    @property
    def exact(self) -> str:
        return self.quote.exact

    @property
    def start(self) -> int:
        return self.quote.start

    @property
    def end(self) -> int:
        return self.quote.end

    @property
    def offset(self) -> int:
        return self.quote.start

    @property
    def snippet(self) -> str:
        return self.quote.exact

    @classmethod
    def of(
        cls,
        library: Path | str,
        article_id: str,
        title: str,
        body: str,
        start: int,
        end: int,
        note: str,
    ) -> Highlight:
        """A new highlight of `body[start:end]` (id 0 until saved)."""
        quote = Quote.at(body, start, end)
        heading, percent = heading_before(body, quote.start), percent_at(body, quote.start)
        return cls(
            0, _key(library), article_id, title, note, quote, text_hash(body), heading, percent,
            False, dt.datetime.now(dt.UTC),
        )  # fmt: skip


def reanchored(highlight: Highlight, body: str, digest: str | None = None) -> Highlight:
    """`highlight` found again in `body` (new offsets), or marked orphaned."""
    digest = digest or text_hash(body)
    if highlight.text_hash == digest:
        return highlight
    found = anchor(body, highlight.quote)
    if found is None:
        return replace(highlight, orphaned=True, text_hash=digest)
    start, end = found
    quote = replace(highlight.quote, start=start, end=end)
    return replace(
        highlight, quote=quote, text_hash=digest, orphaned=False,
        heading=heading_before(body, start), percent=percent_at(body, start),
    )  # fmt: skip


class HighlightStore:
    """The highlight methods of `Store` (which supplies `_write`, `_read` and `library_key`)."""

    def _write(self, what: str, action: Callable[[sqlite3.Connection], T]) -> T | None:
        raise NotImplementedError

    def _read(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def add_highlight(self, highlight: Highlight) -> Highlight | None:
        """Save a new highlight; the saved one (with its id), or None if it could not be."""
        return self._write("the highlight", lambda db: _insert(db, highlight))

    def highlight(self, highlight_id: int) -> Highlight | None:
        rows = self._read(f"SELECT {_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,))
        return _highlight(rows[0]) if rows else None

    def highlights(
        self, library: Path | str | None = None, article_id: str | None = None
    ) -> list[Highlight]:
        """Every highlight (of `library`, of `article_id`), newest first."""
        where, args = _where(library, article_id)
        sql = f"SELECT {_COLUMNS} FROM highlights {where} ORDER BY created DESC, id DESC"
        return [_highlight(row) for row in self._read(sql, args)]

    def highlights_of(self, library: Path | str, article_id: str, body: str) -> list[Highlight]:
        """The highlights of one article in text order, anchored in `body` as it is now.

        Those whose text changed are anchored again and saved (orphans included).
        """
        where, args = _where(library, article_id)
        # The library and article are known: not read 500 times (an article opens faster).
        columns = _COLUMNS.replace("library, article_id, ", "")
        sql = f"SELECT {columns} FROM highlights {where} ORDER BY start, id"
        found = [_highlight((row[0], *args, *row[1:])) for row in self._read(sql, args)]
        if not found:
            return []  # no text to hash: 13 ms for a 2 MB book, 130 ms for 20 MB, at open
        digest = text_hash(body)
        moved = [reanchored(h, body, digest) for h in found if h.text_hash != digest]
        if moved:
            self._write("the re-anchored highlights", lambda db: _update(db, moved))
            by_id = {h.id: h for h in moved}
            found = sorted((by_id.get(h.id, h) for h in found), key=lambda h: (h.start, h.id))
        return found

    def update_highlight_note(self, highlight_id: int, note: str) -> bool:
        sql = "UPDATE highlights SET note = ? WHERE id = ?"
        return bool(
            self._write("the note", lambda db: db.execute(sql, (note, highlight_id)).rowcount)
        )

    def delete_highlight(self, highlight_id: int) -> Highlight | None:
        """Delete a highlight and return it (for `restore_highlight`)."""

        def delete(db: sqlite3.Connection) -> Highlight | None:
            row = db.execute(f"SELECT {_COLUMNS} FROM highlights WHERE id = ?", (highlight_id,))
            found = row.fetchone()
            db.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            return _highlight(found) if found else None

        return self._write("the deletion", delete)

    def restore_highlight(self, highlight: Highlight) -> bool:
        """Undo a delete: the same id and created time."""
        saved = self._write("the highlight", lambda db: _insert(db, highlight, keep_id=True))
        return saved is not None

    def import_highlights(self, highlights: Iterable[Highlight]) -> int | None:
        """Add highlights, skipping any already here (same library, article, exact text
        and start). How many were added; None if nothing could be saved."""

        def merge(db: sqlite3.Connection) -> int:
            added = 0
            for h in highlights:
                key = (h.library, h.article_id, h.exact, h.start)
                sql = "SELECT 1 FROM highlights WHERE library = ? AND article_id = ?"
                if not db.execute(f"{sql} AND exact = ? AND start = ?", key).fetchone():
                    _insert(db, h)
                    added += 1
            return added

        return self._write("the imported highlights", merge)


def _key(library: Path | str) -> str:
    """A library as keyed in the store (`store.library_key`): its resolved path."""
    return str(Path(library).expanduser().resolve())


_COLUMNS = (
    "id, library, article_id, title, note, exact, prefix, suffix, start, end, "
    "text_hash, heading, percent, orphaned, created"
)


def _where(library: Path | str | None, article_id: str | None) -> tuple[str, tuple[str, ...]]:
    clauses, args = [], []
    if library is not None:
        clauses.append("library = ?")
        args.append(_key(library))
    if article_id is not None:
        clauses.append("article_id = ?")
        args.append(article_id)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(args)


def _highlight(row: tuple[Any, ...]) -> Highlight:
    (id_, library, article_id, title, note, exact, prefix, suffix, start, end,
     digest, heading, percent, orphaned, created) = row  # fmt: skip
    moment = dt.datetime.fromisoformat(created)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return Highlight(
        id_, library, article_id, title, note, Quote(exact, prefix, suffix, start, end), digest,
        heading, percent, bool(orphaned), moment,
    )  # fmt: skip


def _insert(db: sqlite3.Connection, h: Highlight, *, keep_id: bool = False) -> Highlight:
    sql = f"INSERT OR IGNORE INTO highlights ({_COLUMNS}) VALUES ({', '.join('?' * 15)})"
    created = h.created.astimezone(dt.UTC).isoformat(timespec="microseconds")
    values = (
        h.id if keep_id else None, h.library, h.article_id, h.title, h.note, h.exact,
        h.quote.prefix, h.quote.suffix, h.start, h.end, h.text_hash, h.heading, h.percent,
        h.orphaned, created,
    )  # fmt: skip
    cursor = db.execute(sql, values)
    return replace(h, id=cursor.lastrowid or h.id)


def _update(db: sqlite3.Connection, moved: list[Highlight]) -> None:
    sql = """UPDATE highlights SET start = ?, end = ?, text_hash = ?, heading = ?,
        percent = ?, orphaned = ? WHERE id = ?"""
    db.executemany(
        sql, [(h.start, h.end, h.text_hash, h.heading, h.percent, h.orphaned, h.id) for h in moved]
    )
