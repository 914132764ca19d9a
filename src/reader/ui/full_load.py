"""The full library load the app runs after painting the outline: `PendingLoad`.

`reader` paints the library's outline first (`reader.library.outline`) and
loads the whole library right after, in the UI thread, when the screen is on
the terminal whole. A key or click that comes earlier never meets the outline:
one that comes while the screen is still being mounted is held, and posted
again after the load; one that comes once it is painted runs the load first.

That load can take seconds (a cold cache: tens of seconds at 50,000 articles), and
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

from textual import events
from textual.message import Message

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


class PendingLoad:
    """The full load still to run, and the input held until it has run."""

    def __init__(
        self,
        complete: Completion,
        done: Callable[[Library, Sequence[Problem]], None],
        stopped: Callable[[int], None],
        post: Callable[[Message], object],
    ) -> None:
        self.complete: Completion | None = complete
        self._done, self._stopped, self._post = done, stopped, post
        self._held: list[events.Event] = []

    def holds(self, event: events.Event, is_painted: Callable[[], bool]) -> bool:
        """True when `event` is held (posted again after the load); False when it
        is to be handled now (the load, if still to run, has run first)."""
        if self.complete is None or not isinstance(event, events.InputEvent):
            return False
        painted = is_painted()
        if painted and not self._held:
            self.run()
            return False
        self._held.append(event)  # in order, behind any held before it
        if painted:
            self.run()
        return True

    def run(self) -> None:
        """Load the whole library (once), hand it to `done`, post the held input."""
        complete, self.complete = self.complete, None
        if complete is None:
            return
        try:
            loaded, problems = load_stoppably(complete, (signal.SIGTERM, signal.SIGHUP))
        except Stopped as stop:
            self._stopped(stop.number)
            return
        self._done(loaded, problems)
        held, self._held = self._held, []
        for event in held:
            self._post(event)
