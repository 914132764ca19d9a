"""Screenshot of the bookmarks screen at 100x30: two articles' bookmarks and a missing one.

The bookmarks are imported with fixed creation times and the local time zone is
UTC for the test, so the dates on screen are the same on every machine. Update
with `.venv/bin/pytest tests/snapshots --snapshot-update`, and look at the SVG.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.library.loader import load_library
from reader.library.model import Library
from reader.state.store import Bookmark, Position, Store, library_key
from reader.ui.app import ReaderApp, make_app
from tests.helpers import MINILIB

SIZE = (100, 30)

SnapCompare = Callable[..., bool]


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show times in UTC (`astimezone()` follows TZ once `tzset` has run)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _mark(library: Library, article_id: str, text: str, note: str, hour: int) -> Bookmark:
    article = library.articles[article_id]
    body = library.read_body(article)
    position = Position.at(body, body.index(text))
    return Bookmark(
        0, library_key(library.path), article_id, article.title, note, position.offset,
        position.percent, position.heading, position.snippet,
        dt.datetime(2025, 3, 14, hour, 5, tzinfo=dt.UTC),
    )  # fmt: skip


@pytest.fixture
def app(tmp_path: Path, utc: None) -> ReaderApp:
    library, problems = load_library(MINILIB)
    assert problems == []
    gone = Bookmark(
        0, library_key(library.path), "01-essays/third-essay", "Third essay", "gone but kept",
        120, 40.0, "", "a line of the essay that was removed",
        dt.datetime(2025, 3, 14, 7, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    store, notices = Store.open(tmp_path / "data")
    assert notices == []
    with store:
        added = store.import_bookmarks(
            [
                gone,
                _mark(library, "01-essays/first-essay", "Paragraph 5 of", "the table", 9),
                _mark(library, "02-notes/plain-note", "A note", "", 10),
                _mark(library, "01-essays/first-essay", "Paragraph 25 of", "argument", 11),
            ]
        )
    assert added == 4
    return make_app(library, tmp_path / "data")


async def _open_bookmarks(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("B")
    await pilot.pause()


def test_bookmarks_screen(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_bookmarks)
