"""A warm load (heads from the cache, typed fields included) gives the cold load's library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from reader.library.loader import load_library
from reader.search.index import LibraryIndex, index_file
from tests.helpers import library_fields

FILES = {
    "a.md": "---\ntitle: Caf&eacute; &amp; more\nauthor: [Ann, '  Bo  ']\ndate: 2020-01-02\n"
    "tags: x, y\nweight: '3'\ndraft: yes\nexcerpt: false\nsource: http://e.org\n"
    "summary: A &lt;b&gt; summary\nseries: [S1]\nmood: happy\n---\n\nBody.\n",
    "b.md": "---\nauthor: Cy\ndate: 2021-03-04 10:20:30\ndescription: Said\n---\n\n# The Heading\n",
    "c.md": "No front matter, no heading.\n",
    "02-d.md": '+++\ntitle = "Toml"\ntags = ["t"]\n+++\nText\n',
    "sec/_index.md": "---\nweight: 2\n---\nIntro.\n",
    "sec/e.md": "---\ntitle: 42\n---\nText\n",
    "sec/f.md": "---\ntitle: ''\n---\n",
    "bad/g.md": "---\ndate: not a date\ntitle: G\n---\nText\n",
}


def _load(root: Path, index: LibraryIndex) -> tuple[list[Any], list[str]]:
    library, problems = load_library(root, cache=index)
    index.flush_heads()
    return library_fields(library), [str(problem) for problem in problems]


def test_a_warm_load_gives_the_cold_library_and_problems(make_library, tmp_path: Path) -> None:
    root = make_library(FILES)
    cold = _load(root, LibraryIndex.open(index_file(tmp_path / "cache", root)))
    assert cold[1] and "not a date" in cold[1][0]  # the bad field is reported ...
    warm = _load(root, LibraryIndex.open(index_file(tmp_path / "cache", root)))
    assert warm == cold  # ... again, and every field is as the cold load made it


def test_a_cache_from_before_typed_fields_still_serves_and_is_upgraded(
    make_library, tmp_path: Path
) -> None:
    root = make_library(FILES)
    path = index_file(tmp_path / "cache", root)
    cold = _load(root, LibraryIndex.open(path))
    with sqlite3.connect(path) as db:  # rows as the previous version wrote them
        for key, head in db.execute("SELECT path, head FROM heads").fetchall():
            data = json.loads(head)
            del data["fields"]
            db.execute("UPDATE heads SET head = ? WHERE path = ?", (json.dumps(data), key))
    assert _load(root, LibraryIndex.open(path)) == cold
    with sqlite3.connect(path) as db:
        heads = [json.loads(head) for (head,) in db.execute("SELECT head FROM heads")]
    assert heads and all("fields" in head for head in heads)
    assert _load(root, LibraryIndex.open(path)) == cold
