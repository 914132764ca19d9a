"""A first load's heads, parsed on every core while the loader walks the library.

With no head cache (a first start, a rebuilt cache, `reader show`), loading
50,000 articles is mostly reading and parsing their heads, one after another.
`Prefetch.start` lists the library's Markdown files first (names only, in the
loader's order) and, when there are many, hands them to a pool of worker
processes (one per core, started with `spawn`: the TUI loads from a thread, and
forking a threaded process is unsafe), and asks the kernel to read them ahead
(`readahead`); `take` gives the loader each file's
`parse_head` result and the problems found on the way, which the loader reports
at the very point where it would have parsed the file: the library and its
problems are the serial load's. What the pool did not give (a file it did not
list, a pool that could not start or broke) the loader parses itself.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from reader.library import metadata
from reader.library.cores import cores, spawn_context
from reader.library.head_cache import CachedHead, HeadCache
from reader.library.parsed_head import parse_head, typed_article
from reader.library.readahead import read_ahead

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

#: A head and the problems found in it: (message, line).
Parsed = tuple[CachedHead | None, list[tuple[str, int | None]]]
#: Fewer files than this are parsed by the loader alone (a pool costs a fraction of a second).
POOL_AT = 400
#: Files per task sent to a worker.
TASK = 200


class Prefetch:
    """Heads being parsed by a pool, taken by the loader in its order (see the module)."""

    def __init__(self, tasks: list[list[str]], pool: ProcessPoolExecutor) -> None:
        self._pool = pool
        self._task_of = {path: number for number, task in enumerate(tasks) for path in task}
        self._futures: list[Future[list[Parsed]]] = [pool.submit(_parse, task) for task in tasks]
        self._tasks = tasks
        self._results: dict[int, dict[str, Parsed]] = {}

    @classmethod
    def start(cls, root: Path, suffixes: tuple[str, ...], max_depth: int) -> Prefetch | None:
        """A pool parsing the Markdown files below `root`, or None when they are few
        (or no pool can start here)."""
        paths: list[str] = []
        _list(str(root), suffixes, max_depth, paths)
        if len(paths) < POOL_AT:
            return None
        read_ahead(paths)  # on a cold page cache, the disk reads them all at once
        tasks = [paths[start : start + TASK] for start in range(0, len(paths), TASK)]
        try:
            return cls(tasks, _pool())
        except (OSError, ValueError, RuntimeError, ImportError):
            return None  # no pool here (an odd stderr, an unguarded __main__): serial

    def take(self, path: str) -> Parsed | None:
        """What parsing `path` gave (once), or None: the caller parses it itself."""
        number = self._task_of.pop(path, None)
        if number is None:
            return None
        results = self._results.get(number)
        if results is None:
            try:
                parsed = self._futures[number].result()
            except Exception:  # a broken pool, a worker's own failure: parsed serially
                parsed = []
            pairs = zip(self._tasks[number], parsed, strict=False)  # empty when it failed
            results = self._results[number] = dict(pairs)
        return results.pop(path, None)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def first_load(cache: HeadCache | None) -> bool:
    """True when there is no head cache, or it holds nothing: most heads are parsed."""
    empty = getattr(cache, "empty", None)
    return cache is None or (empty is not None and empty())


def _list(folder: str, suffixes: tuple[str, ...], depth: int, paths: list[str]) -> None:
    """Add the Markdown files below `folder` to `paths` as the loader spells their
    paths (`str` of a `Path`), in its order; symlinks and hidden names are left to it."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return
    prefix = "" if folder == "." else folder if folder.endswith("/") else folder + "/"
    for entry in entries:
        name = entry.name
        if name.startswith((".", "_")) or not name.isprintable():
            continue
        try:
            if entry.is_symlink():
                continue
            if entry.is_dir():
                if depth > 0:
                    _list(prefix + name, suffixes, depth - 1, paths)
            elif os.path.splitext(name)[1].lower() in suffixes:
                paths.append(prefix + name)
        except OSError:
            continue


def _parse(paths: list[str]) -> list[Parsed]:
    """In a worker: `parse_head` of each file, with the problems it reported."""
    parsed: list[Parsed] = []
    problems: list[tuple[str, int | None]] = []

    def report(_: Path, message: str, line: int | None = None) -> None:
        problems.append((message, line))

    for name in paths:
        path = Path(name)
        head = parse_head(path, False, report)
        if head is not None and not problems:  # its typed fields too, when all is well
            fields = metadata.fields_of(typed_article(path, "", head, report))
            if problems:  # a bad field: the loader sets the fields and reports it
                problems.clear()
            else:
                head = replace(head, fields=fields)
        parsed.append((head, problems[:]))
        problems.clear()
    return parsed


def _pool() -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(cores(), mp_context=spawn_context())
