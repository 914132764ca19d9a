"""`ArticleKeys`: the reading keys of the article view: scrolling and the column width.

Split from `ArticleLines` (the engine) so that each stays readable: the keys
only move the view (`_set_top`) or change `reading_width`; the engine renders
whatever comes into view and keeps the place.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.ui.widgets.article_lines import DEFAULT_READING_WIDTH
from reader.ui.widgets.article_prepare import ArticlePrepared

MIN_READING_WIDTH = 30
WIDTH_STEP = 4


class ArticleKeys(ArticlePrepared):
    """`ArticlePrepared` with vim- and less-style keys."""

    BINDINGS = [
        Binding("j,down", "line_down", "Line down", show=False, id="read.line_down"),
        Binding("k,up", "line_up", "Line up", show=False, id="read.line_up"),
        Binding("space,f,pagedown", "page_down", "Page down", show=False, id="read.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="read.page_up"),
        Binding("d", "half_page_down", "Half page down", show=False, id="read.half_page_down"),
        Binding("u", "half_page_up", "Half page up", show=False, id="read.half_page_up"),
        Binding("g,home", "top", "Top", show=False, id="read.top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="read.bottom"),
        Binding("minus", "width(-1)", "Narrower", show=False, id="read.narrower"),
        Binding("plus", "width(1)", "Wider", show=False, id="read.wider"),
        Binding("equals_sign", "width(0)", "Reset width", show=False, id="read.reset_width"),
        # The text never scrolls sideways: ScrollView's horizontal keys do nothing
        # here, so they are rebound without a description (help leaves them out).
        Binding("left", "scroll_left", "", show=False),
        Binding("right", "scroll_right", "", show=False),
        Binding("ctrl+pageup", "page_left", "", show=False),
        Binding("ctrl+pagedown", "page_right", "", show=False),
    ]

    def _scroll_by(self, rows: int) -> None:
        self._set_top(self.scroll_y + rows)

    def action_line_down(self) -> None:
        self._scroll_by(1)

    def action_line_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._scroll_by(-max(1, self.scrollable_content_region.height - 1))

    def action_half_page_down(self) -> None:
        self._scroll_by(max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._scroll_by(-max(1, self.scrollable_content_region.height // 2))

    def action_top(self) -> None:
        self._set_top(0)

    def action_bottom(self) -> None:
        if self._layout is not None:
            for index in range(len(self.document.units) - 1, -1, -1):
                self._layout.render(index)  # the last screen must be real, not estimated
                if self._layout.height - self._layout.tops[index] >= self.size.height:
                    break
            self._resize_virtual()
        self._set_top(self.max_scroll_y)

    def action_width(self, direction: int) -> None:
        if direction == 0:
            self.reading_width = DEFAULT_READING_WIDTH
        else:
            self.reading_width = max(MIN_READING_WIDTH, self.reading_width + direction * WIDTH_STEP)
        self.post_message(self.WidthChosen(self.reading_width))
