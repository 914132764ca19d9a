"""Bookmarks and reading positions in the UI: `m`, `B`, jump, edit, delete, undo,
re-attach, resume with its notice, and the reading state in the browse tree.

The library is generated in `tmp_path`: a long article (so that positions differ
from page to page), a shorter one, and one whose title a missing bookmark shares.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label

from reader.library.loader import load_library
from reader.library.model import Library
from reader.state.store import Bookmark, Position, Store, library_key
from reader.ui.app import ReaderApp, make_app
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.browse_screen import BrowseScreen
from reader.ui.screens.read_screen import ReadScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.library_tree import LibraryTree
from tests.helpers import SIZE, screen_text, widget_lines, widget_text

LONG = "01-reads/a-long"
OTHER = "01-reads/b-other"
MOVED = "02-more/moved"

MakeLibrary = Callable[..., Path]


def _article(name: str, chapters: int, paragraphs: int) -> str:
    lines = [f"---\ntitle: {name} article\n---\n"]
    for chapter in range(1, chapters + 1):
        lines.append(f"## Chapter {chapter}\n")
        for number in range(1, paragraphs + 1):
            lines.append(
                f"{name} paragraph {chapter}.{number}: a line of text that stays on one row.\n"
            )
    return "\n".join(lines)


@pytest.fixture
def long_library(make_library: MakeLibrary) -> Library:
    root = make_library(
        {
            "_index.md": "---\ntitle: Test library\n---\n",
            "01-reads/_index.md": "---\ntitle: Reads\n---\nLong and short reads.\n",
            "01-reads/a-long.md": _article("Long", 8, 10),
            "01-reads/b-other.md": _article("Other", 4, 8),
            "02-more/_index.md": "---\ntitle: More\n---\nMore reads.\n",
            "02-more/moved.md": "---\ntitle: Moved article\n---\nThe moved article's text.\n",
        }
    )
    library, problems = load_library(root)
    assert problems == []
    assert list(library.articles) == [LONG, OTHER, MOVED]
    return library


def _app(library: Library, tmp_path: Path) -> ReaderApp:
    return make_app(library, tmp_path / "data")


def _store(tmp_path: Path) -> Store:
    store, notices = Store.open(tmp_path / "data")
    assert notices == []
    return store


def _at(library: Library, article_id: str, text: str) -> Position:
    """The position where `text` starts in the article's body."""
    body = library.read_body(library.articles[article_id])
    return Position.at(body, body.index(text))


def _mark(
    library: Library, article_id: str, text: str, note: str, created: dt.datetime, title: str = ""
) -> Bookmark:
    """A bookmark at `text` in `article_id`, for `Store.import_bookmarks`."""
    if article_id in library.articles:
        position = _at(library, article_id, text)
        title = library.articles[article_id].title
    else:
        position = Position(100, 25.0, "Somewhere", "text that was there")
    return Bookmark(
        0, library_key(library.path), article_id, title, note, position.offset,
        position.percent, position.heading, position.snippet, created,
    )  # fmt: skip


def _when(hour: int) -> dt.datetime:
    return dt.datetime(2025, 3, 14, hour, 30, tzinfo=dt.UTC)


def _view(app: ReaderApp) -> ArticleView:
    return app.screen.query_one(ArticleView)


_SCROLLBAR = re.compile(r"[\s▁▂▃▄▅▆▇█▔▕▏▎▍▌▋▊▉]+$")


def _top(app: ReaderApp) -> str:
    """The first rows of the article on screen, without the scrollbar.

    The scrollbar's thumb moves while the rest of the article is rendered in
    the background (estimated heights become real ones); the text does not.
    """
    return "\n".join(_SCROLLBAR.sub("", line) for line in widget_lines(_view(app))[:5])


def _messages(app: ReaderApp) -> list[str]:
    return [notification.message for notification in app._notifications]


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _open(pilot: Pilot[None], *keys: str) -> ReadScreen:
    """From a fresh browse screen: expand Reads, move with `keys`, press enter."""
    await pilot.pause()
    await pilot.press("l", *keys, "enter")
    await _settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReadScreen)
    return screen


async def _page_down(pilot: Pilot[None], times: int) -> None:
    for _ in range(times):
        await pilot.press("space")
    await _settle(pilot)


def _list_lines(app: ReaderApp) -> list[str]:
    assert isinstance(app.screen, BookmarksScreen)
    lines = widget_lines(app.screen.query_one("#bookmarks"))
    # A toast may cover the right half of the bottom rows: its rows start with "▌".
    return [kept for line in lines if (kept := line.split("▌")[0].strip())]


# -- m: add a bookmark --------------------------------------------------------


async def test_m_asks_for_a_note_prefilled_with_the_heading_and_enter_saves(
    long_library: Library, tmp_path: Path
) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, "j")
        await _page_down(pilot, 3)
        view = _view(app)
        offset, heading = view.source_offset, view.heading
        assert offset > 0 and heading is not None and heading.title.startswith("Chapter ")
        percent = round(view.percent)

        await pilot.press("m")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        field = dialog.query_one(Input)
        assert field.value == heading.title
        assert dialog.focused is field
        assert f"Long article · {percent}%" in widget_text(dialog.query_one("#note-where"))

        await pilot.press(*"worth rereading", "enter")  # typing replaces the heading
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        (bookmark,) = app.store.bookmarks()
        assert bookmark.note == "worth rereading"
        assert (bookmark.article_id, bookmark.title) == (LONG, "Long article")
        assert bookmark.offset == offset and bookmark.heading == heading.title
        assert round(bookmark.percent) == percent
        assert f"Bookmark added at {percent}%." in screen_text(app)
        assert view.source_offset == offset  # the dialog did not move the text

        # A second bookmark further on, keeping the prefilled heading as its note.
        await _page_down(pilot, 4)
        second_heading = view.heading
        assert second_heading is not None and second_heading.title != heading.title
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        newest, oldest = app.store.bookmarks()
        assert oldest == bookmark
        assert newest.note == second_heading.title
        assert newest.offset == view.source_offset > bookmark.offset


async def test_esc_in_the_note_dialog_saves_nothing(long_library: Library, tmp_path: Path) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "j")
        await _page_down(pilot, 2)
        offset = _view(app).source_offset
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"not this", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert app.store.bookmarks() == []
        assert _view(app).source_offset == offset
        # The keys work on the text again: q goes back, it is not typed anywhere.
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.store.bookmarks() == []


async def test_m_on_a_section_introduction_says_it_is_not_for_sections(
    long_library: Library, tmp_path: Path
) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # Reads' introduction
        await _settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ReadScreen)
        assert "Bookmarks are for articles, not section introductions." in _messages(app)
        assert app.store.bookmarks() == []


# -- B: the list --------------------------------------------------------------


def _three_bookmarks(library: Library, tmp_path: Path) -> list[Bookmark]:
    """Long at 9:30, Other at 10:30, Long at 11:30 (UTC); returned newest first."""
    with _store(tmp_path) as store:
        added = store.import_bookmarks(
            [
                _mark(library, LONG, "Long paragraph 2.3:", "early note", _when(9)),
                _mark(library, OTHER, "Other paragraph 3.1:", "other note", _when(10)),
                _mark(library, LONG, "Long paragraph 6.5:", "late note", _when(11)),
            ]
        )
        assert added == 3
        return store.bookmarks()


async def test_B_from_browse_lists_bookmarks_newest_first_by_article(
    long_library: Library, tmp_path: Path
) -> None:
    late, _other, early = _three_bookmarks(long_library, tmp_path)
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        lines = _list_lines(app)
        # The article whose bookmark is newest comes first, with both of its bookmarks.
        assert [line.split("  ")[0] for line in lines] == [
            "Long article",
            "late note",
            "early note",
            "Other article",
            "other note",
        ]
        local = {b.id: b.created.astimezone().strftime("%Y-%m-%d %H:%M") for b in (late, early)}
        assert lines[1] == f"late note  · Chapter 6  · {late.percent:.0f}% · {local[late.id]}"
        assert lines[2] == f"early note  · Chapter 2  · {early.percent:.0f}% · {local[early.id]}"
        assert late.percent > early.percent
        assert lines[4].startswith("other note  · Chapter 3  · ")
        current = app.screen.current if isinstance(app.screen, BookmarksScreen) else None
        assert current == late  # the cursor starts on the newest

        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_B_from_read_lists_them_and_q_goes_back_to_the_text(
    long_library: Library, tmp_path: Path
) -> None:
    _three_bookmarks(long_library, tmp_path)
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "j", "j")  # the other article
        await _page_down(pilot, 1)
        offset = _view(app).source_offset
        await pilot.press("B")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert "late note" in _list_lines(app)[1]
        # The cursor starts on the bookmarks of the article being read.
        assert app.screen.current is not None and app.screen.current.note == "other note"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen_stack[-1] is screen
        assert screen.article.id == OTHER and _view(app).source_offset == offset


async def test_an_empty_list_says_how_to_add_one(long_library: Library, tmp_path: Path) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B", "enter", "d", "e")  # nothing to open, delete or edit
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert _list_lines(app) == ["No bookmarks or highlights yet: press m or v while reading."]


# -- enter: read from a bookmark ------------------------------------------------


async def test_enter_opens_the_article_at_the_bookmark_not_where_it_was_left(
    long_library: Library, tmp_path: Path
) -> None:
    late, _other, early = _three_bookmarks(long_library, tmp_path)
    with _store(tmp_path) as store:  # reading stopped elsewhere: resume would go there
        store.save_position(long_library.path, LONG, _at(long_library, LONG, "Long paragraph 4.1:"))
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B", "j")  # the early note, second in the list
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen) and app.screen.current == early
        await pilot.press("enter")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReadScreen) and screen.article.id == LONG
        assert abs(_view(app).source_offset - early.offset) < 40
        assert "Long paragraph 2.3:" in _top(app)
        assert not any(m.startswith("Resumed") for m in _messages(app))
        assert "Resumed" not in screen_text(app)

        # From the reading screen too: B, enter on the newest jumps there in place.
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("enter")
        await _settle(pilot)
        assert app.screen_stack[-1] is screen
        assert abs(_view(app).source_offset - late.offset) < 40
        assert "Long paragraph 6.5:" in _top(app)
        assert not any(m.startswith("Resumed") for m in _messages(app))


async def test_enter_from_reading_one_article_opens_another(
    long_library: Library, tmp_path: Path
) -> None:
    _late, other, _early = _three_bookmarks(long_library, tmp_path)
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "j")
        await _page_down(pilot, 2)
        left_at = _view(app).source_offset
        await pilot.press("B", "j", "j")  # the cursor skips the Other article's header
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen) and app.screen.current == other
        await pilot.press("enter")
        await _settle(pilot)
        assert app.screen_stack[-1] is screen and screen.article.id == OTHER
        assert "Other article" in widget_text(screen.query_one("#article-header"))
        assert "Other paragraph 3.1:" in _top(app)
        # Leaving the long article saved where it was.
        saved = app.store.position(long_library.path, LONG)
        assert saved is not None and saved.offset == left_at


# -- e, d, u: tidy up -----------------------------------------------------------


async def test_e_edits_the_note_and_esc_keeps_it(long_library: Library, tmp_path: Path) -> None:
    late, _other, _early = _three_bookmarks(long_library, tmp_path)
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("B", "e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        assert dialog.query_one(Input).value == "late note"
        await pilot.press(*"changed my mind", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        edited = app.store.bookmark(late.id)
        assert edited is not None and edited.note == "changed my mind"
        assert _list_lines(app)[1].startswith("changed my mind  · Chapter 6")
        assert app.screen.current is not None and app.screen.current.id == late.id

        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"thrown away", "escape")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        kept = app.store.bookmark(late.id)
        assert kept is not None and kept.note == "changed my mind"
        assert _list_lines(app)[1].startswith("changed my mind")


async def test_d_deletes_and_u_brings_the_same_bookmark_back(
    long_library: Library, tmp_path: Path
) -> None:
    late, other, early = _three_bookmarks(long_library, tmp_path)
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B", "d")
        await pilot.pause()
        assert app.store.bookmarks() == [other, early]
        assert not any("late note" in line for line in _list_lines(app))
        assert "Bookmark deleted: u to undo." in screen_text(app)

        # Newest first: the Other article's bookmark now leads the list.
        assert [line.split("  ")[0] for line in _list_lines(app)] == [
            "Other article",
            "other note",
            "Long article",
            "early note",
        ]
        # The cursor stays where the deleted bookmark was: on the next one.
        assert app.screen.current == early  # type: ignore[attr-defined]
        await pilot.press("d")
        await pilot.pause()
        assert app.store.bookmarks() == [other]
        assert [line.split("  ")[0] for line in _list_lines(app)] == [
            "Other article",
            "other note",
        ]

        await pilot.press("u")  # the last delete first
        await pilot.pause()
        assert app.store.bookmarks() == [other, early]
        await pilot.press("u")
        await pilot.pause()
        assert app.store.bookmarks() == [late, other, early]  # same ids, same times
        assert [line.split("  ")[0] for line in _list_lines(app)] == [
            "Long article",
            "late note",
            "early note",
            "Other article",
            "other note",
        ]
        assert "Bookmark restored." in _messages(app)
        await pilot.press("u")
        await pilot.pause()
        assert "Nothing to undo." in _messages(app)
        assert len(app.store.bookmarks()) == 3


# -- missing articles -----------------------------------------------------------


async def test_a_bookmark_whose_article_is_gone_is_shown_missing_and_kept(
    long_library: Library, tmp_path: Path
) -> None:
    with _store(tmp_path) as store:
        store.import_bookmarks(
            [_mark(long_library, "01-reads/gone", "", "lost note", _when(8), "Gone article")]
        )
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        lines = _list_lines(app)
        assert lines[0] == "Gone article  (missing: 01-reads/gone)"
        assert lines[1].startswith("lost note  · Somewhere  · 25%")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert "That article is missing from the library." in screen_text(app)
        await pilot.press("r")  # no same-titled article to re-attach to
        await pilot.pause()
        assert "can be re-attached" in _messages(app)[-1]
        await pilot.press("q", "q")
        await pilot.pause()
    with _store(tmp_path) as store:
        (kept,) = store.bookmarks()
        assert (kept.article_id, kept.note) == ("01-reads/gone", "lost note")


async def test_r_reattaches_to_the_article_with_the_same_title(
    long_library: Library, tmp_path: Path
) -> None:
    with _store(tmp_path) as store:
        store.import_bookmarks(
            [
                _mark(long_library, OTHER, "Other paragraph 1.2:", "still here", _when(7)),
                _mark(long_library, "old/moved", "", "moved note", _when(8), "Moved article"),
            ]
        )
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("B")
        await pilot.pause()
        lines = _list_lines(app)
        assert lines[0] == f"Moved article  (missing: old/moved → r re-attaches to {MOVED})"
        await pilot.press("j", "r")  # on "still here" (past its header): nothing to re-attach
        await pilot.pause()
        assert app.store.bookmarks()[1].article_id == OTHER
        assert "can be re-attached" in _messages(app)[-1]

        await pilot.press("k", "r")
        await pilot.pause()
        moved = app.store.bookmarks()[0]
        assert (moved.article_id, moved.title, moved.note) == (MOVED, "Moved article", "moved note")
        assert f"Re-attached to {MOVED}." in _messages(app)
        assert _list_lines(app)[0] == "Moved article"
        assert app.screen.current == moved  # type: ignore[attr-defined]

        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, ReadScreen) and app.screen.article.id == MOVED
        assert "The moved article's text." in _top(app)


# -- resume ---------------------------------------------------------------------


async def test_opening_again_resumes_where_reading_stopped(
    long_library: Library, tmp_path: Path
) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open(pilot, "j")
        assert not any(m.startswith("Resumed") for m in _messages(app))  # first time: the top
        await _page_down(pilot, 3)
        offset, top = _view(app).source_offset, _top(app)
        percent = app.screen.query_one("#status-percent", Label)
        shown = widget_text(percent).strip()
        assert offset > 0 and shown != "0%"

        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")  # the cursor is on the article just read
        await _settle(pilot)
        assert isinstance(app.screen, ReadScreen) and app.screen.article.id == LONG
        assert f"Resumed at {shown}." in screen_text(app)
        assert _view(app).source_offset == offset
        assert _top(app) == top


async def test_a_new_start_resumes_too(long_library: Library, tmp_path: Path) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "j")
        await _page_down(pilot, 5)
        offset = _view(app).source_offset
        await pilot.press("q", "q")  # leave, then quit
        await pilot.pause()
    saved = app.store.position(long_library.path, LONG)
    assert saved is not None and saved.offset == offset

    again = _app(long_library, tmp_path)
    async with again.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the cursor starts on the article read last
        await _settle(pilot)
        assert isinstance(again.screen, ReadScreen) and again.screen.article.id == LONG
        assert _view(again).source_offset == offset
        assert f"Resumed at {saved.percent:.0f}%." in screen_text(again)


# -- the tree's reading state ----------------------------------------------------


def _tree_lines(app: ReaderApp) -> list[str]:
    return [line.strip(" ▶▼├└─│") for line in widget_lines(app.screen.query_one(LibraryTree))]


async def test_the_tree_shows_percent_then_finished_and_the_section_count(
    long_library: Library, tmp_path: Path
) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert _tree_lines(app)[:3] == ["Reads  2", "Long article", "Other article"]

        await pilot.press("j", "enter")  # the long article
        await _settle(pilot)
        await _page_down(pilot, 2)
        shown = widget_text(app.screen.query_one("#status-percent", Label)).strip()
        await pilot.press("q")
        await pilot.pause()
        assert shown not in ("0%", "100%")
        assert _tree_lines(app)[:3] == ["Reads  2", f"Long article  {shown}", "Other article"]

        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("G")
        await _settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert _tree_lines(app)[:3] == ["Reads  1/2", "Long article  ✓", "Other article"]

        # Back at the top, it stays finished.
        await pilot.press("enter")
        await _settle(pilot)
        await pilot.press("g", "q")
        await pilot.pause()
        assert _tree_lines(app)[:3] == ["Reads  1/2", "Long article  ✓", "Other article"]


async def test_a_new_start_puts_the_cursor_on_the_article_read_last(
    long_library: Library, tmp_path: Path
) -> None:
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, "j")  # the long article, then the other one
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("j", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, ReadScreen) and app.screen.article.id == OTHER
        await _page_down(pilot, 1)
        await pilot.press("q", "q")
        await pilot.pause()

    again = _app(long_library, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        tree = again.screen.query_one(LibraryTree)
        assert tree.current is long_library.articles[OTHER]
        assert "Other article" in widget_text(again.screen.query_one("#preview"))
        lines = _tree_lines(again)
        assert lines[0] == "Reads  2" and lines[2].startswith("Other article  ")


async def test_opening_at_a_saved_place_does_not_save_it_as_0_percent(
    long_library: Library, tmp_path: Path
) -> None:
    """Right after opening, the saved place keeps its percent: a crash then (the next
    save is seconds away) must not leave the tree at 0% and "Resumed at 0%" next time."""
    with _store(tmp_path) as store:
        store.save_position(long_library.path, LONG, _at(long_library, LONG, "Long paragraph 5.5:"))
        before = store.position(long_library.path, LONG)
    assert before is not None and before.percent > 40
    app = _app(long_library, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the cursor is on the article read last
        await _settle(pilot)
        assert isinstance(app.screen, ReadScreen) and app.screen.article.id == LONG
        saved = app.store.position(long_library.path, LONG)
        assert saved is not None
        assert abs(saved.percent - before.percent) < 2, saved
        assert abs(saved.offset - before.offset) < 40, saved
