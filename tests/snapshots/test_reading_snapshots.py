"""Screenshots of the reading engine at 100x30: a highlighted search, and the outline.

On tests/fixtures/readinglib, one article with headings at three levels and the
word "harbour" many times. Update the baselines after an intended change of look
with `.venv/bin/pytest tests/snapshots --snapshot-update`, and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.library.loader import load_library
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from tests.helpers import READINGLIB, wait_until

SIZE = (100, 30)

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    library, problems = load_library(READINGLIB)
    assert problems == []
    return make_app(library, tmp_path / "data")


async def _open_and_settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("enter")

    def rendered() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, ReadScreen) and screen.query_one(ArticleView).rendered_complete

    await wait_until(pilot, rendered, "the article to render")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_search_highlights_every_match_and_counts_them(
    snap_compare: SnapCompare, app: ReaderApp
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_and_settle(pilot)
        pilot.app.screen.query_one(Input).cursor_blink = False  # a steady cursor
        await pilot.press("slash", *"harbour")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_outline_lists_headings_by_level_with_the_current_one_selected(
    snap_compare: SnapCompare, app: ReaderApp
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_and_settle(pilot)
        await pilot.press("space")  # down a page: the current heading is not the first
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
