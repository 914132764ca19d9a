"""One navigator: every way to an article leaves the tree with one reader on top.

Also links: `tab` focuses them (the status line says where they lead), `enter`
follows one into the library (at its heading) or asks before leaving it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Label

from reader.library.loader import load_library
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.confirm_dialog import ConfirmDialog
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from tests.helpers import SIZE, screen_text, wait_until, widget_text

FILLER = "\n\n".join(f"Filler paragraph {n} with a few words in it." for n in range(400))
FILES = {
    "a-first.md": (
        "---\ntitle: First\n---\n\nStart of the first.\n\n"
        "See [the second](b-second.md#part-two), [the web](https://example.com/page) "
        "and [a picture](missing.png).\n"
    ),
    "b-second.md": (
        "---\ntitle: Second\n---\n\nStart of the second.\n\n"
        + FILLER
        + "\n\n## Part two\n\nThe part two text is here.\n\n"
        + FILLER
        + "\n"
    ),
}


@pytest.fixture
def app(make_library: Callable[..., Path], tmp_path: Path) -> ReaderApp:
    library, problems = load_library(make_library(FILES))
    assert problems == []
    return make_app(library, tmp_path / "data")


def _kinds(app: ReaderApp) -> list[type]:
    return [type(screen) for screen in app.screen_stack]


async def _read_first(pilot) -> ReadScreen:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
    screen = app.screen
    assert isinstance(screen, ReadScreen)
    await wait_until(pilot, lambda: screen.view.first_screen_ready, "the first screen")
    return screen


async def test_the_palette_from_the_bookmarks_screen_replaces_the_article(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"second")
        await wait_until(pilot, lambda: "Second" in screen_text(app), "a hit")
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: reader.article.title == "Second", "the second article")
        await wait_until(pilot, lambda: app.screen is reader, "the reader on top")
        assert _kinds(app) == [BrowseScreen, ReadScreen]  # was Browse, Read, Bookmarks, Read
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
        assert _kinds(app) == [BrowseScreen]


async def test_j_and_k_keep_one_reader(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("J")
        await wait_until(pilot, lambda: reader.article.title == "Second", "the next article")
        await pilot.press("K")
        await wait_until(pilot, lambda: reader.article.title == "First", "the previous one")
        assert _kinds(app) == [BrowseScreen, ReadScreen]


def _status(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one("#status-where", Label))


async def test_tab_focuses_a_link_and_enter_opens_the_article_at_its_heading(app) -> None:
    async with app.run_test(size=SIZE) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("tab")
        await wait_until(pilot, lambda: "b-second.md#part-two" in _status(app), "the link")
        await pilot.press("enter")
        await wait_until(pilot, lambda: reader.article.title == "Second", "the linked article")
        view = reader.query_one(ArticleView)
        await wait_until(pilot, lambda: view.first_screen_ready, "its first screen")
        # The heading is half way down: the view opens there, not at the top.
        await wait_until(
            pilot, lambda: "Part two" in widget_text(view).split("\n")[1], "the heading on top"
        )
        assert _kinds(app) == [BrowseScreen, ReadScreen]


async def test_a_web_link_asks_first_and_n_keeps_the_reader(app, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr("reader.ui.links.browser_available", lambda: True)
    async with app.run_test(size=SIZE) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("tab", "tab")
        await wait_until(pilot, lambda: "example.com/page" in _status(app), "the web link")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "https://example.com/page" in widget_text(app.screen.query_one("#confirm-dialog"))
        await pilot.press("n")
        await wait_until(pilot, lambda: app.screen is reader, "back to reading")
        assert opened == []
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_until(pilot, lambda: opened == ["https://example.com/page"], "the browser")


async def test_a_link_to_a_picture_says_so_and_offers_to_copy_the_address(app) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("shift+tab")  # backwards from the top: the last link
        await wait_until(pilot, lambda: "missing.png" in _status(app), "the picture link")
        assert "enter copies the address" in _status(app)  # not "enter opens"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the offer")
        dialog = widget_text(app.screen)
        assert "Not an article of the library" in dialog and "missing.png" in dialog
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is reader, "back to reading")
        assert app.clipboard == "missing.png"
        assert any("Copied: missing.png" in n.message for n in app._notifications)


async def test_a_web_link_without_a_browser_offers_to_copy_the_address(app, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr("reader.ui.links.browser_available", lambda: False)
    async with app.run_test(size=SIZE) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("tab", "tab")
        await wait_until(pilot, lambda: "example.com/page" in _status(app), "the web link")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: "No web browser found" in widget_text(app.screen),
            "what happened, and the offer",
        )
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is reader, "back to reading")
        assert app.clipboard == "https://example.com/page"
        assert opened == []


async def test_a_link_to_a_heading_near_the_end_opens_at_that_heading(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    """Issue 9 item 9: short list lines render far taller than estimated, so a heading
    at 95% lay well past where the estimate put it; the jump must land on it."""
    lists = "\n\n".join("\n".join(f"- item {n}.{i}" for i in range(8)) for n in range(600))
    tail = "\n\n".join("\n".join(f"- late {n}.{i}" for i in range(8)) for n in range(30))
    files = {
        "a-first.md": "---\ntitle: First\n---\n\nSee [the end](b-far.md#near-the-end).\n",
        "b-far.md": (
            f"---\ntitle: The far one\n---\n\n{lists}\n\n## Near the end\n\nLast.\n\n{tail}\n"
        ),
    }
    library, problems = load_library(make_library(files))
    assert problems == []
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        reader = await _read_first(pilot)
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: reader.article.title == "The far one", "the linked article")
        view = reader.query_one(ArticleView)
        await wait_until(
            pilot,
            lambda: "Near the end" in "\n".join(widget_text(view).split("\n")[:3]),
            "the heading on top",
        )
        percent = widget_text(reader.query_one("#status-percent", Label))
        assert int(percent.strip().rstrip("%")) >= 90
