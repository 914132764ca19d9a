"""Driving the installed `reader` command in a real terminal (tmux), for the e2e tests.

Each test starts its own tmux server on a private socket (`tmux -L`), so nothing
touches the user's sessions, and kills it on leaving `with Terminal(tmp_path)`
(each test module's `terminal` fixture). Waits poll the screen until a condition
holds, with a deadline; there are no fixed sleeps.
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
from collections.abc import Callable
from pathlib import Path

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

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.kill()

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

    def type(self, text: str) -> None:
        """Type `text` literally (no key names: "Space" is five letters)."""
        self.tmux("send-keys", "-t", "0", "-l", text)

    def kill(self) -> None:
        subprocess.run(
            ["tmux", "-L", self.socket, "kill-server"],
            env=self.env,
            capture_output=True,
            timeout=DEADLINE,
            check=False,
        )
        shutil.rmtree(self.socket_dir, ignore_errors=True)


def reader_command(rc_file: Path, data_dir: Path, *args: str, pid_file: Path | None = None) -> str:
    """`reader ARGS` under sh, writing its exit code to `rc_file` (and its pid to `pid_file`).

    The shell then waits on `read`, so the pane (and what the command printed) stays
    until the server is killed; a pane whose command has ended can lose its output.
    With `pid_file`, an inner shell writes its pid and `exec`s reader: that is the
    reader's pid, for sending it a signal.
    """
    reader = " ".join(shlex.quote(part) for part in [str(READER), *args])
    data = shlex.quote(str(data_dir))
    rc = shlex.quote(str(rc_file))
    run = f"READER_DATA_DIR={data} {reader}"
    if pid_file is not None:
        inner = f"echo $$ > {shlex.quote(str(pid_file))}; exec {reader}"
        run = f"READER_DATA_DIR={data} sh -c {shlex.quote(inner)}"
    return f"sh -c {shlex.quote(f'{run}; echo $? > {rc}; read _')}"


def exit_code(terminal: Terminal, rc_file: Path) -> int:
    """The exit code `reader_command` wrote; fail if none comes before the deadline."""
    deadline = time.monotonic() + DEADLINE
    while not (rc_file.exists() and rc_file.read_text().strip()):
        if time.monotonic() > deadline:
            raise AssertionError(f"no exit code written; the screen shows:\n{terminal.screen()}")
        time.sleep(POLL)
    return int(rc_file.read_text())


def write_long_library(tmp_path: Path, extra: str | None = None) -> Path:
    """A library of one section, "Reads", with one long article of 8 chapters of
    distinct rows (`Row 4.2: …`); `extra` is a line put in chapter 4."""
    root = tmp_path / "library"
    (root / "reads").mkdir(parents=True)
    (root / "_index.md").write_text("---\ntitle: Tmux library\n---\n")
    (root / "reads" / "_index.md").write_text("---\ntitle: Reads\n---\nThe long reads.\n")
    parts = ["---\ntitle: Long article\n---\n"]
    for chapter in range(1, 9):
        parts.append(f"## Chapter {chapter}\n")
        parts += [f"Row {chapter}.{n}: a line of its own, unlike any other.\n" for n in range(10)]
    if extra is not None:
        parts.insert(40, extra + "\n")
    (root / "reads" / "long.md").write_text("\n".join(parts))
    return root
