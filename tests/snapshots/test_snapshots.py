"""Screenshots of the three screens on the mini fixture library, at 100x30.

Update the baselines after an intended change of look with
`.venv/bin/pytest tests/snapshots --snapshot-update`, and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.loader import load_library
from reader.ui.app import ReaderApp, make_app
from tests.helpers import MINILIB, keys_then_settle

SIZE = (100, 30)

SnapCompare = Callable[..., bool]


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    library, problems = load_library(MINILIB)
    assert problems == []
    return make_app(library, tmp_path / "data")


def test_browse_with_cursor_on_an_article(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("l", "j"))


def test_read_an_article_with_table_list_and_quote(
    snap_compare: SnapCompare, app: ReaderApp
) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("l", "j", "enter"))


def test_help_on_browse(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=SIZE, run_before=keys_then_settle("question_mark"))
