"""Reading positions and bookmarks, kept in one SQLite file that is never lost.

The app owns one `Store` (from `Store.open(data_dir)`) and hands it to the
screens; the `reader bookmarks` subcommands use it too. Nothing here imports
Textual. Everything is keyed by library (`library_key`: `bundled` for the
bundled library wherever it is installed, else its resolved path) and article id.

A place is a source offset into the article's body with the percent read, the
heading above and a snippet, so `places.reanchor` finds it after an edit.

No method raises for I/O or database problems: a failed read returns the empty
answer, a failed write returns None or False, and either reports one line to
the callback given to `connect` (the app's `notify`, the CLI's stderr); each
distinct problem is reported once, and problems met before `connect` are handed
over when it is called. Every write is one `BEGIN IMMEDIATE` transaction, so
processes share the file (WAL, `database.BUSY_TIMEOUT`), and a save that
returned survives the process being killed.

Typical use: `store, notices = Store.open(data_dir)` (show each notice once),
`store.connect(show)`, then `store.position(...)` / `save_position(...)` as an
article is read (`state.session` decides when), `add_bookmark`,
`delete_bookmark` (`d`) and `restore_bookmark` (`u`).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from reader.library.sanitize import clean_line, clean_text
from reader.state import rekey
from reader.state.database import BUSY_TIMEOUT, FILE_NAME, connect_writable, open_database
from reader.state.highlights import HighlightStore
from reader.state.records import (
    BOOKMARK_COLUMNS as _BOOKMARK,
    POSITION_COLUMNS as _POSITION,
    Bookmark,
    Position,
    bookmark_from_row,
    insert as _insert,
    merge,
    position_from_row,
    to_text,
    utc_now,
    valid_rows,
)
from reader.state.rekey import library_key

T = TypeVar("T")

#: Saving a position at or past this percent marks the article finished.
FINISHED_PERCENT = 99.5
#: Bookmarks imported per transaction.
IMPORT_BATCH = 2000
#: How long a write waits for the file when the store was locked out at start.
RETRY_TIMEOUT = 1.0


class Store(HighlightStore):
    """Positions, bookmarks and highlights (`HighlightStore`) over one SQLite database."""

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
        #: Read-only because another process held the lock: each write tries again.
        self.retry_busy = False

    @classmethod
    def open(cls, data_dir: Path) -> tuple[Store, list[str]]:
        """Open `<data_dir>/state.sqlite3`, creating the dir and file when missing.

        Never raises for a bad file or dir. Returns the store and one-line notices
        to show the user once (a corrupt file moved aside, a read-only data dir).
        """
        opened = open_database(data_dir)
        store = cls(opened.connection, opened.path, writable=opened.writable)
        store.adopt_bundled()
        store.retry_busy = opened.busy
        return store, opened.notices

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
        found = self._valid(position_from_row, rows, "reading position")
        return found[0] if found else None

    def positions(self, library: Path | str) -> dict[str, Position]:
        """Every saved position in `library` by article id (for the tree's read state)."""
        sql = f"SELECT article_id, {_POSITION} FROM positions WHERE library = ?"
        rows = self._read(sql, (library_key(library),))
        keyed = self._valid(
            lambda row: (str(row[0]), position_from_row(row[1:])), rows, "reading position"
        )
        return dict(keyed)

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
            0, library_key(library), article_id, clean_line(title), clean_text(note),
            position.offset, position.percent, position.heading, position.snippet, utc_now(),
        )  # fmt: skip
        return self._write("the bookmark", lambda db: _insert(db, bookmark))

    def bookmark(self, bookmark_id: int) -> Bookmark | None:
        rows = self._read(f"SELECT {_BOOKMARK} FROM bookmarks WHERE id = ?", (bookmark_id,))
        found = self._valid(bookmark_from_row, rows, "bookmark")
        return found[0] if found else None

    def bookmarks(self, library: Path | str | None = None) -> list[Bookmark]:
        """Every bookmark (or those of `library`), newest first."""
        where, args = ("WHERE library = ?", (library_key(library),)) if library else ("", ())
        sql = f"SELECT {_BOOKMARK} FROM bookmarks {where} ORDER BY created DESC, id DESC"
        return self._valid(bookmark_from_row, self._read(sql, args), "bookmark")

    def update_note(self, bookmark_id: int, note: str) -> bool:
        """Replace a bookmark's note; False if it is gone or could not be saved."""
        sql = "UPDATE bookmarks SET note = ? WHERE id = ?"
        args = (clean_text(note), bookmark_id)
        changed = self._write("the note", lambda db: db.execute(sql, args).rowcount)
        return bool(changed)

    def delete_bookmark(self, bookmark_id: int) -> Bookmark | None:
        """Delete a bookmark and return it (for `restore_bookmark`); None if there was none."""

        def delete(db: sqlite3.Connection) -> Bookmark | None:
            row = db.execute(f"SELECT {_BOOKMARK} FROM bookmarks WHERE id = ?", (bookmark_id,))
            found = row.fetchone()
            db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            return bookmark_from_row(found) if found else None

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

        pending, seen = list(bookmarks), set[tuple[str, str, int, str]]()
        total = 0
        # Short transactions: another process waits for one batch, not the whole import.
        for start in range(0, len(pending), IMPORT_BATCH):
            batch = pending[start : start + IMPORT_BATCH]
            added = self._write("the imported bookmarks", partial(merge, batch=batch, seen=seen))
            if added is None:
                return None
            total += added
        return total

    # Library keys -----------------------------------------------------------

    def move_library(self, old: str, new: str) -> dict[str, int] | None:
        """Re-key every position, bookmark (and highlight) of library key `old` to `new`,
        in one transaction; rows moved per table, or None if nothing could be saved."""
        return self._write("the moved state", lambda db: rekey.move_rows(db, old, new))

    def library_keys(self) -> set[str]:
        """Every library key that has positions or bookmarks."""
        return {row[0] for row in self._read(rekey.KEYS_SQL, ())}

    def adopt_bundled(self) -> None:
        """Move state kept under the bundled library's folder (earlier versions) to `bundled`."""
        for old in rekey.old_bundled_keys(self.library_keys()):
            self.move_library(old, rekey.BUNDLED_KEY)

    # Plumbing ---------------------------------------------------------------

    def _write(self, what: str, action: Callable[[sqlite3.Connection], T]) -> T | None:
        """Run `action` in one write transaction; on failure a notice and None."""
        with self._lock:
            self._retry()
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

    def _retry(self) -> None:
        """Locked out at start (a long import elsewhere): try the file again before a write."""
        if not self.retry_busy:
            return
        try:
            connection = connect_writable(self.path, timeout=RETRY_TIMEOUT)
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        except Exception:  # still locked (or worse): this write stays in memory
            return
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        self._db, self.writable, self.retry_busy = connection, True, False

    def _valid(
        self, make: Callable[[tuple[Any, ...]], T], rows: list[tuple[Any, ...]], what: str
    ) -> list[T]:
        """Rows as records; a damaged row is reported and skipped, never fatal."""
        return valid_rows(make, rows, lambda: self._notice(f"Skipped a damaged {what}."))

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


__all__ = ["FILE_NAME", "FINISHED_PERCENT", "Bookmark", "Position", "Store", "library_key"]
