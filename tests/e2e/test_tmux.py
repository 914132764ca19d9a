"""End to end: the installed `reader` command in a real terminal (tmux), keys and all.

Each test starts its own tmux server on a private socket (`tmux -L`), so nothing
touches the user's sessions, and kills it afterwards (see tmux_terminal.py). Waits poll the screen
until a condition holds, with a deadline; there are no fixed sleeps.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux_terminal import READER, Terminal, exit_code, reader_command
from tests.helpers import MINILIB

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (needed for end-to-end tests)"
)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with Terminal(tmp_path) as term:
        yield term


def test_browse_read_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    assert READER.exists(), f"the console script is not installed at {READER}"
    rc_file = tmp_path / "rc"
    terminal.start(reader_command(rc_file, tmp_path / "data", "--library", str(MINILIB)))

    # Each step waits for everything it asserts: the preview, the tree, the header
    # and the status line are drawn in separate frames, late under load.
    def shows(*texts: str) -> Callable[[str], bool]:
        return lambda screen: all(text in screen for text in texts)

    terminal.wait_for(
        shows("Essays are longer pieces", "Mini library", "Essays  3", "Notes  2"),
        "the tree and the first section's preview",
    )

    terminal.press("j")
    terminal.wait_for_text("Short notes.")

    terminal.press("Enter")  # the Notes introduction
    terminal.wait_for(shows("t Outline", "Short notes."), "the Notes introduction")

    terminal.press("J")
    terminal.wait_for(
        shows("A note with TOML front matter.", "Plain note", "Pat Plain", "Notes › Plain note"),
        "the plain note, its header and its status line",
    )

    terminal.press("q")  # back to browse, the cursor on the article read last
    terminal.wait_for(
        lambda s: (
            "t Outline" not in s and "Short notes." not in s and shows("1 min read", "Pat Plain")(s)
        ),
        "the plain note's preview",
    )

    terminal.press("?")
    terminal.wait_for_text("Keys: Browse")
    terminal.press("Escape")  # alone, then wait: Esc followed by a key would read as Alt+key
    terminal.wait_for(lambda s: "Keys: Browse" not in s, "help to close")

    terminal.press("q")
    assert exit_code(terminal, rc_file) == 0
    assert "Traceback" not in terminal.screen()


def test_missing_library_is_a_one_line_error(terminal: Terminal, tmp_path: Path) -> None:
    rc_file = tmp_path / "rc"
    terminal.start(reader_command(rc_file, tmp_path / "data", "--library", "/nonexistent"))
    assert exit_code(terminal, rc_file) == 2
    screen = terminal.wait_for_text("reader:")
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines[0] == "reader: library not found: /nonexistent"
    assert "Traceback" not in screen
    assert len(lines) == 1, lines
