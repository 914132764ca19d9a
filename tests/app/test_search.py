"""Library search in the app: `/` in browse, ranked results, opening at the match, ctrl+p.

The library is written to `tmp_path`; the index lives in the test's cache dir
(READER_CACHE_DIR, set by the shared conftest) and is built by the app's own
worker, which the tests wait for (`index.ready`) before they look at results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from reader import paths
from reader.library.loader import load_library
from reader.search.index import LibraryIndex, index_file
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.screens.search_screen import SearchScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.library_tree import LibraryTree
from tests.helpers import SIZE, drawn_style, is_error_colour, screen_text, wait_until, widget_text

FILLER = (
    "Plain words go here, enough of them to wrap this paragraph onto a second and a third "
    "line at the reading width, so that the article is many screens long in the end."
)


def _long_body() -> str:
    paragraphs = [f"Paragraph {n}. {FILLER}" for n in range(1, 61)]
    paragraphs[19] = "The first keeper of the light rowed out at dawn."
    paragraphs[44] = "The second keeper of the light never came back."
    return "\n\n".join(paragraphs)


FILES = {
    "_index.md": "---\ntitle: Sea library\n---\n\nAll about the sea.\n",
    "01-travel/_index.md": "---\ntitle: Travel\n---\n\nJourneys.\n",
    "01-travel/harbour-walk.md": "---\ntitle: Harbour walk\nauthor: Ann Author\n---\n\n"
    "We walked past the lighthouse at noon.\n\n" + _long_body() + "\n",
    "01-travel/lighthouse.md": "---\ntitle: The lighthouse\nauthor: Bo Writer\n---\n\n"
    "A white tower on the rocks, with a lighthouse lamp.\n",
    "02-notes/_index.md": "---\ntitle: Notes\n---\n\nShort notes.\n",
    "02-notes/shopping.md": "---\ntitle: Shopping list\nauthor: Cy Cook\n---\n\n"
    "Bread, İstanbul figs and Straße cheese.\n",
}


@pytest.fixture
def search_app(make_library: Callable[..., Path], tmp_path: Path) -> Callable[[], ReaderApp]:
    root = make_library(FILES)
    library, problems = load_library(root)
    assert problems == []
    return lambda: make_app(library, tmp_path / "data")


async def start_search(pilot: Pilot[None]) -> SearchScreen:
    """Wait for the index worker, then press `/` in browse."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    await wait_until(pilot, lambda: app.index.ready, "the index")
    await pilot.press("slash")
    assert isinstance(app.screen, SearchScreen)
    return app.screen


def status(screen: SearchScreen) -> str:
    return widget_text(screen.query_one("#library-status", Label)).strip()


def results(screen: SearchScreen) -> str:
    return widget_text(screen.query_one(OptionList))


async def search_for(pilot: Pilot[None], screen: SearchScreen, text: str) -> None:
    """Type `text`, then wait for the (debounced) search to answer it."""
    query = screen.query_one(Input)
    await pilot.press(*text)
    answered = f"the answer for {query.value!r}"
    await wait_until(pilot, lambda: screen.answer.text == query.value, answered)


async def test_slash_opens_the_search_screen_with_the_query_focused(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        screen = await start_search(pilot)
        query = screen.query_one("#library-query", Input)
        assert screen.focused is query
        assert "Type to search the whole library." in status(screen)
        await pilot.press("f", "i", "g")
        assert query.value == "fig"  # the keys right after `/` went into the query


async def test_typing_shows_ranked_results_with_title_section_author_and_snippet(
    search_app,
) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "lighthouse")
        assert status(screen) == "2 articles"
        shown = results(screen)
        lines = [line.strip() for line in shown.splitlines() if line.strip()]
        # The title match ranks above the body match.
        assert lines[0] == "The lighthouse — Bo Writer"
        assert lines[1] == "Travel"
        assert lines[2] == "A white tower on the rocks, with a lighthouse lamp."
        assert lines[3] == "Harbour walk — Ann Author"
        assert lines[4] == "Travel"
        assert lines[5].startswith("We walked past the lighthouse at noon.")
        assert "Shopping list" not in shown


async def test_folded_words_find_the_original_spelling(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "strasse")
        assert status(screen) == "1 article"
        assert "Shopping list — Cy Cook" in results(screen)
        assert "Straße cheese" in results(screen)


async def test_a_bad_query_shows_its_message_and_searching_goes_on(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "colour:red")
        assert "unknown field colour" in status(screen)
        assert is_error_colour(app, drawn_style(screen.query_one("#library-status"), "unknown"))
        assert isinstance(app.screen, SearchScreen)  # no crash, still searching

        screen.query_one(Input).value = ""
        await search_for(pilot, screen, '"keeper')
        assert "a quote is not closed" in status(screen)
        await search_for(pilot, screen, '"')
        assert status(screen) == "1 article"
        assert "Harbour walk" in results(screen)


async def test_no_match_says_so(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "zeppelin")
        assert status(screen) == "no match"
        assert results(screen).strip() == ""


async def test_enter_opens_the_article_at_the_first_match_and_n_goes_on(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "keeper")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
        reading = app.screen
        assert isinstance(reading, ReadScreen)
        assert reading.article.title == "Harbour walk"
        view = reading.query_one(ArticleView)
        await wait_until(pilot, lambda: "first keeper" in widget_text(view), "the first match")
        text = widget_text(view)
        assert "second keeper" not in text
        assert "We walked past the lighthouse" not in text  # scrolled down to the match
        first_top = view.scroll_y
        assert first_top > 0

        await pilot.press("n")  # the in-text search is set: next match
        await wait_until(pilot, lambda: "second keeper" in widget_text(view), "the second match")
        assert view.scroll_y > first_top
        assert "first keeper" not in widget_text(view)

        await pilot.press("q")  # back to browse, the cursor on the article read
        assert isinstance(app.screen, BrowseScreen)
        tree = app.screen.query_one(LibraryTree)
        await wait_until(pilot, lambda: tree.current is reading.article, "the tree's cursor")


async def test_a_lower_result_opens_from_the_list(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "lighthouse")
        await pilot.press("ctrl+n", "enter")  # the second result: Harbour walk
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
        assert isinstance(app.screen, ReadScreen)
        assert app.screen.article.title == "Harbour walk"


async def test_escape_returns_to_browse(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "keeper")
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)
        assert isinstance(app.screen.focused, LibraryTree)
        assert "Harbour walk" not in screen_text(app)  # the results are gone
        await pilot.press("slash")  # and it opens again
        assert isinstance(app.screen, SearchScreen)


async def test_the_command_palette_opens_an_article_by_fuzzy_title(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"hrbwlk")
        await wait_until(pilot, lambda: "Harbour walk" in screen_text(app), "the fuzzy match")
        assert "Shopping list" not in screen_text(app)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
        assert isinstance(app.screen, ReadScreen)
        assert app.screen.article.title == "Harbour walk"
        view = app.screen.query_one(ArticleView)
        await wait_until(pilot, lambda: "We walked past" in widget_text(view), "its first lines")


class GatedIndex(LibraryIndex):
    """An index whose update waits for the test to open its gate."""

    gate = threading.Event()

    def update(self, *args, **kwargs):
        assert self.gate.wait(10), "the test never opened the gate"
        super().update(*args, **kwargs)


async def test_results_searched_while_indexing_are_completed_when_it_is_done(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(FILES)
    library, _ = load_library(root)
    GatedIndex.gate = threading.Event()
    index = GatedIndex.open(index_file(paths.cache_dir(), root))
    app = make_app(library, tmp_path / "data", index=index)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await search_for(pilot, screen, "keeper")
        assert status(screen).startswith("no match yet · indexing")  # says it is not done
        assert not screen.query_one("#library-status").has_class("-error")
        GatedIndex.gate.set()
        # No key pressed: the screen searches again once the index is complete.
        await wait_until(pilot, lambda: status(screen) == "1 article", "the complete answer")
        assert "Harbour walk — Ann Author" in results(screen)


async def test_slash_again_starts_from_the_last_query(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "keeper")
        await pilot.press("enter")  # read the result, then back to the tree
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the article")
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
        screen = await start_search(pilot)
        assert screen.query_one(Input).value == "keeper"
        await wait_until(pilot, lambda: "Harbour walk" in results(screen), "its results again")
        await pilot.press("escape")
        screen = await start_search(pilot)
        assert screen.query_one(Input).value == "keeper"


async def test_an_empty_field_is_an_error_message(search_app) -> None:
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "author:")
        assert "needs a word after it" in status(screen)
        assert screen.query_one("#library-status").has_class("-error")


async def test_results_arriving_after_esc_closed_the_search_are_dropped(search_app) -> None:
    """The search worker answers on the UI thread; when Esc had closed the screen in
    between, showing the answer raised NoMatches and the app crashed (seen under load)."""
    app = search_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_search(pilot)
        await search_for(pilot, screen, "keeper")
        answer = screen.search("keeper")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
        await wait_until(pilot, lambda: not screen.children, "the search screen taken down")
        screen._show(answer)  # as the worker's call_from_thread would, late
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
