"""An article's Markdown split into render units at block boundaries.

Rendering a 2 MB book with Rich takes seconds, so the reading view renders it in
units: the unit holding the reading position first, the rest in the background.
Splitting must be cheap (the line scan of `library.markdown_blocks`, no Markdown
parse) and must never cut a block in two: units break at a blank line outside
code fences whose next line starts a new block (not indented), and always before
a heading, so every heading begins a unit and the outline can jump to it.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from reader.library.markdown_blocks import BLANK, CODE, FENCE, TEXT, Heading, scan
from reader.reading.fold_apart import FoldApart
from reader.textsearch.fold import fold, give_way
from reader.textsearch.folded import FoldedText

#: A unit grows past this many characters only to finish its last block.
UNIT_TARGET = 2_000
#: ...but never past this many (outside code), even inside one long paragraph: a
#: book with no blank lines must not be rendered whole in the UI thread. Such a
#: paragraph then shows as several, a small price for opening at once.
HARD_LIMIT = 16_000
#: Seconds the background fold sleeps at a time while it gives way to keys.
YIELD_STEP = 0.005


@dataclass
class Unit:
    """A run of whole blocks: source[start:end]."""

    start: int
    end: int
    heading: Heading | None = None


@dataclass
class Document:
    """The source text and its units, in order; units cover the whole text."""

    source: str
    units: list[Unit] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    _unit_starts: list[int] = field(default_factory=list, repr=False)
    _heading_starts: list[int] = field(default_factory=list, repr=False)
    _folded: dict[bool, FoldedText] = field(default_factory=dict, repr=False)
    _fold_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: Set by a search that waits for the fold: the fold stops giving way to keys.
    _fold_wanted: threading.Event = field(default_factory=threading.Event, repr=False)

    def folded(self, casefold: bool = True) -> FoldedText:
        """The whole source folded for search, once (the view folds it in the background
        as the article opens; a search before that waits for it)."""
        if not self._fold_lock.acquire(blocking=False):
            self._fold_wanted.set()  # a search waits: the background fold hurries
            self._fold_lock.acquire()
        try:
            folded = self._folded.get(casefold)
            if folded is None:
                folded = self._folded[casefold] = fold(self.source, casefold=casefold)
            return folded
        finally:
            self._fold_lock.release()

    def want_fold(self) -> None:
        """A search is coming: the background fold stops giving way to keys."""
        self._fold_wanted.set()

    def fold_in_background(
        self, busy: Callable[[], bool], casefold: bool = True, apart: FoldApart | None = None
    ) -> None:
        """Fold the source (as `folded`) in a worker that gives way to the reader.

        The fold `apart` (a child process's) is taken when it is right. Else, between
        pieces it waits while `busy()` (keys are being handled: a page-down painted in
        15 ms took 40 ms when the fold shared the interpreter lock with it), unless a
        search waits for the fold."""

        def between() -> None:
            while busy() and not self._fold_wanted.is_set():
                time.sleep(YIELD_STEP)
            give_way()

        with self._fold_lock:
            if casefold in self._folded:
                return
            ready = apart is not None and apart.casefold == casefold
            made = apart.result(self.source, between) if apart and ready else None
            if made is None:
                made = fold(self.source, casefold=casefold, between=between)
            self._folded[casefold] = made

    def folded_ready(self, casefold: bool = True) -> bool:
        """True once `folded(casefold)` returns at once (a search need not wait)."""
        return casefold in self._folded

    def unit_at(self, offset: int) -> int:
        """Index of the unit holding source `offset`."""
        if len(self._unit_starts) != len(self.units):
            self._unit_starts = [unit.start for unit in self.units]
        return max(0, bisect_right(self._unit_starts, offset) - 1)

    def heading_at(self, offset: int) -> Heading | None:
        """The last heading at or before `offset`."""
        if len(self._heading_starts) != len(self.headings):
            self._heading_starts = [heading.offset for heading in self.headings]
        index = bisect_right(self._heading_starts, offset) - 1
        return self.headings[index] if index >= 0 else None

    def text(self, unit: Unit) -> str:
        return self.source[unit.start : unit.end]


def split(source: str, target: int = UNIT_TARGET) -> Document:
    """Split `source` into units of about `target` characters."""
    document = Document(source)
    offset = 0
    unit_start = 0
    previous_blank = True
    current_heading: Heading | None = None

    def close(at: int) -> None:
        nonlocal unit_start, current_heading
        if at > unit_start:
            document.units.append(Unit(unit_start, at, current_heading))
            unit_start = at
            current_heading = None

    for offset, line, kind, heading in scan(source):
        if heading is not None:
            # Every heading begins a unit (a setext one at its paragraph's first line),
            # unless an endless paragraph was already cut after that line.
            document.headings.append(heading)
            if heading.offset >= unit_start:
                close(heading.offset)
                current_heading = heading
        elif kind == FENCE:
            if previous_blank and offset - unit_start >= target:
                close(offset)
        elif (
            kind == TEXT
            and previous_blank
            and not line[0].isspace()
            and offset - unit_start >= target
        ):
            close(offset)
        elif kind != CODE and offset - unit_start >= HARD_LIMIT:
            close(offset)  # a paragraph with no end in sight: break it at a line
        if kind != CODE and len(line) > HARD_LIMIT:
            # One enormous line: break it between words, or the unit holding it
            # would be rendered whole in the UI thread.
            cut = offset + HARD_LIMIT
            while cut < offset + len(line):
                space = source.find(" ", cut, offset + len(line))
                if space < 0:
                    break
                close(space + 1)
                cut = space + 1 + HARD_LIMIT
        previous_blank = kind == BLANK
    close(len(source))
    if not document.units:
        document.units.append(Unit(0, 0))
    return document
