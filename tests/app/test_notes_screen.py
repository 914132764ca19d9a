"""`B` lists bookmarks and highlights: filters `1`/`2`/`3`, `enter`, `e`, `d`, `u`, orphans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import OptionList

from reader.library.loader import load_library
from reader.library.model import Library
from reader.state.highlights import Highlight
from reader.state.store import Position, Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.selectable_view import SelectableView
from tests.helpers import SIZE, wait_until

FILLER = "Filler line of text.\n\n" * 60
BODY = "## Start\n\n" + FILLER + "## Late\n\nThe passage kept for later.\n\n" + FILLER


@pytest.fixture
def library(make_library: Callable[..., Path]) -> Library:
    root = make_library({"long.md": "---\ntitle: Long one\n---\n\n" + BODY})
    loaded, problems = load_library(root)
    assert problems == []
    return loaded


def _rows(app: ReaderApp) -> list[str]:
    listing = app.screen.query_one(OptionList)
    return [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]


def _seed(library: Library, tmp_path: Path) -> tuple[Highlight, Highlight]:
    body = library.read_body(library.articles["long"])
    start = body.index("The passage kept")
    kept = Highlight.of(library.path, "long", "Long one", body, start, start + 11, "read again")
    gone = Highlight.of(library.path, "long", "Long one", body, 0, 8, "")
    gone = replace(gone, quote=replace(gone.quote, exact="words no longer there"), text_hash="x")
    store, _ = Store.open(tmp_path / "data")
    with store:
        old = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        store.add_bookmark(library.path, "long", "Long one", Position.at(body, 30), "a bookmark")
        newest = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
        saved = store.import_highlights([replace(gone, created=old), replace(kept, created=newest)])
        assert saved == 2
        store.highlights_of(library.path, "long", body)  # the second one is orphaned now
        found = {h.note: h for h in store.highlights()}
    return found["read again"], found[""]


async def test_notes_list_filters_and_opens_a_highlight(library: Library, tmp_path: Path) -> None:
    kept, _ = _seed(library, tmp_path)
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the notes")
        rows = _rows(app)
        assert rows[0] == "Long one"
        assert rows[1].startswith("  ▍“The passage”  read again  · Late · 50% · ")
        assert rows[2].startswith("  a bookmark")
        assert rows[3].endswith("(orphaned: the passage is no longer in the article)")
        await pilot.press("3")
        assert len(_rows(app)) == 3 and "a bookmark" not in "".join(_rows(app))
        await pilot.press("2")
        assert _rows(app)[1:] and all("▍" not in row for row in _rows(app))
        await pilot.press("1")
        assert len(_rows(app)) == 4
        await pilot.press("k", "enter")  # `2` left the cursor on the bookmark; up to the highlight
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        view = app.screen.query_one(SelectableView)
        await wait_until(pilot, lambda: view.first_screen_ready, "the text")
        assert view.source_offset <= kept.start < view.source_offset + 40  # the top line
        assert view.highlights == [kept]  # drawn; the orphan is not
        notices = [n.message for n in app._notifications]
        assert (
            "1 highlight of this article no longer found in its text (orphaned, kept): see B."
            in notices
        )


async def test_edit_delete_and_undo_a_highlight(library: Library, tmp_path: Path) -> None:
    kept, _ = _seed(library, tmp_path)
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B", "3")
        await wait_until(pilot, lambda: isinstance(app.screen, BookmarksScreen), "the notes")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteDialog), "the note dialog")
        await pilot.press("ctrl+u", *"new note", "enter")
        await wait_until(pilot, lambda: "new note" in _rows(app)[1], "the edited note")
        await pilot.press("d")
        await wait_until(pilot, lambda: len(_rows(app)) == 2, "the deletion")
        assert [h.id for h in app.store.highlights()] != [] and kept.id not in [
            h.id for h in app.store.highlights()
        ]
        await pilot.press("u")
        await wait_until(pilot, lambda: len(_rows(app)) == 3, "the undo")
        restored = app.store.highlight(kept.id)
        assert restored is not None and restored.note == "new note"
