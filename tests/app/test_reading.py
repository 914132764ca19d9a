"""The reading engine through the keyboard: search, outline, reading width, long articles.

The article is a generated one (tests/generated_article.py): chapters with the
word `quetzal` once each, and a last chapter, "Epilogue", with `zanzibar`, the
only one in the text. Waits are bounded loops of `pilot.pause()`, no sleeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from reader.library.loader import load_library
from reader.library.model import Library
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.outline_dialog import OutlineDialog
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.search_bar import SearchBar
from tests.generated_article import MARKER, generate
from tests.helpers import SIZE, drawn_style, is_error_colour, wait_until, widget_lines, widget_text

#: The reading width `=` resets to (issue 3).
DEFAULT_READING_WIDTH = 88
EPILOGUE = "\n## Epilogue\n\nThe final zanzibar, the last words of the book.\n"


def _body(size: int) -> str:
    return generate(size) + EPILOGUE


def _library(make_library: Callable[..., Path], size: int) -> Library:
    root = make_library({"long.md": "---\ntitle: Long read\n---\n\n" + _body(size)})
    library, problems = load_library(root)
    assert problems == []
    return library


@pytest.fixture
def app(make_library: Callable[..., Path], tmp_path: Path) -> ReaderApp:
    return make_app(_library(make_library, 40_000), tmp_path / "data")


async def _open(pilot: Pilot[None], *, complete: bool = True) -> ArticleView:
    """From browse, open the only article with `enter`; wait for it to render."""
    await pilot.pause()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReadScreen), "the reading screen")
    view = pilot.app.screen.query_one(ArticleView)
    await wait_until(pilot, lambda: view.first_screen_ready, "the first screen")
    if complete:
        await wait_until(pilot, lambda: view.rendered_complete, "the whole article to render")
        await pilot.pause()
    return view


def _bar(app: ReaderApp) -> SearchBar:
    return app.screen.query_one(SearchBar)


def _counter(app: ReaderApp) -> str:
    """The counter as shown (empty while the bar is closed)."""
    return widget_text(app.screen.query_one("#search-counter", Label)).strip()


def _counter_kept(app: ReaderApp) -> str:
    """The counter's text, shown again when the bar reopens."""
    return str(app.screen.query_one("#search-counter", Label).render()).strip()


def _status(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one("#status")).strip()


def _messages(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def _highlights(view: ArticleView) -> list[tuple[str, bool]]:
    """Highlighted text on screen, in order, as (text, is the current match)."""
    match = view.get_component_rich_style("article-view--match").bgcolor
    current = view.get_component_rich_style("article-view--current-match").bgcolor
    found: list[tuple[str, bool]] = []
    for y in range(view.scrollable_content_region.height):
        previous: bool | None = None
        for segment in view.render_line(y):
            colour = segment.style.bgcolor if segment.style else None
            kind = True if colour == current else False if colour == match else None
            if kind is not None and kind is previous:
                found[-1] = (found[-1][0] + segment.text, kind)
            elif kind is not None:
                found.append((segment.text, kind))
            previous = kind
    return found


def _current_row(view: ArticleView) -> str:
    """The row on screen holding the current match ("" if none is on screen)."""
    current = view.get_component_rich_style("article-view--current-match").bgcolor
    for y in range(view.scrollable_content_region.height):
        strip = view.render_line(y)
        if any(segment.style and segment.style.bgcolor == current for segment in strip):
            return strip.text
    return ""


def _visible(view: ArticleView) -> str:
    return "\n".join(widget_lines(view))


async def _type(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)
    await pilot.pause()


# -- the search bar --------------------------------------------------------------------


async def test_slash_opens_a_focused_bar_and_typing_highlights_with_a_counter(
    app: ReaderApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        assert total > 10
        assert not _bar(app).is_open

        await pilot.press("slash")
        await pilot.pause()
        assert _bar(app).is_open
        assert isinstance(app.screen.focused, Input)
        assert _bar(app).region.y == SIZE[1] - 3  # above the status line and footer

        await _type(pilot, MARKER[:3])  # "que": many matches already
        assert re.fullmatch(r"1/\d+", _counter(app))
        await _type(pilot, MARKER[3:])
        assert _counter(app) == f"1/{total}"
        assert app.screen.query_one(Input).value == MARKER
        shown = _highlights(view)
        assert shown[0] == (MARKER, True)
        assert [text for text, _ in shown] == [MARKER] * _visible(view).count(MARKER)
        assert sum(current for _, current in shown) == 1


async def test_a_missing_word_says_no_match(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("slash")
        await _type(pilot, "xylophone")
        assert _counter(app) == "no match"
        assert is_error_colour(app, drawn_style(app.screen.query_one("#search-counter"), "no"))
        assert _highlights(view) == []
        assert view.scroll_y == 0


async def test_a_phrase_wrapped_over_two_lines_is_found_and_highlighted(
    app: ReaderApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        # "quetzal. <first word>" on the first line; the full first paragraph wraps.
        first_line = next(line for line in widget_lines(view) if MARKER in line)
        last_word = first_line.split()[-1]
        lines = widget_lines(view)
        next_line = lines[lines.index(first_line) + 1]
        phrase = f"{last_word} {next_line.split()[0]}".lower()
        await pilot.press("slash")
        await _type(pilot, phrase)
        assert re.fullmatch(r"1/\d+", _counter(app))
        shown = _highlights(view)
        # One match, shown in two pieces: the end of one row and the start of the next.
        assert [current for _, current in shown[:2]] == [True, True]
        assert " ".join(text for text, _ in shown[:2]).lower() == phrase


async def test_n_and_N_move_the_current_match_and_wrap_with_a_notice(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        await pilot.press("slash")
        await _type(pilot, MARKER)
        await pilot.press("enter")
        await pilot.pause()
        assert not _bar(app).is_open
        assert app.screen.focused is view
        assert (MARKER, True) in _highlights(view)  # matches kept

        await pilot.press("n")
        await pilot.pause()
        assert _counter_kept(app) == f"2/{total}"
        assert "Chapter 2 begins" in _current_row(view)
        assert [current for _, current in _highlights(view)].count(True) == 1

        await pilot.press("N", "N")
        await pilot.pause()
        assert _counter_kept(app) == f"{total}/{total}"
        assert "Search wrapped to the bottom." in _messages(app)
        assert f"Chapter {total} begins" in _current_row(view)

        await pilot.press("n")
        await pilot.pause()
        assert _counter_kept(app) == f"1/{total}"
        assert "Search wrapped to the top." in _messages(app)
        assert "Chapter 1 begins" in _current_row(view)

        await pilot.press("slash")  # a new search: the bar opens empty
        await pilot.pause()
        assert _counter(app) == ""
        assert app.screen.query_one(Input).value == ""


async def test_esc_in_the_bar_returns_to_where_reading_was(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("space", "space", "space", "j")
        await pilot.pause()
        before_y, before_offset = view.scroll_y, view.source_offset
        before_text = _visible(view)
        assert before_y > 0

        await pilot.press("slash")
        await _type(pilot, "zanzibar")  # only in the epilogue, at the very end
        assert _counter(app) == "1/1"
        assert view.scroll_y > before_y + 100
        assert "zanzibar" in _visible(view)

        await pilot.press("escape")
        await pilot.pause()
        assert not _bar(app).is_open
        assert app.screen.focused is view
        assert view.source_offset == before_offset
        assert view.scroll_y == before_y
        assert _visible(view) == before_text
        assert _highlights(view) == []


async def test_esc_in_the_article_clears_highlights_then_goes_back(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("slash")
        await _type(pilot, MARKER)
        await pilot.press("enter")
        await pilot.pause()
        assert _highlights(view)
        where = view.scroll_y

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert _highlights(view) == []
        assert view.scroll_y == where  # clearing does not move the text
        await pilot.press("n")
        await pilot.pause()
        assert _highlights(view) == []  # n has nothing to go to

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_up_in_the_bar_recalls_earlier_queries(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        for query in (MARKER, "zanzibar"):
            await pilot.press("slash")
            await _type(pilot, query)
            await pilot.press("enter")
            await pilot.pause()
        await pilot.press("g", "slash")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == ""

        await pilot.press("up")
        await pilot.pause()
        assert field.value == "zanzibar"
        assert _counter(app) == "1/1"
        await pilot.press("up")
        await pilot.pause()
        assert field.value == MARKER
        assert _counter(app).endswith(f"/{total}")
        await pilot.press("up")  # no earlier one: stays
        await pilot.pause()
        assert field.value == MARKER
        await pilot.press("down", "down")
        await pilot.pause()
        assert field.value == ""
        assert _counter(app) == ""


async def test_ctrl_r_with_an_invalid_expression_shows_the_error(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("slash", "ctrl+r")
        await pilot.pause()
        assert widget_text(app.screen.query_one("#search-prompt")).strip() == "re/"

        await _type(pilot, "(")
        assert _counter(app).startswith("invalid regular expression")
        counter = app.screen.query_one("#search-counter")
        assert is_error_colour(app, drawn_style(counter, "invalid"))
        assert isinstance(app.screen, ReadScreen) and _bar(app).is_open

        await _type(pilot, "quetzal|zanzibar)")
        total = view.document.source.count(MARKER) + 1
        assert _counter(app) == f"1/{total}"
        assert not is_error_colour(app, drawn_style(counter, "1/"))

        await pilot.press("ctrl+r")  # plain again: "(quetzal|zanzibar)" is in no text
        await pilot.pause()
        assert widget_text(app.screen.query_one("#search-prompt")).strip() == "/"
        assert _counter(app) == "no match"


# -- outline ------------------------------------------------------------------------------


async def test_t_opens_the_outline_at_the_current_heading_and_enter_jumps(
    app: ReaderApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        for _ in range(6):
            await pilot.press("space")
        await pilot.pause()
        here = view.heading
        assert here is not None and here.title != "Chapter 1"

        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OutlineDialog)
        outline = dialog.query_one(OptionList)
        headings = view.document.headings
        assert outline.option_count == len(headings)
        assert outline.highlighted == headings.index(here)
        highlighted = outline.get_option_at_index(outline.highlighted).prompt
        assert str(highlighted).strip() == here.title
        # Levels show as indentation: chapter notes (###) under chapters (##).
        assert str(outline.get_option_at_index(1).prompt) == "  Notes to chapter 1"

        target = next(h for h in headings if h.title == "Chapter 9")
        for _ in range(len(headings)):
            if outline.highlighted == headings.index(target):
                break
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert view.heading == target
        assert view.source_offset <= target.offset
        assert "Long read › Chapter 9" in _status(app)
        top_rows = [line.strip() for line in widget_lines(view)[:3]]
        assert "Chapter 9" in top_rows


async def test_esc_closes_the_outline_without_moving(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("space", "space")
        await pilot.pause()
        where = view.scroll_y
        await pilot.press("t", "j", "j", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert view.scroll_y == where


# -- reading width ------------------------------------------------------------------------


def _widest(view: ArticleView) -> int:
    """The widest text on screen, in cells (the scrollbar left out)."""
    width = view.scrollable_content_region.width
    return max(len(line[:width].strip()) for line in widget_lines(view))


async def test_minus_plus_and_equals_change_the_width_and_keep_the_place(
    app: ReaderApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("space", "space", "space", "space", "j", "j")
        await pilot.pause()
        assert _widest(view) > DEFAULT_READING_WIDTH - 10

        steps = [("minus", -1)] * 5 + [("plus", 1)] * 2 + [("equals_sign", 0)]
        for key, direction in steps:
            width, offset, heading = view.reading_width, view.source_offset, view.heading
            top_words = " ".join(widget_lines(view)[0].split()[:3])
            await pilot.press(key)
            await wait_until(pilot, lambda: view.rendered_complete, "the new width to render")
            await pilot.pause()
            if direction == 0:
                assert view.reading_width == DEFAULT_READING_WIDTH
            else:
                assert (view.reading_width - width) * direction > 0, key
            assert _widest(view) <= view.reading_width
            # The same sentence stays at the top: same heading, offset within a line.
            assert view.heading == heading, key
            assert abs(view.source_offset - offset) < width, (key, offset, view.source_offset)
            if top_words:
                assert top_words in " ".join(" ".join(widget_lines(view)[:4]).split())
        assert view.reading_width == DEFAULT_READING_WIDTH


# -- long articles ------------------------------------------------------------------------


async def test_a_1mb_article_opens_and_G_and_g_go_to_the_end_and_back(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = make_app(_library(make_library, 1_000_000), tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot, complete=False)
        assert len(view.document.source) > 1_000_000
        assert "Chapter 1 begins" in _visible(view)
        assert _status(app).endswith("0%")

        await pilot.press("G")
        await wait_until(pilot, lambda: _status(app).endswith("100%"), "100% in the status line")
        assert view.percent == 100
        assert view.scroll_y == view.max_scroll_y > 0
        assert "The final zanzibar" in _visible(view)
        assert "Epilogue" in _visible(view)

        await pilot.press("g")
        await wait_until(pilot, lambda: _status(app).endswith(" 0%"), "0% in the status line")
        assert view.scroll_y == 0
        assert view.document.source[: view.source_offset].strip() == ""  # nothing skipped
        assert "Chapter 1 begins" in _visible(view)
