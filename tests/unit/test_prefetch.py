"""Heads parsed by the worker pool give the serial load's library and problems, in order."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from reader.library import prefetch
from reader.library.loader import load_library
from reader.search.index import LibraryIndex, index_file
from tests.helpers import BADLIB, library_fields

EXTRA = {
    "more/bad-field.md": "---\ntitle: B\ndate: someday\nweight: heavy\n---\nText\n",
    "more/unclosed.md": "---\ntitle: never closed\n\nText\n",
    "more/bomb.md": "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcd", "bcde", strict=True)
    )
    + "---\nText\n",
    "more/plain.md": "Just text, no heading.\n",
    "more/00-first.md": '---\ntitle: "Quoted: yes"\nauthor: [A, B]\ndate: 2001-02-03\n---\n',
    **{f"many/{n:02d}.md": f"---\ntitle: Article {n}\ntags: [t{n}]\n---\n# H\n" for n in range(12)},
}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    shutil.copytree(BADLIB, root)
    for relative, text in EXTRA.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (tmp_path / "outside.md").write_text("# Outside\n", encoding="utf-8")
    (root / "more" / "link.md").symlink_to(tmp_path / "outside.md")
    return root


def _load(root: Path, cache_dir: Path | None) -> tuple[list[object], list[str]]:
    index = None if cache_dir is None else LibraryIndex.open(index_file(cache_dir, root))
    loaded, problems = load_library(root, cache=index)
    return library_fields(loaded), [str(problem) for problem in problems]


@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "empty cache"])
def test_the_pool_loads_the_serial_library_with_its_problems(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cached: bool
) -> None:
    monkeypatch.setattr(prefetch, "POOL_AT", 10**9)
    serial = _load(library, tmp_path / "serial-cache" if cached else None)
    taken: list[bool] = []
    take = prefetch.Prefetch.take

    def counted(self: prefetch.Prefetch, path: str) -> prefetch.Parsed | None:
        parsed = take(self, path)
        taken.append(parsed is not None)
        return parsed

    monkeypatch.setattr(prefetch, "POOL_AT", 1)
    monkeypatch.setattr(prefetch, "TASK", 4)  # several tasks, taken in order
    monkeypatch.setattr(prefetch.Prefetch, "take", counted)
    # As under Textual: a stderr without a file descriptor.
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    pooled = _load(library, tmp_path / "pooled-cache" if cached else None)
    assert sum(taken) >= 25  # the pool parsed the heads
    assert len(serial[1]) >= 8  # bad files of every kind were reported ...
    assert pooled[1] == serial[1]
    assert pooled == serial  # ... the same, in the same order, and the library is the same


def test_a_warm_load_after_a_pooled_one_gives_the_same_library(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prefetch, "POOL_AT", 1)
    first = _load(library, tmp_path / "cache")
    assert _load(library, tmp_path / "cache") == first  # from the heads the pool made


def test_a_pool_that_cannot_start_leaves_the_load_to_the_loader(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _load(library, None)

    def broken() -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(prefetch, "POOL_AT", 1)
    monkeypatch.setattr(prefetch, "_pool", broken)
    assert _load(library, None) == serial
