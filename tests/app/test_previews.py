"""Previews and contents pages say what an article or a section holds."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from reader.library import contents
from reader.library.loader import load_library
from reader.library.model import Article, Library, reading_minutes, word_count
from reader.state.store import Position
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.library_tree import LibraryTree
from reader.ui.widgets.preview import Preview
from tests.helpers import SIZE, wait_until, widget_text

FILES = {
    "a-plain.md": "# Plain &amp; simple\n\n!!! note\n    The *first* paragraph of it,\n"
    "    [linked](x.md) &mdash; and long.\n\nThe second paragraph.\n",
    "b-one.md": "---\ntitle: One word\n---\n\nHello\n",
    "c-section/_index.md": "---\ntitle: Quiet section\n---\n",
    "c-section/first.md": "---\ntitle: First inside\nsummary: What the first is about.\n---\n\n"
    + "Words. " * 50,
    "c-section/second.md": "---\ntitle: Second inside\nauthor: Ann Author\n---\n\nText.\n",
}


def _app(make_library: Callable[..., Path], tmp_path: Path) -> ReaderApp:
    library, problems = load_library(make_library(FILES))
    assert problems == []
    return make_app(library, tmp_path / "data")


async def _preview_of(pilot, title: str, start: str | None = None) -> str:
    """Move the cursor to `title` (from `start`, where the tree starts) and read the preview."""
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, BrowseScreen), "the tree")
    tree = app.screen.query_one(LibraryTree)
    preview = app.screen.query_one(Preview)
    if start is not None:
        await wait_until(pilot, lambda: start in widget_text(preview), "the first preview")
    await pilot.press("g")
    for _ in range(10):
        if tree.current is not None and tree.current.title == title:
            break
        await pilot.press("j")
    await wait_until(pilot, lambda: title in widget_text(preview), f"the preview of {title}")
    return widget_text(preview)


async def test_an_article_without_summary_previews_its_first_paragraph(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = _app(make_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        text = " ".join((await _preview_of(pilot, "Plain & simple")).split())
        assert "The first paragraph of it, linked — and long." in text
        assert "The second paragraph" not in text
        assert "!!!" not in text and "*" not in text
        text = await _preview_of(pilot, "One word")
        assert "1 word ·" in text and "1 words" not in text


async def test_a_section_with_an_empty_introduction_shows_its_contents(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    app = _app(make_library, tmp_path)
    library = app.library
    body = library.read_body(library.articles["c-section/first"])
    app.store.save_position(library.path, "c-section/first", Position(len(body) // 2, 43.0))
    async with app.run_test(size=SIZE) as pilot:
        text = await _preview_of(pilot, "Quiet section", start="First inside")
        assert "First inside · 43%" in text
        assert "What the first is about." in text
        assert "Second inside · Ann Author" in text
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reader")
        reader = app.screen
        assert isinstance(reader, ReadScreen)
        await wait_until(pilot, lambda: reader.view.first_screen_ready, "the first screen")
        shown = widget_text(reader.view)
        assert "First inside · 43%" in shown and "What the first is about." in shown
        await pilot.press("tab", "enter")  # each title is a link to its article
        await wait_until(pilot, lambda: reader.article.title == "First inside", "the article")


async def test_a_long_article_is_counted_apart_while_the_cursor_moves_on(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch
) -> None:
    """Counting a long file took the tree's thread (0.6 s for 20 MB); now a
    thread counts it, the card says so meanwhile, and keys are not held."""
    paragraph = "A long first paragraph of the book. " + "Words upon words. " * 40_000
    files = {"a-long.md": "# The long one\n\n" + paragraph + "\n", "b-short.md": "# Short\n\nHi.\n"}
    library, _ = load_library(make_library(files))
    long_article = library.articles["a-long"]
    assert os.path.getsize(long_article.path) >= contents.LONG_BODY
    release = threading.Event()
    real = contents.article_facts

    def held(library: Library, article: Article) -> tuple[int, str]:
        if article is long_article:
            assert release.wait(30), "never released"
        return real(library, article)

    monkeypatch.setattr("reader.ui.screens.browse_screen.article_facts", held)
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        text = await _preview_of(pilot, "The long one")
        assert "counting words…" in text and "min read" not in text
        assert "Short" not in text

        preview = app.screen.query_one(Preview)
        await pilot.press("k")  # the tree moves while the count is held
        await wait_until(pilot, lambda: "3 words · 1 min read" in widget_text(preview), "Short")
        await pilot.press("j")
        await wait_until(pilot, lambda: "The long one" in widget_text(preview), "back")
        assert "counting words…" in widget_text(preview)

        release.set()
        words = word_count(library.read_body(long_article))
        shown = f"{words:,} words · {reading_minutes(words)} min read"
        await wait_until(pilot, lambda: shown in widget_text(preview), "the count")
        assert "A long first paragraph of the book." in widget_text(preview)


def test_the_facts_of_a_long_file_are_those_of_its_whole_text(
    make_library: Callable[..., Path],
) -> None:
    code = "```\n" + "x = 1\n" * 20_000 + "```\n\n"  # no prose in its first 64 KB

    def code_block(size: int) -> str:
        """A fenced code block and the blank line after it, `size` bytes long."""
        return "```\n" + "x\n" * ((size - len("```\n```\n\n")) // 2) + "```\n\n"

    near_cut = code_block(contents.OPENING - 30)  # prose from just before 64 KB on
    rest = "\n\n" + "More. " * 100_000 + "\n"
    files = {
        "long.md": "# Long\n\n" + "Straße\u00a0word " * 60_000 + "\n\nSecond.\n",
        "code-first.md": "# Code first\n\n" + code + "Prose at last.\n",
        "across.md": near_cut + "Prose over the cut, ß and ﬁ: " * 4 + rest,
        "setext.md": code_block(contents.OPENING - 15)
        + "Title line\n"
        + "=" * 10
        + "\n\nReal prose here."
        + rest,
        "summary.md": "---\ntitle: S\nsummary: Said here.\n---\n\nA body.\n",
        "short.md": "# Short\n\nJust this.\n",
    }
    library, _ = load_library(make_library(files))
    for article in library.articles.values():
        body = library.read_body(article)
        expected = (word_count(body), "" if article.summary else contents.lead(body))
        assert contents.article_facts(library, article) == expected, article.id
    assert contents.article_facts(library, library.articles["code-first"])[1] == "Prose at last."
    assert contents.article_facts(library, library.articles["across"])[1].endswith("ﬁ:")
    assert contents.article_facts(library, library.articles["setext"])[1].startswith("Real prose")
