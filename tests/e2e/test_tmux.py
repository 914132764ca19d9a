"""End to end: the installed `reader` command in a real terminal (tmux), keys and all.

Each test starts its own tmux server on a private socket (`tmux -L`), so nothing
touches the user's sessions, and kills it in a `finally`. Waits poll the screen
until a condition holds, with a deadline; there are no fixed sleeps.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (needed for end-to-end tests)"
)

MINILIB = Path(__file__).resolve().parent.parent / "fixtures" / "minilib"
READER = Path(sys.executable).parent / "reader"
DEADLINE = 10.0
POLL = 0.05


class Terminal:
    """One tmux server with one 100x30 window running one command."""

    def __init__(self, tmp_path: Path) -> None:
        self.socket = f"reader-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        # The socket lives in a private folder (a short path: sockets have a length limit).
        self.socket_dir = Path(tempfile.mkdtemp(prefix="reader-tmux-"))
        # No status line: the app gets all 100x30 cells.
        self.config = tmp_path / "tmux.conf"
        self.config.write_text("set -g status off\n")
        self.env = {key: value for key, value in os.environ.items() if not key.startswith("TMUX")}
        self.env.pop("READER_LIBRARY", None)
        self.env.update(
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
            TERM="xterm-256color",
            TMUX_TMPDIR=str(self.socket_dir),
        )

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", str(self.config), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=DEADLINE,
            check=True,
        )
        return result.stdout

    def start(self, command: str) -> None:
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", command)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, condition: Callable[[str], bool], what: str) -> str:
        """Poll the screen until `condition(screen)` holds; fail after the deadline."""
        deadline = time.monotonic() + DEADLINE
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")
            time.sleep(POLL)

    def wait_for_text(self, text: str) -> str:
        return self.wait_for(lambda screen: text in screen, repr(text))

    def press(self, key: str) -> None:
        self.tmux("send-keys", "-t", "0", key)

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=DEADLINE,
            check=False,
        )
        shutil.rmtree(self.socket_dir, ignore_errors=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    term = Terminal(tmp_path)
    try:
        yield term
    finally:
        term.kill()


def _command(rc_file: Path, data_dir: Path, *args: str) -> str:
    """`reader ARGS` under sh, writing its exit code to `rc_file`.

    The shell then waits on `read`, so the pane (and what the command printed) stays
    until the server is killed; a pane whose command has ended can lose its output.
    """
    reader = " ".join(shlex.quote(part) for part in [str(READER), *args])
    data = shlex.quote(str(data_dir))
    rc = shlex.quote(str(rc_file))
    return f"sh -c {shlex.quote(f'READER_DATA_DIR={data} {reader}; echo $? > {rc}; read _')}"


def _exit_code(terminal: Terminal, rc_file: Path) -> int:
    deadline = time.monotonic() + DEADLINE
    while not (rc_file.exists() and rc_file.read_text().strip()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no exit code written; the screen shows:\n{terminal.screen()}")
        time.sleep(POLL)
    return int(rc_file.read_text())


def test_browse_read_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    assert READER.exists(), f"the console script is not installed at {READER}"
    rc_file = tmp_path / "rc"
    terminal.start(_command(rc_file, tmp_path / "data", "--library", str(MINILIB)))

    screen = terminal.wait_for_text("Essays are longer pieces")  # the first section's preview
    assert "Mini library" in screen
    assert "Essays  3" in screen and "Notes  2" in screen

    terminal.press("j")
    terminal.wait_for_text("Short notes.")

    terminal.press("Enter")  # the Notes introduction
    screen = terminal.wait_for_text("Next article")
    assert "Short notes." in screen

    terminal.press("J")
    screen = terminal.wait_for_text("A note with TOML front matter.")
    assert "Plain note" in screen and "Pat Plain" in screen
    assert "Notes › Plain note" in screen  # the status line

    terminal.press("q")  # back to browse, the cursor on the article read last
    screen = terminal.wait_for(
        lambda s: "Next article" not in s and "1 min read" in s, "the plain note's preview"
    )
    assert "Pat Plain" in screen and "Short notes." not in screen

    terminal.press("?")
    terminal.wait_for_text("Keys: Browse")
    terminal.press("Escape")  # alone, then wait: Esc followed by a key would read as Alt+key
    terminal.wait_for(lambda s: "Keys: Browse" not in s, "help to close")

    terminal.press("q")
    assert _exit_code(terminal, rc_file) == 0
    assert "Traceback" not in terminal.screen()


def test_missing_library_is_a_one_line_error(terminal: Terminal, tmp_path: Path) -> None:
    rc_file = tmp_path / "rc"
    terminal.start(_command(rc_file, tmp_path / "data", "--library", "/nonexistent"))
    assert _exit_code(terminal, rc_file) == 2
    screen = terminal.wait_for_text("reader:")
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines[0] == "reader: library not found: /nonexistent"
    assert "Traceback" not in screen
    assert len(lines) == 1, lines
