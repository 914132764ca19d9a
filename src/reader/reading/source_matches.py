"""A query's matches in an article's source text, numbered at once, whatever is rendered.

Rendering a 20 MB book takes minutes of CPU; counting a word in it takes
milliseconds. So the `i/N` counter, `n`/`N` and the first match from the
reading position all work on the source, folded once (`Document.folded`):
`N` is `Query.count` (`str.count` for a plain word), a match's number is the
count before it, and the next or previous match is a search from an offset.
No list of every match is built: a word found 100,000 times costs nothing
until the reader steps through it.

The highlights on screen are the rendered text's own matches (`matches`): the
source holds markup the reader never sees, so only the number and place of
each match come from here.

A regular expression can backtrack for minutes: each step a reader asks for
(count, next, previous) gets `TIME_LIMIT` seconds, and raises `QueryTooSlow`
past it, so the view gives the pattern up instead of freezing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import takewhile

from reader.reading.document import Document
from reader.textsearch.folded import FoldedText
from reader.textsearch.matcher import Query

#: Seconds a regular expression may take for one step (counting, `n`, `N`).
TIME_LIMIT = 1.0
#: How far back a backward search looks at a time, in folded characters.
BACK_STEP = 65_536

#: A match in the folded source: (start, end).
Span = tuple[int, int]


class SourceMatches:
    """Count, number and step through one query's matches in `document.source`."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.query: Query | None = None
        self.count = 0

    @property
    def folded(self) -> FoldedText:
        assert self.query is not None
        return self.document.folded(self.query.casefold)

    def set_query(self, query: Query | None, count: int | None = None) -> None:
        """Search for `query` from now on; `count` if it was counted already (a worker)."""
        self.query = query
        if query is None:
            self.count = 0
        elif count is not None:
            self.count = count
        else:
            self.count = query.count(self.folded, deadline(query))

    def _spans(self, position: int) -> Iterator[Span]:
        assert self.query is not None
        return self.query.iter_spans(self.folded, position, deadline(self.query))

    def to_folded(self, offset: int) -> int:
        return self.folded.to_folded(offset)

    def original(self, span: Span) -> tuple[int, int]:
        """The source characters a folded match covers."""
        return self.folded.span(*span)

    def first_at(self, position: int) -> Span | None:
        """The first match starting at or after folded `position`."""
        if self.query is None:
            return None
        return next(self._spans(position), None)

    def number_before(self, position: int) -> int:
        """How many matches start before folded `position`."""
        query = self.query
        if query is None or position <= 0:
            return 0
        if query.literal is not None:
            return query.count(self.folded, deadline(query), before=position)
        spans = self._spans(0)
        return sum(1 for _ in takewhile(lambda span: span[0] < position, spans))

    def last_before(self, position: int) -> Span | None:
        """The last match starting before folded `position` (searching back in steps)."""
        if self.query is None:
            return None
        start = position
        while start > 0:
            start = max(0, start - BACK_STEP)
            found = None
            for span in self._spans(start):
                if span[0] >= position:
                    break
                found = span
            if found is not None:
                return found
        return None

    def between(self, start: int, end: int) -> list[Span]:
        """Matches starting in folded [start, end)."""
        if self.query is None:
            return []
        spans = self._spans(start)
        return list(takewhile(lambda span: span[0] < end, spans))

    def next_from(self, position: int) -> tuple[int, Span] | None:
        """(number, span) of the first match at or after `position`, wrapping to the first."""
        span = self.first_at(position)
        if span is None:
            span = self.first_at(0)
            return None if span is None else (0, span)
        return self.number_before(span[0]), span

    def previous_from(self, position: int) -> tuple[int, Span] | None:
        """(number, span) of the last match before `position`, wrapping to the last."""
        span = self.last_before(position)
        if span is None:
            span = self.last_before(len(self.folded.folded) + 1)
            return None if span is None else (self.count - 1, span)
        return self.number_before(span[0]), span


def deadline(query: Query) -> float | None:
    """When a step searching for `query` must give up: a regular expression only."""
    return time.monotonic() + TIME_LIMIT if query.regex else None
