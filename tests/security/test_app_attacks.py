"""The app against hostile text: Rich markup everywhere, a pattern that backtracks.

Issue 14, items 2 and 7. Titles, authors, notes, file names and queries holding
`[/x]` (a closing tag with no opening one: a MarkupError) and
`[@click=app.quit]` (an action) are shown as text on every screen; a regular
expression that would backtrack for minutes is given up with "pattern too slow"
while the app keeps answering keys.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label

from reader.library.loader import load_library
from reader.state.store import Position, Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.messages import OpenArticle
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.screens.search_screen import SearchScreen
from tests.helpers import SIZE, screen_text, wait_until

EVIL = "[/x] [@click=app.quit]Q[/] [bold]B"
FILES = {
    "_index.md": f"---\ntitle: 'Lib {EVIL}'\n---\n\nIntro {EVIL}.\n",
    "evil.md": f"---\ntitle: 'A {EVIL}\u202e\u2066'\nauthor: 'Ann {EVIL}'\nsummary: 'Sum {EVIL}'\n"
    f"tags: ['t{EVIL}']\n---\n\n# Heading {EVIL}\n\nBody text {EVIL} here.\n",
    "[a=b=c]x.md": "Plain body of the bracketed file.\n",
    "[@click=app.quit].md": "Another bracketed name.\n",
}


def make(root: Path, data: Path) -> ReaderApp:
    library, _ = load_library(root)
    store, _ = Store.open(data)
    with store:
        evil = library.articles["evil"]
        store.add_bookmark(root, "evil", evil.title, Position(5, 10.0, EVIL, EVIL), f"n {EVIL}")
        store.add_bookmark(root, "gone/[a=b=c]x", "[a=b=c]x", Position(0, 0.0), EVIL)
    return make_app(library, data)


async def open_evil(pilot: Pilot[None]) -> ReadScreen:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    app.post_message(OpenArticle("evil"))
    await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
    screen = app.screen
    assert isinstance(screen, ReadScreen)
    return screen


async def test_markup_in_every_text_is_shown_as_text_on_every_screen(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = make(make_library(FILES), tmp_path / "data")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        # The tree, the preview and the header (app title) of the browse screen.
        await wait_until(pilot, lambda: "A [/x]" in screen_text(app), "the tree")
        await pilot.press("j", "j")
        await wait_until(pilot, lambda: "Sum [/x]" in screen_text(app), "the preview")
        # The command palette: its discovery list, then a fuzzy search.
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"A [")
        await wait_until(pilot, lambda: "[@click=app.quit]Q" in screen_text(app), "palette hits")
        await pilot.press("escape")
        # Library search results, with a query full of markup.
        await wait_until(pilot, lambda: app.index.ready, "the index")
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"[/x] here", "enter")
        await wait_until(pilot, lambda: "Body text [/x]" in screen_text(app), "a result")
        await pilot.press("escape")
        # The reading screen: header, body, status line, and the search bar's error.
        screen = await open_evil(pilot)
        await wait_until(pilot, lambda: "Heading [/x]" in screen_text(app), "the body")
        assert "Ann [/x] [@click=app.quit]Q[/] [bold]B" in screen_text(app)
        await pilot.press("slash", "ctrl+r", *"(?P=[/red])")
        counter = screen.query_one("#search-counter", Label)
        await wait_until(pilot, lambda: "invalid" in str(counter.render()), "the regex error")
        await pilot.press("escape")
        # Bookmarks: titles, notes, headings, a missing article, and its re-attach toast.
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks")
        await wait_until(pilot, lambda: "n [/x]" in screen_text(app), "the note")
        await pilot.press("home", "r")
        await wait_until(pilot, lambda: "Re-attached to [a=b=c]x" in screen_text(app), "toast")
        assert app.is_running and app.return_code is None  # no action fired, no crash
        assert "\u202e" not in screen_text(app) and "\u2066" not in screen_text(app)


def backtracking_library(make_library: Callable[..., Path]) -> Path:
    lines = "\n".join("x" * 90 for _ in range(40))
    body = "\n\n".join(lines for _ in range(10))
    return make_library({"slow.md": f"# Slow\n\n{body}\n", "other.md": "# Other\n"})


async def test_a_pattern_that_backtracks_is_given_up_and_keys_still_work(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    library, _ = load_library(backtracking_library(make_library))
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(OpenArticle("slow"))
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
        screen = app.screen
        assert isinstance(screen, ReadScreen)
        await wait_until(pilot, lambda: screen.view.rendered_complete, "the rendering")
        await pilot.press("slash", "ctrl+r")
        field = screen.query_one("#search-input", Input)
        started = time.monotonic()
        field.value = r"(.*)(.*)(.*)(.*)(.*)x\1"
        counter = screen.query_one("#search-counter", Label)
        await wait_until(pilot, lambda: "too slow" in str(counter.render()), "too slow")
        assert time.monotonic() - started < 5
        await pilot.press("escape")  # the bar answers at once: the search is dropped
        await wait_until(pilot, lambda: not field.has_focus, "the bar to close")
        await pilot.press("q")
        await wait_until(pilot, lambda: not isinstance(app.screen, ReadScreen), "going back")
