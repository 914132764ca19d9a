"""The config in the app: theme and width applied and written back, keys rebound, problems shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.theme import BUILTIN_THEMES

from reader.config import GROUPS, THEMES, keymap_id, load_config
from reader.library.loader import load_library
from reader.library.model import Library
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.confirm_dialog import ConfirmDialog
from reader.ui.messages import OpenArticle
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.screens.search_screen import SearchScreen
from reader.ui.widgets.article_keys import ArticleKeys
from reader.ui.widgets.article_links import ArticleLinks
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.library_tree import LibraryTree
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.selectable_view import SelectableView
from tests.conftest import MakeLibrary
from tests.helpers import SIZE, screen_text, wait_until, widget_text

SETTINGS = """\
# My settings
theme = "nord"  # not too dark
width = 60

[keys.read]
line_down = ["e"]  # like less

[keys.browse]
bookmarks = ["ctrl+b"]
"""
OWNERS = (
    BrowseScreen, LibraryTree, ReadScreen, ArticleKeys, ArticleLinks, SelectableView,
    SearchScreen, SearchBar, BookmarksScreen,
)  # fmt: skip


@pytest.fixture
def long_library(make_library: MakeLibrary) -> Library:
    body = "\n\n".join(f"Paragraph {n} of the long article." for n in range(200))
    link = "A [web page](https://example.org/page) outside.\n\n"
    library, _ = load_library(make_library({"long.md": f"# Long\n\n{link}{body}\n"}))
    return library


def app_with(library: Library, tmp_path: Path, text: str | None) -> ReaderApp:
    path = tmp_path / "settings.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return make_app(library, tmp_path / "data", config=load_config(path))


async def open_long(pilot: Pilot[None], library: Library) -> ArticleView:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await pilot.pause()
    app.post_message(OpenArticle("long"))
    await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return app.screen.query_one(ArticleView)


def test_every_rebindable_action_is_a_live_binding_with_its_default_keys():
    live = {
        binding.id: (binding.key, binding.description)
        for owner in OWNERS
        for binding in owner.BINDINGS
        if isinstance(binding, Binding) and binding.id
    }
    catalogue = {
        keymap_id(group, name): (",".join(action.keys), action.description)
        for group, actions in GROUPS.items()
        for name, action in actions.items()
    }
    assert live == catalogue


def test_the_themes_the_config_knows_are_textuals():
    assert set(THEMES) == set(BUILTIN_THEMES)


async def test_startup_applies_theme_width_and_keys(long_library, tmp_path):
    app = app_with(long_library, tmp_path, SETTINGS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        footer = widget_text(app.screen.query_one(KeyBar))
        assert "^b Bookmarks" in footer
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "bookmarks")
        await pilot.press("escape")
        view = await open_long(pilot, long_library)
        assert view.reading_width == 60
        assert max(len(line.rstrip()) for line in view.text_lines()) <= 60
        await pilot.press("j")  # replaced by `e`
        await pilot.pause()
        assert view.scroll_y == 0
        await pilot.press("e")
        await wait_until(pilot, lambda: view.scroll_y == 1, "a line down with `e`")
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        assert isinstance(app.screen, HelpScreen)
        rows = {description: keys for keys, description in app.screen.rows}
        assert rows["Line down"] == "e"


async def test_theme_chosen_is_written_back_with_comments_kept(long_library, tmp_path):
    app = app_with(long_library, tmp_path, SETTINGS)
    path = app.config.path
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "dracula"  # what the palette's theme picker does
        await wait_until(pilot, lambda: 'theme = "dracula"' in path.read_text(), "the theme saved")
    text = path.read_text()
    assert text == SETTINGS.replace('"nord"', '"dracula"')


async def test_width_keys_are_written_back(long_library, tmp_path):
    app = app_with(long_library, tmp_path, SETTINGS)
    path = app.config.path
    async with app.run_test(size=SIZE) as pilot:
        view = await open_long(pilot, long_library)
        await pilot.press("plus")
        await wait_until(pilot, lambda: "width = 64\n" in path.read_text(), "width 64 saved")
        assert view.reading_width == 64
        await pilot.press("minus", "minus")
        await wait_until(pilot, lambda: "width = 56\n" in path.read_text(), "width 56 saved")
        await pilot.press("equals_sign")
        await wait_until(pilot, lambda: "width = 88\n" in path.read_text(), "width reset")
    assert path.read_text() == SETTINGS.replace("width = 60", "width = 88")
    # The next start opens at the width saved.
    app = app_with(long_library, tmp_path, None)
    async with app.run_test(size=SIZE) as pilot:
        assert (await open_long(pilot, long_library)).reading_width == 88


async def test_a_broken_config_is_a_notice_and_is_never_rewritten(long_library, tmp_path):
    broken = 'theme = "nord"\nwidth = \n'
    app = app_with(long_library, tmp_path, broken)
    path = app.config.path
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: "problem in the settings" in screen_text(app), "notice")
        [notice] = app._notifications
        assert notice.title == "1 problem in the settings"
        assert notice.message.startswith(f"{path}:2: invalid TOML")
        app.clear_notifications()
        await open_long(pilot, long_library)
        await pilot.press("plus", "plus")
        await wait_until(pilot, lambda: "Settings not saved" in screen_text(app), "a notice")
        [notice] = app._notifications  # once, not at every key
        assert notice.message == f"{path}:2: not saved: the file is not valid TOML; fix it first"
    assert path.read_text() == broken


async def test_wrong_keys_are_reported_and_the_defaults_kept(long_library, tmp_path):
    text = '[keys.read]\nline_down = ["ctrl+nothing"]\nfly = ["x"]\n'
    app = app_with(long_library, tmp_path, text)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: "2 problems in the settings" in screen_text(app), "notice")
        view = await open_long(pilot, long_library)
        await pilot.press("j")
        await wait_until(pilot, lambda: view.scroll_y == 1, "`j` still a line down")


@pytest.mark.parametrize("confirm", [True, False])
async def test_confirm_links(long_library, tmp_path, monkeypatch, confirm):
    app = app_with(long_library, tmp_path, f"confirm_links = {str(confirm).lower()}\n")
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    monkeypatch.setattr("reader.ui.links.browser_available", lambda: True)
    async with app.run_test(size=SIZE) as pilot:
        await open_long(pilot, long_library)
        await pilot.press("tab", "enter")
        if confirm:
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
            assert opened == []
            await pilot.press("y")
        await wait_until(pilot, lambda: opened == ["https://example.org/page"], "the link opened")
