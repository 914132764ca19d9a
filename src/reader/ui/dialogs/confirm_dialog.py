"""`ConfirmDialog`: a yes/no question, such as opening a link outside the library."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from reader.resources import styles_dir


class ConfirmDialog(ModalScreen[bool]):
    """Ask `question` about `detail`; `y`/`enter` dismisses True, `n`/`Esc` False."""

    CSS_PATH = styles_dir() / "dialogs.tcss"
    BINDINGS = [
        Binding("y,enter", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    ]

    def __init__(self, question: str, detail: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog") as dialog:
            dialog.border_title = self.question
            dialog.border_subtitle = "y/enter yes · n/esc no"
            yield Label(Text(self.detail), id="confirm-detail")
