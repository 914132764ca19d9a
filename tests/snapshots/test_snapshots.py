"""Screenshots of the three screens on the mini fixture library, at 100x30.

Update the baselines after an intended change of look with
`.venv/bin/pytest tests/snapshots --snapshot-update`, and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.library.loader import load_library
from reader.ui.app import ReaderApp, make_app
from tests.helpers import MINILIB

SIZE = (100, 30)

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    library, problems = load_library(MINILIB)
    assert problems == []
    return make_app(library, tmp_path / "data")


def _keys(*keys: str) -> Callable[[Pilot[None]], object]:
    """A `run_before` pressing `keys`, then waiting for any rendering worker to finish."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_browse_with_cursor_on_an_article(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("l", "j"))


def test_read_an_article_with_table_list_and_quote(
    snap_compare: SnapCompare, app: ReaderApp
) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("l", "j", "enter"))


def test_help_on_browse(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=_keys("question_mark"))
