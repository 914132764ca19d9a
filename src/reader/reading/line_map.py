"""Where every rendered line of an article sits, while rendering is still going on.

`LineMap` keeps, for one width and theme, each unit's rendering (or an estimate of
its height until it is rendered) and the first line of each unit. It converts
between source offsets (the position that is saved and restored) and line
numbers (what the screen scrolls by). No Textual: the view drives it.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from reader.reading.document import Document
from reader.reading.render import RenderedUnit, RenderStyle, render_unit


class LineMap:
    """Heights and tops of the units of `document` rendered with `style`."""

    def __init__(self, document: Document, style: RenderStyle) -> None:
        self.document = document
        self.style = style
        self.rendered: list[RenderedUnit | None] = [None] * len(document.units)
        #: True once a unit's height is known (it stays known when its lines are dropped).
        self.measured = [False] * len(document.units)
        self.heights = [self._estimate(index) for index in range(len(document.units))]
        self._tops: list[int] | None = None
        self._height = 0

    def _estimate(self, index: int) -> int:
        unit = self.document.units[index]
        characters = unit.end - unit.start
        return 1 + characters // max(1, self.style.width - 8) + characters // 400

    @property
    def tops(self) -> list[int]:
        """First line of each unit (recomputed after heights change)."""
        if self._tops is None:
            tops = [0, *accumulate(self.heights)]
            self._height = tops.pop()
            self._tops = tops
        return self._tops

    @property
    def height(self) -> int:
        """All the lines (kept with the tops: `render_line` asks for it on every row)."""
        self.tops  # noqa: B018 - recomputes the total when heights changed
        return self._height

    @property
    def complete(self) -> bool:
        """True once every unit's height is known (some may have been dropped since)."""
        return all(self.measured)

    @property
    def rendered_count(self) -> int:
        return sum(unit is not None for unit in self.rendered)

    def render(self, index: int) -> RenderedUnit:
        """Render unit `index` now (if it is not yet) and return it."""
        unit = self.rendered[index]
        if unit is None:
            unit = render_unit(
                self.document.text(self.document.units[index]), self.style, leading_blank=index > 0
            )
            self.accept(index, unit)
        return unit

    def accept(self, index: int, unit: RenderedUnit) -> int:
        """Store a rendering (maybe made in a worker); returns the height change."""
        if self.rendered[index] is not None:
            return 0
        self.rendered[index] = unit
        self.measured[index] = True
        delta = len(unit.lines) - self.heights[index]
        if delta:
            self.heights[index] = len(unit.lines)
            self._tops = None
        return delta

    def locate(self, line: int) -> tuple[int, int]:
        """(unit index, line within unit) for a line of the whole article."""
        index = max(0, min(len(self.heights) - 1, bisect_right(self.tops, line) - 1))
        return index, line - self.tops[index]

    def line_of_offset(self, offset: int) -> int:
        """The line showing source `offset` (renders its unit first)."""
        index = self.document.unit_at(offset)
        unit = self.document.units[index]
        height = len(self.render(index).lines)
        span = max(1, unit.end - unit.start)
        within = min(height - 1, max(0, (offset - unit.start) * height // span))
        return self.tops[index] + within

    def offset_of_line(self, line: int) -> int:
        """The source offset shown at `line` (proportional inside its unit).

        Rounded up, so that `line_of_offset` (rounding down) gives `line` back:
        otherwise every re-layout at the same width scrolled back a line.
        """
        index, within = self.locate(line)
        unit = self.document.units[index]
        height = max(1, self.heights[index])
        span = unit.end - unit.start
        return unit.start + min(span, -(-span * max(0, within) // height))

    def order_from(self, index: int, reach: int | None = None) -> list[int]:
        """Units still to measure, nearest to `index` first (below before above); with
        `reach`, only those within `reach` source characters of unit `index`."""
        units = self.document.units
        first, last = 0, len(units) - 1
        if reach is not None:
            center = units[index].start
            first = self.document.unit_at(max(0, center - reach))
            last = self.document.unit_at(center + reach)
        pending = [i for i in range(first, last + 1) if not self.measured[i]]
        return sorted(pending, key=lambda i: (abs(i - index) * 2 + (i < index), i))

    def drop_far(self, index: int, keep: int) -> int:
        """Forget the lines of units more than `keep` source characters from unit `index`
        (their heights stay; `render` makes them again on demand). Returns how many."""
        center = self.document.units[index].start
        dropped = 0
        for number, unit in enumerate(self.rendered):
            if unit is not None and abs(self.document.units[number].start - center) > keep:
                self.rendered[number] = None
                dropped += 1
        return dropped
