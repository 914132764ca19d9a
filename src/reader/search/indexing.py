"""What the index stores for each article, made on both cores.

Reading and folding a 1 GB library is most of a first build, so it runs in a
pool of worker processes (one per core, started with `spawn`: the TUI calls
this from a thread, and forking a threaded process is unsafe); the one SQLite
writer stays in the calling process and takes the rows in order. A few stale
articles are done in this process: starting workers costs more than they save.

The body of a file is folded by `fold_body`, the same text `fold` gives but
without its offset map and in a handful of C passes over the text: a body is
mostly ASCII with a few distinct other letters, each replaced by its fold in
one `str.replace`. Anything unusual (control characters, bad UTF-8, a fold that
folds again) goes the slow, exact way: `fold(clean_text(...))`.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library.files import read_regular
from reader.library.frontmatter import body_start
from reader.library.model import Article, Library
from reader.library.sanitize import clean_text
from reader.textsearch.fold import fold, fold_char

if TYPE_CHECKING:
    from concurrent.futures import Future

#: The FTS5 table's columns.
COLUMNS = ("title", "author", "series", "tags", "section", "body")
#: The contentless FTS5 table (see `index`), in the index and in a build's shards.
FTS_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5({', '.join(COLUMNS)}, content='', "
    "tokenize='unicode61 remove_diacritics 0')"
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

_PRINTABLE = bytes(range(32, 127)) + b"\t\n"
_HIGH = bytes(range(128, 256))
#: Printable, but `clean_text` drops them (bidi controls).
_DROPPED = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Never in a text `_folds` is asked about (control characters go the slow way).
_STAND_INS = "".join(map(chr, [*range(1, 9), *range(14, 32)]))
_SPACES = str.maketrans("\t\n\r\f\v", "     ")
#: ASCII lowered and its whitespace made a space, as `fold` does, in one pass.
_LOWER_SPACES = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\f\v", b"abcdefghijklmnopqrstuvwxyz     "
)


def folded(text: str) -> str:
    """`text` folded as the in-text search folds it."""
    if text.isascii():  # most titles and authors: no `FoldedText` to build
        return text.lower().translate(_SPACES)
    return fold(text).folded


def fold_body(data: bytes) -> bytes:
    """The cleaned, folded body of a file's bytes, as UTF-8:
    `fold(clean_text(body)).folded.encode()`.

    Each distinct non-ASCII character is replaced by its fold (lowered) in the
    decoded text, then ASCII is lowered and its whitespace made a space by one
    `translate` of the bytes; the writer hands the bytes to SQLite as they are.
    """
    body = data[body_start(data) :]
    rest = body.translate(None, _PRINTABLE)
    if not rest:
        return body.translate(_LOWER_SPACES)
    if rest.translate(None, _HIGH):  # an ASCII control character: clean it first
        return _slow(body)
    try:
        folds = _folds(frozenset(rest.decode("utf-8")))
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _slow(body)
    if folds is None:
        return _slow(body)
    return _replaced(text, folds)


def _replaced(text: str, folds: dict[str, str]) -> bytes:
    """`text` with `folds` made, ASCII lowered and its whitespace a space, as UTF-8.

    `str.replace` of one character by one is quick; by another length it is ten
    times slower (`ß` to `ss`, `ﬁ` to `fi`, a combining mark to nothing). Those go
    to stand-ins (control characters: none is left in the text by now), made
    their fold in the bytes, where a one-byte search is a `memchr`.
    """
    later: list[tuple[bytes, bytes]] = []
    for char, fold_to in folds.items():
        if len(fold_to) != 1 and len(later) < len(_STAND_INS):
            stand_in = _STAND_INS[len(later)]
            later.append((stand_in.encode(), fold_to.encode()))
            fold_to = stand_in
        text = text.replace(char, fold_to)
    data = text.encode("utf-8")
    for stand_in_byte, fold_bytes in later:
        data = data.replace(stand_in_byte, fold_bytes)
    return data.translate(_LOWER_SPACES)


@lru_cache(maxsize=1024)
def _folds(chars: frozenset[str]) -> dict[str, str] | None:
    """What each of these non-ASCII characters becomes, those that change (None:
    fold the slow way). Articles of a library share a few sets of characters."""
    folds = {}
    for char in chars:
        if not char.isprintable() or char in _DROPPED:
            return None
        # Per character, as `fold` does: its fold, lowered (`lower` of a whole
        # text differs from a character's only around `Σ`, which folds to `σ`).
        fold_to = fold_char(char, True).lower()
        if fold_to != char:
            if any(not c.isascii() and fold_char(c, True).lower() != c for c in fold_to):
                return None  # replacing one by one would fold twice
            folds[char] = fold_to
    return folds


def _slow(body: bytes) -> bytes:
    return folded(clean_text(body.decode("utf-8", errors="replace"))).encode()


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


def workers() -> int:
    """How many worker processes: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def split(jobs: list[Job]) -> list[list[Job]]:
    """`jobs` in tasks of at most `TASK` articles, closed once past `TASK_BYTES`."""
    tasks: list[list[Job]] = []
    size = TASK_BYTES
    for item in jobs:
        if size >= TASK_BYTES or len(tasks[-1]) >= TASK:
            tasks.append([])
            size = 0
        tasks[-1].append(item)
        size += item[1][0]
    return tasks


def rows(jobs: list[Job], cancelled: Callable[[], bool]) -> Iterator[list[Row]]:
    """The rows of `jobs` in order, a task's worth at a time; stops when cancelled.

    A pool that cannot start (or breaks) leaves the rest to this process, where
    an error of the articles' own is raised again.
    """
    tasks = split(jobs)
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


def _start_tracker() -> None:
    """Start multiprocessing's resource tracker with a real stderr (/dev/null).

    Under Textual `sys.stderr` is a capture whose `fileno()` is -1, and the
    tracker, started with the pool, hands that to the new process: the build
    would fail with "bad value(s) in fds_to_keep".
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        return
    stderr = sys.stderr
    with open(os.devnull, "w", encoding="utf-8") as quiet:
        sys.stderr = quiet
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = stderr


def _pooled(tasks: list[list[Job]], cancelled: Callable[[], bool]) -> Iterator[list[Row]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _start_tracker()
    count = workers()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(count, mp_context=context) as pool:
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
