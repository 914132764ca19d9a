"""Screenshot of the library search results at 100x30, on the mini fixture library.

The index is built by the app's worker into the test's own cache dir; the
screenshot is taken once it is ready (so no "indexing…" in the status line),
with the query field's cursor not blinking. Update with
`.venv/bin/pytest tests/snapshots --snapshot-update`, and look at the SVG.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from reader.library.loader import load_library
from reader.ui.app import ReaderApp, make_app
from tests.helpers import MINILIB

SIZE = (100, 30)

SnapCompare = Callable[..., bool]


async def _search(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, ReaderApp)
    deadline = time.monotonic() + 10
    while not app.index.ready:
        assert time.monotonic() < deadline, "the index was not built"
        await pilot.pause()
    await pilot.press("slash")
    app.screen.query_one(Input).cursor_blink = False
    await pilot.press(*"essay")
    results = app.screen.query_one(OptionList)
    while results.option_count == 0:
        assert time.monotonic() < deadline, "no results"
        await pilot.pause()
    await pilot.pause()


def test_search_results(snap_compare: SnapCompare, tmp_path: Path) -> None:
    library, problems = load_library(MINILIB)
    assert problems == []
    app = make_app(library, tmp_path / "data")
    assert snap_compare(app, terminal_size=SIZE, run_before=_search)
