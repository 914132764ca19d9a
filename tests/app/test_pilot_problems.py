"""An app started with problems says so, and still shows the articles that loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.loader import Problem, load_library
from reader.library.model import Library
from reader.ui.app import make_app
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.library_tree import LibraryTree
from tests.helpers import SIZE, screen_text, widget_text

MakeLibrary = Callable[..., Path]  # the `make_library` fixture of tests/conftest.py


async def test_problems_are_notified_and_good_articles_listed(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    root = make_library(
        {
            "good.md": "---\ntitle: Good article\n---\n\nFine.\n",
            "empty.md": "",
            "broken.md": "---\ntitle: [unclosed\n---\n\n# Broken but readable\n",
        }
    )
    library, problems = load_library(root)
    assert len(problems) == 2

    app = make_app(library, tmp_path / "data", problems=problems)
    # run_test disables toasts unless asked: this test wants to see them.
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        notifications = list(app._notifications)
        assert len(notifications) == 1
        (notification,) = notifications
        assert notification.severity == "warning"
        assert notification.title == "2 problems in the library"
        assert str(problems[0]) in notification.message
        # The toast is on screen.
        await pilot.wait_for_scheduled_animations()
        text = screen_text(app)
        assert "2 problems in the library" in text
        # The full command: a bare `reader check` would check the bundled library.
        assert f"reader --library {root} check" in notification.message

        tree = widget_text(app.screen.query_one(LibraryTree))
        assert "Good article" in tree
        assert "Broken but readable" in tree
        assert "Empty" not in tree


async def test_no_problems_no_notification(make_library: MakeLibrary, tmp_path: Path) -> None:
    root = make_library({"good.md": "# Good\n"})
    library, problems = load_library(root)
    app = make_app(library, tmp_path / "data", problems=problems)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert list(app._notifications) == []


async def test_problem_text_is_not_markup(make_library: MakeLibrary, tmp_path: Path) -> None:
    """Values from files end up in the toast: brackets in them are text, not markup."""
    root = make_library({"dated.md": '---\ntitle: Dated\ndate: "[/]"\n---\n\nBody.\n'})
    library, problems = load_library(root)
    assert [problem.message for problem in problems] == ["field 'date': not a date: '[/]'; ignored"]
    app = make_app(library, tmp_path / "data", problems=problems)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert "'[/]';" in screen_text(app)
        assert "Dated" in widget_text(app.screen.query_one(LibraryTree))


async def test_file_names_in_problems_are_not_markup(library: Library, tmp_path: Path) -> None:
    problems = [Problem(Path("[draft] notes.md"), "empty file; skipped")]
    app = make_app(library, tmp_path / "data", problems=problems)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert "[draft] notes.md: empty file; skipped" in screen_text(app)


async def test_vanished_file_is_reported_as_text(
    make_library: MakeLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file deleted after loading: browse and read say so, brackets in its name intact."""
    make_library({"[old] gone.md": "# Gone soon\n\nText.\n"})
    monkeypatch.chdir(tmp_path)  # short relative paths: the toast does not wrap inside them
    library, _ = load_library(Path("library"))
    Path("library/[old] gone.md").unlink()
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        assert "Cannot read library/[old] gone.md" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        await pilot.wait_for_scheduled_animations()
        assert "Cannot read library/[old] gone.md" in screen_text(app)
