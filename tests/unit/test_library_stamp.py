"""The library's stamp: changed by whatever the loader would read differently,
unchanged by what it skips, and never a hang on symlink loops."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.loader import load_library
from reader.library.stamp import library_stamp

FILES = {
    "a.md": "# A\n\nalpha\n",
    "section/_index.md": "---\ntitle: Section\n---\n",
    "section/b.md": "# B\n\nbeta\n",
}


@pytest.fixture
def root(make_library: Callable[..., Path]) -> Path:
    return make_library(FILES)


def stamp(root: Path) -> str:
    found = library_stamp(root)
    assert found is not None
    return found


def test_the_same_library_gives_the_same_stamp(root: Path) -> None:
    assert stamp(root) == stamp(root)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "section/b.md").write_text("# B\n\nbeta gamma\n"),
        lambda root: (root / "section/c.md").write_text("# C\n"),
        lambda root: (root / "section/b.md").unlink(),
        lambda root: (root / "section/b.md").rename(root / "section/b2.md"),
        lambda root: (root / "section/_index.md").write_text("---\ntitle: Renamed\n---\n"),
        lambda root: (root / "new").mkdir(),
        lambda root: (root / "notes.txt").write_text("a page"),
        lambda root: os.utime(root / "a.md", ns=(0, 1_000_000_000)),
    ],
    ids=["edit", "new", "delete", "rename", "intro", "folder", "page", "mtime"],
)
def test_every_change_the_loader_could_see_changes_the_stamp(
    root: Path, change: Callable[[Path], object]
) -> None:
    before = stamp(root)
    change(root)
    assert stamp(root) != before


def test_a_replaced_file_of_the_same_size_and_mtime_changes_the_stamp(root: Path) -> None:
    """An editor's save (a new file renamed over the old) keeping size and mtime."""
    path = root / "a.md"
    info = path.stat()
    before = stamp(root)
    (root / "tmp").write_text("# A\n\nomega\n")
    os.utime(root / "tmp", ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(root / "tmp", path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert stamp(root) != before


def test_hidden_names_are_not_read(root: Path) -> None:
    before = stamp(root)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref")
    (root / "section" / ".b.md.swp").write_text("swap")
    assert stamp(root) == before


def test_a_symlink_loop_ends(root: Path) -> None:
    (root / "section" / "loop").symlink_to(root)
    (root / "again").symlink_to(root / "section")
    _, problems = load_library(root)
    assert len(problems) == 2  # the loader skips both, and so does the stamp
    before = stamp(root)
    (root / "section" / "b.md").write_text("# B\n\nchanged\n")
    assert stamp(root) != before


def test_a_symlinked_folder_inside_is_followed(make_library: Callable[..., Path]) -> None:
    root = make_library({"store/x.md": "# X\n"}, name="outer")
    library = make_library({"a.md": "# A\n"}, name="outer/library")
    (library / "linked").symlink_to(root / "store")  # outside the library: not read
    (library / "inner").mkdir()
    (library / "inner" / "y.md").write_text("# Y\n")
    (library / "alias").symlink_to(library / "inner")
    before = stamp(library)
    (root / "store" / "x.md").write_text("# X changed\n")
    assert stamp(library) == before
    (library / "inner" / "y.md").write_text("# Y changed\n")
    assert stamp(library) != before


@pytest.mark.parametrize("name", ["mkdocs.yml", "MkDocs.yml"])  # what macOS opens for both
def test_a_mkdocs_site_or_a_missing_folder_gives_no_stamp(root: Path, name: str) -> None:
    (root / "section" / name).write_text("site_name: Docs\n")
    assert library_stamp(root) is None
    assert library_stamp(root / "missing") is None
