"""Bookmarks saved by two processes at once: 2 x 5,000 through `Store`.

Prints the wall time of the two processes together and per bookmark, next to a
baseline measured in the same run: the same 10,000 saves by ONE process in one
loop (each save is one transaction either way). The ratio shows what sharing
the file costs. Checks that all 10,000 are there. Uses a temp dir, cleaned up.

    .venv/bin/python bench/state.py [--per-process N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.state.store import Store

# argv: data dir, go file, tag, count. Prints "ready", waits for the go file,
# saves, then prints its own elapsed seconds.
WORKER = """
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
        sys.exit("no go signal")
    time.sleep(0.0005)
start = time.perf_counter()
for number in range(count):
    if store.add_bookmark("/bench", "a", "A", Position(number, 0.0), f"{tag}-{number}") is None:
        sys.exit("not saved")
print(time.perf_counter() - start, flush=True)
store.close()
"""


def run_processes(data_dir: Path, tags: list[str], count: int) -> float:
    """Start one worker per tag, release them together; wall seconds until all finish."""
    go = data_dir.parent / f"go-{data_dir.name}"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(data_dir), str(go), tag, str(count)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in tags
    ]
    for worker in workers:
        assert worker.stdout is not None
        if worker.stdout.readline() != "ready\n":
            raise SystemExit("a worker failed to start")
    start = time.perf_counter()
    go.touch()
    for worker in workers:
        worker.wait(timeout=600)
        if worker.returncode != 0:
            raise SystemExit(f"a worker failed (exit {worker.returncode})")
    return time.perf_counter() - start


def count_bookmarks(data_dir: Path) -> int:
    store, _ = Store.open(data_dir)
    with store:
        return len(store.bookmarks())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-process", type=int, default=5000)
    count = parser.parse_args().per_process
    total = 2 * count
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as temp:
        shared, alone = Path(temp) / "shared", Path(temp) / "alone"
        both = run_processes(shared, ["one", "two"], count)
        baseline = run_processes(alone, ["solo"], total)
        found_shared, found_alone = count_bookmarks(shared), count_bookmarks(alone)
    print(f"2 processes x {count:,} bookmarks at once: {both:.2f} s wall, "
          f"{both / total * 1e6:.0f} µs per bookmark")  # fmt: skip
    print(f"baseline, 1 process x {total:,} in one loop: {baseline:.2f} s wall, "
          f"{baseline / total * 1e6:.0f} µs per bookmark")  # fmt: skip
    print(f"ratio (2 processes / 1 process): {both / baseline:.2f}")
    print(f"bookmarks found: {found_shared:,} (2 processes), {found_alone:,} (baseline)")
    if found_shared != total or found_alone != total:
        print(f"LOST BOOKMARKS: expected {total:,} in each", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
