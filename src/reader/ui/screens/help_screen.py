"""`HelpScreen`: every key of the screen below, generated from its live bindings.

The keys are not written by hand: the rows come from `Screen.active_bindings`
of the screen that was showing when help was asked for, so a new binding shows
up in help the moment it is added. Textual's generic bindings (focus moves,
sideways paging, a text field's editing keys) are left out: they are the same
everywhere and buried the keys that matter. What is not a binding of the screen
(a query's syntax, the search bar's keys) a screen lists in `HELP_NOTES`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from reader.resources import styles_dir

#: Textual's own actions that every screen has: not worth a row.
GENERIC_ACTIONS = frozenset(
    {"focus_next", "focus_previous", "page_left", "page_right", "scroll_left", "scroll_right"}
)


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, description) for every active binding of `screen`, keys merged per action,
    then the screen's `HELP_NOTES`."""
    merged: dict[str, tuple[str, list[str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        action = binding.action.rpartition(".")[2]  # `app.focus_next` too
        generic = action in GENERIC_ACTIONS or isinstance(active.node, Input)
        if not binding.description or generic:
            continue
        _, keys = merged.setdefault(binding.action, (binding.description, []))
        display = screen.app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    rows = [(", ".join(keys), description) for description, keys in merged.values()]
    notes: list[tuple[str, str]] = getattr(screen, "HELP_NOTES", [])
    return [*rows, ("", ""), *notes] if notes else rows


class HelpScreen(ModalScreen[None]):
    """A modal table of keys; any of `Esc`, `q`, `?` or `F1` closes it, and the reading
    keys (`j`/`k`, `g`/`G`, arrows, pages) scroll it."""

    CSS_PATH = styles_dir() / "help.tcss"
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False),
        Binding("k,up", "scroll('up')", "Scroll up", show=False),
        Binding("g,home", "scroll('home')", "Top", show=False),
        Binding("G,end", "scroll('end')", "Bottom", show=False),
        Binding("space,pagedown", "scroll('page_down')", "Page down", show=False),
        Binding("b,pageup", "scroll('page_up')", "Page up", show=False),
    ]

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
        with VerticalScroll(id="help-dialog", can_focus=False) as dialog:
            dialog.border_title = f"Keys: {self.title_text}"
            dialog.border_subtitle = "Esc to close"
            yield Static(table, id="help-keys")

    def action_scroll(self, where: str) -> None:
        dialog = self.query_one("#help-dialog", VerticalScroll)
        getattr(dialog, f"scroll_{where}")(animate=False)
