"""`SearchBar`: the `/` prompt at the bottom of the reading screen.

It only edits the query and reports it; the screen runs the search in the
article and hands back the counter. `up`/`down` walk this session's earlier
queries, `ctrl+r` toggles regular expressions, `Esc` cancels, `enter` keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Label


class SearchBar(Horizontal):
    """A one-line search prompt with a match counter."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel search", id="search.cancel"),
        Binding("ctrl+r", "toggle_regex", "Regex on/off", id="search.regex"),
        Binding("up", "history(-1)", "Earlier query", show=False, id="search.earlier_query"),
        Binding("down", "history(1)", "Later query", show=False, id="search.later_query"),
    ]

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        display: none;
        &.-open { display: block; }
        & > #search-prompt { width: auto; padding: 0 1; }
        & > Input, & > Input:focus { width: 1fr; height: 1; border: none; padding: 0; }
        & > #search-counter { width: auto; padding: 0 1; }
    }
    """

    regex: reactive[bool] = reactive(False)
    is_open: reactive[bool] = reactive(False)

    @dataclass
    class Changed(Message):
        """The query (or the regex switch) changed."""

        bar: SearchBar
        text: str
        regex: bool

        def can_replace(self, message: Message) -> bool:
            """Keys typed faster than the search runs are searched once, for the last
            text: a pasted or quickly typed word costs one search, not one per letter."""
            return isinstance(message, SearchBar.Changed) and message.bar is self.bar

    @dataclass
    class Submitted(Message):
        """`enter`: keep the matches, back to reading."""

        bar: SearchBar
        text: str

    @dataclass
    class Cancelled(Message):
        """`Esc`: drop the search and return to where reading was."""

        bar: SearchBar

    def __init__(self, history: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.history = history
        self._history_index = len(history)

    def compose(self) -> ComposeResult:
        yield Label("/", id="search-prompt")
        yield Input(placeholder="search", id="search-input", select_on_focus=False)
        yield Label(id="search-counter")

    def open(self) -> None:
        self.is_open = True
        field = self.query_one(Input)
        field.value = ""
        self._history_index = len(self.history)
        self.set_counter("")
        # Focus now, not via `focus()` (which defers with call_later): keys typed
        # right after `/` are already queued and would go to the article.
        self.screen.set_focus(field)

    def close(self) -> None:
        self.is_open = False

    def watch_is_open(self, is_open: bool) -> None:
        self.set_class(is_open, "-open")

    def watch_regex(self, regex: bool) -> None:
        self.query_one("#search-prompt", Label).update("re/" if regex else "/")

    def set_counter(self, text: str, *, error: bool = False) -> None:
        counter = self.query_one("#search-counter", Label)
        counter.update(Text(text))  # an error can quote the query: never markup
        counter.set_class(error, "-error")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == event.input.value:  # else a newer change follows: search that one
            self.post_message(self.Changed(self, event.value, self.regex))

    @property
    def value(self) -> str:
        """The query as typed so far."""
        return self.query_one(Input).value

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, self.submit()))

    def submit(self) -> str:
        """Keep the query in the history; return it (the screen closes the bar)."""
        text = self.query_one(Input).value
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
        return text

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled(self))

    def action_toggle_regex(self) -> None:
        self.regex = not self.regex
        self.post_message(self.Changed(self, self.query_one(Input).value, self.regex))

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._history_index = max(0, min(len(self.history), self._history_index + step))
        field = self.query_one(Input)
        field.value = (
            self.history[self._history_index] if self._history_index < len(self.history) else ""
        )
        field.cursor_position = len(field.value)
