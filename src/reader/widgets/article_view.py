"""`ArticleView`: an article of any length, shown at once, as a virtual list of lines.

The text is split into units at block boundaries (`reader.document`); the unit at
the reading position is rendered first, in the UI thread, so the first screen
costs one unit whatever the article's length; the others are rendered by a
worker thread, nearest first, and dropped in as they arrive without moving what
the reader is looking at. `render_line` only composes the rows on screen.

The position is a source offset, never a row: a new width or theme re-renders
and puts the same sentence back at the top. Screens use only the public
methods and messages here, so the engine can change without them noticing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual import events, work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from reader.document import Heading, split
from reader.layout import Layout
from reader.rendering import RenderedUnit, RenderStyle, render_for_search
from reader.search.article_search import ArticleSearch
from reader.search.matcher import Query
from reader.widgets.markdown_theme import markdown_theme

DEFAULT_READING_WIDTH = 88
MIN_READING_WIDTH = 30
WIDTH_STEP = 4


class ArticleView(ScrollView, can_focus=True):
    """A read-only, virtualised view of one Markdown text."""

    BINDINGS = [
        Binding("j,down", "line_down", "Line down", show=False),
        Binding("k,up", "line_up", "Line up", show=False),
        Binding("space,f,pagedown", "page_down", "Page down", show=False),
        Binding("b,pageup", "page_up", "Page up", show=False),
        Binding("d", "half_page_down", "Half page down", show=False),
        Binding("u", "half_page_up", "Half page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("minus", "width(-1)", "Narrower", show=False),
        Binding("plus", "width(1)", "Wider", show=False),
        Binding("equals_sign", "width(0)", "Reset width", show=False),
        Binding("tab", "link(1)", "Next link", show=False),
        Binding("shift+tab", "link(-1)", "Previous link", show=False),
        Binding("enter", "open_link", "Open link", show=False),
    ]

    COMPONENT_CLASSES = {
        "article-view--match",
        "article-view--current-match",
        "article-view--link-focus",
    }

    DEFAULT_CSS = """
    ArticleView {
        background: $background;
        scrollbar-gutter: stable;
        & > .article-view--match { background: $warning 35%; }
        & > .article-view--current-match { background: $accent; color: $background; }
        & > .article-view--link-focus { background: $primary; color: $text; }
    }
    """

    reading_width: reactive[int] = reactive(DEFAULT_READING_WIDTH)
    """The widest the text column may be, in cells."""

    @dataclass
    class PositionChanged(Message):
        """The reading position moved (scroll, resize, new text)."""

        view: ArticleView
        offset: int
        percent: float
        heading: Heading | None

    @dataclass
    class LinkFocused(Message):
        """`tab` moved to a link (its target), or away from all links (None)."""

        view: ArticleView
        url: str | None

    @dataclass
    class LinkSelected(Message):
        """The reader asked to follow a link (`enter` on it, or a click)."""

        view: ArticleView
        url: str

    @dataclass
    class SearchChanged(Message):
        """Matches were found or the current match moved; `complete` once all is rendered."""

        view: ArticleView
        count: int
        current: int | None
        complete: bool

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document = split("")
        self._layout: Layout | None = None
        self._search: ArticleSearch | None = None
        self._query: Query | None = None
        self._pending_offset = 0
        self._layout_key: tuple[int, str] | None = None
        self._link: tuple[int, int] | None = None

    # -- public API ---------------------------------------------------------

    def show(self, markdown: str, offset: int = 0) -> None:
        """Show `markdown` (already cleaned of control characters) at source `offset`."""
        self.document = split(markdown)
        self._query = None
        self._link = None
        self._relayout(offset, force=True)

    @property
    def source_offset(self) -> int:
        """Source offset of the text at the top of the view."""
        if self._layout is None:
            return self._pending_offset
        return self._layout.offset_of_line(round(self.scroll_y))

    @property
    def percent(self) -> float:
        """How far through the article the reader is, 0 to 100 (100 at the very end)."""
        layout = self._layout
        if layout is None:
            return 0.0
        bottom = round(self.scroll_y) + self.scrollable_content_region.height
        if bottom >= layout.height and layout.rendered[-1] is not None:
            return 100.0
        return min(100.0, 100.0 * self.source_offset / max(1, len(self.document.source)))

    @property
    def heading(self) -> Heading | None:
        return self.document.heading_at(self.source_offset)

    @property
    def first_screen_ready(self) -> bool:
        """True once the rows on screen are rendered (not estimated)."""
        layout = self._layout
        if layout is None:
            return False
        top = round(self.scroll_y)
        first, _ = layout.locate(top)
        last, _ = layout.locate(top + self.scrollable_content_region.height)
        return all(layout.rendered[i] is not None for i in range(first, last + 1))

    @property
    def rendered_complete(self) -> bool:
        return self._layout is not None and self._layout.complete

    def go_to_offset(self, offset: int) -> None:
        """Scroll so that source `offset` is at the top."""
        if self._layout is None:
            self._pending_offset = offset
            return
        self._scroll_to_offset(offset)
        self._ensure_visible()

    def text_lines(self) -> list[str]:
        """Every rendered line as plain text (rendering any unit not yet rendered)."""
        if self._layout is None:
            return []
        return [
            text for i in range(len(self.document.units)) for text in self._layout.render(i).texts
        ]

    # -- search -------------------------------------------------------------

    def search(self, query: Query | None) -> None:
        """Highlight every match of `query` and go to the first one from here."""
        self._query = query
        if self._search is None:
            return
        self._search.set_query(query)
        self._go_to_current(self._search.first_from(round(self.scroll_y)))

    def next_match(self, step: int = 1) -> bool:
        """Go to the next (`step` 1) or previous (-1) match; True if the search wrapped."""
        search = self._search
        if search is None or not search.count:
            return False
        count = search.count
        if search.current is None:
            first = search.first_from(round(self.scroll_y)) or 0
            target = first if step > 0 else first - 1
        else:
            target = search.current + step
        self._go_to_current(target % count)
        return not 0 <= target < count

    def _go_to_current(self, index: int | None) -> None:
        assert self._search is not None
        self._search.current = index
        if index is not None:
            line = self._search.line_of(self._search.match(index))
            height = self.scrollable_content_region.height
            if not self.scroll_y <= line < self.scroll_y + height:
                self._set_top(max(0, line - height // 3))
                self._ensure_visible()
        self.refresh()
        self._post_search()

    def _post_search(self) -> None:
        if self._search is None or self._query is None:
            self.post_message(self.SearchChanged(self, 0, None, True))
            return
        self.post_message(
            self.SearchChanged(
                self, self._search.count, self._search.current, self.rendered_complete
            )
        )

    # -- layout and rendering -----------------------------------------------

    def _column_width(self) -> int:
        available = self.scrollable_content_region.width - 2
        return max(10, min(self.reading_width, available))

    def _style(self) -> RenderStyle:
        code_theme = "monokai" if self.app.current_theme.dark else "default"
        theme = markdown_theme(self.app.theme_variables)
        return RenderStyle(self._column_width(), theme, code_theme)

    def _relayout(self, offset: int | None = None, *, force: bool = False) -> None:
        """Render again for the current width/theme, keeping `offset` at the top."""
        if not self.is_mounted or self.size.width == 0:
            self._pending_offset = offset if offset is not None else self._pending_offset
            return
        key = (self._column_width(), self.app.theme)
        if not force and self._layout is not None and key == self._layout_key:
            return
        self._layout_key = key
        style = self._style()
        keep = offset if offset is not None else self.source_offset
        self._layout = Layout(self.document, style)
        self._link = None
        if self._search is None:
            self._search = ArticleSearch(self._layout)
        self._search.layout = self._layout
        self._scroll_to_offset(keep)
        self._ensure_visible()
        self._search.relayout(self._layout)
        self._search.set_query(self._query)
        self.refresh()
        self._render_rest(self._layout, self.document.unit_at(keep))
        self._post_position()
        if self._query is not None:
            self._post_search()

    def _scroll_to_offset(self, offset: int) -> None:
        """Scroll now (not after the next refresh) so that source `offset` is at the top.

        The units from there to the screen's bottom are rendered first: below them the
        heights are estimates, and a scroll past an estimate that is too short would be
        clamped to it, and stay short (a resume near the end landed lines too early).
        """
        layout = self._layout
        assert layout is not None
        index = self.document.unit_at(offset)
        line = layout.line_of_offset(offset)
        bottom = line + self.scrollable_content_region.height
        while index + 1 < len(layout.heights) and layout.tops[index + 1] < bottom:
            index += 1
            layout.render(index)
            if self._search is not None:
                self._search.add_unit(index)
        self._resize_virtual()
        self._set_top(line)

    def _set_top(self, line: float) -> None:
        """Put `line` at the top, now.

        Not `scroll_to`: it is ignored while the widget has no vertical scrollbar,
        which is the case right after a short article is replaced by a long one
        (the scrollbar appears only at the next layout).
        """
        target = max(0, min(round(line), self.max_scroll_y))
        self.scroll_target_y = target
        self.scroll_y = target

    def _resize_virtual(self) -> None:
        assert self._layout is not None
        self.virtual_size = Size(self.scrollable_content_region.width, self._layout.height)

    def _ensure_visible(self) -> None:
        """Render the units on screen now, keeping the top line's text in place."""
        layout = self._layout
        if layout is None:
            return
        for _ in range(8):  # heights settle in a step or two; bound it anyway
            top = round(self.scroll_y)
            first, _ = layout.locate(top)
            last, _ = layout.locate(top + self.scrollable_content_region.height)
            missing = [i for i in range(first, last + 1) if layout.rendered[i] is None]
            if not missing:
                return
            anchor = layout.offset_of_line(top)
            for index in missing:
                unit = layout.render(index)
                if self._search is not None:
                    self._search.add_unit(index)
                del unit
            self._resize_virtual()
            self._set_top(layout.line_of_offset(anchor))

    @work(thread=True, exclusive=True, group="render")
    def _render_rest(self, layout: Layout, start: int) -> None:
        """Render every other unit in a worker thread, nearest to `start` first."""
        worker = get_current_worker()
        batch: list[tuple[int, RenderedUnit]] = []
        for index in layout.order_from(start):
            if worker.is_cancelled or layout is not self._layout:
                return
            unit = layout.document.units[index]
            text = layout.document.text(unit)
            batch.append((index, render_for_search(text, layout.style, leading_blank=index > 0)))
            if len(batch) >= 16:
                self.app.call_from_thread(self._accept, layout, batch)
                batch = []
        if not worker.is_cancelled:
            self.app.call_from_thread(self._accept, layout, batch)

    def _accept(self, layout: Layout, batch: list[tuple[int, RenderedUnit]]) -> None:
        """Take units rendered by the worker without moving the text on screen."""
        if layout is not self._layout:
            return
        top = round(self.scroll_y)
        first_visible, _ = layout.locate(top)
        shift = 0
        for index, unit in batch:
            delta = layout.accept(index, unit)
            if index < first_visible:
                shift += delta
            if self._search is not None:
                self._search.add_unit(index)
        self._resize_virtual()
        if shift:
            self._set_top(top + shift)
        self.refresh()
        if self._query is not None:
            self._post_search()

    # -- Textual hooks --------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._on_theme, init=False)
        # Read the pending offset when the call runs: `show` may come after mount.
        self.call_after_refresh(lambda: self._relayout(self._pending_offset, force=True))

    def _on_theme(self) -> None:
        self._relayout()

    def on_resize(self) -> None:
        self._relayout()

    def watch_reading_width(self) -> None:
        self._relayout()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._ensure_visible()
        self._post_position()

    def _post_position(self) -> None:
        self.post_message(
            self.PositionChanged(self, self.source_offset, self.percent, self.heading)
        )

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        style = self.rich_style
        layout = self._layout
        if layout is None:
            return Strip.blank(width, style)
        line = y + round(self.scroll_y)
        if line >= layout.height:
            return Strip.blank(width, style)
        index, within = layout.locate(line)
        unit = layout.rendered[index]
        if unit is None or within >= len(unit.lines):
            return Strip.blank(width, style)
        segments = unit.lines[within]
        if self._search is not None and self._query is not None:
            spans = self._search.spans(index, within)
            if spans:
                segments = self._highlight(segments, unit.texts[within], spans)
        if self._link is not None and self._link[0] == index:
            link = unit.links[self._link[1]]
            if link.line == within:
                focus = self.get_component_rich_style("article-view--link-focus")
                head, middle, tail = Segment.divide(segments, [link.start, link.end, 10**6])
                segments = [*head, *Segment.apply_style(middle, post_style=focus), *tail]
        margin = max(0, (width - layout.style.width) // 2)
        strip = Strip.join([Strip.blank(margin, style), Strip(segments)])
        return strip.apply_style(style).extend_cell_length(width, style).crop(0, width)

    def _highlight(
        self, segments: list[Segment], text: str, spans: list[tuple[int, int, bool]]
    ) -> list[Segment]:
        match_style = self.get_component_rich_style("article-view--match")
        current_style = self.get_component_rich_style("article-view--current-match")
        cuts = sorted({cell_len(text[:col]) for span in spans for col in span[:2]})
        pieces = list(Segment.divide(segments, [*cuts, cell_len(text) + 1]))
        positions = [0, *cuts]
        result: list[Segment] = []
        for start, piece in zip(positions, pieces, strict=False):
            extra = None
            for span_start, span_end, current in spans:
                if cell_len(text[:span_start]) <= start < cell_len(text[:span_end]):
                    extra = current_style if current else match_style
            result.extend(Segment.apply_style(piece, post_style=extra) if extra else piece)
        return result

    # -- actions --------------------------------------------------------------

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

    # -- links ----------------------------------------------------------------

    def _links(self) -> list[tuple[int, int, int]]:
        """(article line, unit, index) of every link rendered so far, in order."""
        layout = self._layout
        if layout is None:
            return []
        found = []
        for index, unit in enumerate(layout.rendered):
            if unit is not None:
                top = layout.tops[index]
                found += [(top + link.line, index, n) for n, link in enumerate(unit.links)]
        return found

    def action_link(self, step: int) -> None:
        """Focus the next (or previous) link, from the current one or the screen's top."""
        links = self._links()
        if not links:
            self.notify("No links here.")
            return
        keys = [(unit, number) for _, unit, number in links]
        if self._link in keys:
            target = (keys.index(self._link) + step) % len(links)
        else:
            top = round(self.scroll_y)
            below = [n for n, (line, _, _) in enumerate(links) if line >= top]
            target = below[0] if below and step > 0 else (below[0] - 1 if below else -1)
            target %= len(links)
        line, unit, number = links[target]
        self._link = (unit, number)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= line < self.scroll_y + height:
            self._set_top(max(0, line - height // 3))
        self.refresh()
        self.post_message(self.LinkFocused(self, self._link_url()))

    def _link_url(self) -> str | None:
        if self._link is None or self._layout is None:
            return None
        unit = self._layout.rendered[self._link[0]]
        return unit.links[self._link[1]].url if unit is not None else None

    def action_open_link(self) -> None:
        url = self._link_url()
        if url is not None:
            self.post_message(self.LinkSelected(self, url))

    def on_click(self, event: events.Click) -> None:
        if event.style.link:
            self.post_message(self.LinkSelected(self, event.style.link))

    def action_width(self, direction: int) -> None:
        if direction == 0:
            self.reading_width = DEFAULT_READING_WIDTH
        else:
            self.reading_width = max(MIN_READING_WIDTH, self.reading_width + direction * WIDTH_STEP)
