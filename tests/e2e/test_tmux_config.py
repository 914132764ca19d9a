"""End to end in tmux: keys rebound in a config file, and the width written back to it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux_terminal import DEADLINE, POLL, Terminal, exit_code, reader_command
from tests.helpers import MINILIB

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (needed for end-to-end tests)"
)

SETTINGS = """\
# Keys of my own
[keys.browse]
quit = ["x"]  # not q

[keys.read]
outline = ["o"]
"""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with Terminal(tmp_path) as term:
        yield term


def _wait_for_file(path: Path, text: str) -> str:
    deadline = time.monotonic() + DEADLINE
    while text not in (content := path.read_text()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never written; the file holds:\n{content}")
        time.sleep(POLL)
    return content


def test_rebound_keys_work_and_show(terminal: Terminal, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(SETTINGS)
    rc_file = tmp_path / "rc"
    args = ("--config", str(config), "--library", str(MINILIB))
    terminal.start(reader_command(rc_file, tmp_path / "data", *args))

    screen = terminal.wait_for(
        lambda s: "Essays are longer pieces" in s and " Quit" in s, "the preview and the footer"
    )
    assert "x Quit" in screen and "q Quit" not in screen  # the footer shows the key in force

    terminal.press("q")  # no longer quits: nothing happens
    terminal.press("l")
    terminal.press("j")
    terminal.press("Enter")
    screen = terminal.wait_for_text("o Outlin")  # (the footer is cut at 100 columns)
    assert "t Outline" not in screen
    terminal.press("t")  # the old key does nothing: by the time `G` is done, no outline
    terminal.press("G")
    screen = terminal.wait_for(lambda s: s.rstrip().endswith("100%") or "100%\n" in s, "the end")
    assert "no headings" not in screen
    terminal.press("o")
    terminal.wait_for_text("This article has no headings.")
    terminal.press("+")  # wider: written back at once, the comments kept
    content = _wait_for_file(config, "width = 92")
    assert content == SETTINGS.replace("[keys.browse]", "width = 92\n\n[keys.browse]", 1)

    terminal.press("q")  # back to the tree
    terminal.wait_for_text("x Quit")
    terminal.press("x")
    assert exit_code(terminal, rc_file) == 0
