"""The TUI on a library of a book and a saved page: chapters read like articles."""

from __future__ import annotations

from pathlib import Path

from reader.library import load_library
from reader.ui.app import make_app
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from tests.books import PAGE, sample_docs, write_epub
from tests.helpers import SIZE, wait_until


async def test_a_chapter_opens_from_the_tree_and_j_steps_to_the_next(tmp_path: Path) -> None:
    root = tmp_path / "library"
    root.mkdir()
    write_epub(root / "novel.epub", sample_docs(), title="The Novel")
    (root / "river.html").write_text(PAGE, encoding="utf-8")
    library, problems = load_library(root)
    assert problems == []
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The book (a section) is first; l opens it, j j moves to its second chapter.
        await pilot.press("l", "j", "j", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReadScreen), "the reading screen")
        view = app.screen.query_one(ArticleView)
        await wait_until(
            pilot,
            lambda: any("It was a dark night.[1]" in line for line in view.text_lines()),
            "the chapter's text",
        )
        text = "\n".join(view.text_lines())
        assert "A footnote." in text and "Chapter One" in text
        await pilot.press("J")  # the next chapter, in reading order
        await wait_until(
            pilot,
            lambda: any("First part." in line for line in view.text_lines()),
            "the next chapter",
        )
