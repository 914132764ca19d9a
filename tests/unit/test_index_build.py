"""A first build in shards (`search.building`, `search.segments`): the index it
leaves answers every search as the one-writer build does, ranks included, and a
build that stops (cancelled, crashed, unmergeable) never leaves a wrong index."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.search import building, indexing
from reader.search.index import LibraryIndex
from reader.search.query import parse
from reader.search.searching import WEIGHTS
from reader.search.segments import Structure, Unmergeable, get_varint, put_varint
from tests.helpers import article, found, load, touch_later

QUERIES = [
    "river",
    "strasse",
    "file",
    "istanbul",
    "cafe",
    "title:zebra",
    "zebra -river",
    '"river lighthouse"',
    "author:ann",
    "light*",
]


def library_files(n: int) -> dict[str, str]:
    words = ["river", "Straße", "ﬁle", "İstanbul", "café", "lighthouse", "zebra"]
    return {
        f"{k % 3:02d}-part/{k:03d}.md": article(
            f"Title {words[k % 7]} {k}",
            " ".join(words[(k * j) % 7] for j in range(1, 2 + k % 11)),
            author=f"Ann {words[k % 5]}",
        )
        for k in range(n)
    }


@pytest.fixture
def sharded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every first build in shards, however small the library."""
    monkeypatch.setattr("reader.search.index.SHARD_AT", 1)


def one_writer(root: Path, path: Path) -> LibraryIndex:
    """The index one writer builds (no shards, no pool)."""
    index = LibraryIndex.open(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reader.search.index.SHARD_AT", 10**9)
        patch.setattr(indexing, "POOL_AT", 10**9)
        index.update(load(root, index))
    return index


def ranked(index: LibraryIndex, text: str) -> list[tuple[str, float]]:
    """Every match with its bm25 score, best first."""
    weights = ", ".join(map(str, WEIGHTS))
    sql = (
        f"SELECT docs.id, bm25(fts, {weights}) AS score FROM fts JOIN docs "
        "ON docs.rowid = fts.rowid WHERE fts MATCH ? ORDER BY score, docs.id"
    )
    return index._connect().execute(sql, (parse(text).expression,)).fetchall()


def assert_same_answers(index: LibraryIndex, reference: LibraryIndex) -> None:
    for text in QUERIES:
        assert ranked(index, text) == ranked(reference, text), text
        assert index.search(parse(text), 100) == reference.search(parse(text), 100), text
        assert index.count(parse(text)) == reference.count(parse(text)) > 0, text


@pytest.mark.usefixtures("sharded")
def test_a_sharded_first_build_answers_and_ranks_as_one_writer(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(library_files(90))
    reference = one_writer(root, tmp_path / "one.sqlite3")
    index = LibraryIndex.open(tmp_path / "sharded.sqlite3")
    library = load(root, index)
    index.update(library)

    assert index.ready
    assert_same_answers(index, reference)
    assert index.intact(library)  # FTS5's own check, and every probe found
    assert building.shard_files(index.path) == []
    db = index._connect()  # back in WAL; this connection's checkpoints never wait
    assert (  # for the new index to reach the disk (see `building._journal`)
        db.execute("PRAGMA journal_mode").fetchone()[0],
        db.execute("PRAGMA synchronous").fetchone()[0],
    ) == ("wal", 0)
    index.close()
    db = LibraryIndex.open(index.path)._connect()  # as every other connection is set up
    assert (
        db.execute("PRAGMA journal_mode").fetchone()[0],
        db.execute("PRAGMA synchronous").fetchone()[0],
    ) == ("wal", 1)
    db.close()


@pytest.mark.usefixtures("sharded")
def test_edits_after_a_sharded_build_are_found(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(library_files(40))
    reference = one_writer(root, tmp_path / "one.sqlite3")
    index = LibraryIndex.open(tmp_path / "sharded.sqlite3")
    index.update(load(root, index))

    (root / "00-part/003.md").write_text(article("Renamed", "quokka river"), encoding="utf-8")
    touch_later(root / "00-part/003.md")
    (root / "01-part/004.md").unlink()
    (root / "02-part/new.md").write_text(article("New one", "quokka"), encoding="utf-8")
    library = load(root, index)
    index.update(library)
    index._connect().execute("INSERT INTO fts (fts) VALUES ('optimize')")  # old and new segments
    reference.update(load(root, reference))  # the same tombstones, in bm25's statistics too

    assert sorted(found(index, "quokka")) == ["00-part/003", "02-part/new"]
    assert found(index, "title:renamed") == ["00-part/003"]
    assert "01-part/004" not in index.search(parse("river"), 100)
    assert index.intact(library)
    assert_same_answers(index, reference)


@pytest.mark.usefixtures("sharded")
def test_a_cancelled_first_build_keeps_nothing_and_the_next_one_builds_all(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(library_files(30))
    index = LibraryIndex.open(tmp_path / "sharded.sqlite3")
    library = load(root, index)
    index.update(library, cancelled=lambda: True)

    assert not index.ready
    assert index.count(parse("river")) == 0
    assert building.shard_files(index.path) == []

    index.update(library)
    assert index.ready
    assert_same_answers(index, one_writer(root, tmp_path / "one.sqlite3"))


@pytest.mark.usefixtures("sharded")
def test_shards_a_crashed_build_left_are_removed(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(library_files(30))
    path = tmp_path / "sharded.sqlite3"
    for name in (f"{path.name}.build-0", f"{path.name}.build-5"):
        (tmp_path / name).write_bytes(b"not a database")
    index = LibraryIndex.open(path)
    index.update(load(root, index))

    assert building.shard_files(path) == []
    assert_same_answers(index, one_writer(root, tmp_path / "one.sqlite3"))


CRASH_WHILE_MERGING = """
import os, signal, sys
from pathlib import Path
import reader.search.building as building
import reader.search.index as index_module
from reader.library.loader import load_library
from reader.search.index import LibraryIndex


def absorb_then_die(db, shards):
    real_absorb(db, shards)  # the segments copied, the transaction not committed
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    real_absorb = building.absorb
    building.absorb = absorb_then_die
    index_module.SHARD_AT = 1
    index = LibraryIndex.open(Path(sys.argv[2]))
    library, _ = load_library(Path(sys.argv[1]), cache=index)
    index.flush_heads()
    index.update(library)
"""


def test_a_build_killed_while_merging_leaves_an_empty_index_then_a_whole_one(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(library_files(30))
    path = tmp_path / "cache" / "index.sqlite3"
    path.parent.mkdir()
    script = tmp_path / "crash.py"
    script.write_text(CRASH_WHILE_MERGING, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(root), str(path)], capture_output=True, timeout=120
    )
    assert result.returncode == -9, result.stderr.decode()

    index = LibraryIndex.open(path)
    assert index.count(parse("river")) == 0  # empty, not half a merge
    index.update(load(root, index))
    assert building.shard_files(path) == []
    assert_same_answers(index, one_writer(root, tmp_path / "one.sqlite3"))


BUILD_UNDER_TEXTUAL = """
import sys
from pathlib import Path
import reader.search.index as index_module
from reader.library.loader import load_library
from reader.search import building
from reader.search.index import LibraryIndex
from reader.search.query import parse


class Captured:  # what Textual puts in sys.stderr while an app runs
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1


def refuse(*args):
    raise AssertionError("built the plain way")


if __name__ == "__main__":
    index_module.SHARD_AT = 1
    index_module.rows = refuse
    index = LibraryIndex.open(Path(sys.argv[2]))
    library, _ = load_library(Path(sys.argv[1]), cache=index)
    real, sys.stderr = sys.stderr, Captured()
    try:
        index.update(library)
    finally:
        sys.stderr = real
    print(len(index.search(parse("river"), 100)))
"""


def test_a_sharded_build_runs_while_textual_holds_stderr(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    """The app's first build runs in a process whose stderr has no file descriptor."""
    root = make_library(library_files(30))
    script = tmp_path / "build.py"
    script.write_text(BUILD_UNDER_TEXTUAL, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(root), str(tmp_path / "index.sqlite3")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    reference = one_writer(root, tmp_path / "one.sqlite3")
    assert int(result.stdout) == len(reference.search(parse("river"), 100)) > 0


CANCEL_THEN_EXIT = """
import sys
from pathlib import Path
import reader.search.index as index_module
from reader.library.loader import load_library
from reader.search.index import LibraryIndex

if __name__ == "__main__":
    index_module.SHARD_AT = 1
    index = LibraryIndex.open(Path(sys.argv[2]))
    library, _ = load_library(Path(sys.argv[1]), cache=index)
    index.update(library, cancelled=lambda: True)
    print(index.ready)
"""


def test_a_cancelled_sharded_build_lets_the_process_exit(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    """Tasks still queued for the workers (more than a pipe holds) must not hold the exit."""
    root = make_library({f"a{k:04d}.md": article(f"A {k}", "river") for k in range(900)})
    script = tmp_path / "cancel.py"
    script.write_text(CANCEL_THEN_EXIT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(root), str(tmp_path / "index.sqlite3")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "False"), result.stderr


@pytest.mark.usefixtures("sharded")
def test_an_interrupted_index_stops_a_sharded_build(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    """Quitting the app interrupts the index: the build must not hold the exit."""
    root = make_library(library_files(30))
    index = LibraryIndex.open(tmp_path / "sharded.sqlite3")
    library = load(root, index)
    index.interrupt()
    index.update(library)

    assert not index.ready
    assert building.shard_files(index.path) == []


@pytest.mark.usefixtures("sharded")
def test_shards_that_cannot_be_merged_are_built_the_plain_way(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(db: sqlite3.Connection, shards: list[str]) -> None:
        raise Unmergeable("a structure record of another SQLite")

    monkeypatch.setattr(building, "absorb", refuse)
    root = make_library(library_files(30))
    index = LibraryIndex.open(tmp_path / "sharded.sqlite3")
    index.update(load(root, index))

    assert index.ready
    assert building.shard_files(index.path) == []
    assert_same_answers(index, one_writer(root, tmp_path / "one.sqlite3"))


VARINTS = [0, 1, 127, 128, 16_383, 16_384, 2**32, 2**56 - 1, 2**56, 2**64 - 1]


@pytest.mark.parametrize("value", VARINTS)
def test_varints_read_back(value: int) -> None:
    data = b"\x05" + put_varint(value) + b"\x07"
    assert get_varint(data, 1) == (value, len(data) - 1)


def test_a_structure_record_reads_back_and_unknown_layouts_are_refused() -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute(indexing.FTS_TABLE)
    for rowid in range(1, 4):  # one transaction, one segment each
        db.execute("INSERT INTO fts (rowid, body) VALUES (?, 'some words')", (rowid,))
    record = db.execute("SELECT block FROM fts_data WHERE id = 10").fetchone()[0]
    structure = Structure.decode(record)
    assert [len(level) for level in structure.levels] == [3]
    assert structure.encode() == record

    with pytest.raises(Unmergeable):
        Structure.decode(b"\xff\x00\x00\x01" + record[4:])  # contentless_delete's layout
    with pytest.raises(Unmergeable):
        Structure.decode(record[:-1])
