"""A first build on every core: one FTS5 table per worker, made one at the end.

Folding a 1 GB library is half the work of its first build; FTS5's inserts are
the other half, and one SQLite writer does them on one core only. So for a
first build (an empty index, many articles) each worker process folds its
articles AND inserts them into its own FTS5 table, in its own file next to the
index (no journal: a throwaway file), and merges that table into one segment.
The index then takes the segments as they are (`segments.absorb`), with the
`docs` rows, in one transaction: the same table, doclists and bm25 statistics
one writer would have made, in about half the time.

Until that transaction commits the index stays empty: a build interrupted by a
crash leaves nothing but files named `<index>.build-N`, deleted by the next
build, which starts again. A cancelled build stops its workers and keeps
nothing. Workers that cannot start or fail raise `BuildFailed`: the caller
builds the plain way (`indexing.rows`).
"""

from __future__ import annotations

import contextlib
import queue
import signal
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reader.library.cores import cores, spawn_context
from reader.paths import private_file
from reader.search.indexing import FTS_TABLE, INSERT_FTS, Job, row, split
from reader.search.segments import Unmergeable, absorb, attached

#: At least this many new articles on an empty index: built in shards.
SHARD_AT = 2000
#: At most this many shards (SQLite attaches ten databases at most).
MAX_SHARDS = 8
#: FTS5's in-memory hash in a shard before it writes a segment: fewer, larger
#: segments to merge at the end.
HASH_BYTES = 256 * 1024 * 1024
#: The index connection's busy timeout (`sqlite3.connect(timeout=10)`), restored.
BUSY_MS = 10_000


class BuildFailed(Exception):
    """The sharded build could not run here; build the plain way."""


def shard_files(index: Path) -> list[Path]:
    """Shard files a build left next to `index` (all of them, any build's)."""
    return sorted(index.parent.glob(f"{index.name}.build-*"))


def remove_shards(index: Path) -> None:
    """Delete what a build left next to `index` (a crash, or one that runs: it then
    fails to merge and is built again, never wrongly)."""
    for path in shard_files(index):
        with contextlib.suppress(OSError):
            path.unlink()


def _shard(path: str, tasks: Any, results: Any) -> None:
    """A worker: fold and insert each task's articles, then merge into one segment.

    Any failure is reported, never printed (the TUI's terminal is this stderr
    too); Ctrl-C is the parent's to handle: it ends the workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode=OFF")  # a throwaway file, deleted if the build stops
        db.execute("PRAGMA synchronous=OFF")
        db.execute(FTS_TABLE)
        db.execute("INSERT INTO fts (fts, rank) VALUES ('hashsize', ?)", (HASH_BYTES,))
        db.execute("INSERT INTO fts (fts, rank) VALUES ('automerge', 0)")  # one merge, at the end
        db.execute("INSERT INTO fts (fts, rank) VALUES ('crisismerge', 64)")
        db.execute("BEGIN")
        while (task := tasks.get()) is not None:
            first, jobs = task
            rows = [(rowid, row(item)[2]) for rowid, item in enumerate(jobs, first)]
            db.executemany(INSERT_FTS, [(rowid, *values) for rowid, values in rows if values])
            results.put((first, [values is not None for _, values in rows]))
        db.execute("COMMIT")
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        db.close()
    except (EOFError, BrokenPipeError):
        return  # the parent is gone: nobody waits for this shard
    except Exception as error:  # anything: the parent builds the plain way
        with contextlib.suppress(Exception):
            results.put(f"{type(error).__name__}: {error}")
        return
    results.put(None)


def build(
    db: sqlite3.Connection,
    index: Path,
    make_jobs: Callable[[], Iterable[Job]],
    cancelled: Callable[[], bool],
    advanced: Callable[[int], None],
) -> list[bool] | None:
    """Index the jobs `make_jobs` gives into `db`'s empty index (see the module
    docstring); which were readable, in order, or None when cancelled (nothing kept).

    The jobs are made once the workers are started, and each task is sent as
    soon as its jobs are made: a worker takes a fifth of a second to start (an
    interpreter and its imports) and making 50,000 jobs over half a second, so
    the workers start on the first tasks while the rest are made.
    `advanced(n)` is told as each worker finishes n more articles.
    """
    if not index.parent.is_dir() or db.execute("SELECT 1 FROM docs LIMIT 1").fetchone():
        raise BuildFailed("not a first build into a file")
    remove_shards(index)
    count = min(cores(), MAX_SHARDS)
    paths = [index.with_name(f"{index.name}.build-{number}") for number in range(count)]
    base = db.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'docs'")
    first = int(base.fetchone()[0]) + 1
    processes: list[Any] = []
    tasks: Any = None
    try:
        try:
            context = spawn_context()
            tasks = context.Queue()
            results: Any = context.Queue()
            for path in paths:
                private_file(path)  # what articles say, in another form: the owner's only
                process = context.Process(target=_shard, args=(str(path), tasks, results))
                process.daemon = True
                process.start()
                processes.append(process)
        except (OSError, ValueError, RuntimeError) as error:
            raise BuildFailed(str(error)) from None
        jobs: list[Job] = []
        for task in split(make_jobs()):
            tasks.put((first + len(jobs), task))
            jobs.extend(task)
        for _ in processes:
            tasks.put(None)
        readable = _collect(processes, results, len(jobs), first, cancelled, advanced)
        if readable is not None:
            _absorb(db, paths, jobs, first, readable)
        return readable
    finally:
        if tasks is not None:  # tasks left unread (cancelled) must not hold this process's exit
            tasks.cancel_join_thread()
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()
        _remove(paths)


def _collect(
    processes: list[Any],
    results: Any,
    total: int,
    first: int,
    cancelled: Callable[[], bool],
    advanced: Callable[[int], None],
) -> list[bool] | None:
    """Wait for every worker; whether each article was readable, in order."""
    flags: list[bool | None] = [None] * total
    finished = 0
    while finished < len(processes):
        if cancelled():
            return None
        try:
            message = results.get(timeout=0.1)
        except queue.Empty:
            if any(process.exitcode not in (None, 0) for process in processes):
                raise BuildFailed("a build worker died") from None
            continue
        if message is None:
            finished += 1
        elif isinstance(message, str):
            raise BuildFailed(message)
        else:
            at, readable = message
            flags[at - first : at - first + len(readable)] = readable
            advanced(len(readable))
    if any(flag is None for flag in flags):
        raise BuildFailed("a build worker lost articles")
    return [bool(flag) for flag in flags]


def _absorb(
    db: sqlite3.Connection, paths: list[Path], jobs: list[Job], first: int, flags: list[bool]
) -> None:
    """One transaction: the FTS5 table emptied of tombstones, the shards' segments
    and the `docs` rows of what was readable."""
    rollback = _journal(db, "delete")
    try:
        with attached(db, paths) as shards, db:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO fts (fts) VALUES ('delete-all')")
            absorb(db, shards)
            db.executemany(
                "INSERT INTO docs (rowid, id, size, mtime) VALUES (?, ?, ?, ?)",
                (
                    (rowid, key, *stat)
                    for rowid, (key, stat, *_) in enumerate(jobs, first)
                    if flags[rowid - first]
                ),
            )
    except Unmergeable as error:
        raise BuildFailed(str(error)) from None
    finally:
        if rollback:
            _journal(db, "wal")
    with contextlib.suppress(sqlite3.Error):
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no WAL as large as the index left


def _journal(db: sqlite3.Connection, mode: str) -> bool:
    """Switch the index's journal mode if no other connection has it open (no waiting).

    The segments go to pages past the end of the file: a rollback journal keeps
    almost nothing for them, where WAL would write them twice; and the commit does
    not wait for the disk (`synchronous` off: an index is a cache, and one a power
    cut spoils fails the damage checks and is built again). Back in WAL mode the
    connection stays so: its first checkpoint (at the latest when it closes)
    would wait for the whole new index to reach the disk, 0.3 s after 50,000
    articles, which the kernel writes back on its own anyway. True if switched.
    """
    db.execute("PRAGMA busy_timeout = 0")
    try:
        row = db.execute(f"PRAGMA journal_mode = {mode}").fetchone()
    except sqlite3.Error:
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    switched = row is not None and str(row[0]).lower() == mode
    if switched:
        db.execute("PRAGMA synchronous = OFF")
    return switched


def _remove(paths: list[Path]) -> None:
    for path in paths:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()
