"""Reading positions and bookmarks, kept in one SQLite file that is never lost.

The app owns one `Store` (from `Store.open(data_dir)`) and hands it to the
screens; the `reader bookmarks` subcommands use it too. Nothing here imports
Textual. Everything is keyed by library (its resolved path, as text) and
article id.

A place in an article is a source character offset into the article's body,
stored with the percent read, the heading above it and a snippet of the text
there, so that `reader.state.places.reanchor` can find it again after the article is
edited or reflowed.

No method raises for I/O or database problems: a failed read returns the empty
answer, a failed write returns None or False, and either reports one line to
the callback given to `connect` (the app's `notify`, the CLI's stderr); each
distinct problem is reported once, and problems met before `connect` are handed
over when it is called. Every write is one `BEGIN IMMEDIATE`
transaction, so any number of processes can share the file (WAL mode, and a
busy timeout of `store_db.BUSY_TIMEOUT` seconds), and a save that returned
survives the process being killed.

Typical use by the app (`library` is the `model.Library`, `body` the article's):

    store, notices = Store.open(data_dir)          # show each notice once
    store.connect(show)                             # later problems: show(line)
    saved = store.position(library.path, article.id)
    offset = reanchor(body, saved) if saved else 0  # "Resumed at 43%"
    store.save_position(library.path, article.id, Position.at(body, offset))
    store.add_bookmark(library.path, article.id, article.title, Position.at(body, offset), note)
    removed = store.delete_bookmark(bookmark.id)     # `d`; `u` is restore_bookmark(removed)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from reader.state.database import FILE_NAME, open_database
from reader.state.places import heading_before, percent_at, snippet_at

T = TypeVar("T")

#: Saving a position at or past this percent marks the article finished.
FINISHED_PERCENT = 99.5


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_text(moment: dt.datetime) -> str:
    """A time as stored: UTC ISO 8601 with microseconds (sorts as text, round-trips)."""
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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


def library_key(library: Path | str) -> str:
    """How a library is keyed in the store: its resolved path as text."""
    return str(Path(library).expanduser().resolve())


class Store:
    """Positions and bookmarks over one SQLite database; see the module docstring."""

    def __init__(self, connection: sqlite3.Connection, path: Path, *, writable: bool) -> None:
        self._db = connection
        self._lock = threading.RLock()  # one connection, shared by the app's threads
        self._pending: list[str] = []
        self._report: Callable[[str], None] = self._pending.append
        self._seen: set[str] = set()
        #: Where the state file is (even when it could not be opened).
        self.path = path
        #: False when nothing will be saved (read-only data dir): changes then live
        #: in memory for this session only, and writes still succeed.
        self.writable = writable

    @classmethod
    def open(cls, data_dir: Path) -> tuple[Store, list[str]]:
        """Open `<data_dir>/state.sqlite3`, creating the dir and file when missing.

        Never raises for a bad file or dir. Returns the store and one-line notices
        to show the user once (a corrupt file moved aside, a read-only data dir).
        """
        opened = open_database(data_dir)
        return cls(opened.connection, opened.path, writable=opened.writable), opened.notices

    def close(self) -> None:
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def connect(self, report: Callable[[str], None]) -> None:
        """Send every later problem (one line, each distinct one once) to `report`,
        after the problems met so far."""
        with self._lock:
            pending, self._pending = self._pending, []
            self._report = report
        for message in pending:
            report(message)

    # Reading positions ------------------------------------------------------

    def save_position(self, library: Path | str, article_id: str, position: Position) -> bool:
        """Remember where `article_id` is being read; False if it could not be saved.

        Reaching `FINISHED_PERCENT` (or `position.finished`) marks the article
        finished, and it stays finished when read again from the top.
        """
        finished = position.finished or position.percent >= FINISHED_PERCENT
        row = (
            library_key(library), article_id, position.offset, position.percent,
            position.heading, position.snippet, finished, to_text(position.updated),
        )  # fmt: skip
        sql = f"""INSERT INTO positions (library, article_id, {_POSITION})
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (library, article_id) DO UPDATE SET
                char_offset = excluded.char_offset, percent = excluded.percent,
                heading = excluded.heading, snippet = excluded.snippet,
                finished = positions.finished OR excluded.finished, updated = excluded.updated"""
        return self._write("the reading position", lambda db: db.execute(sql, row)) is not None

    def position(self, library: Path | str, article_id: str) -> Position | None:
        """Where `article_id` was left, or None when it was never opened."""
        sql = f"SELECT {_POSITION} FROM positions WHERE library = ? AND article_id = ?"
        rows = self._read(sql, (library_key(library), article_id))
        return _position(rows[0]) if rows else None

    def positions(self, library: Path | str) -> dict[str, Position]:
        """Every saved position in `library` by article id (for the tree's read state)."""
        sql = f"SELECT article_id, {_POSITION} FROM positions WHERE library = ?"
        return {row[0]: _position(row[1:]) for row in self._read(sql, (library_key(library),))}

    def last_read(self, library: Path | str) -> str | None:
        """The id of the article whose position was saved last in `library`."""
        sql = "SELECT article_id FROM positions WHERE library = ? ORDER BY updated DESC LIMIT 1"
        rows = self._read(sql, (library_key(library),))
        return str(rows[0][0]) if rows else None

    def forget_position(self, library: Path | str, article_id: str) -> bool:
        """Mark `article_id` unread again (drops its position and finished state)."""
        sql = "DELETE FROM positions WHERE library = ? AND article_id = ?"
        key = (library_key(library), article_id)
        return self._write("the reading position", lambda db: db.execute(sql, key)) is not None

    # Bookmarks --------------------------------------------------------------

    def add_bookmark(
        self, library: Path | str, article_id: str, title: str, position: Position, note: str = ""
    ) -> Bookmark | None:
        """Bookmark `position` in `article_id` (titled `title`); None if it could not be saved."""
        bookmark = Bookmark(
            0, library_key(library), article_id, title, note, position.offset,
            position.percent, position.heading, position.snippet, utc_now(),
        )  # fmt: skip
        return self._write("the bookmark", lambda db: _insert(db, bookmark))

    def bookmark(self, bookmark_id: int) -> Bookmark | None:
        rows = self._read(f"SELECT {_BOOKMARK} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _bookmark(rows[0]) if rows else None

    def bookmarks(self, library: Path | str | None = None) -> list[Bookmark]:
        """Every bookmark (or those of `library`), newest first."""
        where, args = ("WHERE library = ?", (library_key(library),)) if library else ("", ())
        sql = f"SELECT {_BOOKMARK} FROM bookmarks {where} ORDER BY created DESC, id DESC"
        return [_bookmark(row) for row in self._read(sql, args)]

    def update_note(self, bookmark_id: int, note: str) -> bool:
        """Replace a bookmark's note; False if it is gone or could not be saved."""
        sql = "UPDATE bookmarks SET note = ? WHERE id = ?"
        changed = self._write("the note", lambda db: db.execute(sql, (note, bookmark_id)).rowcount)
        return bool(changed)

    def delete_bookmark(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark and return it (for `restore_bookmark`); None if there was none."""

        def delete(db: sqlite3.Connection) -> Bookmark | None:
            row = db.execute(f"SELECT {_BOOKMARK} FROM bookmarks WHERE id = ?", (bookmark_id,))
            found = row.fetchone()
            db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            return _bookmark(found) if found else None

        return self._write("the deletion", delete)

    def restore_bookmark(self, bookmark: Bookmark) -> bool:
        """Undo a delete: the bookmark comes back with the same id and created time."""
        return (
            self._write("the bookmark", lambda db: _insert(db, bookmark, keep_id=True)) is not None
        )

    def reattach(self, bookmark_id: int, article_id: str, title: str | None = None) -> bool:
        """Point a bookmark at another article (its article moved); `title` updates the title."""
        sql = "UPDATE bookmarks SET article_id = ?, title = coalesce(?, title) WHERE id = ?"
        args = (article_id, title, bookmark_id)
        return bool(self._write("the bookmark", lambda db: db.execute(sql, args).rowcount))

    def import_bookmarks(self, bookmarks: Iterable[Bookmark]) -> int | None:
        """Add bookmarks (ids are new), skipping any already here with the same library,
        article, offset and note. Returns how many were added; None if nothing could be."""

        def merge(db: sqlite3.Connection) -> int:
            added = 0
            for bookmark in bookmarks:
                key = (bookmark.library, bookmark.article_id, bookmark.offset, bookmark.note)
                sql = "SELECT 1 FROM bookmarks WHERE library = ? AND article_id = ?"
                if not db.execute(f"{sql} AND char_offset = ? AND note = ?", key).fetchone():
                    _insert(db, bookmark)
                    added += 1
            return added

        return self._write("the imported bookmarks", merge)

    # Plumbing ---------------------------------------------------------------

    def _write(self, what: str, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run `action` in one write transaction; on failure a notice and None."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    result = action(self._db)
                    self._db.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                    raise
            except (sqlite3.Error, OSError) as error:
                self._notice(f"Could not save {what}: {error} ({self.path}).")
                return None
            return result

    def _read(self, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return list(self._db.execute(sql, args).fetchall())
            except (sqlite3.Error, OSError) as error:
                self._notice(f"Could not read the saved state: {error} ({self.path}).")
                return []

    def _notice(self, message: str) -> None:
        if message not in self._seen:
            self._seen.add(message)
            self._report(message)


_POSITION = "char_offset, percent, heading, snippet, finished, updated"
_BOOKMARK = "id, library, article_id, title, note, char_offset, percent, heading, snippet, created"


def _position(row: tuple[Any, ...]) -> Position:
    offset, percent, heading, snippet, finished, updated = row
    return Position(offset, percent, heading, snippet, from_text(updated), bool(finished))


def _bookmark(row: tuple[Any, ...]) -> Bookmark:
    id_, library, article_id, title, note, offset, percent, heading, snippet, created = row
    return Bookmark(
        id_, library, article_id, title, note, offset, percent, heading, snippet,
        from_text(created),
    )  # fmt: skip


def _insert(db: sqlite3.Connection, bookmark: Bookmark, *, keep_id: bool = False) -> Bookmark:
    sql = f"INSERT OR IGNORE INTO bookmarks ({_BOOKMARK}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    values = (
        bookmark.id if keep_id else None, bookmark.library, bookmark.article_id, bookmark.title,
        bookmark.note, bookmark.offset, bookmark.percent, bookmark.heading, bookmark.snippet,
        to_text(bookmark.created),
    )  # fmt: skip
    cursor = db.execute(sql, values)
    return replace(bookmark, id=cursor.lastrowid or bookmark.id)


__all__ = ["FILE_NAME", "FINISHED_PERCENT", "Bookmark", "Position", "Store", "library_key"]
