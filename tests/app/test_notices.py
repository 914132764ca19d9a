"""Notices hide nothing that matters: not the search counter, not the percent read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input
from textual.widgets._toast import Toast

from reader.library.loader import load_library
from reader.state.session import ReadingSession
from reader.ui.app import make_app
from reader.ui.screens import read_screen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.screens.search_screen import SearchScreen
from reader.ui.widgets.search_bar import SearchBar
from tests.helpers import SIZE, screen_text, wait_until

BODY = "\n\n".join(f"Paragraph {n} about the harbour and its boats." for n in range(400))


async def test_a_notice_covers_neither_the_status_line_nor_the_search_bar(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library({"long.md": "---\ntitle: Long\n---\n\n" + BODY + "\n"})
    library, _ = load_library(root)
    app = make_app(library, tmp_path / "data")
    article = library.articles["long"]
    body = library.read_body(article)
    ReadingSession(app.store, library.path, "long", body).save(len(body) // 2, 50.0, "")
    # Where the notice is, not how long it stays: a busy machine may take seconds.
    monkeypatch.setattr(read_screen, "RESUMED_NOTICE", 600.0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        await pilot.press("slash", *"boats")
        await wait_until(pilot, lambda: "Resumed at 50%" in screen_text(app), "the notice")
        screen = app.screen
        bar = screen.query_one(SearchBar)
        await wait_until(pilot, lambda: bar.is_open and "/" in screen_text(app), "the bar")
        await pilot.wait_for_scheduled_animations()
        toasts = [toast.region for toast in screen.query(Toast)]
        assert toasts
        for widget in (bar, screen.query_one("#status")):
            for toast in toasts:
                assert not toast.overlaps(widget.region), f"a notice covers {widget}"


async def test_no_notice_when_there_is_nothing_to_resume(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library({"long.md": "---\ntitle: Long\n---\n\n" + BODY + "\n"})
    library, _ = load_library(root)
    app = make_app(library, tmp_path / "data")
    ReadingSession(app.store, library.path, "long", BODY).save(30, 0.2, "")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        reader = app.screen
        assert isinstance(reader, ReadScreen)
        await wait_until(pilot, lambda: reader.view.first_screen_ready, "the first screen")
        await pilot.pause()
        assert not any("Resumed" in notice.message for notice in app._notifications)


async def test_a_notice_on_the_library_search_leaves_the_query_visible(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library({"long.md": "---\ntitle: Long\n---\n\n" + BODY + "\n"})
    library, _ = load_library(root)
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("slash")
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search")
        app.notify("A notice while searching.")
        await wait_until(pilot, lambda: "A notice while" in screen_text(app), "the notice")
        await pilot.wait_for_scheduled_animations()
        query = app.screen.query_one(Input)
        for toast in app.screen.query(Toast):
            assert not toast.region.overlaps(query.region)
