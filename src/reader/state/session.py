"""One article being read: where it opens, what its position is, and when it is saved.

The one place that decides resume and saving, kept apart from the screen so it
is tested without Textual. The reading screen tells the session where the view
is (a source offset, the percent read, the heading above); the session answers
where to open, builds the `Position` to keep, and says when a save is due:
at most every `SAVE_EVERY` seconds while scrolling, and once scrolling settles.

A section's introduction has no position of its own (`keeps_place` False):
it opens at the top and nothing is saved for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.state.places import Anchored, reanchor, snippet_at
from reader.state.store import FINISHED_PERCENT, Position, Store

#: Seconds between saves while scrolling (and after scrolling stops).
SAVE_EVERY = 2.0


@dataclass(frozen=True)
class Opening:
    """Where an article opens: a source offset, and the percent it resumed at (if it did)."""

    offset: int
    resumed_percent: float | None = None


class ReadingSession:
    """The reading position of one article of one library."""

    def __init__(
        self,
        store: Store,
        library: Path | str,
        article_id: str,
        body: str,
        *,
        keeps_place: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.library = library
        self.article_id = article_id
        self.body = body
        self.keeps_place = keeps_place
        self._clock = clock
        # Counted from the opening: the first page-down is not held up by a write
        # (what is saved then is where the article opened, stored already).
        self._last_save = clock()

    def open_at(self, place: Anchored | None = None, *, resume: bool = True) -> Opening:
        """Where to open: at `place` (found again in the current text), else where
        reading stopped if `resume`, else at the top.

        A finished article, or one left at its very start, opens at the top. Left
        so near the start that it would read "Resumed at 0%", it opens there
        without a word: there is nothing to resume.
        """
        if place is not None:
            return Opening(reanchor(self.body, place))
        if not resume or not self.keeps_place:
            return Opening(0)
        saved = self.store.position(self.library, self.article_id)
        if saved is None or saved.offset == 0 or saved.percent >= FINISHED_PERCENT:
            return Opening(0)
        said = saved.percent if round(saved.percent) > 0 else None
        return Opening(reanchor(self.body, saved), said)

    def position(self, offset: int, percent: float, heading: str) -> Position:
        """The place at `offset`, with its percent, heading and a snippet of the text there."""
        return Position(offset, round(percent, 2), heading, snippet_at(self.body, offset))

    def save(self, offset: int, percent: float, heading: str) -> bool:
        """Keep the position now; False when nothing is kept (an introduction, a failed save,
        or an article only passed through at its top, never scrolled: `J`, `J` marks nothing
        "0%"; one short enough to be seen whole is finished)."""
        if not self.keeps_place:
            return False
        seen_whole = percent >= FINISHED_PERCENT  # a short article fits on one screen
        if (
            offset == 0
            and not seen_whole
            and self.store.position(self.library, self.article_id) is None
        ):
            return False
        self._last_save = self._clock()
        return self.store.save_position(
            self.library, self.article_id, self.position(offset, percent, heading)
        )

    @property
    def save_due(self) -> bool:
        """True when the last save is `SAVE_EVERY` seconds old: save now, not later."""
        return self._clock() - self._last_save >= SAVE_EVERY
