"""Where the reader has been: back (`H`) and forward (`L`), as a browser goes.

Pure data, no screen: the reading screen records a `Visit` each time it leaves
an article for another (a link, `J`/`K`, a bookmark, a search result), and asks
for the visit to go back or forward to. Going back remembers where it came
from, so forward returns there; a new way to another article after going back
drops the forward visits, as qutebrowser and every browser do. Each visit keeps
the place it was left at, so `H` returns to the line the link was followed from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.state.places import Anchored

#: Visits kept each way: enough for any reading session, bounded all the same.
LIMIT = 200


@dataclass(frozen=True)
class Visit:
    """An article (by id) and the place in it the reader was at."""

    article_id: str
    place: Anchored


@dataclass
class History:
    """The visits behind and ahead of the article being read."""

    _back: list[Visit] = field(default_factory=list)
    _forward: list[Visit] = field(default_factory=list)

    def left(self, visit: Visit) -> None:
        """The reader went from `visit` to another article (not by `back`/`forward`)."""
        self._back = [*self._back, visit][-LIMIT:]
        self._forward.clear()

    def back(self, current: Visit) -> Visit | None:
        """The visit to go back to from `current` (kept for `forward`); None at the start."""
        if not self._back:
            return None
        self._forward = [*self._forward, current][-LIMIT:]
        return self._back.pop()

    def forward(self, current: Visit) -> Visit | None:
        """The visit `back` came from (`current` kept for `back`); None if there is none."""
        if not self._forward:
            return None
        self._back = [*self._back, current][-LIMIT:]
        return self._forward.pop()

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)
