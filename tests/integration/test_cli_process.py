"""The screenless commands as a process: all output flushed before the quick exit,
and `list --json` word counts cached between runs but never stale.

`reader` ends the screenless commands with `os._exit` after flushing (tearing
down a 50,000-article library took half a second); a lost line of output or a
wrong exit code would only show in a real process, so these run one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def _reader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=os.environ.copy(),  # data and cache dirs from the autouse fixture
    )


def test_list_json_is_whole_and_word_counts_follow_edits(
    make_library: Callable[..., Path],
) -> None:
    files = {f"a{n:03}.md": f"# Article {n}\n\n" + "word " * n for n in range(1, 201)}
    root = make_library(files)
    first = _reader("--library", str(root), "list", "--json")
    assert first.returncode == 0, first.stderr
    rows = json.loads(first.stdout)  # every byte flushed before the process ended
    words = {row["id"]: row["words"] for row in rows}
    assert len(words) == 200 and words["a200"] - words["a001"] == 199

    again = _reader("--library", str(root), "list", "--json")  # the kept output (`list_cache`)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")

    (root / "a007.md").write_text("# Article 7\n\n" + "word " * 500)
    edited = {
        row["id"]: row["words"]
        for row in json.loads(_reader("--library", str(root), "list", "--json").stdout)
    }
    assert edited.pop("a007") == words.pop("a007") + 493  # counted again, not cached
    assert edited == words

    missing = _reader("--library", str(root), "show", "no-such-article")
    assert missing.returncode == 2
    assert missing.stderr.startswith("reader: no article or section with id")


def test_search_from_the_index_alone_is_whole_and_follows_edits(
    make_library: Callable[..., Path],
) -> None:
    """The second search answers from the index (no load) and must print the
    same, flushed before the quick exit; an edit is seen by the next one."""
    files = {f"s{n % 4}/a{n:03}.md": f"# Article {n}\n\nlantern {n}\n" for n in range(120)}
    root = make_library(files)
    search = ("--library", str(root), "search", "lantern", "--limit", "100", "--json")
    first = _reader(*search)
    assert first.returncode == 0, first.stderr
    assert len(json.loads(first.stdout)) == 100
    again = _reader(*search)
    assert (again.returncode, again.stdout, again.stderr) == (0, first.stdout, "")

    (root / "s1" / "a005.md").write_text("# Renamed\n\nno light here\n")
    edited = json.loads(_reader(*search).stdout)
    assert "s1/a005" not in {row["id"] for row in edited}
    light = _reader("--library", str(root), "search", "light")
    assert light.stdout.splitlines()[0] == "Renamed  [s1/a005]"
    missing = _reader("--library", str(root), "search", "zeppelin")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == "no article matches 'zeppelin'\n"


def test_a_terminal_that_cannot_show_a_character_gets_a_question_mark_not_an_error(
    make_library: Callable[..., Path],
) -> None:
    root = make_library({"a.md": "---\ntitle: Café\nauthor: [Ann, Bo]\n---\n\nText\n"})
    for command in (["list"], ["list", "--json"], ["search", "text"]):
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--library", str(root), *command],
            capture_output=True,
            timeout=60,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "ascii"},
        )
        assert (done.returncode, done.stderr) == (0, b""), command
        assert b"Caf?" in done.stdout, command


def test_a_library_folder_whose_name_is_not_utf8_is_refused_in_one_line(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path) + b"/lib\xff"
    os.mkdir(root)
    with open(root + b"/a.md", "w", encoding="utf-8") as out:
        out.write("# An article\n\nText\n")
    for command in (["list"], ["search", "text"], ["show", "a"]):
        done = _reader("--library", os.fsdecode(root), *command)
        assert done.returncode == 2, command
        assert (
            done.stderr
            == f"reader: the library's path is not UTF-8, rename it: {tmp_path}/lib\\xff\n"
        )
