"""`OutlineDialog`: the article's headings, to jump to one (`t` in the reader)."""

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


class OutlineDialog(ModalScreen[int | None]):
    """Pick a heading; dismisses with its source offset, or None."""

    CSS_PATH = styles_dir() / "outline.tcss"
    BINDINGS = [
        Binding("escape,q,t", "dismiss(None)", "Close"),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, headings: list[Heading], current: Heading | None) -> None:
        super().__init__()
        self.headings = headings
        self.current = current

    def compose(self) -> ComposeResult:
        top = min((heading.level for heading in self.headings), default=1)
        options = [
            Option(Text("  " * (heading.level - top) + heading.title), id=str(index))
            for index, heading in enumerate(self.headings)
        ]
        outline = OptionList(*options, id="outline")
        outline.border_title = "Outline"
        outline.border_subtitle = "enter jump · esc close"
        yield outline

    def on_mount(self) -> None:
        outline = self.query_one(OptionList)
        if self.current in self.headings:
            outline.highlighted = self.headings.index(self.current)
        elif self.headings:
            outline.highlighted = 0

    def action_cursor(self, step: int) -> None:
        outline = self.query_one(OptionList)
        outline.action_cursor_down() if step > 0 else outline.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.headings[event.option_index].offset)
