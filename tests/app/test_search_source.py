"""Search and jumps on the source text, whatever is rendered (issue 9 items 2-4, issue 13).

A long article is rendered only around the view, so the counter, `n`/`N` and
`G` must not wait for rendering: the total is right at once, `G` lands at the
end at once. The counter stays in the status line after `enter` (vim's
`[2/25]`), and `n`/`N` go from the top of the screen after paging away, as in
less. The article is the generated one (tests/generated_article.py): chapters
with `quetzal` once each in their first line, and an epilogue with `zanzibar`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Label

from reader.library.loader import load_library
from reader.reading import document as document_module, fold_apart
from reader.reading.fold_apart import FoldApart
from reader.textsearch.fold import fold
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens import read_screen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from tests.generated_article import MARKER, generate
from tests.helpers import SIZE, wait_until, widget_lines, widget_text

EPILOGUE = "\n## Epilogue\n\nThe final zanzibar, the last words of the book.\n"


def _app(make_library: Callable[..., Path], tmp_path: Path, size: int) -> ReaderApp:
    body = generate(size) + EPILOGUE
    root = make_library({"long.md": "---\ntitle: Long read\n---\n\n" + body})
    library, problems = load_library(root)
    assert problems == []
    return make_app(library, tmp_path / "data")


async def _open(pilot: Pilot[None]) -> ArticleView:
    await pilot.pause()
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReadScreen), "the reading screen")
    view = pilot.app.screen.query_one(ArticleView)
    await wait_until(pilot, lambda: view.first_screen_ready, "the first screen")
    return view


def _counter(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one("#search-counter", Label)).strip()


def _status(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one("#status")).strip()


def _visible(view: ArticleView) -> str:
    return "\n".join(widget_lines(view))


def _current_row(view: ArticleView) -> str:
    """The row on screen holding the current match ("" if none is on screen)."""
    current = view.get_component_rich_style("article-view--current-match").bgcolor
    for y in range(view.scrollable_content_region.height):
        strip = view.render_line(y)
        if any(segment.style and segment.style.bgcolor == current for segment in strip):
            return strip.text
    return ""


def _chapter(row: str) -> int:
    found = re.search(r"Chapter (\d+) begins", row)
    assert found is not None, row
    return int(found.group(1))


async def test_a_long_article_counts_every_match_and_G_ends_before_it_is_rendered(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = _app(make_library, tmp_path, 1_200_000)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        assert total > 100

        await pilot.press("slash", *MARKER)
        # The whole article, not what is rendered.
        await wait_until(pilot, lambda: _counter(app) == f"1/{total}", "the whole total")
        await pilot.press("ctrl+u", *"zanzibar")  # only in the last lines
        await wait_until(pilot, lambda: _counter(app) == "1/1", "the one match")
        assert "The final zanzibar" in _visible(view)
        assert not view.rendered_complete  # found long before the article is rendered

        await pilot.press("escape", "g", "G")
        await wait_until(pilot, lambda: _status(app).endswith("100%"), "the end")
        assert view.scroll_y == view.max_scroll_y > 0
        assert "The final zanzibar" in _visible(view)
        assert not view.rendered_complete


async def test_the_counter_stays_in_the_status_line_and_follows_n_and_N(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = _app(make_library, tmp_path, 40_000)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        await pilot.press("slash", *MARKER, "enter")
        # Counted in a worker when the source is not folded yet: wait for the counter.
        await wait_until(pilot, lambda: f"[1/{total}]" in _status(app), "the counter at 1")
        assert app.screen.focused is view

        await pilot.press("n")
        await wait_until(pilot, lambda: f"[2/{total}]" in _status(app), "the counter at 2")
        await pilot.press("N", "N")
        await wait_until(
            pilot, lambda: f"[{total}/{total}]" in _status(app), "the counter at the last"
        )

        await pilot.press("escape")  # matches dropped: so is the counter
        await wait_until(pilot, lambda: "[" not in _status(app), "the counter gone")


async def test_n_and_N_go_from_the_top_of_the_screen_after_paging_away(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = _app(make_library, tmp_path, 40_000)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        await pilot.press("slash", *MARKER, "enter")
        await wait_until(pilot, lambda: _current_row(view) != "", "the first match")
        assert _chapter(_current_row(view)) == 1

        await pilot.press(*["space"] * 12)  # far below chapter 1's match
        await pilot.pause()
        top = _visible(view)
        assert _current_row(view) == ""
        below = [int(n) for n in re.findall(r"Chapter (\d+) begins", top)]
        await pilot.press("n")
        await pilot.pause()
        number = _chapter(_current_row(view))
        # The first match at or below the top line, not the second match of the book.
        assert number > 2
        assert not below or number == below[0]
        assert f"[{number}/{total}]" in _status(app)

        await pilot.press(*["space"] * 12)
        await pilot.pause()
        first_shown = [int(n) for n in re.findall(r"Chapter (\d+) begins", _visible(view))]
        await pilot.press("N")
        await pilot.pause()
        previous = _chapter(_current_row(view))
        assert previous > number  # the last one above the top, not the one before n's
        if first_shown:
            assert previous == first_shown[0] - 1

        await pilot.press("G", "n")  # no match on the last screen: wraps to the first
        await wait_until(pilot, lambda: f"[1/{total}]" in _status(app), "the counter at 1")
        assert _chapter(_current_row(view)) == 1


async def test_a_word_typed_while_the_book_is_being_folded_is_counted_without_holding_keys(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fold of a long book runs in a worker; a search typed before it ends says
    "counting…" and keeps taking keys, then shows the total (it used to hold the UI)."""
    release = threading.Event()

    def slow_fold(text: str, **options: Any) -> object:
        release.wait(10)
        return fold(text, **options)

    monkeypatch.setattr(document_module, "fold", slow_fold)
    app = _app(make_library, tmp_path, 300_000)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        total = view.document.source.count(MARKER)
        await pilot.press("slash", *MARKER)
        await wait_until(pilot, lambda: _counter(app) == "counting…", "counting in a worker")
        await pilot.press("backspace", MARKER[-1])  # the search bar still answers keys
        assert _counter(app) == "counting…"
        release.set()
        await wait_until(pilot, lambda: _counter(app) == f"1/{total}", "the total")


@pytest.mark.parametrize("child", ["folds", "fails"])
async def test_a_long_book_folded_in_a_child_process_counts_every_match(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    """A long book's fold is made in a child process while the first screen is
    painted; when the child fails, the app folds it itself: the total is the same."""
    started: list[FoldApart] = []
    start = FoldApart.start

    def watched(body: bytes | memoryview, casefold: bool = True) -> FoldApart | None:
        apart = start(body, casefold)
        started.extend([apart] if apart else [])
        return apart

    monkeypatch.setattr(read_screen, "FOLD_APART_AT", 100_000)
    monkeypatch.setattr(FoldApart, "start", watched)
    if child == "fails":
        monkeypatch.setattr(fold_apart, "CHILD", ("-c", "import sys; sys.exit(3)"))
    app = _app(make_library, tmp_path, 300_000)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        assert len(started) == 1
        total = view.document.source.count(MARKER)
        await pilot.press("slash", *MARKER)
        await wait_until(pilot, lambda: _counter(app) == f"1/{total}", "the whole total")
