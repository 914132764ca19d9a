"""The Textual application and `make_app`, the one factory the CLI and tests use.

The app owns the state store (opened from the data dir) and hands it to the
screens. On SIGTERM or SIGHUP (the terminal went away) it saves the reading
position before it exits, so a killed session loses nothing.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Sequence
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from reader.loader import Problem
from reader.model import Library
from reader.resources import styles_dir
from reader.screens.browse_screen import BrowseScreen
from reader.screens.help_screen import HelpScreen, key_rows
from reader.screens.read_screen import ReadScreen
from reader.store import Store

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


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
        self.store, self.store_notices = Store.open(data_dir)

    def on_mount(self) -> None:
        self.push_screen(BrowseScreen(self.library, self.store, history=self.search_history))
        for notice in self.store_notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
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
        loop = asyncio.get_running_loop()
        for number in STOP_SIGNALS:
            loop.add_signal_handler(number, self._stop_on_signal)

    def on_unmount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)

    def _stop_on_signal(self) -> None:
        """Save the reading position, then exit as if the user had quit."""
        for screen in self.screen_stack:
            if isinstance(screen, ReadScreen):
                screen.save_position()
        self.exit()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title, key_rows(self.screen)))


def make_app(library: Library, data_dir: Path, *, problems: Sequence[Problem] = ()) -> ReaderApp:
    """Build the app for `library`, keeping state under `data_dir`."""
    return ReaderApp(library, data_dir, problems)
