"""`ArticleLines`: the engine under `ArticleView`, a virtual list of rendered lines.

The text is split into units at block boundaries (`reader.reading.document`); the unit at
the reading position is rendered first, in the UI thread, so the first screen
costs one unit whatever the article's length; the units around it are rendered
by a worker thread (`ArticlePrepared`), nearest first, and dropped in as they
arrive without moving what the reader is looking at. `render_line` only composes the rows on screen.

The position is a source offset, never a row: a new width or theme re-renders
and puts the same sentence back at the top. Subclasses add features through
the hooks `_new_layout`, `_unit_rendered`, `_units_arrived` and `_decorate`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.library.markdown_blocks import Heading
from reader.reading.document import split
from reader.reading.line_map import LineMap
from reader.reading.render import RenderStyle
from reader.ui.widgets.markdown_theme import markdown_theme

DEFAULT_READING_WIDTH = 88


class ArticleLines(ScrollView, can_focus=True):
    """A read-only, virtualised, centred column of rendered Markdown."""

    DEFAULT_CSS = """
    ArticleLines {
        background: $background;
        scrollbar-gutter: stable;
    }
    """

    reading_width: reactive[int] = reactive(DEFAULT_READING_WIDTH)
    """The widest the text column may be, in cells."""

    @dataclass
    class PositionChanged(Message):
        """The reading position moved (scroll, resize, new text)."""

        view: ArticleLines
        offset: int
        percent: float
        heading: Heading | None

        def can_replace(self, message: Message) -> bool:
            """A later position of the same view makes this one stale: a burst of
            scrolling is handled once (toolong's scroll messages do the same)."""
            return isinstance(message, ArticleLines.PositionChanged) and message.view is self.view

    @dataclass
    class WidthChosen(Message):
        """The reader changed the width (`-`, `+`, `=`): the app saves it."""

        width: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document = split("")
        self._layout: LineMap | None = None
        self._pending_offset = 0
        self._layout_key: tuple[int, str] | None = None

    # -- public API ---------------------------------------------------------

    def show(self, markdown: str, offset: int = 0) -> None:
        """Show `markdown` (already cleaned of control characters) at source `offset`."""
        self.document = split(markdown)
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
        if bottom >= layout.height and layout.measured[-1]:
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

    # -- hooks for subclasses ---------------------------------------------------

    def _new_layout(self, layout: LineMap) -> None:
        """A new rendering (new text, width or theme) starts."""

    def _unit_rendered(self, index: int) -> None:
        """Unit `index` of the current layout was just rendered."""

    def _units_arrived(self) -> None:
        """A batch of units rendered by the worker was taken in."""

    def _prepare_around(self, index: int) -> None:
        """Render the units around unit `index` in the background (`ArticlePrepared`)."""

    def _follow_view(self) -> None:
        """The view moved (`ArticlePrepared` prepares around it when it moved far)."""

    def _decorate(self, index: int, line: int, segments: list[Segment]) -> list[Segment]:
        """Style line `line` of unit `index` before it is shown (highlights, focus)."""
        return segments

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
        self._layout = LineMap(self.document, style)
        self._new_layout(self._layout)
        self._scroll_to_offset(keep)
        self._ensure_visible()
        self.refresh()
        self._prepare_around(self.document.unit_at(keep))
        self._post_position()

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
        # The screen below too: the page-down that often follows a jump finds it ready.
        bottom = line + 2 * self.scrollable_content_region.height
        while index + 1 < len(layout.heights) and layout.tops[index + 1] < bottom:
            index += 1
            layout.render(index)
            self._unit_rendered(index)
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
        """Set the scrollable height to the layout's.

        Setting `virtual_size` lays the whole screen out again (it is a `layout`
        reactive): 5-10 ms, at every batch the worker hands over while keys come.
        When only the height changes and the text overflows before and after, no
        layout can change: the value and the scrollbar are updated alone."""
        assert self._layout is not None
        size = Size(self.scrollable_content_region.width, self._layout.height)
        old, view = self.virtual_size, self.size.height
        if size == old:
            return
        if size.width == old.width and min(size.height, old.height) > view > 0:
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

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
                layout.render(index)
                self._unit_rendered(index)
            self._resize_virtual()
            self._set_top(layout.line_of_offset(anchor))

    # -- Textual hooks --------------------------------------------------------

    def on_mount(self) -> None:
        # The width chosen last time, which the app keeps in the config.
        self.reading_width = getattr(self.app, "reading_width", self.reading_width)
        self.watch(self.app, "theme", self._on_theme, init=False)
        # Read the pending offset when the call runs: `show` may come after mount.
        self.call_after_refresh(self._first_layout)

    def _first_layout(self) -> None:
        """Lay the text out once the view has a size, unless `show` already did:
        a second, forced layout would throw away a jump made in between (`G`
        pressed as the article opened went back to the top)."""
        if self._layout is None:
            self._relayout(self._pending_offset, force=True)

    def _on_theme(self) -> None:
        self._relayout()

    def on_resize(self) -> None:
        self._relayout()

    def watch_reading_width(self) -> None:
        self._relayout()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._ensure_visible()
        self._follow_view()
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
        segments = self._decorate(index, within, unit.lines[within])
        margin = max(0, (width - layout.style.width) // 2)
        strip = Strip.join([Strip.blank(margin, style), Strip(segments)])
        return strip.apply_style(style).extend_cell_length(width, style).crop(0, width)
