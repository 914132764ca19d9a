"""The screenless commands never import Textual, in a fresh interpreter.

Scripts run `reader list`, `show`, `check`, `search`, `bookmarks`, `config`,
`highlights` and `export` in loops;
importing Textual would cost each call its start-up time. Which packages may
import Textual at all is checked statically by import-linter (`make lint`);
this is the one runtime check that the commands, as run, stay clear of it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.books import sample_docs, write_epub
from tests.helpers import BADLIB

SCRIPT = """
import contextlib, io, json, sys
from reader.cli import main

codes = {}
for command in (["list"], ["list", "--json"], ["show", "good-one"], ["check"],
                ["search", "good"], ["bookmarks", "--json"], ["config", "show"],
                ["config", "keys"], ["config", "check"], ["highlights", "--json"],
                ["export", "--format", "w3c"]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        codes[" ".join(command)] = main(["--library", sys.argv[1], *command])
textual = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
print(json.dumps({"codes": codes, "textual": textual}))
"""


def test_screenless_commands_do_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(BADLIB)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    # The commands really ran (check finds the fixture's problems, search finds
    # the article), so the absence of Textual is not the absence of work.
    assert report["codes"] == {
        "list": 0,
        "list --json": 0,
        "show good-one": 0,
        "check": 1,
        "search good": 0,
        "bookmarks --json": 0,
        "config show": 0,
        "config keys": 0,
        "config check": 0,
        "highlights --json": 0,
        "export --format w3c": 0,
    }
    assert report["textual"] == []


#: Modules a start never needs: each is imported by what uses it, when it does.
LATE = ("yaml", "tomlkit", "regex", "defusedxml", "reader.library.formats.epub_book")

START = """
import json, sys
import reader.ui.app
from reader.library.loader import load_library
library, _ = load_library(sys.argv[1])
late = sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:])))
print(json.dumps({"late": late, "articles": sorted(library.articles)}))
"""


def _start(root: Path) -> dict[str, list[str]]:
    """What a start and a load of `root` imported of `LATE`, and the articles loaded."""
    result = subprocess.run(
        [sys.executable, "-c", START, str(root), *LATE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, list[str]] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_a_start_leaves_yaml_toml_regex_and_books_unimported(make_library) -> None:
    # The app's modules and a load of plain Markdown articles: 0.1 s less to start.
    root = make_library({"a.md": "---\ntitle: A\n---\nText.\n", "s/b.md": "# B\n\nText.\n"})
    assert _start(root) == {"late": [], "articles": ["a", "s/b"]}


def test_a_book_converted_before_is_loaded_without_the_epub_reader(tmp_path: Path) -> None:
    root = tmp_path / "library"
    root.mkdir()
    write_epub(root / "novel.epub", sample_docs(), title="A Novel")
    first = _start(root)  # converts the book: the EPUB reader is needed once
    assert "reader.library.formats.epub_book" in first["late"]
    again = _start(root)
    assert again["late"] == []
    assert again["articles"] == first["articles"] != []
