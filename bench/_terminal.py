"""A real terminal for the end-to-end benchmarks: tmux on its own socket, polled.

Each program runs in a detached tmux session (`tmux -L reader-bench`, never the
default socket), started with `exec` so the pane's process is the program
itself (its RSS and CPU time are read from /proc). Times are wall-clock, from
just before the keys (or the start command) are sent until the screen shows
what is waited for; the screen is polled every few milliseconds, so a figure
includes up to one poll of latency, the same for the reference programs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

SOCKET = "reader-bench"
POLL = 0.003


def _tmux(*args: str) -> str:
    result = subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    )
    return result.stdout


class Terminal:
    """One program in a tmux pane of `width` x `height`."""

    def __init__(self, name: str, width: int = 100, height: int = 30) -> None:
        self.name = name
        self.width, self.height = width, height
        self.pid = 0

    def start(
        self, argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
    ) -> float:
        """Start `argv`; returns the start time (before tmux is asked)."""
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        command = f"cd {shlex.quote(str(cwd or Path.cwd()))} && {exports} exec {shlex.join(argv)}"
        _tmux("kill-session", "-t", self.name)
        started = time.perf_counter()
        _tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            command,
        )
        self.pid = int(_tmux("display", "-p", "-t", self.name, "#{pane_pid}").strip() or 0)
        return started

    def screen(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str, literal: bool = False) -> float:
        """Send keys; returns the time just before they were sent."""
        sent = time.perf_counter()
        _tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)
        return sent

    def wait(self, condition: Callable[[str], bool], since: float, timeout: float = 60.0) -> float:
        """Seconds from `since` until `condition(screen)` holds (inf on timeout)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if condition(self.screen()):
                return time.perf_counter() - since
            time.sleep(POLL)
        return float("inf")

    def changed(self, before: str, since: float, timeout: float = 10.0) -> float:
        return self.wait(lambda screen: screen != before, since, timeout)

    def rss_mb(self) -> float:
        """Resident memory now (nan once the program has exited)."""
        try:
            status = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return float("nan")
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU time so far, with that of the child processes it has
        waited for (reader folds a long book in one), nan once it has exited."""
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return float("nan")
        fields = stat.rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return sum(int(field) for field in fields[11:15]) / ticks

    def settle(self, quiet: float = 2.0, timeout: float = 120.0) -> float:
        """Wait until the program uses no CPU for `quiet` seconds; its CPU time then."""
        deadline = time.perf_counter() + timeout
        last, since = self.cpu_seconds(), time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.25)
            now = self.cpu_seconds()
            if now != now:  # nan: it exited (or was killed)
                return now
            if now - last > 0.02:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                break
        return last

    def close(self) -> None:
        _tmux("kill-session", "-t", self.name)


def kill_server() -> None:
    _tmux("kill-server")
