"""`reader search` from the index alone: taken when the library is unchanged, and
showing exactly what loading the library shows; any change is seen next time."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader import paths
from reader.search import quick
from reader.search.index import index_file
from tests.helpers import article, run_cli

FILES = {
    "01-travel/_index.md": "---\ntitle: Travel far\n---\n\nJourneys.\n",
    "01-travel/bosporus.md": article("Ferries on the Bosporus", "Morning in İstanbul: a lantern."),
    "01-travel/02-rivers/rhine.md": article(
        "The Rhine", "Along the Straße, a lantern by the river.", "Bo Writer"
    ),
    "01-travel/02-rivers/danube.md": "# Danube\n\nNo front matter; a [lantern](x.md) here.\n",
    "02-notes/ferry-times.md": "---\ntitle: Ferry times\nauthor: [Ann, Bo]\n---\n\nlantern\n",
    "02-notes/page.txt": "A plain text page.\n\nIt mentions a kettle.\n",
    "top.md": article("Top lantern", "At the top. " * 50),
}


@pytest.fixture
def library(make_library: Callable[..., Path]) -> Path:
    return make_library(FILES)


def search(capsys: pytest.CaptureFixture[str], root: Path, *words: str) -> tuple[int, str, str]:
    return run_cli(capsys, "--library", str(root), "search", *words)


def slow(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    root: Path,
    *words: str,
    cache: Path | None = None,
) -> tuple[int, str, str]:
    """The search as it was before the index could answer alone: the library
    loaded and the index updated (a new one in `cache`, if given)."""
    with monkeypatch.context() as patch:
        patch.setattr(quick, "library_stamp", lambda _root: None)
        if cache is not None:
            patch.setenv("READER_CACHE_DIR", str(cache))
        return search(capsys, root, *words)


QUERIES = [
    ("lantern",),
    ("lantern", "--json"),
    ("lantern", "--limit", "2"),
    ("lantern", "--json", "--limit", "1"),
    ("strasse",),
    ("title:ferry",),
    ("lantern", "-river"),
    ("zeppelin",),
    ("zeppelin", "--json"),
]


@pytest.mark.parametrize("words", QUERIES)
def test_the_index_alone_prints_what_the_loaded_library_prints(
    capsys, monkeypatch, tmp_path: Path, library: Path, loads: list[Path], words: tuple[str, ...]
) -> None:
    expected = slow(capsys, monkeypatch, library, *words, cache=tmp_path / "other")
    search(capsys, library, "warm")  # stores the stamp
    loads.clear()

    assert search(capsys, library, *words) == expected
    assert loads == []  # answered without loading the library


def test_an_unchanged_library_is_never_loaded(capsys, monkeypatch, library: Path) -> None:
    assert search(capsys, library, "lantern")[0] == 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the library was loaded")

    monkeypatch.setattr("reader.cli.library.load_library", refuse)
    code, out, err = search(capsys, library, "lantern")
    assert (code, err) == (0, "")
    assert "Ferry times — Ann, Bo  [02-notes/ferry-times]" in out
    assert "  Travel far › Rivers" in out
    assert search(capsys, library, "zeppelin")[:2] == (1, "")


def test_a_relative_library_path_prints_relative_paths(
    capsys, monkeypatch, library: Path, loads: list[Path]
) -> None:
    search(capsys, library, "warm")  # stored with the absolute path
    monkeypatch.chdir(library.parent)
    loads.clear()
    code, out, _ = run_cli(capsys, "--library", library.name, "search", "rhine", "--json")
    assert code == 0
    assert loads == []
    assert f'"path": "{library.name}/01-travel/02-rivers/rhine.md"' in out


def test_a_hit_in_a_converted_page_loads_the_library(
    capsys, monkeypatch, library: Path, loads: list[Path]
) -> None:
    expected = slow(capsys, monkeypatch, library, "kettle")
    assert "[02-notes/page]" in expected[1]
    search(capsys, library, "warm")  # stores the stamp
    loads.clear()
    assert search(capsys, library, "kettle") == expected
    assert loads == [library]  # a page's body is converted: the library is needed


def rewrite(path: Path, text: str) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit_body(root: Path) -> None:
    rewrite(root / "02-notes/ferry-times.md", "---\ntitle: Ferry times\n---\n\nzeppelin now\n")


def add_article(root: Path) -> None:
    rewrite(root / "02-notes/airship.md", article("Airship", "A zeppelin overhead."))


def add_folder(root: Path) -> None:
    rewrite(root / "03-sky/airship.md", article("Airship", "A zeppelin overhead."))


def delete_article(root: Path) -> None:
    (root / "top.md").unlink()


def rename_article(root: Path) -> None:
    (root / "top.md").rename(root / "summit.md")


def retitle_section(root: Path) -> None:
    rewrite(root / "01-travel/_index.md", "---\ntitle: Faraway\n---\n\nJourneys.\n")


def new_introduction(root: Path) -> None:
    rewrite(root / "01-travel/02-rivers/_index.md", "---\ntitle: Waters\n---\n")


@pytest.mark.parametrize(
    ("change", "words", "seen"),
    [
        (edit_body, ("zeppelin",), "[02-notes/ferry-times]"),
        (add_article, ("zeppelin",), "Airship — Ann Author  [02-notes/airship]"),
        (add_folder, ("zeppelin",), "  Sky"),
        (delete_article, ("lantern",), "[01-travel/bosporus]"),
        (rename_article, ("lantern",), "[summit]"),
        (retitle_section, ("rhine",), "  Faraway › Rivers"),
        (new_introduction, ("rhine",), "  Travel far › Waters"),
    ],
)
def test_the_next_search_sees_each_change(
    capsys,
    monkeypatch,
    tmp_path: Path,
    library: Path,
    loads: list[Path],
    change: Callable[[Path], None],
    words: tuple[str, ...],
    seen: str,
) -> None:
    search(capsys, library, *words)
    search(capsys, library, *words)
    change(library)
    expected = slow(capsys, monkeypatch, library, *words, cache=tmp_path / "other")
    assert seen in expected[1]
    loads.clear()

    result = search(capsys, library, *words)

    assert result == expected
    assert loads == [library]  # the change was noticed: the library was loaded
    loads.clear()
    assert search(capsys, library, *words) == expected
    assert loads == []  # and the new stamp kept


def test_an_edit_keeping_size_and_mtime_gives_what_loading_gives(
    capsys, monkeypatch, tmp_path: Path, library: Path, loads: list[Path]
) -> None:
    """Such an edit changes only the ctime. Loading the library does not see it
    either (its caches key on size and mtime): both show the old title with the
    new text. The stamp sees the ctime, so the library is loaded once."""
    path = library / "top.md"
    before = path.stat()
    search(capsys, library, "lantern")
    slow(capsys, monkeypatch, library, "warm", cache=tmp_path / "other")  # heads before the edit
    rewrite(path, path.read_text(encoding="utf-8").replace("At the top", "At the end"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    if path.stat().st_ctime_ns == before.st_ctime_ns:
        pytest.skip("the file system's clock did not move between the two writes")
    expected = slow(capsys, monkeypatch, library, "lantern", cache=tmp_path / "other")
    loads.clear()

    assert search(capsys, library, "lantern") == expected
    assert loads == [library]
    assert "At the end" in expected[1]


def test_an_index_written_since_the_stamp_is_not_trusted(
    capsys, monkeypatch, library: Path, loads: list[Path]
) -> None:
    """Another process (the app) updated the index after the stamp was kept."""
    search(capsys, library, "lantern")
    with sqlite3.connect(index_file(paths.cache_dir(), library)) as db:
        db.execute("DELETE FROM docs WHERE id = 'top'")
    db.close()
    expected = slow(capsys, monkeypatch, library, "lantern")
    loads.clear()

    assert search(capsys, library, "lantern") == expected
    assert loads == [library]


def test_damaged_index_blocks_are_still_found_and_rebuilt(
    capsys, library: Path, loads: list[Path]
) -> None:
    """Damaged blocks answer "no match": the probes run on the stored titles
    find it, and the library is loaded to rebuild the index, as before."""
    expected = search(capsys, library, "lantern")
    with sqlite3.connect(index_file(paths.cache_dir(), library)) as db:
        db.execute("UPDATE fts_data SET block = zeroblob(length(block)) WHERE id > 1")
    db.close()
    loads.clear()

    assert search(capsys, library, "lantern") == expected
    assert loads == [library]
    loads.clear()
    assert search(capsys, library, "lantern") == expected
    assert loads == []


def test_another_version_of_reader_does_not_trust_the_rows(
    capsys, monkeypatch, library: Path, loads: list[Path]
) -> None:
    """What the loader makes of a file may change between versions (a title rule)."""
    expected = search(capsys, library, "lantern")
    monkeypatch.setattr("reader.search.shown.__version__", "99.0")
    loads.clear()
    assert search(capsys, library, "lantern") == expected
    assert loads == [library]
    loads.clear()
    assert search(capsys, library, "lantern") == expected
    assert loads == []
