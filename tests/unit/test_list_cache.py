"""`reader list` prints its last output again while the library is unchanged, and
never an output the library has changed since."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import list_cache
from tests.helpers import article, run_cli, touch_later

FILES = {
    "01-travel/_index.md": "---\ntitle: Travel far\n---\n\nJourneys.\n",
    "01-travel/bosporus.md": article("Ferries on the Bosporus", "Morning in İstanbul."),
    "01-travel/rhine.md": article("The Rhine", "Along the Straße.", "Bo Writer"),
    "02-notes/page.txt": "A plain text page.\n\nIt mentions a kettle.\n",
    "top.md": article("Top", "At the top. " * 50),
}


@pytest.fixture
def library(make_library: Callable[..., Path]) -> Path:
    return make_library(FILES)


def listing(capsys: pytest.CaptureFixture[str], root: Path, *options: str) -> str:
    code, out, err = run_cli(capsys, "--library", str(root), "list", *options)
    assert (code, err) == (0, "")
    return out


def kept_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "reader-cache").glob("*.list-*"))


@pytest.mark.parametrize("options", [(), ("--json",)])
def test_an_unchanged_library_is_listed_again_without_loading_it(
    capsys, library: Path, loads: list[Path], options: tuple[str, ...]
) -> None:
    first = listing(capsys, library, *options)
    assert "Ferries on the Bosporus" in first and len(loads) == 1

    assert listing(capsys, library, *options) == first
    assert len(loads) == 1


def test_the_tree_and_the_json_are_kept_apart(capsys, library: Path, loads: list[Path]) -> None:
    tree = listing(capsys, library)
    rows = listing(capsys, library, "--json")
    assert listing(capsys, library) == tree
    assert listing(capsys, library, "--json") == rows
    assert len(loads) == 2 and tree != rows


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "01-travel/rhine.md").write_text(article("The Main", "Frankfurt.")),
        lambda root: (root / "01-travel/_index.md").write_text("---\ntitle: Journeys\n---\n"),
        lambda root: (root / "01-travel/rhine.md").unlink(),
        lambda root: (root / "03-new").mkdir() or (root / "03-new/a.md").write_text("# New one\n"),
        lambda root: (root / "top.md").rename(root / "02-notes/top.md"),
    ],
    ids=["edited", "section retitled", "deleted", "added", "moved"],
)
def test_any_change_to_the_library_is_listed_at_once(
    capsys, library: Path, loads: list[Path], change: Callable[[Path], object]
) -> None:
    listing(capsys, library, "--json")
    change(library)
    for path in library.rglob("*"):
        if path.is_file():
            touch_later(path)

    loads.clear()
    changed = listing(capsys, library, "--json")
    assert loads == [library]
    loads.clear()
    assert listing(capsys, library, "--json") == changed
    assert loads == []


@pytest.mark.parametrize("name", ["__version__", "LIST_FORMAT", "INDEX_FORMAT"])
def test_another_version_of_reader_or_of_its_formats_lists_anew(
    capsys, monkeypatch, library: Path, loads: list[Path], name: str
) -> None:
    first = listing(capsys, library, "--json")
    monkeypatch.setattr(list_cache, name, 999)
    assert listing(capsys, library, "--json") == first
    assert len(loads) == 2


def test_a_file_added_and_removed_while_a_run_loads_is_never_listed_after(
    capsys, monkeypatch, library: Path, loads: list[Path]
) -> None:
    """The stamp before that run is the stamp after the file is gone again: an
    output kept under it would list the file for ever."""
    transient = library / "01-travel" / "transient.md"
    real = list_cache.key_of

    def adding(root: Path, kind: str) -> bytes | None:
        key = real(root, kind)
        if not loads:  # the first run's key, just before it loads
            transient.write_text(article("Transient", "Here a moment."))
        return key

    monkeypatch.setattr(list_cache, "key_of", adding)
    assert "Transient" in listing(capsys, library, "--json")
    transient.unlink()

    assert "Transient" not in listing(capsys, library, "--json")
    assert len(loads) == 2


def test_what_a_killed_run_left_half_written_is_deleted_later(
    capsys, tmp_path: Path, library: Path
) -> None:
    first = listing(capsys, library, "--json")
    [kept] = kept_files(tmp_path)
    old, recent = kept.with_name(f".{kept.name}.old1"), kept.with_name(f".{kept.name}.new1")
    for left in (old, recent):
        left.write_text("half of an output")
    os.utime(old, (1, 1))
    kept.unlink()

    assert listing(capsys, library, "--json") == first
    assert not old.exists()
    assert recent.exists()  # perhaps another run writing it now


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1],  # the closing key lost a byte
        lambda data: b"",
        lambda data: data + b"more",  # the closing key not last
    ],
    ids=["cut", "last-byte", "empty", "appended"],
)
def test_a_damaged_kept_output_is_not_printed_and_is_replaced(
    capsys, tmp_path: Path, library: Path, loads: list[Path], damage: Callable[[bytes], bytes]
) -> None:
    first = listing(capsys, library, "--json")
    [kept] = kept_files(tmp_path)
    kept.write_bytes(damage(kept.read_bytes()))
    os.utime(kept)

    loads.clear()
    assert listing(capsys, library, "--json") == first
    assert loads == [library]  # listed from the library, and kept again:
    assert listing(capsys, library, "--json") == first
    assert loads == [library]


def test_a_library_the_stamp_cannot_vouch_for_is_always_loaded(
    capsys, make_library: Callable[..., Path], tmp_path: Path, loads: list[Path]
) -> None:
    site = make_library(
        {"mkdocs.yml": "site_name: Site\nnav:\n  - Home: index.md\n", "docs/index.md": "# Home\n"}
    )
    first = listing(capsys, site, "--json")
    assert listing(capsys, site, "--json") == first
    assert len(loads) == 2 and kept_files(tmp_path) == []


def test_a_cache_that_cannot_be_written_changes_nothing_printed(
    capsys, monkeypatch, library: Path, loads: list[Path]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.cli.list_cache.tempfile.mkstemp", refuse)
    first = listing(capsys, library, "--json")
    assert listing(capsys, library, "--json") == first
    assert len(loads) == 2


def test_a_failure_while_listing_keeps_nothing(
    capsys, monkeypatch, tmp_path: Path, library: Path
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr("reader.cli.library._article_json", fail)
    code, _, err = run_cli(capsys, "--library", str(library), "list", "--json")
    assert code != 0 and "broken" in err
    assert list((tmp_path / "reader-cache").glob("*list*")) == []
