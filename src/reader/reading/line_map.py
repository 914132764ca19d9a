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
        self.heights = [self._estimate(index) for index in range(len(document.units))]
        self._tops: list[int] | None = None

    def _estimate(self, index: int) -> int:
        unit = self.document.units[index]
        characters = unit.end - unit.start
        return 1 + characters // max(1, self.style.width - 8) + characters // 400

    @property
    def tops(self) -> list[int]:
        """First line of each unit (recomputed after heights change)."""
        if self._tops is None:
            self._tops = [0, *accumulate(self.heights)][:-1]
        return self._tops

    @property
    def height(self) -> int:
        return sum(self.heights)

    @property
    def complete(self) -> bool:
        return all(unit is not None for unit in self.rendered)

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

    def order_from(self, index: int) -> list[int]:
        """Units still to render, nearest to `index` first (below before above)."""
        pending = [i for i, unit in enumerate(self.rendered) if unit is None]
        return sorted(pending, key=lambda i: (abs(i - index) * 2 + (i < index), i))
