"""Screenshots of each dialog, of a light theme and of an 80-column terminal.

The dialogs (note, confirm) are drawn over the reading screen; the light theme
and the narrow terminal show the browse and reading screens as a user with such
a terminal sees them. Update with `--snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.loader import load_library
from reader.ui.app import ReaderApp, make_app
from tests.helpers import MINILIB, NARROW, SIZE, keys_then_settle

SnapCompare = Callable[..., bool]

LINKED = {
    "_index.md": "---\ntitle: Linked library\n---\n",
    "page.md": (
        "---\ntitle: A page with a link\n---\n\n"
        "Read [the original](https://example.org/original-article) for more.\n"
    ),
}


def _app(root: Path, tmp_path: Path) -> ReaderApp:
    library, problems = load_library(root)
    assert problems == []
    return make_app(library, tmp_path / "data")


@pytest.fixture
def app(tmp_path: Path) -> ReaderApp:
    return _app(MINILIB, tmp_path)


def test_note_dialog_over_an_article(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(
        app, terminal_size=SIZE, run_before=keys_then_settle("l", "j", "enter", "m")
    )


def test_confirm_dialog_for_a_web_link(
    snap_compare: SnapCompare, make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = _app(make_library(LINKED), tmp_path)
    assert snap_compare(
        app, terminal_size=SIZE, run_before=keys_then_settle("enter", "tab", "enter")
    )


def test_browse_in_a_light_theme(snap_compare: SnapCompare, app: ReaderApp) -> None:
    run_before = keys_then_settle("l", "j", theme="textual-light")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_read_in_a_light_theme(snap_compare: SnapCompare, app: ReaderApp) -> None:
    run_before = keys_then_settle("l", "j", "enter", theme="textual-light")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_browse_at_80_columns(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=NARROW, run_before=keys_then_settle("l", "j"))


def test_read_at_80_columns(snap_compare: SnapCompare, app: ReaderApp) -> None:
    assert snap_compare(app, terminal_size=NARROW, run_before=keys_then_settle("l", "j", "enter"))
