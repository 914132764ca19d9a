"""Several processes sharing the state file, and one killed while saving."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from reader.state.store import Store

# Opens the store, says "ready", waits for the `go` file, then adds COUNT
# bookmarks noted "<tag>-<n>", printing each id once its save has returned.
ADDER = """
import sys, time
from pathlib import Path
from reader.state.store import Position, Store
data_dir, go, tag, count = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
store, notices = Store.open(data_dir)
store.connect(lambda line: sys.exit(f"not saved: {line}"))
if notices or not store.writable:
    sys.exit(f"cannot save: {notices}")
print("ready", flush=True)
deadline = time.monotonic() + 60
while not go.exists():
    if time.monotonic() > deadline:
        sys.exit("no go")
    time.sleep(0.001)
number = 0
while count < 0 or number < count:
    bookmark = store.add_bookmark("/library", "a", "A", Position(number, 0.0), f"{tag}-{number}")
    if bookmark is None:
        sys.exit("not saved")
    print(bookmark.id, flush=True)
    number += 1
"""


def start_adder(data_dir: Path, go: Path, tag: str, count: int) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", ADDER, str(data_dir), str(go), tag, str(count)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    line = process.stdout.readline()  # '' if the child died first
    assert line == "ready\n", process.stderr.read() if process.stderr else line


def test_two_processes_adding_500_bookmarks_each_at_once_lose_none(tmp_path: Path) -> None:
    data_dir, go = tmp_path / "data", tmp_path / "go"
    adders = [start_adder(data_dir, go, tag, 500) for tag in ("one", "two")]
    for adder in adders:
        wait_ready(adder)
    go.touch()
    for adder in adders:
        out, err = adder.communicate(timeout=120)
        assert adder.returncode == 0, err
        assert len(out.split()) == 500
    with Store.open(data_dir)[0] as store:
        notes = {bookmark.note for bookmark in store.bookmarks()}
    expected = {f"{tag}-{number}" for tag in ("one", "two") for number in range(500)}
    assert notes == expected


def test_two_reader_bookmarks_add_loops_side_by_side_lose_none(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "alpha.md").write_text("# Alpha\n\nSome text to bookmark.\n", encoding="utf-8")
    reader = Path(sys.executable).parent / "reader"
    data_dir, go = tmp_path / "data", tmp_path / "go"
    loop = (
        'while [ ! -e "$GO" ]; do sleep 0.01; done; '
        "for i in $(seq 30); do "
        '"$READER" --library "$LIB" --data-dir "$DATA" bookmarks add alpha --note "$TAG-$i" '
        "--percent 50 >/dev/null || exit 1; done"
    )
    loops = []
    for tag in ("left", "right"):
        env = {**os.environ, "READER": str(reader), "LIB": str(library), "DATA": str(data_dir)}
        env.update(GO=str(go), TAG=tag)
        loops.append(subprocess.Popen(["sh", "-c", loop], env=env, stderr=subprocess.PIPE))
    go.touch()
    for process in loops:
        _, err = process.communicate(timeout=180)
        assert process.returncode == 0, err
    with Store.open(data_dir)[0] as store:
        bookmarks = store.bookmarks()
    expected = {f"{tag}-{number}" for tag in ("left", "right") for number in range(1, 31)}
    assert {bookmark.note for bookmark in bookmarks} == expected
    assert len(bookmarks) == 60
    assert {bookmark.article_id for bookmark in bookmarks} == {"alpha"}


def test_a_process_killed_while_saving_loses_no_returned_save(tmp_path: Path) -> None:
    data_dir, go = tmp_path / "data", tmp_path / "go"
    go.touch()
    printed: set[int] = set()
    for round_number, kill_after in enumerate((150, 301, 77)):
        adder = start_adder(data_dir, go, f"round{round_number}", -1)  # adds until killed
        wait_ready(adder)
        assert adder.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while len(lines) < kill_after and time.monotonic() < deadline:
            line = adder.stdout.readline()
            assert line, adder.stderr.read() if adder.stderr else "child died"
            lines.append(line)
        os.kill(adder.pid, signal.SIGKILL)
        rest, _ = adder.communicate(timeout=30)
        assert adder.returncode == -signal.SIGKILL
        complete = "".join(lines) + rest
        # A line cut by the kill has no newline: only whole lines were promised.
        printed.update(
            int(line) for line in complete.splitlines(keepends=True) if line[-1:] == "\n"
        )
        assert len(printed) >= kill_after

        path = data_dir / "state.sqlite3"
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.close()
        store, notices = Store.open(data_dir)
        with store:
            assert notices == []
            ids = {bookmark.id for bookmark in store.bookmarks()}
        assert printed <= ids
