"""The app remembers what the index answers with, as `reader search` does: the
first search in a shell after the app indexed the library does not load it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from textual.worker import WorkerState

from reader import paths
from reader.cli.library import completion
from reader.library.outline import load_outline
from reader.search.index import LibraryIndex, index_file
from reader.ui.app import make_app
from tests.conftest import MakeLibrary
from tests.helpers import SIZE, article, run_cli, wait_until

FILES = {
    "01-travel/bosporus.md": article("Ferries on the Bosporus", "A lantern at dawn."),
    "01-travel/rhine.md": article("The Rhine", "No light here.", "Bo Writer"),
    "top.md": article("Top", "Another lantern."),
}


async def test_a_shell_search_after_the_app_indexed_the_library_does_not_load_it(
    make_library: MakeLibrary, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(FILES)
    index = LibraryIndex.open(index_file(paths.cache_dir(), root))
    complete = completion(argparse.Namespace(library=str(root)), index)
    app = make_app(
        load_outline(root, cache=index), tmp_path / "data", index=index, complete=complete
    )

    def indexed() -> bool:
        running = (WorkerState.PENDING, WorkerState.RUNNING)
        busy = any(worker.group == "index" and worker.state in running for worker in app.workers)
        return index.ready and not busy

    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, indexed, "the index built after the full load")
        await pilot.press("q")
    index.close()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the library was loaded")

    monkeypatch.setattr("reader.cli.library.load_library", refuse)
    code, out, err = run_cli(capsys, "--library", str(root), "search", "lantern")
    assert (code, err) == (0, "")
    assert "Ferries on the Bosporus — Ann Author  [01-travel/bosporus]" in out
    assert "Top — Ann Author  [top]" in out and "Rhine" not in out
