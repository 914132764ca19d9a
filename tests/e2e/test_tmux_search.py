"""End to end in tmux: library search on a generated library of 200 articles.

The installed `reader` starts on a library written to `tmp_path` (20 sections
of 10 articles), with its index in the test's cache dir (READER_CACHE_DIR from
the shared conftest reaches the tmux server's environment). One invented word
is planted deep in one article: `/`, the word, enter must open that article
scrolled to the word.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.tmux_terminal import READER, Terminal, exit_code, reader_command

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (needed for end-to-end tests)"
)

PLANTED = "quoxolotl"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    with Terminal(tmp_path) as term:
        yield term


WORDS = "the of and harbour winter railway letter river Straße İstanbul ﬁle Ateşçi".split()


def generate(root: Path) -> str:
    """20 sections x 10 articles; returns the title of the one holding PLANTED."""
    rng = random.Random(11)
    for number in range(200):
        folder = root / f"{number // 10 + 1:02d}-section-{number // 10 + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(40)
        ]
        if number == 137:
            paragraphs[30] = f"Here the {PLANTED} finally shows itself."
        text = f"---\ntitle: Article {number}\nauthor: Writer {number % 7}\n---\n\n"
        (folder / f"{number:03d}.md").write_text(text + "\n\n".join(paragraphs) + "\n")
    return "Article 137"


def test_search_open_the_match_and_quit(terminal: Terminal, tmp_path: Path) -> None:
    assert READER.exists(), f"the console script is not installed at {READER}"
    root = tmp_path / "library"
    title = generate(root)
    rc_file = tmp_path / "rc"
    terminal.start(reader_command(rc_file, tmp_path / "data", "--library", str(root)))
    terminal.wait_for_text("Section 1")  # the browse tree

    terminal.press("/")
    terminal.wait_for_text("Type to search the whole library")
    terminal.type(PLANTED)
    # Partial results may show while indexing; wait for the finished count.
    screen = terminal.wait_for(
        lambda s: "1 article" in s and "indexing" not in s, "the search result"
    )
    assert f"{title} — Writer {137 % 7}" in screen
    assert "Section 14" in screen  # the section path
    assert f"Here the {PLANTED} finally shows itself." in screen  # the snippet

    terminal.press("Enter")
    screen = terminal.wait_for(
        lambda s: "Section 14 › Article 137" in s and PLANTED in s, "the article at the match"
    )
    assert "Traceback" not in screen

    terminal.press("q")  # back to browse
    terminal.wait_for(lambda s: "Section 14 › Article 137" not in s, "the browse screen")
    terminal.press("q")
    assert exit_code(terminal, rc_file) == 0
    assert "Traceback" not in terminal.screen()
