"""The Textual application and `make_app`, the one factory the CLI and tests use.

The app owns the state store (opened from the data dir) and the library's
search index, and hands them to the screens. The index is brought up to date by
a worker thread at start; nothing waits for it. On SIGTERM or SIGHUP (the
terminal went away) the app saves the reading position before it exits, so a
killed session loses nothing.

The settings come from the config file (`reader.config`): its keys go into
Textual's keymap (every rebindable binding has an id `GROUP.ACTION`), and its
theme and reading width apply at start. A theme chosen in the palette and a
width set with `-`/`+`/`=` are written back at once; a config that cannot be
written (not valid TOML) is left alone and the user is told.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sqlite3
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App
from textual.binding import Binding
from textual.theme import Theme
from textual.worker import get_current_worker

from reader import paths
from reader.config import MAX_WIDTH, Config, ConfigWriteError, load_config, save_setting
from reader.library.loader import Problem
from reader.library.model import Library
from reader.reading.render import RenderStyle, warm_up
from reader.resources import styles_dir
from reader.search.index import LibraryIndex, index_file
from reader.state.store import Store
from reader.ui.full_load import Completion, PendingLoad
from reader.ui.memory import give_back_memory
from reader.ui.messages import OpenArticle
from reader.ui.palette import ArticleCommands
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.help_screen import HelpScreen, key_rows
from reader.ui.widgets.article_lines import DEFAULT_READING_WIDTH, ArticleLines
from reader.ui.widgets.markdown_theme import markdown_theme

if TYPE_CHECKING:
    from reader.ui.screens.read_screen import ReadScreen

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
#: Seconds a thread may hold the interpreter lock while another waits for it.
SWITCH_INTERVAL = 0.001
#: Seconds a clean exit may take after a stop signal before the process just ends.
EXIT_GRACE = 2.0


class ReaderApp(App[None]):
    """Browse a library and read its articles."""

    TITLE = "reader"
    # browse.tcss too: Textual loads a screen's CSS_PATH when the screen is pushed,
    # not for the default screen (`App._init_mode` skips `_load_screen_css` there).
    CSS_PATH = [styles_dir() / "base.tcss", styles_dir() / "browse.tcss"]
    COMMANDS = App.COMMANDS | {ArticleCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        library: Library,
        data_dir: Path,
        problems: Sequence[Problem] = (),
        index: LibraryIndex | None = None,
        config: Config | None = None,
        complete: Completion | None = None,
    ) -> None:
        super().__init__()
        self._pending = (  # the whole library's load, when `library` is its outline
            PendingLoad(complete, self._loaded, self._stop_on_signal, self.post_message)
            if complete
            else None
        )
        self.config = config if config is not None else load_config(paths.config_file(None))
        settings = self.config.settings
        #: The reading width and link confirmation in force (`ArticleLines`, `ReadScreen`).
        self.reading_width = settings.width
        self.confirm_links = settings.confirm_links
        self._unsaved: set[str] = set()
        self.library = library
        self.data_dir = data_dir
        self.problems = list(problems)
        #: Queries typed in any article's search bar this session (`up` recalls them).
        self.search_history: list[str] = []
        self.sub_title = library.title
        self.store, self.store_notices = Store.open(data_dir)
        if index is None:
            index = LibraryIndex.open(index_file(paths.cache_dir(), library.path))
        self.index = index

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The reader's own theme variables; a theme may set them (`variables=`)."""
        # Amber at 35%: blended over any theme's background, light or dark.
        return {"reader-highlight-background": "#f0b400 35%"}

    def get_default_screen(self) -> BrowseScreen:
        """The browse screen is the bottom of the stack: `q` from reading lands there."""
        self.browse = BrowseScreen(self.library, self.store, self.index)
        return self.browse

    def on_mount(self) -> None:
        # Workers fold and render in Python threads; a key waits for the interpreter
        # lock at most this long (5 ms by default, and the input thread, then the
        # UI thread, each wait their turn).
        sys.setswitchinterval(SWITCH_INTERVAL)
        self.set_keymap(self.config.settings.keymap())
        self.theme = self.config.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_chosen)
        # After the first frame: the worker holds the GIL while it folds text, and the
        # tree should be on screen before that. An outline is fully loaded first.
        if self._pending is not None:
            self.browse.after_painted(self._pending.run)
        else:
            self.call_after_refresh(self._update_index)
            self.call_after_refresh(self._warm_up)
        for notice in self.store_notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.store.connect(self._store_problem)
        self._config_problems()
        if self._pending is None:
            self._library_problems()
        loop = asyncio.get_running_loop()
        for number in STOP_SIGNALS:
            loop.add_signal_handler(number, self._stop_on_signal, number)

    #: When the reader last pressed a key or clicked or scrolled: background work
    #: (`ArticlePrepared`) waits for a pause in typing too, not only in scrolling.
    input_at = 0.0

    async def on_event(self, event: events.Event) -> None:
        """Note when the reader last did something (`input_at`); a key or click before
        the full load waits for it (see `PendingLoad`)."""
        if isinstance(
            event, events.Key | events.MouseDown | events.MouseScrollDown | events.MouseScrollUp
        ):
            self.input_at = time.monotonic()
        if self._pending is None or not self._pending.holds(event, lambda: self.browse.painted):
            await super().on_event(event)

    def _loaded(self, loaded: Library, problems: Sequence[Problem]) -> None:
        """The whole library in place of the outline (every screen holds this one)."""
        shown = self.library
        shown.root, shown.articles, shown.sections = loaded.root, loaded.articles, loaded.sections
        shown.stamp = loaded.stamp
        self.problems = list(problems)
        self.browse.library_loaded()
        self._update_index()
        self._warm_up()
        self._library_problems()

    def _library_problems(self) -> None:
        if self.problems:
            count = len(self.problems)
            first = self.problems[0]
            self.notify(
                f"{first}\nRun `{check_command(self.library)}` for the full list.",
                title=f"{count} problem{'s' * (count != 1)} in the library",
                severity="warning",
                timeout=10,
                markup=False,  # paths and values from the files: brackets are text
            )

    def _config_problems(self) -> None:
        problems = self.config.problems
        if problems:
            lines = "\n".join(str(problem) for problem in problems[:3])
            self.notify(
                f"{lines}\nDefaults are used for these; `reader config check` lists them all.",
                title=f"{len(problems)} problem{'s' * (len(problems) != 1)} in the settings",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _theme_chosen(self, theme: Theme) -> None:
        if theme.name != self.config.settings.theme:
            self._save_setting("theme", theme.name)

    @on(ArticleLines.WidthChosen)
    def _width_chosen(self, event: ArticleLines.WidthChosen) -> None:
        self.reading_width = event.width
        self._save_setting("width", min(event.width, MAX_WIDTH))

    def _save_setting(self, name: str, value: Any) -> None:
        """Write one setting back to the config file at once, or say why it was not."""
        self.config.settings = replace(self.config.settings, **{name: value})
        try:
            save_setting(self.config.path, (name,), value)
        except ConfigWriteError as error:
            if str(error) not in self._unsaved:  # once, not at every `+`
                self._unsaved.add(str(error))
                self.notify(str(error), title="Settings not saved", severity="error", markup=False)

    def _store_problem(self, message: str) -> None:
        """A save or read of the state failed: say so, from whichever thread met it."""
        if threading.get_ident() == self._thread_id:
            self.notify(message, severity="error", markup=False)
        else:
            self.call_from_thread(self.notify, message, severity="error", markup=False)

    def on_unmount(self) -> None:
        self.index.interrupt()  # an index check under way must not hold the exit
        loop = asyncio.get_running_loop()
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)

    def _save_reading(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, _read_screen()):
                screen.save_position()

    async def action_quit(self) -> None:
        """Quit (`q` in the tree, `ctrl+q` anywhere), saving the reading position first."""
        self._save_reading()
        self.exit()

    def _stop_on_signal(self, number: int) -> None:
        """Save the reading position, then exit as if the user had quit.

        After SIGHUP the terminal is gone, and Textual's shutdown can block for
        ever writing to it (its writer thread never drains); the state is saved
        by then, so a watchdog ends the process if the clean exit has not.
        """
        self._save_reading()
        watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(128 + number,))
        watchdog.daemon = True
        watchdog.start()
        self.exit()

    @work(thread=True, group="warm-up", description="load what rendering needs")
    def _warm_up(self) -> None:
        """Load Rich's and Pygments' lexers and styles while the reader is in the tree:
        the first page-downs of the first article must not pay for them."""
        style = RenderStyle(DEFAULT_READING_WIDTH, markdown_theme(self.theme_variables), "monokai")
        warm_up(style)

    @work(thread=True, exclusive=True, group="index")
    def _update_index(self) -> None:
        """Index what changed since the last run (the UI never waits for this)."""
        worker = get_current_worker()
        try:
            self.index.update(self.library, cancelled=lambda: worker.is_cancelled)
            if self.library.stamp is not None and self.index.ready:
                # `reader search` in a shell can now answer from the index alone.
                self.index.remember_shown(self.library, self.library.stamp)
        except (sqlite3.Error, OSError) as error:  # rebuilt once already: say so, go on
            message = f"The search index could not be built: {error}"
            self.call_from_thread(self.notify, message, severity="error", markup=False)
        give_back_memory()  # what reading and folding the changed articles took

    @on(OpenArticle)
    def visit(self, message: OpenArticle) -> None:
        """Read the article asked for, whoever asked: the one navigator.

        Whatever is above the reading screen (bookmarks, search, a dialog) goes; the
        open reading screen shows the article, or a new one is pushed on the tree,
        so the stack is always the browse screen and at most one reader.
        """
        article = self.library.articles.get(message.article_id)
        if article is None and (section := self.library.sections.get(message.article_id)):
            article = section.index
        if article is None:
            self.notify(f"Not in the library: {message.article_id}", markup=False)
            return
        ReadScreen = _read_screen()
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ReadScreen):
            self.pop_screen()
        if isinstance(self.screen, ReadScreen):
            self.screen.open(article, message.place, message.query)
        else:
            reader = ReadScreen(
                self.library,
                article,
                self.store,
                place=message.place,
                query=message.query,
                history=self.search_history,
            )
            self.push_screen(reader, self.browse.returned)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        title = type(self.screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title, key_rows(self.screen)))


def _read_screen() -> type[ReadScreen]:
    from reader.ui.screens.read_screen import ReadScreen  # not for the first paint: 50 ms

    return ReadScreen


def check_command(library: Library) -> str:
    """The command that lists every problem of `library` (not the bundled one's)."""
    return f"reader --library {shlex.quote(str(library.path))} check"


def make_app(
    library: Library,
    data_dir: Path,
    *,
    problems: Sequence[Problem] = (),
    index: LibraryIndex | None = None,
    config: Config | None = None,
    complete: Completion | None = None,
) -> ReaderApp:
    """Build the app for `library`, keeping state under `data_dir`.

    `index` is the library's search index (the CLI opens it first, to load the
    library through its head cache); by default it is opened in the cache dir.
    `config` is the settings file read; by default `paths.config_file(None)`.
    With `complete`, `library` is only an outline painted first
    (`reader.library.outline`), and `complete()` loads the whole library right
    after the first frame.
    """
    return ReaderApp(library, data_dir, problems, index, config, complete)
