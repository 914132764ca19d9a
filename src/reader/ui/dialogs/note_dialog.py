"""`NoteDialog`: a one-line note for a bookmark, new (`m`) or edited (`e`)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.resources import styles_dir


class NoteDialog(ModalScreen[str | None]):
    """Ask for a note; dismisses with the text (`enter`) or None (`Esc`)."""

    CSS_PATH = styles_dir() / "dialogs.tcss"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, where: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        self.where = where
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = self.title_text
            dialog.border_subtitle = "enter save · esc cancel"
            yield Label(Text(self.where), id="note-where")
            yield Input(self.note, placeholder="note", id="note-input")

    def on_mount(self) -> None:
        self.screen.set_focus(self.query_one(Input))

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())
