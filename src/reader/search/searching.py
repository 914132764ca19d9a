"""Searching the index: the ranked ids and the count of a query.

`LibraryIndex` inherits these methods. A failed search is the query's fault
(FTS5 syntax) or a damaged index, told apart by a check; a damaged index is
marked to be rebuilt at the next start, and the user is told so.
"""

from __future__ import annotations

import contextlib
import sqlite3

from reader.library.model import Library
from reader.search.query import LibraryQuery, QuerySyntaxError

#: bm25 weights, in the FTS5 table's column order: title and author above the body.
WEIGHTS = (10.0, 8.0, 3.0, 3.0, 2.0, 1.0)
#: The ids of the best matches of an FTS5 expression, best first, at most a number
#: (`reader.search.quick` runs it too).
RANKED = f"""SELECT docs.id FROM fts JOIN docs ON docs.rowid = fts.rowid WHERE fts MATCH ?
             ORDER BY bm25(fts, {", ".join(str(weight) for weight in WEIGHTS)}) LIMIT ?"""
DAMAGED = "the search index is damaged; it is rebuilt at the next start"


class Searching:
    """Search methods over the index's connection (see the module docstring)."""

    def _connect(self) -> sqlite3.Connection:
        raise NotImplementedError

    def intact(self, library: Library | None = None, *, structure: bool = True) -> bool:
        raise NotImplementedError

    # -- searching --------------------------------------------------------------

    def search(self, query: LibraryQuery, limit: int = 50) -> list[str]:
        """Ids of the best `limit` matches, best first (bm25, title and author weighted)."""
        try:
            rows = self._connect().execute(RANKED, (query.expression, limit)).fetchall()
        except sqlite3.Error as error:
            raise self._failed(error) from None
        return [row[0] for row in rows]

    def count(self, query: LibraryQuery) -> int:
        """How many articles match (all of them, not only the best)."""
        sql = "SELECT count(*) FROM fts JOIN docs ON docs.rowid = fts.rowid WHERE fts MATCH ?"
        try:
            row = self._connect().execute(sql, (query.expression,)).fetchone()
        except sqlite3.Error as error:
            raise self._failed(error) from None
        return int(row[0])

    def _failed(self, error: sqlite3.Error) -> QuerySyntaxError:
        """What a failed search says: the query's fault, or a damaged index (checked)."""
        if not self.intact():
            self.mark_damaged()
            return QuerySyntaxError(DAMAGED)
        if isinstance(error, sqlite3.OperationalError):
            return QuerySyntaxError(f"cannot search that: {error}")
        self.mark_damaged()
        return QuerySyntaxError(DAMAGED)

    def mark_damaged(self) -> None:
        """Make the next `open` rebuild the index (this process keeps its connections)."""
        with contextlib.suppress(sqlite3.Error):
            self._connect().execute("PRAGMA user_version = 999")
