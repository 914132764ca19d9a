"""The app paints the library's outline first, then puts the whole library in its
place: the same tree, the same counts, problems reported once, and the article
read last selected, as when the app starts on a fully loaded library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.library.loader import Problem, load_library
from reader.library.model import Library, Section
from reader.library.outline import load_outline
from reader.state.records import Position
from reader.state.store import Store
from reader.ui.app import ReaderApp, make_app
from reader.ui.widgets.library_tree import LibraryTree
from reader.ui.widgets.preview import Preview
from tests.conftest import MakeLibrary
from tests.helpers import MINILIB, SIZE, wait_until, widget_lines, widget_text

FILES = {
    "_index.md": "---\ntitle: My library\n---\n",
    "top.md": "---\ntitle: Top article\nweight: 1\n---\n\nbody\n",
    "02-beta/_index.md": "---\ntitle: Beta section\n---\n",
    "02-beta/one.md": "# Beta one\n\nwords\n",
    "02-beta/two.md": "# Beta two\n\nwords\n",
    "01-alpha/a.md": "# Alpha a\n\nwords\n",
    "01-alpha/deep/b.md": "# Alpha deep b\n\nwords\n",
    "01-alpha/deep/c.md": "# Alpha deep c\n\nwords\n",
    "01-alpha/empty.md": "",  # counted by the outline, skipped (and reported) by the load
}


def _app(root: Path, tmp_path: Path, loads: list[str]) -> ReaderApp:
    def complete() -> tuple[Library, list[Problem]]:
        loads.append("full")
        return load_library(root)

    return make_app(load_outline(root), tmp_path / "data", complete=complete)


def _tree_lines(app: ReaderApp) -> list[str]:
    return [line.strip(" ▶▼├└─│") for line in widget_lines(app.screen.query_one(LibraryTree))]


async def test_the_outline_is_the_top_of_the_tree_then_the_whole_library_replaces_it(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    root = make_library(FILES)
    outline, (full, _) = load_outline(root), load_library(root)
    titles = ["Alpha", "Top article", "Beta section"]  # the order of the full load
    assert [child.title for child in outline.root.children] == titles
    assert [child.title for child in full.root.children] == titles
    assert outline.articles.keys() == {"top"}  # nothing below the top level is read
    loads: list[str] = []
    app = _app(root, tmp_path, loads)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: loads, "the full load after the first paint")
        await wait_until(pilot, lambda: "Alpha  3" in _tree_lines(app), "the loaded counts")
        assert _tree_lines(app)[:3] == ["Alpha  3", "Top article", "Beta section  2"]
        assert len(app.library.articles) == 6
        await pilot.press("l")  # Alpha opens on its loaded children
        await wait_until(pilot, lambda: "Alpha a" in _tree_lines(app), "Alpha's articles")
        assert _tree_lines(app)[:4] == ["Alpha  3", "Alpha a", "Deep  2", "Top article"]
        titles = [notice.title for notice in app._notifications]
        assert titles == ["1 problem in the library"]  # from the full load only
        assert "This section is empty" not in widget_text(app.screen.query_one(Preview))
        assert loads == ["full"]  # once


async def test_the_article_read_last_is_selected_once_the_library_is_loaded(
    tmp_path: Path,
) -> None:
    full, _ = load_library(MINILIB)
    article = next(a for a in full.articles.values() if "/" in a.id)  # below the top level
    with Store.open(tmp_path / "data")[0] as store:
        assert store.save_position(full.path, article.id, Position(offset=5, percent=40.0))
    loads: list[str] = []
    app = _app(MINILIB, tmp_path, loads)
    async with app.run_test(size=SIZE) as pilot:
        tree: Callable[[], LibraryTree] = lambda: app.screen.query_one(LibraryTree)  # noqa: E731
        await wait_until(
            pilot, lambda: getattr(tree().current, "id", None) == article.id, "the last read"
        )


async def test_a_key_typed_before_the_full_load_acts_on_the_whole_library(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    root = make_library(FILES)
    loads: list[str] = []
    app = _app(root, tmp_path, loads)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")  # at once: the load runs first, then the key
        assert loads == ["full"]
        await wait_until(pilot, lambda: "Alpha a" in _tree_lines(app), "Alpha's articles")
        assert _tree_lines(app)[:3] == ["Alpha  3", "Alpha a", "Deep  2"]
        await pilot.pause()
        assert loads == ["full"]  # and not again after the first paint


async def test_an_outline_section_is_previewed_with_its_count_not_as_empty(
    make_library: MakeLibrary, tmp_path: Path
) -> None:
    root = make_library(FILES)
    app = make_app(load_outline(root), tmp_path / "data")  # the outline as it is painted
    async with app.run_test(size=SIZE) as pilot:

        def preview() -> str:
            return widget_text(app.screen.query_one(Preview))

        await wait_until(pilot, lambda: "4 articles" in preview(), "Alpha's preview")
        assert "This section is empty" not in preview()


async def test_the_outline_starts_on_the_section_of_the_article_read_last(
    tmp_path: Path,
) -> None:
    full, _ = load_library(MINILIB)
    last_section = full.root.children[-1]  # not where the cursor starts anyway
    assert isinstance(last_section, Section)
    article = next(last_section.walk_articles())
    with Store.open(tmp_path / "data")[0] as store:
        assert store.save_position(full.path, article.id, Position(offset=5, percent=40.0))
    app = make_app(load_outline(MINILIB), tmp_path / "data")  # the outline as it is painted
    async with app.run_test(size=SIZE) as pilot:
        tree = app.screen.query_one(LibraryTree)
        top = article.id.partition("/")[0]
        await wait_until(
            pilot, lambda: getattr(tree.current, "id", None) == top, "the article's section"
        )
