"""Text from files is shown as text: no Rich markup, no terminal escape sequences."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Static

from reader.library.model import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.library_tree import LibraryTree
from reader.ui.widgets.preview import Preview
from tests.helpers import SIZE, screen_lines, widget_text

LITERAL = "[bold]not markup[/bold]"
TITLE = f"Markup {LITERAL} red"


def _assert_no_escapes(lines: list[str]) -> None:
    for line in lines:
        assert "\x1b" not in line and "\x9b" not in line, repr(line)


async def test_markup_and_escapes_in_title_and_body(
    reader_app: Callable[[], ReaderApp], library: Library
) -> None:
    article = library.articles["02-notes/markup-note"]
    assert article.title == TITLE  # the ESC sequence is gone, the brackets are kept
    assert b"\x1b[31m" in article.path.read_bytes()  # the fixture really holds one

    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.query_one(LibraryTree).select_item(article)
        await pilot.pause()
        assert TITLE in widget_text(app.screen.query_one(LibraryTree))
        assert TITLE in widget_text(app.screen.query_one(Preview))
        _assert_no_escapes(screen_lines(app))

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert TITLE in widget_text(app.screen.query_one("#article-header", Static))
        lines = app.screen.query_one(ArticleView).text_lines()
        body = "\n".join(lines)
        assert f"This text has {LITERAL} and red escape codes." in body
        _assert_no_escapes(lines)
        _assert_no_escapes(screen_lines(app))
        # The visible rows show the brackets too (markup would have eaten them).
        assert any(LITERAL in line for line in screen_lines(app))
