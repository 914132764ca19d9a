"""The full library load the app runs after painting the outline, stoppable.

`reader` paints the library's outline first (`reader.library.outline`) and
loads the whole library right after, in the UI thread (see `ReaderApp`). That
load can take seconds (a cold cache: tens of seconds at 50,000 articles), and
while it runs the event loop cannot handle SIGTERM or SIGHUP; before the
outline, a stop signal during the load simply ended the process. `load_stoppably`
keeps that promise: a stop signal during the load raises `Stopped` at once, and
the app then exits as for any stop signal (nothing to save yet: no article can
be open before the load, since keys wait for it).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from reader.library.loader import Problem
from reader.library.model import Library

T = TypeVar("T")
#: Loads the whole library (and its problems) when the app was given its outline.
Completion = Callable[[], tuple[Library, Sequence[Problem]]]


class Stopped(BaseException):  # not an Exception: no `except Exception` swallows it
    """A stop signal arrived during the load."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def load_stoppably(load: Callable[[], T], signals: Iterable[signal.Signals]) -> T:
    """`load()`, raising `Stopped` when one of `signals` arrives meanwhile.

    The handlers in place before (the event loop's) are put back afterwards.
    """

    def stop(number: int, frame: Any) -> None:
        raise Stopped(number)

    previous = {number: signal.signal(number, stop) for number in signals}
    try:
        return load()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
