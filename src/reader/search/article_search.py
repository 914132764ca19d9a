"""Matches of one query across an article's rendered units.

Search runs on what the reader sees (the rendered text of each unit, with the
quote bars and bullets at line starts left out), so every highlighted match is
exactly the characters on screen and a phrase wrapped over two lines is still
one match. Each unit is folded once per casing and kept; a keystroke only runs
the compiled pattern over the folded texts.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from reader.layout import Layout
from reader.search.fold import FoldedText, fold
from reader.search.matcher import Query


@dataclass(frozen=True, order=True)
class Match:
    """A match in unit `unit`, as offsets into that unit's `search_text`."""

    unit: int
    start: int
    end: int


class ArticleSearch:
    """The current query's matches, in reading order, and which one is current."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.query: Query | None = None
        self.current: int | None = None
        self._by_unit: dict[int, list[Match]] = {}
        self._folded: dict[tuple[int, bool], FoldedText] = {}
        self._ordered: list[Match] | None = None

    def relayout(self, layout: Layout) -> None:
        """Follow a new rendering (width or theme changed): fold and match again."""
        self.layout = layout
        self._folded.clear()
        self.set_query(self.query)

    def set_query(self, query: Query | None) -> None:
        self.query = query
        self.current = None
        self._by_unit.clear()
        self._ordered = None
        if query is not None:
            for index, unit in enumerate(self.layout.rendered):
                if unit is not None:
                    self._match_unit(index)

    def add_unit(self, index: int) -> None:
        """A unit was just rendered: find the query in it too."""
        if self.query is not None and index not in self._by_unit:
            self._match_unit(index)
            self._ordered = None

    def _match_unit(self, index: int) -> None:
        assert self.query is not None
        unit = self.layout.rendered[index]
        if unit is None:
            return
        key = (index, self.query.casefold)
        folded = self._folded.get(key)
        if folded is None:
            folded = self._folded[key] = fold(unit.search_text, casefold=self.query.casefold)
        found = [Match(index, start, end) for start, end in self.query.search(folded)]
        if found:
            self._by_unit[index] = found

    @property
    def matches(self) -> list[Match]:
        if self._ordered is None:
            self._ordered = [m for index in sorted(self._by_unit) for m in self._by_unit[index]]
        return self._ordered

    def line_of(self, match: Match) -> int:
        """The article line where `match` starts."""
        unit = self.layout.rendered[match.unit]
        assert unit is not None
        return self.layout.tops[match.unit] + bisect_right(unit.line_starts, match.start) - 1

    def first_from(self, line: int) -> int | None:
        """Index of the first match at or after `line`, wrapping to the first."""
        matches = self.matches
        if not matches:
            return None
        lines = [self.line_of(match) for match in matches]
        index = bisect_left(lines, line)
        return index if index < len(matches) else 0

    def spans(self, unit_index: int, line: int) -> list[tuple[int, int, bool]]:
        """(start column, end column, is current) of matches on one line of a unit."""
        found = self._by_unit.get(unit_index)
        unit = self.layout.rendered[unit_index]
        if not found or unit is None or line >= len(unit.line_starts):
            return []
        line_start = unit.line_starts[line]
        line_end = line_start + len(unit.texts[line]) - unit.content_columns[line]
        column = unit.content_columns[line]
        current = self.matches[self.current] if self.current is not None else None
        spans = []
        for match in found:
            if match.end <= line_start or match.start >= line_end:
                continue
            start = max(match.start, line_start) - line_start + column
            end = min(match.end, line_end) - line_start + column
            spans.append((start, end, match == current))
        return spans
