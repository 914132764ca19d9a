"""End to end in tmux: the installed `reader` opens a 2 MB article and searches it.

The article is generated (tests/generated_article.py) in `tmp_path`: about 1,400
chapters, each with the word `quetzal` once, in its first line. State goes to
`tmp_path` (READER_DATA_DIR). Waits poll the screen with a deadline.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux_terminal import POLL, READER, Terminal, exit_code, reader_command
from tests.generated_article import MARKER, generate

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (needed for end-to-end tests)"
)

COUNTER = re.compile(r"(\d+)/(\d+)…?\s*$", re.M)


def _wait_longer(terminal: Terminal, pattern: str, seconds: float = 90.0) -> str:
    """Poll until a line of the screen matches `pattern`, for up to `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        screen = terminal.screen()
        if re.search(pattern, screen, re.M):
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {pattern!r}; the screen shows:\n{screen}")
        time.sleep(POLL)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with Terminal(tmp_path) as term:
        yield term


def test_open_a_2mb_article_search_it_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    assert READER.exists(), f"the console script is not installed at {READER}"
    body = generate(2_000_000)
    chapters = body.count(f"begins with a {MARKER}")
    assert len(body) >= 2_000_000 and chapters > 1_000
    root = tmp_path / "library"
    root.mkdir()
    (root / "long.md").write_text("---\ntitle: Long read\n---\n\n" + body, encoding="utf-8")
    rc_file = tmp_path / "rc"
    terminal.start(reader_command(rc_file, tmp_path / "data", "--library", str(root)))

    terminal.wait_for_text("Long read")  # the browse tree, the cursor on the article
    terminal.press("Enter")
    terminal.wait_for(  # the text, then (a frame later) the status line
        lambda s: f"Chapter 1 begins with a {MARKER}." in s and "Long read › Chapter 1" in s,
        "the first chapter and the status line naming it",
    )

    terminal.press("/")
    terminal.wait_for_text("Regex on/off")  # the bar's keys in the footer
    terminal.type(MARKER)
    screen = terminal.wait_for(lambda s: COUNTER.search(s) is not None, "the counter")
    counter = COUNTER.search(screen)
    assert counter is not None and counter.group(1) == "1"
    assert int(counter.group(2)) <= chapters
    # Once the worker has rendered the whole book (seconds: longer than the usual
    # deadline), every chapter's match is counted.
    _wait_longer(terminal, rf"1/{chapters}\s*$")

    terminal.press("Enter")  # keep the matches, back to reading
    terminal.wait_for(lambda s: "Regex on/off" not in s, "the bar to close")
    terminal.press("n")
    screen = terminal.wait_for_text(f"Chapter 2 begins with a {MARKER}.")
    terminal.press("N")
    terminal.press("N")  # before the first: wraps to the last chapter
    # Both in one capture: tmux may capture a frame half written (the text before the toast).
    terminal.wait_for(
        lambda s: (
            f"Chapter {chapters} begins with a {MARKER}." in s
            and "Search wrapped to the bottom." in s
        ),
        "the last chapter and the wrap notice",
    )

    terminal.press("q")  # back to browse
    terminal.wait_for(lambda s: "Regex on/off" not in s and "t Outline" not in s, "browse")
    terminal.press("q")
    assert exit_code(terminal, rc_file) == 0
    assert "Traceback" not in terminal.screen()
