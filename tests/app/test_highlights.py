"""Highlights in the UI: select with `v` and its keys or the mouse, save with a note,
see them drawn, in the status line and in the outline; copy; cancel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rich.style import Style
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Label

from reader.library.loader import load_library
from reader.library.model import Library
from reader.state.highlights import Highlight
from reader.state.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.dialogs.outline_dialog import OutlineDialog
from reader.ui.messages import OpenArticle
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.selectable_view import SelectableView
from tests.helpers import SIZE, wait_until, widget_lines

ARTICLE = "notes"
BODY = (
    "# Notes article\n\n## First part\n\n"
    "Alpha beta gamma delta. The harbour lights were bright tonight. Epsilon zeta eta theta "
    "iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega.\n\n"
    "Second paragraph starts here. It has two sentences.\n\n"
    "## Second part\n\nThe last words of the article sit here.\n"
)


@pytest.fixture
def notes_library(make_library: Callable[..., Path]) -> Library:
    root = make_library({"notes.md": "---\ntitle: Notes article\n---\n\n" + BODY})
    library, problems = load_library(root)
    assert problems == []
    return library


def _view(app: ReaderApp) -> SelectableView:
    return app.screen.query_one(SelectableView)


def _status(app: ReaderApp) -> str:
    return str(app.screen.query_one("#status-where", Label).render())


def _selected(app: ReaderApp) -> str:
    view = _view(app)
    assert view.selection is not None
    return " ".join(view.selection.text(view.document.source).split())


async def _open(pilot: Pilot[None]) -> SelectableView:
    pilot.app.post_message(OpenArticle(ARTICLE))
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
    view = app.screen.query_one(SelectableView)
    await wait_until(pilot, lambda: view.first_screen_ready, "the first screen")
    return view


async def _search(pilot: Pilot[None], phrase: str) -> None:
    await pilot.press("slash", *phrase, "enter")
    view = _view(pilot.app)  # type: ignore[arg-type]
    await wait_until(
        pilot, lambda: view._search is not None and view._search.current is not None, "a match"
    )


def _cells(view: SelectableView, word: str) -> tuple[int, int]:
    """(row, column) on the view of the first cell of `word`."""
    for row, line in enumerate(widget_lines(view)):
        if word in line:
            return row, line.index(word)
    raise AssertionError(f"{word!r} is not on screen")


def _style_at(view: SelectableView, word: str) -> Style:
    row, column = _cells(view, word)
    cell = 0
    for segment in view.render_line(row):
        if cell <= column < cell + segment.cell_length:
            return segment.style or Style()
        cell += segment.cell_length
    raise AssertionError("no such cell")


async def test_search_v_w_enter_saves_a_highlight_drawn_with_its_note(
    notes_library: Library, tmp_path: Path
) -> None:
    app = make_app(notes_library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await _search(pilot, "harbour lights")
        await pilot.press("v")
        assert _selected(app) == "harbour lights"
        await pilot.press("w")
        assert _selected(app) == "harbour lights were"
        assert _status(app).startswith("Selected: 3 words")
        selection = view.get_component_rich_style("notes-view--selection")
        assert _style_at(view, "were").bgcolor == selection.bgcolor
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note dialog")
        await pilot.press(*"a -- note", "enter")
        await wait_until(pilot, lambda: view.highlights, "the highlight drawn")
        [saved] = Store.open(tmp_path / "data")[0].highlights()
        assert (saved.exact, saved.note, saved.heading) == (
            "harbour lights were",
            "a -- note",
            "First part",
        )
        mark = view.get_component_rich_style("notes-view--highlight")
        assert mark.bgcolor is not None and mark.bgcolor != selection.bgcolor
        await pilot.press("escape")  # clear the search: its colour no longer covers it
        await wait_until(pilot, lambda: _status(app) == "✎ a -- note", "the note in the status")
        assert _style_at(view, "lights").bgcolor == mark.bgcolor
        assert _style_at(view, "bright").bgcolor != mark.bgcolor
        await pilot.press("t")  # the outline lists it under its heading
        await wait_until(pilot, lambda: isinstance(app.screen, OutlineDialog), "the outline")
        rows = [line.strip("│ ") for line in widget_lines(app.screen.query_one("#outline"))]
        first = rows.index("First part")
        assert rows[first + 1] == "▍ “harbour lights were”  a -- note"
        await pilot.press("k", "j", "enter")  # back on the highlight, and jump there
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        assert view.source_offset <= saved.start < view.source_offset + 200


async def test_selection_keys_move_by_word_sentence_paragraph_and_line(
    notes_library: Library, tmp_path: Path
) -> None:
    app = make_app(notes_library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        await pilot.press("v")  # no search: the first word of the top line
        assert _selected(app) == "Notes" and _status(app).startswith("Selected: 1 word ")
        await pilot.press("escape")
        assert view.selection is None and "Notes article" in _status(app)
        await _search(pilot, "Alpha")
        await pilot.press("v", "w", "w")
        assert _selected(app) == "Alpha beta gamma"
        await pilot.press("b")
        assert _selected(app) == "Alpha beta"
        await pilot.press("right_parenthesis")
        assert _selected(app) == "Alpha beta gamma delta."
        await pilot.press("right_parenthesis")
        assert _selected(app).endswith("were bright tonight.")
        await pilot.press("left_parenthesis")
        assert _selected(app) == "Alpha beta gamma delta."
        await pilot.press("right_curly_bracket")
        assert _selected(app).endswith("psi omega.")
        await pilot.press("right_curly_bracket")
        assert _selected(app).endswith("two sentences.")
        await pilot.press("left_curly_bracket")
        assert _selected(app).endswith("psi omega.")
        await pilot.press("o", "w")  # the other end moves now
        assert _selected(app).startswith("beta gamma") and _selected(app).endswith("omega.")
        await pilot.press("escape", "v")
        end = view.selection.end if view.selection else 0
        await pilot.press("j")
        assert view.selection is not None and view.selection.end > end + 20
        await pilot.press("k")
        assert view.selection is not None and view.selection.end == end
        await pilot.press("y")
        assert app.clipboard == "Alpha" and view.selection is None
        assert "Copied 1 word." in [n.message for n in app._notifications]


async def test_keys_keep_their_meaning_out_of_a_selection(
    notes_library: Library, tmp_path: Path
) -> None:
    app = make_app(notes_library, tmp_path / "data")
    async with app.run_test(size=(100, 12)) as pilot:
        view = await _open(pilot)
        await pilot.press("j", "j")
        assert view.scroll_y == 2 and view.selection is None
        await pilot.press("b")
        assert view.scroll_y == 0
        await pilot.press("w", "o", "y")  # nothing to move, swap or copy
        assert view.selection is None and app.clipboard == ""
        await pilot.press("v", "escape")
        assert isinstance(app.screen, ReadScreen)  # esc ended the selection only
        await pilot.press("v", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note dialog")
        await pilot.press("escape")  # no note, no highlight
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        assert Store.open(tmp_path / "data")[0].highlights() == []


async def test_a_mouse_drag_selects(notes_library: Library, tmp_path: Path) -> None:
    app = make_app(notes_library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        row, column = _cells(view, "Alpha")
        await pilot.mouse_down(view, offset=(column, row))
        end = column + len("Alpha beta")
        view.post_message(events.MouseMove(view, end, row, 0, 0, 1, False, False, False))
        await wait_until(pilot, lambda: view.selection is not None, "a selection")
        await pilot.mouse_up(view, offset=(end, row))
        assert _selected(app) == "Alpha beta"
        await pilot.press("enter", *"dragged", "enter")
        await wait_until(pilot, lambda: view.highlights, "the highlight")
        assert [h.exact for h in view.highlights] == ["Alpha beta"]


async def test_an_edited_article_keeps_its_highlight_in_place(
    notes_library: Library, tmp_path: Path
) -> None:
    body = notes_library.read_body(notes_library.articles[ARTICLE])
    start = body.index("bright tonight")
    made = Highlight.of(notes_library.path, ARTICLE, "Notes article", body, start, start + 14, "")
    store, _ = Store.open(tmp_path / "data")
    with store:
        store.add_highlight(made)
    path = notes_library.articles[ARTICLE].path
    path.write_text(path.read_text().replace("## First part", "## First part\n\nNew text."))
    app = make_app(notes_library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        [shown] = view.highlights
        assert view.document.source[shown.start : shown.end] == "bright tonight"
        mark = view.get_component_rich_style("notes-view--highlight")
        assert _style_at(view, "bright").bgcolor == mark.bgcolor
        query = app.screen.query_one(Input)
        assert not query.display or query.value == ""
