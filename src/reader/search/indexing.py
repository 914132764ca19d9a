"""What the index stores for each article, made on both cores.

Reading and folding a 1 GB library is most of a first build, so it runs in a
pool of worker processes (one per core, started with `spawn`: the TUI calls
this from a thread, and forking a threaded process is unsafe); the one SQLite
writer stays in the calling process and takes the rows in order. A few stale
articles are done in this process: starting workers costs more than they save.

The body of a file is folded by `folding.fold_body`: the text `fold` gives,
without its offset map, in a handful of C passes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.cores import cores, spawn_context
from reader.library.files import read_regular
from reader.library.model import Article, Library
from reader.search.folding import fold_body, folded
from reader.search.tokenizer import TOKENIZER

if TYPE_CHECKING:
    from concurrent.futures import Future

#: The FTS5 table's columns.
COLUMNS = ("title", "author", "series", "tags", "section", "body")
#: The contentless FTS5 table (see `index`), in the index and in a build's shards.
FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({', '.join(COLUMNS)}, content='', "
    f"tokenize='{TOKENIZER}')"
)
#: One article into it; the body comes as UTF-8 bytes (`fold_body`), taken as text.
INSERT_FTS = (
    f"INSERT INTO fts (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS TEXT))"
)
#: (id, (size, mtime_ns), path to read or None, body already read or None (neither:
#: unreadable), the short fields: title, author, series, tags, section trail).
Job = tuple[str, tuple[int, int], str | None, str | None, tuple[str, ...]]
#: (id, (size, mtime_ns), the folded values in `COLUMNS` order (the body as UTF-8
#: bytes), or None: unreadable).
Row = tuple[str, tuple[int, int], list[str | bytes] | None]

#: Fewer stale articles than this are read and folded in this process.
POOL_AT = 400
#: Articles per task sent to a worker, and bytes of files: a task of 20 MB books
#: would hold a gigabyte of folded text.
TASK = 50
TASK_BYTES = 4_000_000
#: Tasks in flight per worker: bounds the folded text waiting for the writer.
AHEAD = 4


def row(job: Job) -> Row:
    """The index row for one article (None when its file cannot be read)."""
    key, stat, path, body, fields = job
    try:
        if path is not None:
            text = fold_body(read_regular(Path(path)))
        elif body is not None:
            text = folded(body).encode()
        else:
            return key, stat, None
    except OSError:
        return key, stat, None
    return key, stat, [*(folded(value) for value in fields), text]


def _rows(jobs: list[Job]) -> list[Row]:
    return [row(job) for job in jobs]


def split(jobs: Iterable[Job]) -> Iterator[list[Job]]:
    """`jobs` in tasks of at most `TASK` articles, closed once past `TASK_BYTES`,
    each given as soon as it is full (the jobs may still be in the making)."""
    task: list[Job] = []
    size = 0
    for item in jobs:
        if task and (size >= TASK_BYTES or len(task) >= TASK):
            yield task
            task, size = [], 0
        task.append(item)
        size += item[1][0]
    if task:
        yield task


def rows(jobs: list[Job], cancelled: Callable[[], bool]) -> Iterator[list[Row]]:
    """The rows of `jobs` in order, a task's worth at a time; stops when cancelled.

    A pool that cannot start (or breaks) leaves the rest to this process, where
    an error of the articles' own is raised again.
    """
    tasks = list(split(jobs))
    done = 0
    if len(jobs) >= POOL_AT:
        from concurrent.futures.process import BrokenProcessPool  # only to build

        try:
            for batch in _pooled(tasks, cancelled):
                done += 1
                yield batch
        except (OSError, ValueError, RuntimeError, BrokenProcessPool):
            pass  # no pool here (an odd stderr, an unguarded __main__): go on serially
    for task in tasks[done:]:
        if cancelled():
            return
        yield _rows(task)


def _pooled(tasks: list[list[Job]], cancelled: Callable[[], bool]) -> Iterator[list[Row]]:
    from concurrent.futures import ProcessPoolExecutor

    count = cores()
    with ProcessPoolExecutor(count, mp_context=spawn_context()) as pool:
        pending: deque[Future[list[Row]]] = deque()
        queue = iter(tasks)
        try:
            while True:
                while len(pending) < count * AHEAD and (task := next(queue, None)) is not None:
                    pending.append(pool.submit(_rows, task))
                if not pending or cancelled():
                    return
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def job(library: Library, article: Article, stat: tuple[int, int]) -> Job:
    """What a worker needs to make the article's row (a converted body is read here)."""
    section = library.section_of(article)
    fields = (
        article.title,
        article.byline,
        article.series,
        " ".join(article.tags),
        " ".join(section.trail),
    )
    if article.generated_body is None and article.body_reader is None:
        return article.id, stat, str(article.path), None, fields
    try:
        return article.id, stat, None, library.read_body(article), fields
    except OSError:
        return article.id, stat, None, None, fields  # unreadable: left out of the index
