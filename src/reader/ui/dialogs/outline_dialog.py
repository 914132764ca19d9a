"""`OutlineDialog`: the article's headings, to jump to one (`t` in the reader).

The article's highlights are listed too, each under its heading (a quote of
its text and its note), so that `enter` jumps to a highlight as well.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.library.markdown_blocks import Heading
from reader.resources import styles_dir
from reader.state.highlights import Highlight

#: Characters of a highlight's text shown in the outline.
QUOTE_WIDTH = 50


class OutlineDialog(ModalScreen[int | None]):
    """Pick a heading; dismisses with its source offset, or None."""

    CSS_PATH = styles_dir() / "outline.tcss"
    BINDINGS = [
        Binding("escape,q,t", "dismiss(None)", "Close"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        headings: list[Heading],
        current: Heading | None,
        highlights: list[Highlight] | None = None,
    ) -> None:
        super().__init__()
        self.headings = headings
        self.current = current
        self.highlights = sorted(highlights or [], key=lambda h: h.start)
        #: The offset each option jumps to, by option index.
        self.offsets: list[int] = []
        self._heading_rows: list[int] = []

    def compose(self) -> ComposeResult:
        top = min((heading.level for heading in self.headings), default=1)
        options: list[Option] = []
        marks = list(self.highlights)
        depth = 0
        for heading in [*self.headings, None]:
            while marks and (heading is None or marks[0].start < heading.offset):
                mark = marks.pop(0)
                options.append(Option(self._quote(mark, depth)))
                self.offsets.append(mark.start)
            if heading is not None:
                depth = heading.level - top + 1
                self._heading_rows.append(len(options))
                options.append(Option(Text("  " * (depth - 1) + heading.title)))
                self.offsets.append(heading.offset)
        outline = OptionList(*options, id="outline")
        outline.border_title = "Outline"
        outline.border_subtitle = "enter jump · esc close"
        yield outline

    def on_mount(self) -> None:
        outline = self.query_one(OptionList)
        if self.current in self.headings:
            outline.highlighted = self._heading_rows[self.headings.index(self.current)]
        elif self.offsets:
            outline.highlighted = 0

    def action_cursor(self, step: int) -> None:
        outline = self.query_one(OptionList)
        outline.action_cursor_down() if step > 0 else outline.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.offsets[event.option_index])

    @staticmethod
    def _quote(highlight: Highlight, depth: int) -> Text:
        """A highlight's row: a marker, the start of its text, and its note."""
        words = " ".join(highlight.exact.split())
        if len(words) > QUOTE_WIDTH:
            words = words[: QUOTE_WIDTH - 1] + "…"
        text = Text("  " * depth + "▍ ", style="bold")
        text.append(f"“{words}”", style="italic")
        if highlight.note:
            text.append(f"  {' '.join(highlight.note.split())}", style="dim")
        return text
