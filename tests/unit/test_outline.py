"""The outline (`load_outline`) is the top of the tree the full load gives: the same
top-level items in the same order with the same titles, and per section the
number of articles the full load finds (for libraries without bad files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.library.loader import LibraryError, load_library
from reader.library.model import Library, Section
from reader.library.outline import load_outline
from reader.resources import bundled_library
from tests.conftest import MakeLibrary
from tests.helpers import MINILIB


def _top(library: Library) -> list[tuple[str, str, int | None]]:
    return [
        (child.id, child.title, child.article_count if isinstance(child, Section) else None)
        for child in library.root.children
    ]


@pytest.mark.parametrize("root", [MINILIB, bundled_library()], ids=["mini", "bundled"])
def test_the_outline_is_the_top_of_the_full_tree(root: Path) -> None:
    full, _ = load_library(root)
    outline = load_outline(root)
    assert _top(outline) == _top(full)
    assert outline.title == full.title
    assert all(
        not section.children for section in outline.root.children if isinstance(section, Section)
    )


def test_introductions_and_hidden_files_are_not_counted(make_library: MakeLibrary) -> None:
    root = make_library(
        {
            "a/README.md": "---\ntitle: Section A\nweight: 2\n---\n",
            "a/one.md": "# One\n",
            "a/.hidden.md": "# Hidden\n",
            "a/_draft.md": "# Draft\n",
            "a/notes.txt": "a text page\n",
            "a/image.png": b"\x89PNG",
            "a/deeper/_index.md": "---\ntitle: Deeper\n---\n",
            "a/deeper/two.MD": "# Two\n",
            "b/index.md": "---\ntitle: Section B\nweight: 1\n---\n",
            "b/three.markdown": "# Three\n",
        }
    )
    full, _ = load_library(root)
    assert (
        _top(load_outline(root))
        == _top(full)
        == [
            ("b", "Section B", 1),
            ("a", "Section A", 3),
        ]
    )


def test_a_missing_library_is_refused_as_by_the_full_load(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="library not found"):
        load_outline(tmp_path / "nowhere")
