"""End to end in tmux: a bookmark and a reading position survive quitting and SIGTERM.

The installed `reader` runs on a library in `tmp_path` with a long article whose
rows are all different, with its state in `tmp_path` (READER_DATA_DIR).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.state.store import Store
from tests.e2e.tmux_terminal import READER, Terminal, exit_code, reader_command, write_long_library

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (needed for end-to-end tests)"
)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with Terminal(tmp_path) as term:
        yield term


_PERCENT = re.compile(r"(\d+)%\s*$")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_long_library(tmp_path)


def _status_percent(screen: str) -> int | None:
    """The percent in the reading screen's status line ("Reads › Long article … 43%"),
    or None while it is not drawn or a toast covers it."""
    for row in reversed(screen.splitlines()):
        found = _PERCENT.search(row)
        if found and row.lstrip().startswith("Reads › Long article"):
            return int(found.group(1))
    return None


def _percent(screen: str) -> int:
    percent = _status_percent(screen)
    assert percent is not None, f"no status line; the screen shows:\n{screen}"
    return percent


_ROW = re.compile(r"Row (\d+)\.(\d+):")


def _first_row(screen: str) -> tuple[int, int]:
    """The number of the first text row on screen ("Row 4.3:" is (4, 3))."""
    found = _ROW.search(screen)
    assert found, screen
    return int(found.group(1)), int(found.group(2))


def _page_down(terminal: Terminal, times: int) -> str:
    """Press space `times`, waiting each time for the text to move up and (unless a
    toast covers it) the status line's percent to follow."""
    screen = terminal.screen()
    for _ in range(times):
        row, percent = _first_row(screen), _status_percent(screen)

        def moved(s: str, row: tuple[int, int] = row, percent: int | None = percent) -> bool:
            now = _status_percent(s)
            return _first_row(s) > row and (percent is None or now is None or now > percent)

        terminal.press("Space")
        screen = terminal.wait_for(moved, f"rows after {row} and more than {percent}%")
    return screen


def _open_long_article(terminal: Terminal) -> str:
    terminal.wait_for_text("The long reads.")  # the section's preview
    terminal.press("l")
    terminal.wait_for_text("Long article")
    terminal.press("j")
    terminal.wait_for_text("min read")  # the article's preview
    terminal.press("Enter")
    return terminal.wait_for(lambda s: "Row 1.0:" in s and "Reads › Long" in s, "the article")


_SCROLLBAR = re.compile(r"[\s▁▂▃▄▅▆▇█▔▕▏▎▍▌▋▊▉]+$")


def _article_rows(screen: str) -> list[str]:
    """The top rows of the reading screen (title and text), clear of any toast.

    The scrollbar at the right edge is left out: its thumb moves while the rest
    of the article is still being rendered, though the text does not.
    """
    return [_SCROLLBAR.sub("", row) for row in screen.splitlines()[:14]]


def test_bookmark_quit_start_again_and_jump_to_it(
    terminal: Terminal, tmp_path: Path, library: Path
) -> None:
    assert READER.exists(), f"the console script is not installed at {READER}"
    data = tmp_path / "data"
    rc_file = tmp_path / "rc"
    terminal.start(reader_command(rc_file, data, "--library", str(library)))
    _open_long_article(terminal)
    _page_down(terminal, 3)

    terminal.press("m")
    terminal.wait_for_text("Add bookmark")
    terminal.type("e2e note")  # replaces the heading the field starts with
    terminal.press("Enter")
    terminal.wait_for_text("Bookmark added at")
    read_on = _page_down(terminal, 3)  # leave the article further on than the bookmark
    terminal.press("q")
    terminal.wait_for_text("Quit")  # browse's footer
    terminal.press("q")
    assert exit_code(terminal, rc_file) == 0
    assert "Traceback" not in terminal.screen()

    with Store.open(data)[0] as store:
        (bookmark,) = store.bookmarks()
    assert bookmark.note == "e2e note"
    # The longest row of the snippet: a piece of one row of text on the screen.
    marked = max(bookmark.snippet.splitlines(), key=len).strip()
    assert len(marked) > 20 and marked not in read_on

    terminal.kill()
    with Terminal(tmp_path) as terminal:
        rc_file.unlink()
        terminal.start(reader_command(rc_file, data, "--library", str(library)))
        terminal.wait_for_text("Tmux library")
        terminal.press("B")
        screen = terminal.wait_for_text("e2e note")
        assert "Long article" in screen
        terminal.press("Enter")
        screen = terminal.wait_for_text(marked)
        assert "Resumed" not in screen  # the bookmark, not the place reading stopped
        assert "e2e note" not in screen  # the bookmarks screen is gone
        terminal.press("q")
        terminal.wait_for_text("Quit")
        terminal.press("q")
        assert exit_code(terminal, rc_file) == 0


def test_sigterm_saves_the_place_and_the_next_start_resumes_there(
    terminal: Terminal, tmp_path: Path, library: Path
) -> None:
    data = tmp_path / "data"
    rc_file, pid_file = tmp_path / "rc", tmp_path / "pid"
    command = reader_command(rc_file, data, "--library", str(library), pid_file=pid_file)
    terminal.start(command)
    _open_long_article(terminal)
    left = _page_down(terminal, 4)
    percent = _percent(left)
    assert 0 < percent < 100

    os.kill(int(pid_file.read_text()), signal.SIGTERM)
    assert exit_code(terminal, rc_file) == 0  # saved, then quit as if by `q`
    assert "Traceback" not in terminal.screen()

    terminal.kill()
    with Terminal(tmp_path) as terminal:
        rc_file.unlink()
        terminal.start(reader_command(rc_file, data, "--library", str(library)))
        terminal.wait_for_text("min read")  # the cursor starts on the article read last
        terminal.press("Enter")
        screen = terminal.wait_for_text("Resumed at")
        assert f"Resumed at {percent}%." in screen
        # The same rows as when the signal came (once the screen is drawn in full).
        terminal.wait_for(
            lambda s: _article_rows(s) == _article_rows(left), f"the rows of:\n{left}"
        )
