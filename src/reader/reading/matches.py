"""Matches of one query across an article's rendered units.

Search runs on what the reader sees (the rendered text of each unit, with the
quote bars and bullets at line starts left out), so every highlighted match is
exactly the characters on screen and a phrase wrapped over two lines is still
one match.

A keystroke must stay fast on a 2 MB book. Each unit's text is folded once (by
the render worker); a keystroke only counts matches per unit (`str.count` for a
plain word). Where the matches are, in original offsets and lines, is worked
out on demand: for the units on screen, and for the few units a binary search
visits to find the first match after the reading position.

A regular expression's matches are found (spans, not only counts) when its
units are counted, within `TIME_LIMIT` seconds for the whole article: a pattern
that backtracks is given up (`too_slow`) instead of freezing the UI.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate

from reader.reading.line_map import LineMap
from reader.reading.render import RenderedUnit
from reader.textsearch.matcher import Query, QueryTooSlow

#: Seconds one regular expression may spend matching in an article, in all.
TIME_LIMIT = 1.0

#: A match: (unit index, start, end), offsets into the unit's folded search text.
Match = tuple[int, int, int]


class ArticleMatches:
    """The current query's matches, in reading order, and which one is current."""

    def __init__(self, layout: LineMap) -> None:
        self.layout = layout
        self.query: Query | None = None
        self.current: int | None = None
        self._counts: dict[int, int] = {}
        self._units: list[int] = []
        self._before: list[int] = []
        self._spans: dict[int, list[tuple[int, int]]] = {}
        self._original: dict[int, list[tuple[int, int]]] = {}
        #: The regular expression took longer than `TIME_LIMIT`: no matches shown.
        self.too_slow = False
        self._spent = 0.0

    def relayout(self, layout: LineMap) -> None:
        """Follow a new rendering (width or theme changed): match again."""
        self.layout = layout
        self.set_query(self.query)

    def set_query(self, query: Query | None) -> None:
        self.query = query
        self.current = None
        self.too_slow = False
        self._spent = 0.0
        self._counts.clear()
        self._spans.clear()
        self._original.clear()
        if query is not None:
            for index, unit in enumerate(self.layout.rendered):
                if unit is not None:
                    self._count_unit(index)
        self._reindex()

    def install(self, query: Query, found: dict[int, list[tuple[int, int]]], spent: float) -> None:
        """Take `query`'s matches found elsewhere (`match_units`, in a worker thread);
        units rendered meanwhile are matched here, in what is left of the time."""
        self.set_query(None)
        self.query, self._spent = query, spent
        for index, spans in found.items():
            self._spans[index], self._counts[index] = spans, len(spans)
        for index, unit in enumerate(self.layout.rendered):
            if unit is not None and index not in self._counts:
                self._count_unit(index)
        self._reindex()

    def give_up(self, query: Query) -> None:
        """`query` took too long (in a worker thread): no matches, `too_slow`."""
        self.set_query(None)
        self.query, self.too_slow = query, True

    def add_unit(self, index: int) -> None:
        """A unit was just rendered: count the query in it too."""
        if self.query is None or index in self._counts or self.too_slow:
            return
        current = self.match(self.current) if self.current is not None else None
        self._count_unit(index)
        self._reindex()
        if current is not None and not self.too_slow:  # the same match stays current
            self.current = self._index_of(current)

    def _count_unit(self, index: int) -> None:
        query = self.query
        assert query is not None
        unit = self.layout.rendered[index]
        if unit is None:
            return
        folded = unit.folded(query.casefold)
        if not query.regex:
            self._counts[index] = query.count(folded)
            return
        spans = self._timed(lambda deadline: query.spans(folded, deadline))
        if spans is not None:
            self._spans[index] = spans
            self._counts[index] = len(spans)

    def _timed(
        self, work: Callable[[float], list[tuple[int, int]]]
    ) -> list[tuple[int, int]] | None:
        """`work(deadline)` within what is left of `TIME_LIMIT`; None once too slow."""
        if self.too_slow:
            return None
        started = time.monotonic()
        try:
            return work(started + TIME_LIMIT - self._spent)
        except QueryTooSlow:
            self.too_slow = True
            self.current = None
            self._counts.clear()
            self._spans.clear()
            self._original.clear()
            return None
        finally:
            self._spent += time.monotonic() - started

    def _reindex(self) -> None:
        self._units = sorted(index for index, count in self._counts.items() if count)
        self._before = [0, *accumulate(self._counts[index] for index in self._units)]

    @property
    def count(self) -> int:
        return self._before[-1] if self._before else 0

    def _unit_spans(self, index: int) -> list[tuple[int, int]]:
        spans = self._spans.get(index)
        if spans is None and self.too_slow:
            return []
        if spans is None:
            unit = self.layout.rendered[index]
            assert unit is not None and self.query is not None
            spans = self._spans[index] = self.query.spans(unit.folded(self.query.casefold))
        return spans

    def match(self, number: int) -> Match:
        """The `number`-th match (0-based) in reading order."""
        position = bisect_right(self._before, number) - 1
        index = self._units[position]
        start, end = self._unit_spans(index)[number - self._before[position]]
        return index, start, end

    def _index_of(self, match: Match) -> int:
        position = bisect_left(self._units, match[0])
        spans = self._unit_spans(match[0])
        return self._before[position] + bisect_left(spans, (match[1], match[2]))

    def line_of(self, match: Match) -> int:
        """The article line where `match` starts."""
        index, start, _ = match
        unit = self.layout.rendered[index]
        assert unit is not None and self.query is not None
        original = unit.folded(self.query.casefold).to_original(start)
        return self.layout.tops[index] + bisect_right(unit.line_starts, original) - 1

    def first_from(self, line: int) -> int | None:
        """Number of the first match at or after `line`, wrapping to the first."""
        count = self.count
        low, high = 0, count
        while low < high:  # binary search: line_of grows with the match number
            middle = (low + high) // 2
            if self.line_of(self.match(middle)) < line:
                low = middle + 1
            else:
                high = middle
        return None if not count else low % count

    def spans(self, unit_index: int, line: int) -> list[tuple[int, int, bool]]:
        """(start column, end column, is current) of matches on one line of a unit."""
        unit = self.layout.rendered[unit_index]
        if not self._counts.get(unit_index) or unit is None or line >= len(unit.line_starts):
            return []
        original = self._original.get(unit_index)
        folded_spans = self._unit_spans(unit_index)
        if original is None:
            assert self.query is not None
            folded = unit.folded(self.query.casefold)
            original = self._original[unit_index] = [folded.span(s, e) for s, e in folded_spans]
        line_start = unit.line_starts[line]
        line_end = line_start + len(unit.texts[line]) - unit.content_columns[line]
        column = unit.content_columns[line] - line_start
        current = self.match(self.current) if self.current is not None else None
        result = []
        for (start, end), (folded_start, folded_end) in zip(original, folded_spans, strict=True):
            if start < line_end and end > line_start:
                is_current = current == (unit_index, folded_start, folded_end)
                result.append(
                    (max(start, line_start) + column, min(end, line_end) + column, is_current)
                )
        return result


def match_units(
    query: Query,
    units: list[tuple[int, RenderedUnit]],
    deadline: float,
    cancelled: Callable[[], bool],
) -> dict[int, list[tuple[int, int]]] | None:
    """Every match of `query` in `units`, by unit index; None if `cancelled()`.

    Safe in a worker thread (it reads the units only); raises `QueryTooSlow`
    once `deadline` has passed.
    """
    found: dict[int, list[tuple[int, int]]] = {}
    for index, unit in units:
        if cancelled():
            return None
        found[index] = query.spans(unit.folded(query.casefold), deadline)
    return found
