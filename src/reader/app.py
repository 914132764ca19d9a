"""The Textual application and `make_app`, the one factory the CLI and tests use."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from reader.loader import Problem
from reader.model import Library
from reader.resources import styles_dir
from reader.screens.browse_screen import BrowseScreen
from reader.screens.help_screen import HelpScreen, key_rows


class ReaderApp(App[None]):
    """Browse a library and read its articles."""

    TITLE = "reader"
    CSS_PATH = styles_dir() / "base.tcss"
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(self, library: Library, data_dir: Path, problems: Sequence[Problem] = ()) -> None:
        super().__init__()
        self.library = library
        self.data_dir = data_dir
        self.problems = list(problems)
        #: Queries typed in any article's search bar this session (`up` recalls them).
        self.search_history: list[str] = []
        self.sub_title = library.title

    def on_mount(self) -> None:
        self.push_screen(BrowseScreen(self.library, history=self.search_history))
        if self.problems:
            count = len(self.problems)
            first = self.problems[0]
            self.notify(
                f"{first}\nRun `reader check` for the full list.",
                title=f"{count} problem{'s' * (count != 1)} in the library",
                severity="warning",
                timeout=10,
                markup=False,  # paths and values from the files: brackets are text
            )

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title, key_rows(self.screen)))


def make_app(library: Library, data_dir: Path, *, problems: Sequence[Problem] = ()) -> ReaderApp:
    """Build the app for `library`, keeping state under `data_dir`."""
    return ReaderApp(library, data_dir, problems)
