"""Work spread over every core: how many worker processes, and how to start them.

Reading and parsing a large library (`prefetch`) and indexing it
(`reader.search.indexing`, `reader.search.building`) run in worker processes,
one per core this process may use. They are started with `spawn`: the TUI calls
them from a thread, and forking a threaded process is unsafe. `spawn_context`
also starts multiprocessing's resource tracker with a real stderr first: under
Textual `sys.stderr` is a capture whose `fileno()` is -1, and the tracker,
started with the first worker, would hand that to the new process, which then
fails with "bad value(s) in fds_to_keep".
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import SpawnContext


def cores() -> int:
    """How many worker processes: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def spawn_context() -> SpawnContext:
    """The `spawn` context, its resource tracker running (see the module docstring)."""
    import multiprocessing
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if not usable:
        stderr = sys.stderr
        with open(os.devnull, "w", encoding="utf-8") as quiet:
            sys.stderr = quiet
            try:
                resource_tracker.ensure_running()
            finally:
                sys.stderr = stderr
    return multiprocessing.get_context("spawn")
