"""BrowseScreen: the tree, its keys, and the preview of what the cursor is on."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from reader.library.loader import load_library
from reader.library.model import Article, Library, Section, reading_minutes, word_count
from reader.ui.app import ReaderApp, make_app
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.widgets.library_tree import LibraryTree
from reader.ui.widgets.preview import Preview
from tests.conftest import MakeLibrary
from tests.helpers import SIZE, wait_until, widget_lines, widget_text


def _tree(app: ReaderApp) -> LibraryTree:
    return app.screen.query_one(LibraryTree)


def _preview(app: ReaderApp) -> str:
    return widget_text(app.screen.query_one(Preview))


def _current_title(app: ReaderApp) -> str:
    item = _tree(app).current
    assert item is not None
    return item.title


async def test_tree_lists_sections_with_article_counts(
    reader_app: Callable[[], ReaderApp],
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        lines = widget_lines(_tree(app))
        assert "Essays  3" in lines[0]
        assert "Notes  2" in lines[1]
        assert not any("First essay" in line for line in lines), "sections start collapsed"
        await pilot.press("l")
        await pilot.pause()
        lines = widget_lines(_tree(app))
        assert [line.strip(" ▶▼├└─│") for line in lines[:5]] == [
            "Essays  3",
            "First essay",
            "Second essay",
            "Deeper  1",
            "Notes  2",
        ]


async def test_cursor_keys_move_and_preview_follows(
    reader_app: Callable[[], ReaderApp], library: Library
) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _current_title(app) == "Essays"
        # A section's preview is its title, its article count and its introduction.
        preview = _preview(app)
        assert "3 articles" in preview
        assert "Essays are longer pieces, each argued" in preview

        await pilot.press("j")
        await pilot.pause()
        assert _current_title(app) == "Notes"
        assert "Short notes." in _preview(app)
        await pilot.press("k")
        await pilot.pause()
        assert _current_title(app) == "Essays"
        await pilot.press("down")
        await pilot.pause()
        assert _current_title(app) == "Notes"
        await pilot.press("up")
        await pilot.pause()
        assert _current_title(app) == "Essays"

        # Expand, then step onto the first article: the preview describes it.
        await pilot.press("l", "j")
        await pilot.pause()
        article = library.articles["01-essays/first-essay"]
        assert _tree(app).current is article
        words = word_count(library.read_body(article))
        preview = _preview(app)
        assert "First essay" in preview
        assert "Ann Author · 2024-01-15" in preview
        assert f"{words:,} words · {reading_minutes(words)} min read" in preview
        assert reading_minutes(words) > 1

        await pilot.press("j")
        await pilot.pause()
        preview = _preview(app)
        assert "Second essay" in preview
        assert "Bea Writer, Cy Coauthor · 2023-05-01" in preview
        assert "First essay" not in preview


async def test_expand_collapse_and_parent(reader_app: Callable[[], ReaderApp]) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = _tree(app)
        essays = tree.cursor_node
        assert essays is not None and not essays.is_expanded

        await pilot.press("l")  # expand, cursor stays
        await pilot.pause()
        assert essays.is_expanded and tree.cursor_node is essays
        await pilot.press("l")  # already open: go to the first child
        await pilot.pause()
        assert _current_title(app) == "First essay"
        await pilot.press("h")  # on an article: go to the parent section
        await pilot.pause()
        assert tree.cursor_node is essays and essays.is_expanded
        await pilot.press("h")  # on an open section: collapse it
        await pilot.pause()
        assert not essays.is_expanded
        assert not any("First essay" in line for line in widget_lines(tree))

        await pilot.press("right")
        await pilot.pause()
        assert essays.is_expanded
        await pilot.press("right", "left")
        await pilot.pause()
        assert tree.cursor_node is essays
        await pilot.press("left")
        await pilot.pause()
        assert not essays.is_expanded


async def test_first_and_last(reader_app: Callable[[], ReaderApp]) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # open Essays so that there is more than two rows
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert _current_title(app) == "Notes"
        assert "Short notes." in _preview(app)
        await pilot.press("g")
        await pilot.pause()
        assert _current_title(app) == "Essays"
        await pilot.press("end")
        await pilot.pause()
        assert _current_title(app) == "Notes"
        await pilot.press("home")
        await pilot.pause()
        assert _current_title(app) == "Essays"


def test_tree_order_is_library_order(library: Library) -> None:
    """The order the tree shows is the order J/K step through (the read tests rely on it)."""
    titles = [article.title for article in library.ordered_articles()]
    assert titles[:4] == ["First essay", "Second essay", "Deep article", "Plain note"]
    assert isinstance(library.sections["01-essays/03-deeper"], Section)
    assert all(isinstance(a, Article) for a in library.ordered_articles())


def _on_screen_and_current(app: ReaderApp, title: str) -> bool:
    return title in widget_text(_tree(app)) and _current_title(app) == title


async def test_first_and_last_keep_the_cursor_on_screen(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    # A section longer than the screen is open: `G` must scroll down to the last row,
    # `g` back up to the first.
    files = {"00-long/_index.md": "---\ntitle: Long\n---\n"}
    files |= {f"00-long/a{n:02}.md": f"# Article {n:02}\n\nText.\n" for n in range(60)}
    files["zz-last.md"] = "# The very last\n"
    library, _ = load_library(make_library(files))
    app = make_app(library, tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        tree = _tree(app)
        await wait_until(pilot, lambda: tree.cursor_node is not None, "the tree")
        await pilot.press("l")  # open the long section
        for key, title in (("G", "The very last"), ("g", "Long"), ("end", "The very last")):
            await pilot.press(key)
            await wait_until(
                pilot, partial(_on_screen_and_current, app, title), f"{title!r} after {key}"
            )
        await pilot.press("home")
        await wait_until(pilot, lambda: "Long  60" in widget_text(tree), "the top after home")
