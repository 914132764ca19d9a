"""`ArticleView`: the body of one article, as a scrollable, centred column of text.

Screens talk to it only through `show`, `percent` and `PositionChanged`, so the
engine behind it can change (the reading-engine issue virtualises it further)
without any screen noticing. Lines are rendered once per width and theme with
Rich, then served one row at a time from `render_line`: scrolling never
re-renders, and only the rows on screen are composed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.widgets.markdown_theme import markdown_theme

DEFAULT_READING_WIDTH = 88


class ArticleView(ScrollView, can_focus=True):
    """A read-only view of one Markdown text."""

    BINDINGS = [
        Binding("j,down", "line_down", "Line down", show=False),
        Binding("k,up", "line_up", "Line up", show=False),
        Binding("space,f,pagedown", "page_down", "Page down"),
        Binding("b,pageup", "page_up", "Page up"),
        Binding("d", "half_page_down", "Half page down", show=False),
        Binding("u", "half_page_up", "Half page up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
    ]

    DEFAULT_CSS = """
    ArticleView {
        background: $background;
        scrollbar-gutter: stable;
    }
    """

    reading_width: reactive[int] = reactive(DEFAULT_READING_WIDTH)
    """The widest the text column may be, in cells."""

    @dataclass
    class PositionChanged(Message):
        """The reading position moved (scroll, resize or new text)."""

        view: ArticleView
        percent: float

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._source = ""
        self._lines: list[Strip] = []
        self._rendered_for: tuple[int, str] | None = None

    def show(self, markdown: str) -> None:
        """Replace the text (already cleaned of control characters) and go to the top."""
        self._source = markdown
        self._rendered_for = None
        self._lines = []
        self.scroll_to(y=0, animate=False)
        self._layout_lines()

    @property
    def percent(self) -> float:
        """How far through the text the bottom of the screen is, 0 to 100."""
        if self.max_scroll_y <= 0:
            return 100.0
        return min(100.0, 100.0 * self.scroll_y / self.max_scroll_y)

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def text_lines(self) -> list[str]:
        """The rendered rows as plain text (for tests and copy)."""
        return [strip.text.rstrip() for strip in self._lines]

    def _column_width(self) -> int:
        return max(10, min(self.reading_width, self.scrollable_content_region.width - 2))

    def _layout_lines(self) -> None:
        """Render the text to lines for the current width and theme, if not done yet."""
        if not self.is_mounted or self.size.width == 0:
            return
        width = self._column_width()
        key = (width, self.app.theme)
        if key == self._rendered_for:
            return
        fraction = self.scroll_y / self.max_scroll_y if self.max_scroll_y > 0 else 0.0
        console = Console(
            width=width,
            file=io.StringIO(),
            color_system="truecolor",
            force_terminal=True,
            theme=markdown_theme(self.app.theme_variables),
            legacy_windows=False,
        )
        code_theme = "monokai" if self.app.current_theme.dark else "default"
        markdown = Markdown(self._source, code_theme=code_theme, hyperlinks=False)
        rendered = console.render_lines(markdown, console.options, pad=False)
        self._lines = [Strip(Segment.simplify(line)) for line in rendered]
        self._rendered_for = key
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._lines))
        self.scroll_to(y=round(fraction * self.max_scroll_y), animate=False)
        self.refresh()
        self._post_position()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", lambda _: self._layout_lines(), init=False)

    def on_resize(self) -> None:
        self._layout_lines()

    def watch_reading_width(self) -> None:
        self._layout_lines()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._post_position()

    def _post_position(self) -> None:
        self.post_message(self.PositionChanged(self, self.percent))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        style = self.rich_style
        index = y + round(self.scroll_y)
        if index >= len(self._lines):
            return Strip.blank(width, style)
        margin = max(0, (width - self._column_width()) // 2)
        line = self._lines[index]
        strip = Strip.join([Strip.blank(margin, style), line])
        return strip.apply_style(style).extend_cell_length(width, style).crop(0, width)

    def _scroll_by(self, rows: int) -> None:
        self.scroll_to(y=self.scroll_y + rows, animate=False)

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
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)
