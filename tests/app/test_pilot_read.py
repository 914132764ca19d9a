"""Opening articles from the tree, reading them, stepping with J/K and coming back."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Label, Static

from reader.library.model import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.library_tree import LibraryTree
from tests.helpers import SIZE, widget_text


def _view(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


def _header(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one("#article-header", Static))


def _percent(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one("#status-percent", Label)).strip()


async def _settle(pilot: Pilot[None]) -> None:
    """Let the view finish rendering (it may render off-screen parts in a worker)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open_first_essay(pilot: Pilot[None]) -> None:
    """From a fresh browse screen: open Essays, go to its first article, press enter."""
    await pilot.pause()
    await pilot.press("l", "j", "enter")
    await _settle(pilot)
    assert isinstance(pilot.app.screen, ReadScreen)


def _number(percent: str) -> int:
    return int(percent.rstrip("%"))


async def test_enter_opens_the_article(reader_app: Callable[[], ReaderApp]) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_first_essay(pilot)
        assert "First essay" in _header(app)
        assert "Ann Author · 2024-01-15" in _header(app)
        text = "\n".join(_view(app).text_lines())
        for shown in (
            "Opening line of the first essay.",
            "Apple",  # the table
            "• item one",  # the list
            "A block quote worth keeping.",
            'print("hello")',  # the code block
            "Closing line of the first essay.",
        ):
            assert shown in text
        assert app.screen.focused is _view(app)


async def test_enter_on_a_section_opens_its_introduction(
    reader_app: Callable[[], ReaderApp],
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert "Essays" in _header(app)
        assert any("Essays are longer pieces" in line for line in _view(app).text_lines())


async def test_scrolling_moves_the_view_and_the_percent(
    reader_app: Callable[[], ReaderApp],
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_first_essay(pilot)
        view = _view(app)
        assert len(view.text_lines()) > view.scrollable_content_region.height * 2
        assert view.scroll_y == 0
        assert _percent(app) == "0%"

        await pilot.press("j")
        await pilot.pause()
        assert view.scroll_y == 1
        after_line = _number(_percent(app))
        assert after_line < 100

        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y == 1 + view.scrollable_content_region.height - 1
        after_page = _number(_percent(app))
        assert after_line < after_page < 100

        await pilot.press("G")
        await _settle(pilot)
        assert view.scroll_y == view.max_scroll_y > 0
        assert _percent(app) == "100%"
        assert "Closing line of the first essay." in widget_text(view)

        await pilot.press("g")
        await pilot.pause()
        assert view.scroll_y == 0
        assert _percent(app) == "0%"


async def test_J_and_K_step_in_tree_order(
    reader_app: Callable[[], ReaderApp], library: Library
) -> None:
    ordered = library.ordered_articles()
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_first_essay(pilot)
        screen = app.screen
        assert isinstance(screen, ReadScreen)
        for expected in ordered[1:]:
            await pilot.press("J")
            await pilot.pause()
            assert screen.article is expected
            assert expected.title in _header(app)
            assert _view(app).scroll_y == 0
        await pilot.press("J")  # past the last: stays, and says so
        await pilot.pause()
        assert screen.article is ordered[-1]
        assert any(n.message == "This is the last article." for n in app._notifications)
        for expected in reversed(ordered[:-1]):
            await pilot.press("K")
            await pilot.pause()
            assert screen.article is expected
        await pilot.press("K")
        await pilot.pause()
        assert screen.article is ordered[0]
        assert any(n.message == "This is the first article." for n in app._notifications)


async def test_J_from_a_section_introduction_enters_the_section(
    reader_app: Callable[[], ReaderApp], library: Library
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")  # Notes' introduction
        await pilot.pause()
        await pilot.press("J")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReadScreen)
        assert screen.article is library.articles["02-notes/plain-note"]


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_back_puts_the_cursor_on_the_article_last_read(
    reader_app: Callable[[], ReaderApp], library: Library, key: str
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_first_essay(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        tree = app.screen.query_one(LibraryTree)
        assert tree.current is library.articles["01-essays/first-essay"]

        # After J, J and J the last article read is in the other section, still collapsed.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("J", "J", "J")
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert tree.current is library.articles["02-notes/plain-note"]
        assert app.screen.focused is tree
        assert "Plain note" in widget_text(app.screen.query_one("#preview"))
