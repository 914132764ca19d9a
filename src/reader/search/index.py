"""The library index: SQLite FTS5 over folded text, plus the loader's head cache.

One database per library in the user's cache dir. It is only a cache: a file
that is corrupt, unreadable or of another format is deleted and built again,
with no question asked. Text is folded in Python (`fold`) before it is indexed,
exactly as the in-text search folds it, since FTS5's own tokenizer misses `ß`,
`ı` and ligatures.

Updates are incremental: each article's size and mtime are compared with what
was indexed, and only what changed is read again; deleted files leave the
index. `update` runs in a worker thread with its own connection (WAL lets the
UI search what is already indexed meanwhile).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from reader.library.head_cache import CachedHead
from reader.library.model import Article, Library
from reader.search.query import LibraryQuery, QuerySyntaxError
from reader.textsearch.fold import fold

#: Bump when the schema or the folding changes: older caches are rebuilt.
INDEX_FORMAT = 1
COLUMNS = ("title", "author", "series", "tags", "section", "body")
#: bm25 weights, in COLUMNS order: title and author above the body.
WEIGHTS = (10.0, 8.0, 3.0, 3.0, 2.0, 1.0)
BATCH = 200
DAMAGED = "the search index is damaged; it is rebuilt at the next start"

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL,
                                 size INTEGER NOT NULL, mtime INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heads (path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                                  mtime INTEGER NOT NULL, head TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({", ".join(COLUMNS)},
                                                  tokenize='unicode61 remove_diacritics 0');
PRAGMA user_version = {INDEX_FORMAT};
"""


def index_file(cache_dir: Path, library_root: Path) -> Path:
    """Where the index of the library at `library_root` lives."""
    key = hashlib.sha256(str(library_root.resolve()).encode()).hexdigest()[:16]
    return cache_dir / f"index-{key}.sqlite3"


def _folded(text: str) -> str:
    return fold(text).folded


def _stat(article: Article) -> tuple[int, int] | None:
    try:
        info = article.path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class LibraryIndex:
    """Search and head cache for one library; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._keeper: sqlite3.Connection | None = None
        #: Bumped by `rebuild`: every thread then reconnects to the new file.
        self._generation = 0
        self._heads: dict[str, tuple[int, int, str]] | None = None
        self._new_heads: list[tuple[str, int, int, str]] = []
        #: How many of `total` articles the last `update` has indexed so far.
        self.done = 0
        self.total = 0

    @classmethod
    def open(cls, path: Path) -> LibraryIndex:
        """Open (or build anew) the index at `path`; never raises for a bad cache."""
        index = cls(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            index._connect().execute("SELECT count(*) FROM docs").fetchone()
        except (sqlite3.Error, OSError):
            index.rebuild()
        return index

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection; checks the format on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and getattr(self._local, "generation", 0) != self._generation:
            db.close()  # the cache was rebuilt (in another thread): use the new file
            db = None
        if db is None:
            if self.path.parent.is_dir():
                db = sqlite3.connect(str(self.path), timeout=10, isolation_level=None)
            else:
                # No usable cache dir: one in-memory database shared by this
                # process's threads (the worker fills it, the UI searches it),
                # kept alive by `_keeper`.
                name = f"file:reader-index-{id(self)}?mode=memory&cache=shared"
                db = sqlite3.connect(name, uri=True, timeout=10, isolation_level=None)
                if self._keeper is None:
                    self._keeper = sqlite3.connect(name, uri=True, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, INDEX_FORMAT):
                db.close()
                raise sqlite3.DatabaseError(f"index format {version}, not {INDEX_FORMAT}")
            db.executescript(SCHEMA)
            self._local.db = db
            self._local.generation = self._generation
        return db

    def rebuild(self) -> None:
        """Throw the cache away and start an empty one (it is only a cache)."""
        self.close()
        self._generation += 1
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()
        try:
            self._connect()
        except (sqlite3.Error, OSError):
            self.path = Path("/nonexistent/index.sqlite3")  # fall back to memory
            self._connect()

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # -- head cache (reader.library.head_cache.HeadCache) ---------------------------------

    def get(self, path: str, size: int, mtime_ns: int) -> CachedHead | None:
        if self._heads is None:
            try:
                rows = self._connect().execute("SELECT path, size, mtime, head FROM heads")
                self._heads = {row[0]: (row[1], row[2], row[3]) for row in rows}
            except sqlite3.Error:
                self._heads = {}
        found = self._heads.get(path)
        if found is None or found[:2] != (size, mtime_ns):
            return None
        data = json.loads(found[2])
        return CachedHead(data["meta"], data["body_offset"], data["heading"], data.get("words"))

    def put(self, path: str, size: int, mtime_ns: int, head: CachedHead) -> None:
        data = {"meta": head.meta, "body_offset": head.body_offset, "heading": head.heading}
        if head.words is not None:
            data["words"] = head.words
        text = json.dumps(data, default=str)
        self._new_heads.append((path, size, mtime_ns, text))
        if self._heads is not None:  # a second load in this process sees it too
            self._heads[path] = (size, mtime_ns, text)

    def flush_heads(self) -> None:
        """Write the heads parsed by this load (one transaction)."""
        if not self._new_heads:
            return
        with contextlib.suppress(sqlite3.Error):
            db = self._connect()
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO heads VALUES (?, ?, ?, ?)", self._new_heads)
        self._new_heads = []

    # -- indexing ---------------------------------------------------------------

    def update(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> None:
        """Bring the index in line with `library`: changed files again, deleted ones out.

        A damaged cache (any SQLite error: a broken table, a full disk) is thrown
        away and built again, once; if that fails too, the error is raised.
        """
        try:
            self._update(library, progress, cancelled)
        except sqlite3.Error:
            self.rebuild()
            self._update(library, progress, cancelled)

    def _update(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> None:
        db = self._connect()
        known = {row[0]: (row[1], row[2]) for row in db.execute("SELECT id, size, mtime FROM docs")}
        articles = library.ordered_articles()
        current = {article.id for article in articles}
        gone = [key for key in known if key not in current]
        stale: list[tuple[Article, tuple[int, int]]] = []
        for article in articles:
            stat = _stat(article)
            if stat is not None and known.get(article.id) != stat:
                stale.append((article, stat))
        self.total = len(articles)
        self.done = self.total - len(stale)
        if progress:
            progress(self.done, self.total)
        with db:
            db.execute("BEGIN IMMEDIATE")
            for key in gone:
                self._remove(db, key)
        for start in range(0, len(stale), BATCH):
            if cancelled():
                return
            rows = [
                self._row(library, article, stat) for article, stat in stale[start : start + BATCH]
            ]
            with db:
                db.execute("BEGIN IMMEDIATE")
                for (article, _), row in zip(stale[start : start + BATCH], rows, strict=True):
                    self._remove(db, article.id)
                    if row is not None:
                        self._insert(db, article.id, *row)
            self.done += len(rows)
            if progress:
                progress(self.done, self.total)

    def _row(
        self, library: Library, article: Article, stat: tuple[int, int]
    ) -> tuple[tuple[int, int], list[str]] | None:
        try:
            body = library.read_body(article)
        except OSError:
            return None
        section = library.section_of(article)
        values = [
            article.title,
            article.byline,
            article.series,
            " ".join(article.tags),
            " ".join(section.trail),
            body,
        ]
        return stat, [_folded(value) for value in values]

    @staticmethod
    def _remove(db: sqlite3.Connection, key: str) -> None:
        row = db.execute("SELECT rowid FROM docs WHERE id = ?", (key,)).fetchone()
        if row is not None:
            db.execute("DELETE FROM fts WHERE rowid = ?", row)
            db.execute("DELETE FROM docs WHERE rowid = ?", row)

    @staticmethod
    def _insert(db: sqlite3.Connection, key: str, stat: tuple[int, int], values: list[str]) -> None:
        cursor = db.execute("INSERT INTO docs (id, size, mtime) VALUES (?, ?, ?)", (key, *stat))
        db.execute(
            f"INSERT INTO fts (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cursor.lastrowid, *values),
        )

    @property
    def ready(self) -> bool:
        return self.total > 0 and self.done >= self.total

    # -- searching --------------------------------------------------------------

    def search(self, query: LibraryQuery, limit: int = 50) -> list[str]:
        """Ids of the best `limit` matches, best first (bm25, title and author weighted)."""
        weights = ", ".join(str(weight) for weight in WEIGHTS)
        sql = (
            f"SELECT docs.id FROM fts JOIN docs ON docs.rowid = fts.rowid "
            f"WHERE fts MATCH ? ORDER BY bm25(fts, {weights}) LIMIT ?"
        )
        try:
            rows = self._connect().execute(sql, (query.expression, limit)).fetchall()
        except sqlite3.OperationalError as error:
            raise QuerySyntaxError(f"cannot search that: {error}") from None
        except sqlite3.Error:
            raise QuerySyntaxError(DAMAGED) from None
        return [row[0] for row in rows]

    def count(self, query: LibraryQuery) -> int:
        """How many articles match (all of them, not only the best)."""
        try:
            row = (
                self._connect()
                .execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (query.expression,))
                .fetchone()
            )
        except sqlite3.OperationalError as error:
            raise QuerySyntaxError(f"cannot search that: {error}") from None
        except sqlite3.Error:
            raise QuerySyntaxError(DAMAGED) from None
        return int(row[0])
