"""`H` goes back to the article read before, at the place the link was followed from; `L`
goes forward again; `q` still goes to the tree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Label

from reader.library.loader import load_library
from reader.ui.app import make_app
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from tests.helpers import SIZE, wait_until, widget_text

FILLER = "\n\n".join(f"Filler paragraph {n} with a few words in it." for n in range(300))
FILES = {
    "a-first.md": "---\ntitle: First\n---\n\n"
    + FILLER
    + "\n\nNear the end, see [the second](b-second.md#part-two).\n",
    "b-second.md": "---\ntitle: Second\n---\n\nStart.\n\n"
    + FILLER
    + "\n\n## Part two\n\nThe part two text.\n\n"
    + FILLER
    + "\n",
}


def _percent(reader: ReadScreen) -> float:
    return float(widget_text(reader.query_one("#status-percent", Label)).strip(" %") or 0)


async def test_h_goes_back_to_where_the_link_was_followed_and_l_forward(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    library, _ = load_library(make_library(FILES))
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        reader = app.screen
        assert isinstance(reader, ReadScreen)
        view = reader.view
        await wait_until(pilot, lambda: view.first_screen_ready, "the first screen")
        await pilot.press("G")
        await wait_until(pilot, lambda: "Near the end" in widget_text(view), "the end")
        await pilot.press("shift+tab")
        await pilot.press("enter")
        await wait_until(pilot, lambda: reader.article.title == "Second", "the linked article")
        await wait_until(pilot, lambda: "Part two" in widget_text(view), "the heading")

        await pilot.press("H")
        await wait_until(pilot, lambda: reader.article.title == "First", "back to the first")
        await wait_until(
            pilot,
            lambda: "Near the end" in widget_text(view) and _percent(reader) > 90,
            "the place the link was followed from",
        )

        await pilot.press("L")
        await wait_until(pilot, lambda: reader.article.title == "Second", "forward again")
        await wait_until(pilot, lambda: "Part two" in widget_text(view), "at the heading")

        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
