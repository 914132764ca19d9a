"""`HelpScreen`: every key of the screen below, generated from its live bindings.

Nothing here is written by hand: the rows come from `Screen.active_bindings`
of the screen that was showing when help was asked for, so a new binding shows
up in help the moment it is added.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reader.resources import styles_dir


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for every active binding of `screen`, keys merged per action."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        _, keys = merged.setdefault(binding.action, (binding.description, []))
        display = screen.app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    return [(", ".join(keys), description) for description, keys in merged.values()]


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; any of `Esc`, `q`, `?` or `F1` closes it."""

    CSS_PATH = styles_dir() / "help.tcss"
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close help")]

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in self.rows:
            table.add_row(Text(keys), Text(description))
        with VerticalScroll(id="help-dialog") as dialog:
            dialog.border_title = f"Keys: {self.title_text}"
            dialog.border_subtitle = "Esc to close"
            yield Static(table, id="help-keys")
