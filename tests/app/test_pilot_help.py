"""HelpScreen: `?` and F1 list the keys of the screen below, from its live bindings."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Static

from reader.ui.app import ReaderApp
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.library_tree import LibraryTree
from tests.helpers import SIZE, screen_lines, wait_until, widget_text


def _help_text(help_screen: HelpScreen) -> str:
    """The whole table of keys as text (the dialog may scroll, so not only what fits)."""
    console = Console(width=80, file=io.StringIO())
    with console.capture() as capture:
        console.print(help_screen.query_one("#help-keys", Static).content)
    return capture.get()


def _descriptions(help_screen: HelpScreen) -> set[str]:
    return {description for _, description in help_screen.rows}


def _assert_listed(help_screen: HelpScreen, bindings: list[Binding]) -> None:
    """Every key of `bindings` is in some row (keys of one action share a row)."""
    listed = {key for keys, _ in help_screen.rows for key in keys.split(", ")}
    for binding in bindings:
        for key in binding.key.split(","):
            assert help_screen.app.get_key_display(Binding(key, "")) in listed, key


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_on_browse(reader_app: Callable[[], ReaderApp], key: str) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        descriptions = _descriptions(help_screen)
        # Every key of the tree and the browse screen is listed.
        _assert_listed(help_screen, [*LibraryTree.BINDINGS, *BrowseScreen.BINDINGS])  # type: ignore[list-item]
        assert {"Open", "Quit", "Expand/open", "Collapse/parent", "First", "Last"} <= descriptions
        assert "Next article" not in descriptions
        shown = widget_text(help_screen.query_one("#help-keys", Static))  # on screen
        assert "Expand/open" in shown
        assert "Collapse/parent" in shown
        keys_of = {description: set(keys.split(", ")) for keys, description in help_screen.rows}
        assert keys_of["Expand/open"] == {"l", "→"}
        assert keys_of["Collapse/parent"] == {"h", "←"}

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_on_read(reader_app: Callable[[], ReaderApp], key: str) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l", "j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        await pilot.press(key)
        await pilot.pause()
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        descriptions = _descriptions(help_screen)
        _assert_listed(help_screen, [*ReadScreen.BINDINGS, *ArticleView.BINDINGS])  # type: ignore[list-item]
        assert {"Back", "Next article", "Previous article", "Page down", "Bottom"} <= descriptions
        assert "Expand/open" not in descriptions
        shown = _help_text(help_screen)
        assert "Next article" in shown
        assert "Previous article" in shown

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        await pilot.press("J")  # the read screen still has the keys
        await pilot.pause()
        assert app.screen.article.title == "Second essay"


def _footer(app: ReaderApp) -> str:
    return screen_lines(app)[-1]


async def test_the_footer_keeps_help_at_80_columns_reading_and_60_in_the_tree(
    reader_app: Callable[[], ReaderApp],
) -> None:
    app = reader_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await wait_until(pilot, lambda: "Quit" in _footer(app), "the tree's footer")
        assert "? Help" in _footer(app)
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "Quit" in _footer(app), "the tree's footer")
        await pilot.press("l", "j", "enter")
        await wait_until(pilot, lambda: "Outline" in _footer(app), "the reader's footer")
        assert "? Help" in _footer(app)


async def test_help_stays_in_the_key_bar_at_60_columns_reading_and_a_click_presses_it(
    reader_app: Callable[[], ReaderApp],
) -> None:
    """The key bar leaves out keys from the right when narrow, never help (Textual's
    Footer cut `? Help` off on the read screen at 60 columns)."""
    app = reader_app()
    async with app.run_test(size=(60, 24)) as pilot:
        await wait_until(pilot, lambda: "Quit" in _footer(app), "the tree's footer")
        await pilot.press("l", "j", "enter")
        await wait_until(pilot, lambda: "Outline" in _footer(app), "the reader's footer")
        footer = _footer(app)
        assert "? Help" in footer
        await pilot.click(KeyBar, offset=(footer.index("? Help") + 1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help, clicked")


async def _help_at(app: ReaderApp, pilot: Pilot[None], keys: tuple[str, ...]) -> HelpScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
    await pilot.press(*keys)
    await pilot.pause()
    await pilot.press("f1")
    await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    assert isinstance(app.screen, HelpScreen)
    return app.screen


async def test_reading_keys_scroll_help_down_to_its_last_line_at_35_rows(
    reader_app: Callable[[], ReaderApp],
) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 35)) as pilot:
        help_screen = await _help_at(app, pilot, ("l", "j", "enter"))
        dialog = help_screen.query_one("#help-dialog")
        _, last_description = help_screen.rows[-1]
        assert dialog.max_scroll_y > 0, "the keys of reading fill more than 35 rows"
        for key, top in (("G", dialog.max_scroll_y), ("g", 0), ("j", 1), ("k", 0)):
            await pilot.press(key)
            await wait_until(pilot, partial(lambda y: dialog.scroll_y == y, top), f"{key} scrolls")
        await pilot.press("G")
        await wait_until(
            pilot, lambda: last_description in widget_text(dialog), "the last row on screen"
        )
        assert isinstance(app.screen, HelpScreen)


async def test_search_help_lists_the_query_syntax_not_generic_keys(
    reader_app: Callable[[], ReaderApp],
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        help_screen = await _help_at(app, pilot, ("slash",))
        text = _help_text(help_screen)
        for syntax in ('"a phrase"', "-word", "author:", "title:"):
            assert syntax in text
        for generic in ("Focus Next", "Page Left", "Move cursor left", "Delete character"):
            assert generic not in text


async def test_bookmarks_help_has_no_generic_keys(reader_app: Callable[[], ReaderApp]) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        help_screen = await _help_at(app, pilot, ("B",))
        text = _help_text(help_screen)
        assert "Edit note" in text and "Undo delete" in text
        for generic in ("Focus Next", "Page Left", "Scroll Left"):
            assert generic not in text


async def test_read_help_lists_the_search_bar_keys(reader_app: Callable[[], ReaderApp]) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        help_screen = await _help_at(app, pilot, ("l", "j", "enter"))
        text = _help_text(help_screen)
        assert "^r" in text and "regular expression" in text
        assert "earlier / later queries" in text
