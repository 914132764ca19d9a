"""Matches of one query in an article: numbered on the source, highlighted as rendered.

The count, the number of the current match and where `n`/`N` go come from the
source text (`source_matches`), so they are right at once in a 20 MB book of
which a few screens are rendered. The highlights come from the rendered text of
the units on screen (quote bars and bullets at line starts left out), so every
highlighted match is exactly the characters shown and a phrase wrapped over two
lines is one match. The two meet in a unit: the current match is the k-th
source match of its unit, and the k-th rendered match there is lit as current
(the source may hold a few more, in link targets the reader does not see).
"""

from __future__ import annotations

from bisect import bisect_right

from reader.reading.line_map import LineMap
from reader.reading.render import RenderedUnit
from reader.reading.source_matches import SourceMatches, Span, deadline
from reader.textsearch.matcher import Query


class ArticleMatches:
    """The current query's matches, and which one is current (its number and span)."""

    def __init__(self, layout: LineMap) -> None:
        self.layout = layout
        self.source = SourceMatches(layout.document)
        self.query: Query | None = None
        self.current: int | None = None
        self._span: Span | None = None
        #: The current match's (unit, rank among that unit's matches), once asked for.
        self._where: tuple[int, int] | None = None
        self._rendered: dict[int, tuple[RenderedUnit, list[tuple[int, int]]]] = {}

    def relayout(self, layout: LineMap) -> None:
        """Follow a new rendering (width or theme): the numbering stays, highlights redo."""
        self.layout = layout
        if layout.document is not self.source.document:
            self.source = SourceMatches(layout.document)
            self.set_query(self.query)
        self._rendered.clear()

    def set_query(self, query: Query | None, count: int | None = None) -> None:
        """Search for `query` (`count`: its matches in the source, if already counted).

        Raises `QueryTooSlow` when a regular expression cannot be counted in time.
        """
        self.query = query
        self._set_current(None)
        self._rendered.clear()
        self.source.set_query(query, count)

    def add_unit(self, index: int) -> None:
        """Unit `index` was (re-)rendered: its highlights are worked out again."""
        self._rendered.pop(index, None)

    @property
    def count(self) -> int:
        return self.source.count

    def _set_current(self, found: tuple[int, Span] | None) -> None:
        self.current, self._span = found if found is not None else (None, None)
        self._where = None

    @property
    def current_source_span(self) -> tuple[int, int] | None:
        """The source characters [start, end) of the current match."""
        return None if self._span is None else self.source.original(self._span)

    @property
    def current_offset(self) -> int | None:
        """Source offset where the current match starts."""
        return None if self._span is None else self.source.original(self._span)[0]

    # -- moving the current match ---------------------------------------------------

    def go_from(self, offset: int, step: int) -> bool:
        """Current := first match at or after source `offset` (step 1), or last before it
        (step -1), wrapping round; True if it wrapped."""
        position = self.source.to_folded(offset)
        source = self.source
        found = source.next_from(position) if step > 0 else source.previous_from(position)
        self._set_current(found)
        if found is None:
            return False
        return found[1][0] < position if step > 0 else found[1][0] >= position

    def step(self, step: int) -> bool:
        """Current := the next (1) or previous (-1) match; True if it wrapped."""
        if self._span is None or self.current is None:
            return self.go_from(0, step)
        if step > 0:
            span = self.source.first_at(self._span[1])
            if span is None:
                return self.go_from(0, 1) or True
            self._set_current((self.current + 1, span))
        else:
            span = self.source.last_before(self._span[0])
            if span is None:
                return self.go_from(len(self.layout.document.source), -1) or True
            self._set_current((self.current - 1, span))
        return False

    def go_from_line(self, line: int, step: int) -> bool:
        """Current := the first match shown at or after `line` (step 1) or the last shown
        before it (-1), as rendered in that line's unit; else from the next unit on."""
        index, _ = self.layout.locate(line)
        unit = self.layout.rendered[index]
        units = self.layout.document.units
        if unit is not None and self.count:
            lines = [self._line_in_unit(unit, start) for start, _ in self._unit_spans(index)]
            tops = self.layout.tops[index]
            ranks = [k for k, at in enumerate(lines) if (tops + at >= line) == (step > 0)]
            in_unit = self.source.between(
                self.source.to_folded(units[index].start),
                self.source.to_folded(units[index].end),
            )
            if ranks:
                rank = min(ranks[0] if step > 0 else ranks[-1], len(in_unit) - 1)
                if rank >= 0:
                    before = self.source.number_before(in_unit[0][0])
                    self._set_current((before + rank, in_unit[rank]))
                    return False
        if step > 0:
            end = len(self.source.document.source)
            return self.go_from(units[index + 1].start if index + 1 < len(units) else end, 1)
        return self.go_from(units[index].start, -1)

    # -- where it is --------------------------------------------------------------

    def _locate(self) -> tuple[int, int] | None:
        """(unit, rank in the unit) of the current match."""
        if self._span is None:
            return None
        if self._where is None:
            start = self.source.original(self._span)[0]
            index = self.layout.document.unit_at(start)
            unit_start = self.source.to_folded(self.layout.document.units[index].start)
            self._where = (index, len(self.source.between(unit_start, self._span[0])))
        return self._where

    def line_of_current(self) -> int | None:
        """The article line where the current match starts (renders its unit)."""
        where = self._locate()
        if where is None:
            return None
        index, rank = where
        unit = self.layout.render(index)
        spans = self._unit_spans(index)
        if rank < len(spans):
            return self.layout.tops[index] + self._line_in_unit(unit, spans[rank][0])
        offset = self.current_offset
        assert offset is not None
        return self.layout.line_of_offset(offset)

    @staticmethod
    def _line_in_unit(unit: RenderedUnit, start: int) -> int:
        return bisect_right(unit.line_starts, start) - 1

    def _unit_spans(self, index: int) -> list[tuple[int, int]]:
        """The query's matches in unit `index`'s rendered text (original offsets there)."""
        unit = self.layout.rendered[index]
        if unit is None or self.query is None:
            return []
        cached = self._rendered.get(index)
        if cached is not None and cached[0] is unit:
            return cached[1]
        folded = unit.folded(self.query.casefold)
        found = self.query.spans(folded, deadline(self.query))
        spans = [folded.span(start, end) for start, end in found]
        self._rendered[index] = (unit, spans)
        return spans

    def spans(self, unit_index: int, line: int) -> list[tuple[int, int, bool]]:
        """(start column, end column, is current) of matches on one line of a unit."""
        unit = self.layout.rendered[unit_index]
        if not self.count or unit is None or line >= len(unit.line_starts):
            return []
        line_start = unit.line_starts[line]
        line_end = line_start + len(unit.texts[line]) - unit.content_columns[line]
        column = unit.content_columns[line] - line_start
        where = self._locate()
        result = []
        for rank, (start, end) in enumerate(self._unit_spans(unit_index)):
            if start < line_end and end > line_start:
                is_current = where == (unit_index, rank)
                result.append(
                    (max(start, line_start) + column, min(end, line_end) + column, is_current)
                )
        return result
