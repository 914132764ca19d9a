"""End to end in tmux: `/phrase`, `enter`, `v`, `w`, `enter`, a note; quit; start
again; `B` lists the highlight and `enter` reads from it, drawn in the text.

The installed `reader` runs on a library in `tmp_path` with its state there too.
"""

from __future__ import annotations

import shutil
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


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_long_library(tmp_path, "The lighthouse keeper wrote every night in his log.")


def _open(terminal: Terminal) -> None:
    terminal.wait_for_text("The long reads.")
    terminal.press("l")
    terminal.wait_for_text("Long article")
    terminal.press("j")
    terminal.wait_for_text("min read")
    terminal.press("Enter")
    terminal.wait_for(lambda s: "Row 1.0:" in s and "Reads › Long" in s, "the article")


def test_highlight_survives_a_restart_and_opens_from_the_notes(
    terminal: Terminal, tmp_path: Path, library: Path
) -> None:
    assert READER.exists(), f"the console script is not installed at {READER}"
    data, rc_file = tmp_path / "data", tmp_path / "rc"
    terminal.start(reader_command(rc_file, data, "--library", str(library)))
    _open(terminal)
    terminal.press("/")
    terminal.type("keeper wrote")
    terminal.wait_for_text("1/1")
    terminal.press("Enter")
    terminal.wait_for(lambda s: "Regex on/off" not in s, "the search bar to close")
    terminal.press("v")
    terminal.wait_for_text("Selected: 2 words")
    terminal.press("w")
    terminal.wait_for_text("Selected: 3 words")
    terminal.press("Enter")
    terminal.wait_for_text("Add highlight")
    terminal.type("the keeper's habit")
    terminal.press("Enter")
    terminal.wait_for_text("Highlight saved at")
    terminal.press("q")
    terminal.wait_for_text("Quit")
    terminal.press("q")
    assert exit_code(terminal, rc_file) == 0
    store, _ = Store.open(data)
    with store:
        [saved] = store.highlights()
    assert (saved.exact, saved.note) == ("keeper wrote every", "the keeper's habit")

    terminal.kill()
    rc_file.unlink()
    again = Terminal(tmp_path)
    with again:
        again.start(reader_command(rc_file, data, "--library", str(library)))
        # The tree, its cursor on the article read last (its preview) or not there yet.
        again.wait_for_text("Tmux library")
        again.press("B")
        again.wait_for_text("“keeper wrote every”  the keeper's habit")
        again.press("Enter")
        # At the highlight, and its note in the status line while it is on screen.
        screen = again.wait_for(
            lambda s: "lighthouse keeper" in s and "✎ the keeper's habit" in s, "the highlight"
        )
        assert screen.index("lighthouse keeper") < screen.index("Row 4.6")
