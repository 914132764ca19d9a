"""The library index: SQLite FTS5 over folded text, plus the loader's head cache.

One database per library in the user's cache dir; only a cache: a file that is
corrupt, unreadable or of another format is deleted and built again. Text is
folded in Python (`fold`) as the in-text search folds it: FTS5's own tokenizer
misses `ß`, `ı` and ligatures.

The FTS5 table is contentless (`content=''`): the text stays in the library's
files (snippets are cut from them). SQLite 3.40 cannot delete from such a table
without the text that was indexed, gone once a file is edited, so a changed or
deleted article only loses its `docs` row: its rowid becomes a tombstone every
query drops by joining on `docs`; a changed article comes back under a new
rowid. Past a quarter of tombstones the table is built again (`upkeep`, which
also finds damage FTS5's own check cannot see).

Updates are incremental (size and mtime compared; on both cores when there is
much: `indexing`), committed in batches, in a worker thread with its own
connection (WAL lets the UI search what is already indexed meanwhile). A large
first build is done in shards instead (`building`), searchable once complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.library.head_cache import CachedHead
from reader.library.model import Article, Library
from reader.paths import private_file
from reader.search.building import SHARD_AT, BuildFailed, build, remove_shards
from reader.search.heads import HeadRows
from reader.search.indexing import FTS_TABLE, Job, Row, job, rows
from reader.search.searching import Searching
from reader.search.shown import ShownRows
from reader.search.upkeep import compact, damaged, fingerprint, store, stored, write

#: Bump when the schema or the folding changes: older caches are rebuilt.
#: 3: the tokenizer drops accents (`reader.search.tokenizer`).
INDEX_FORMAT = 3
#: Articles (or characters of folded text) per transaction.
BATCH, BATCH_CHARS = 500, 32_000_000

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS docs (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL,
                                 size INTEGER NOT NULL, mtime INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS heads (path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                                  mtime INTEGER NOT NULL, head TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
{FTS_TABLE};
PRAGMA user_version = {INDEX_FORMAT};
"""


def index_file(cache_dir: Path, library_root: Path) -> Path:
    """Where the index of the library at `library_root` lives."""
    key = hashlib.sha256(os.fsencode(library_root.resolve())).hexdigest()[:16]  # any name
    return cache_dir / f"index-{key}.sqlite3"


def _stat(article: Article) -> tuple[int, int] | None:
    try:
        info = os.stat(article.path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class LibraryIndex(HeadRows, ShownRows, Searching):
    """Search and head cache for one library; see the module docstring."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: set[sqlite3.Connection] = set()  # every thread's, for `interrupt`
        self._opened_lock = threading.Lock()
        self._interrupted = False
        self._keeper: sqlite3.Connection | None = None
        #: Bumped by `rebuild`: every thread then reconnects to the new file.
        self._generation = 0
        self._heads: dict[str, tuple[int, int, str]] | None = None
        self._new_heads: list[tuple[str, int, int, str]] = []
        #: (size, mtime) of each file as the last load saw it: no second `stat`.
        self._seen: dict[str, tuple[int, int]] = {}
        #: How many of `total` articles the last `update` has indexed so far.
        self.done = 0
        self.total = 0

    @classmethod
    def open(cls, path: Path) -> LibraryIndex:
        """Open (or build anew) the index at `path`; never raises for a bad cache."""
        index = cls(path)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            index._connect().execute("SELECT count(*) FROM docs").fetchone()
        except (sqlite3.Error, OSError):
            index.rebuild()
        return index

    def get(self, path: str, size: int, mtime_ns: int) -> CachedHead | None:
        self._seen[path] = (size, mtime_ns)  # the loader stats every file: remember it
        return super().get(path, size, mtime_ns)

    def _connect(self) -> sqlite3.Connection:
        """This thread's connection; checks the format on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and getattr(self._local, "generation", 0) != self._generation:
            self._forget(db)  # the cache was rebuilt (in another thread): use the new file
            db = None
        if db is None:
            if self.path.parent.is_dir():
                private_file(self.path)  # article text: for the owner's eyes only
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
            # A cache: no fsync per commit; a build merges FTS5 segments in memory
            # and copies a page from the WAL once, not at every 4 MB.
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA cache_size=-65536")
            db.execute("PRAGMA wal_autocheckpoint=16384")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, INDEX_FORMAT):
                db.close()
                raise sqlite3.DatabaseError(f"index format {version}, not {INDEX_FORMAT}")
            db.executescript(SCHEMA)
            self._local.db = db
            self._local.generation = self._generation
            db.set_progress_handler(lambda: self._interrupted, 100_000)  # see `interrupt`
            with self._opened_lock:
                self._opened.add(db)
        return db

    def interrupt(self) -> None:
        """Stop what any thread does with the index: the app is quitting, and it waited
        seconds for a damage check. What was under way is rolled back, no more; a
        statement started later stops too (the progress handler)."""
        self._interrupted = True
        with self._opened_lock:
            for db in self._opened:
                with contextlib.suppress(sqlite3.Error):
                    db.interrupt()

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
            self._forget(db)
            self._local.db = None

    def _forget(self, db: sqlite3.Connection) -> None:
        with self._opened_lock:
            self._opened.discard(db)
        db.close()

    # -- indexing ---------------------------------------------------------------

    def update(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        *,
        check: bool = True,
    ) -> None:
        """Bring the index in line with `library`: changed files again, deleted ones out.

        With `check`, damage is looked for first (`intact`: seconds on a large index).
        A damaged cache (any SQLite error) is thrown away and built again, once.
        """
        try:
            if check and not self.intact(library) and not self._interrupted:
                self.rebuild()
            self._update(library, progress, cancelled)
        except sqlite3.Error:
            if self._interrupted:
                return  # quitting: not damage
            self.rebuild()
            self._update(library, progress, cancelled)

    def intact(self, library: Library | None = None, *, structure: bool = True) -> bool:
        """False when the index is damaged (`upkeep.damaged`)."""
        try:
            return not damaged(self._connect(), library, structure=structure)
        except sqlite3.Error:
            return False

    def _update(
        self,
        library: Library,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> None:
        db = self._connect()
        articles = library.ordered_articles()
        stats = [(a, stat) for a in articles if (stat := self._seen.get(str(a.path)) or _stat(a))]
        mark = fingerprint(stats)
        if mark == stored(db):  # as the last complete update left it: nothing to read
            self.total = self.done = len(articles)
            if progress:
                progress(self.done, self.total)
            return
        cursor = db.execute("SELECT id, size, mtime FROM docs")
        known = {key: (size, mtime) for key, size, mtime in cursor}
        if not known:
            remove_shards(self.path)  # what a first build that crashed left
        gone = known.keys() - {article.id for article in articles}
        stale = [(article, stat) for article, stat in stats if known.get(article.id) != stat]
        if gone or stale:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM docs WHERE id = ?", ((key,) for key in gone))
                if compact(db, len(stale)):
                    stale = stats
        self.total = len(articles)
        self.done = self.total - len(stale)
        if progress:
            progress(self.done, self.total)

        def make_jobs() -> Iterator[Job]:
            return (job(library, article, stat) for article, stat in stale)

        if len(stale) >= SHARD_AT and self._sharded(db, make_jobs, mark, progress, cancelled):
            return
        jobs = list(make_jobs())
        pending: list[Row] = []
        size, readable = 0, True
        for batch in rows(jobs, cancelled):
            readable = readable and all(values is not None for *_, values in batch)
            pending.extend(batch)
            size += sum(len(values[-1]) for *_, values in batch if values)
            full = len(pending) >= BATCH or size >= BATCH_CHARS
            if full or self.done + len(pending) >= self.total:
                write(db, pending)
                self.done += len(pending)
                pending, size = [], 0
                if progress:
                    progress(self.done, self.total)
        if pending:  # cancelled: keep what was read
            write(db, pending)
            self.done += len(pending)
        if readable and self.done >= self.total:
            store(db, mark)

    def _sharded(
        self,
        db: sqlite3.Connection,
        make_jobs: Callable[[], Iterator[Job]],
        mark: str,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool],
    ) -> bool:
        """A first build in shards (`building`); False: not done, build the plain way."""

        def advanced(count: int) -> None:
            self.done = min(self.done + count, self.total - 1)  # searchable once merged
            if progress:
                progress(self.done, self.total)

        start = self.done
        try:
            readable = build(
                db, self.path, make_jobs, lambda: cancelled() or self._interrupted, advanced
            )
        except BuildFailed:
            self.done = start
            return False
        if readable is not None:  # else cancelled: nothing kept
            self.done = self.total
            if progress:
                progress(self.done, self.total)
            if all(readable):  # else read again next time
                store(db, mark)
        return True

    @property
    def ready(self) -> bool:
        return self.total > 0 and self.done >= self.total
