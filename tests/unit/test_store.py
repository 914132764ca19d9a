"""The state store: migrations, positions, bookmarks, and files that go bad."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader.state import database as store_db
from reader.state.migrations import MIGRATIONS
from reader.state.store import Position, Store

LIBRARY = Path("/library")
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def open_store(data_dir: Path) -> Store:
    store, notices = Store.open(data_dir)
    assert notices == []
    assert store.writable
    return store


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])


# Migrations -----------------------------------------------------------------


def test_a_missing_data_dir_is_created_with_the_latest_schema(tmp_path: Path) -> None:
    data_dir = tmp_path / "new" / "data"
    open_store(data_dir).close()
    assert user_version(data_dir / "state.sqlite3") == len(MIGRATIONS)


def test_an_empty_file_is_migrated_from_nothing(tmp_path: Path) -> None:
    (tmp_path / "state.sqlite3").write_bytes(b"")
    with open_store(tmp_path) as store:
        assert store.add_bookmark(LIBRARY, "a", "A", Position(0, 0.0)) is not None
    assert user_version(tmp_path / "state.sqlite3") == len(MIGRATIONS)


def test_version_1_is_migrated_forward_once_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    first = MIGRATIONS[:1]
    store_db.connect_writable(path, first).close()
    with Store(store_db.connect_writable(path, first), path, writable=True) as store:
        store.add_bookmark(LIBRARY, "a", "Title A", Position(5, 10.0), "kept")
    version_2 = (*first, ("ALTER TABLE bookmarks ADD COLUMN colour TEXT NOT NULL DEFAULT ''",))

    for _ in range(2):  # the second open must not run migration 2 again
        connection = store_db.connect_writable(path, version_2)
        assert [row[0] for row in connection.execute("SELECT note FROM bookmarks")] == ["kept"]
        assert connection.execute("SELECT colour FROM bookmarks").fetchall() == [("",)]
        connection.close()
    assert user_version(path) == 2


def test_the_current_code_opens_a_version_1_file(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with Store(store_db.connect_writable(path, MIGRATIONS[:1]), path, writable=True) as s:
        s.save_position(LIBRARY, "a", Position(3, 50.0, "H", "snip"))
    with open_store(tmp_path) as store:
        position = store.position(LIBRARY, "a")
    assert position is not None and (position.offset, position.snippet) == (3, "snip")


# Reading positions ----------------------------------------------------------


def test_positions_are_saved_per_library_and_article(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.position(LIBRARY, "a") is None
        assert store.save_position(LIBRARY, "a", Position(120, 43.0, "Part two", "Some text"))
        assert store.save_position(LIBRARY, "b", Position(10, 5.0))
        assert store.save_position(Path("/other"), "a", Position(99, 90.0))
        store.save_position(LIBRARY, "a", Position(150, 48.5, "Part two", "Later text"))
    with open_store(tmp_path) as store:
        position = store.position(LIBRARY, "a")
        assert position is not None
        assert (position.offset, position.percent, position.heading) == (150, 48.5, "Part two")
        assert position.snippet == "Later text"
        assert position.updated.tzinfo is not None
        assert set(store.positions(LIBRARY)) == {"a", "b"}
        assert store.positions(Path("/other"))["a"].offset == 99


def test_a_library_is_keyed_by_its_resolved_path(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    with open_store(tmp_path / "data") as store:
        store.save_position(tmp_path / "lib" / ".." / "lib", "a", Position(1, 1.0))
        assert store.position(str(tmp_path / "lib"), "a") is not None


def test_an_article_read_to_the_end_stays_finished(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.save_position(LIBRARY, "a", Position(10, 60.0))
        assert not store.positions(LIBRARY)["a"].finished
        store.save_position(LIBRARY, "a", Position(1000, 99.6))
        store.save_position(LIBRARY, "a", Position(0, 0.0))  # read again from the top
        store.save_position(LIBRARY, "b", Position(40, 40.0, finished=True))
        positions = store.positions(LIBRARY)
        assert positions["a"].finished and positions["a"].percent == 0.0
        assert positions["b"].finished
        assert store.forget_position(LIBRARY, "a")
        assert store.position(LIBRARY, "a") is None


def test_last_read_is_the_article_saved_last(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.last_read(LIBRARY) is None
        store.save_position(LIBRARY, "a", Position(1, 1.0, updated=at(1)))
        store.save_position(LIBRARY, "b", Position(1, 1.0, updated=at(2)))
        store.save_position(Path("/other"), "c", Position(1, 1.0, updated=at(3)))
        assert store.last_read(LIBRARY) == "b"
        store.save_position(LIBRARY, "a", Position(2, 2.0, updated=at(4)))
        assert store.last_read(LIBRARY) == "a"


def test_position_at_takes_the_snippet_and_heading_from_the_body() -> None:
    body = "# Title\n\nIntro.\n\n## Second part\n\n" + "word " * 40
    offset = body.index("word")
    position = Position.at(body, offset)
    assert position.heading == "Second part"
    assert position.snippet.startswith("word word")
    assert 40 <= len(position.snippet) <= 80
    assert position.percent == pytest.approx(100 * offset / len(body), abs=0.01)


# Bookmarks ------------------------------------------------------------------


def test_bookmarks_are_listed_newest_first_and_per_library(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        first = store.add_bookmark(LIBRARY, "a", "Article A", Position(5, 1.0, "H", "s"), "one")
        second = store.add_bookmark(LIBRARY, "b", "Article B", Position(9, 2.0), "two")
        other = store.add_bookmark(Path("/other"), "a", "Elsewhere", Position(1, 1.0))
        assert first and second and other
        assert [b.note for b in store.bookmarks(LIBRARY)] == ["two", "one"]
        assert [b.id for b in store.bookmarks()] == [other.id, second.id, first.id]
    with open_store(tmp_path) as store:
        again = store.bookmark(first.id)
    assert again == first
    assert (again.title, again.heading, again.snippet, again.offset) == ("Article A", "H", "s", 5)


def test_notes_are_edited_and_bookmarks_reattached(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        bookmark = store.add_bookmark(LIBRARY, "old/id", "Moved", Position(5, 1.0), "before")
        assert bookmark is not None
        assert store.update_note(bookmark.id, "after")
        assert store.reattach(bookmark.id, "new/id")
        changed = store.bookmark(bookmark.id)
        assert changed is not None
        assert (changed.note, changed.article_id, changed.title) == ("after", "new/id", "Moved")
        assert store.reattach(bookmark.id, "newer/id", "New title")
        assert store.bookmarks()[0].title == "New title"
        assert not store.update_note(12345, "nobody")
        assert not store.reattach(12345, "x")


def test_undoing_a_delete_keeps_the_id_and_created_time(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        keep = store.add_bookmark(LIBRARY, "a", "A", Position(1, 1.0), "keep")
        gone = store.add_bookmark(LIBRARY, "a", "A", Position(2, 2.0), "gone")
        assert keep and gone
        deleted = store.delete_bookmark(gone.id)
        assert deleted == gone
        assert [b.id for b in store.bookmarks()] == [keep.id]
        assert store.delete_bookmark(gone.id) is None
        assert store.restore_bookmark(deleted)
        assert store.bookmarks() == [gone, keep]
        newer = store.add_bookmark(LIBRARY, "a", "A", Position(3, 3.0))
        assert newer is not None and newer.id > gone.id  # ids are never reused


def test_importing_skips_bookmarks_already_there(tmp_path: Path) -> None:
    with open_store(tmp_path / "one") as source:
        source.add_bookmark(LIBRARY, "a", "A", Position(1, 1.0), "first")
        source.add_bookmark(LIBRARY, "a", "A", Position(1, 1.0), "second")
        exported = source.bookmarks()
    with open_store(tmp_path / "two") as target:
        target.add_bookmark(LIBRARY, "a", "A", Position(1, 1.0), "first")
        assert target.import_bookmarks(exported) == 1
        assert target.import_bookmarks(exported) == 0
        notes = sorted(b.note for b in target.bookmarks())
        assert notes == ["first", "second"]
        imported = next(b for b in target.bookmarks() if b.note == "second")
        assert imported.created == exported[0].created


# Files that go bad ----------------------------------------------------------


def moved_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob("state.sqlite3.corrupt-*"))


def assert_moved_aside(data_dir: Path, notices: list[str], original: bytes, word: str) -> Path:
    [moved] = [path for path in moved_files(data_dir) if not path.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == original  # never deleted, never changed
    assert len(notices) == 1
    assert word in notices[0] and str(moved) in notices[0] and "starting fresh" in notices[0]
    return moved


def check_fresh_and_working(data_dir: Path) -> None:
    with open_store(data_dir) as store:
        assert store.bookmarks() == []
        assert store.add_bookmark(LIBRARY, "a", "A", Position(0, 0.0)) is not None
        assert len(store.bookmarks()) == 1


def test_a_garbage_file_is_moved_aside_with_its_wal(tmp_path: Path) -> None:
    garbage = random.Random(4).randbytes(10_000)
    (tmp_path / "state.sqlite3").write_bytes(garbage)
    (tmp_path / "state.sqlite3-wal").write_bytes(b"old wal")
    store, notices = Store.open(tmp_path)
    store.close()
    assert store.writable
    moved = assert_moved_aside(tmp_path, notices, garbage, "unreadable")
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"old wal"
    assert moved.name.startswith("state.sqlite3.corrupt-20")
    check_fresh_and_working(tmp_path)


def test_a_truncated_file_is_moved_aside(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for number in range(300):
            store.add_bookmark(LIBRARY, "a", "A" * 100, Position(number, 1.0), "note " * 20)
    path = tmp_path / "state.sqlite3"
    assert not (tmp_path / "state.sqlite3-wal").exists()  # checkpointed on close
    truncated = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(truncated)
    store, notices = Store.open(tmp_path)
    store.close()
    assert_moved_aside(tmp_path, notices, truncated, "unreadable")
    check_fresh_and_working(tmp_path)


def test_a_file_from_a_newer_version_is_moved_aside(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    path = tmp_path / "state.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    original = path.read_bytes()
    store, notices = Store.open(tmp_path)
    store.close()
    assert_moved_aside(tmp_path, notices, original, "newer version")
    check_fresh_and_working(tmp_path)


def test_an_uncreatable_data_dir_still_gives_a_working_store(tmp_path: Path) -> None:
    # Works under root too: nobody can make a folder inside a regular file.
    (tmp_path / "file").write_text("not a folder")
    data_dir = tmp_path / "file" / "data"
    store, notices = Store.open(data_dir)
    assert not store.writable
    assert len(notices) == 1 and notices[0].startswith("State cannot be saved:")
    assert str(data_dir) in notices[0]
    assert store.add_bookmark(LIBRARY, "a", "A", Position(1, 1.0)) is not None  # no raise
    assert store.save_position(LIBRARY, "a", Position(1, 1.0))
    later: list[str] = []
    store.connect(later.append)
    assert later == []
    assert not (tmp_path / "file").is_dir()


@pytest.mark.parametrize("dir_mode", [0o555, 0o777])
def test_a_read_only_data_dir_or_file_reads_and_says_once_it_cannot_save(dir_mode: int) -> None:
    """A real read-only folder (or file). Root ignores permissions, so under root a
    forked child drops to user `nobody` first (the folder is outside the 0700 pytest tmp)."""
    root = Path(tempfile.mkdtemp(prefix="reader-ro-"))
    try:
        data_dir = root / "data"
        with open_store(data_dir) as store:
            store.add_bookmark(LIBRARY, "a", "A", Position(1, 1.0), "saved before")
        root.chmod(0o755)
        data_dir.chmod(dir_mode)
        (data_dir / "state.sqlite3").chmod(0o444)
        before = (data_dir / "state.sqlite3").read_bytes()
        report = _in_forked_child(lambda: _use_read_only_store(data_dir))
        read_only = data_dir if dir_mode == 0o555 else data_dir / "state.sqlite3"
        assert report["notices"] == [f"State cannot be saved: {read_only} is read-only."]
        assert report["writable"] is False
        assert report["later"] == []
        assert report["added"] and report["saved"]  # writes did not raise
        assert report["notes"] == ["session only", "saved before"]
        assert (data_dir / "state.sqlite3").read_bytes() == before
        data_dir.chmod(0o755)
        (data_dir / "state.sqlite3").chmod(0o644)
        with open_store(data_dir) as store:  # nothing of the session was saved
            assert [b.note for b in store.bookmarks()] == ["saved before"]
            assert store.positions(LIBRARY) == {}
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _use_read_only_store(data_dir: Path) -> dict[str, Any]:
    if os.geteuid() == 0:
        os.setgid(65534)
        os.setuid(65534)
    store, notices = Store.open(data_dir)
    later: list[str] = []
    store.connect(later.append)
    added = store.add_bookmark(LIBRARY, "b", "B", Position(2, 2.0), "session only")
    saved = store.save_position(LIBRARY, "b", Position(2, 2.0))
    return {
        "writable": store.writable,
        "notices": notices,
        "later": later,
        "notes": [b.note for b in store.bookmarks()],
        "added": added is not None,
        "saved": saved,
    }


def _in_forked_child(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `work` in a forked process (so it may drop privileges); its result as JSON."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        try:
            payload = json.dumps(work()).encode()
        except BaseException as error:
            payload = json.dumps({"error": repr(error)}).encode()
        os.write(write_end, payload)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        result: dict[str, Any] = json.loads(stream.read())
    os.waitpid(pid, 0)
    assert "error" not in result, result["error"]
    return result
