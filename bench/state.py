"""Bookmarks saved by two processes at once, and an article opened among 10,000 highlights.

Bookmarks: prints the wall time of 2 x 5,000 saves through `Store` by two
processes together and per bookmark, next to a baseline measured in the same
run: the same 10,000 saves by ONE process in one loop (each save is one
transaction either way). The ratio shows what sharing the file costs. Checks
that all 10,000 are there.

Highlights: 10,000 highlights over 100 articles (500 in one of them), then the
first screen of the article with 500 highlights against the same text with
none, headless under `App.run_test()`: from pushing the reading screen to the
rows on screen painted (highlights drawn), in alternating trials; the figure
judged is the median of each pair's ratio.
Target: within 1.2x; exits 1 on a miss. Uses a temp dir, cleaned up.

    .venv/bin/python bench/state.py [--per-process N] [--trials N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
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


#: Highlights in the benchmark, the articles they are spread over, and in the one opened.
HIGHLIGHTS, ARTICLES, HOT = 10_000, 100, 500
TARGET = 1.2


def article_text(seed: int) -> str:
    """About 60 KB of Markdown: headings and paragraphs of plain words."""
    rng = random.Random(seed)
    words = "the of and revolution working class party history struggle founding".split()
    parts = []
    for chapter in range(1, 31):
        parts.append(f"## Chapter {chapter}\n")
        for _ in range(4):
            sentence = " ".join(rng.choice(words) for _ in range(80))
            parts.append(sentence.capitalize() + ".\n")
    return "# Article\n\n" + "\n".join(parts)


async def first_screens(root: Path, data_dir: Path, trials: int) -> dict[str, float]:
    """Median seconds to the first painted screen of `hot` (500 highlights) and `plain`."""
    from reader.library.loader import load_library
    from reader.ui.app import make_app
    from reader.ui.screens.read_screen import ReadScreen
    from reader.ui.widgets.selectable_view import SelectableView

    library, _ = load_library(root)
    app = make_app(library, data_dir)
    times: dict[str, list[float]] = {"hot": [], "plain": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for trial in range(trials * 2 + 2):
            name = ("hot", "plain")[trial % 2]
            start = time.perf_counter()
            await app.push_screen(ReadScreen(library, library.articles[name], app.store))
            view = app.screen.query_one(SelectableView)
            while not view.first_screen_ready:
                await asyncio.sleep(0.0005)
            for y in range(view.size.height):
                view.render_line(y)
            if trial >= 2:  # the first of each warms caches up
                times[name].append(time.perf_counter() - start)
            if name == "hot":
                assert len(view.highlights) == HOT, len(view.highlights)
            app.pop_screen()
            await pilot.pause()
    medians = {name: statistics.median(values) for name, values in times.items()}
    # Each trial of `hot` runs right before one of `plain`: the ratio of each pair
    # cancels the load of the moment (2 cores, shared), the median of them the outliers.
    pairs = zip(times["hot"], times["plain"], strict=True)
    medians["ratio"] = statistics.median(hot / plain for hot, plain in pairs)
    return medians


def bench_highlights(trials: int) -> bool:
    """Print the highlight figures; True when the target is met."""
    from reader.state.highlights import Highlight
    from reader.state.store import Store

    with tempfile.TemporaryDirectory(prefix="reader-bench-") as temp:
        root, data_dir = Path(temp) / "library", Path(temp) / "data"
        root.mkdir()
        bodies = {f"a{n:03}": article_text(n) for n in range(ARTICLES - 1)}
        bodies["hot"] = bodies["plain"] = article_text(999)
        for name, body in bodies.items():
            (root / f"{name}.md").write_text(body, encoding="utf-8")
        made = []
        for name, body in bodies.items():
            if name == "plain":
                continue
            others = ARTICLES - 1  # every article but `hot` shares the rest, as evenly as can be
            index = int(name[1:]) if name != "hot" else 0
            share, extra = divmod(HIGHLIGHTS - HOT, others)
            count = HOT if name == "hot" else share + (index < extra)
            step = len(body) // count
            for number in range(count):
                start = body.find(" ", number * step) + 1
                made.append(
                    Highlight.of(root, name, name, body, start, start + 40, f"note {number}")
                )
        store, _ = Store.open(data_dir)
        with store:
            tick = time.perf_counter()
            added = store.import_highlights(made)
            saved = time.perf_counter() - tick
            tick = time.perf_counter()
            found = store.highlights_of(root, "hot", bodies["hot"])
            loaded = time.perf_counter() - tick
        medians = asyncio.run(first_screens(root, data_dir, trials))
    ratio = medians["ratio"]
    print(f"highlights saved: {added:,} over {ARTICLES} articles in {saved:.2f} s (one import)")
    print(f"loading the {len(found)} highlights of one article: {loaded * 1000:.1f} ms")
    print(f"first screen, {HOT} highlights: {medians['hot'] * 1000:.1f} ms; "
          f"none: {medians['plain'] * 1000:.1f} ms (median of {trials} each)")  # fmt: skip
    ok = ratio <= TARGET and added == len(made) == HIGHLIGHTS
    print(f"ratio (median of the {trials} pairs' ratios): {ratio:.2f} (target <= {TARGET}) "
          f"{'PASS' if ok else 'MISS'}")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-process", type=int, default=5000)
    parser.add_argument("--trials", type=int, default=25)
    arguments = parser.parse_args()
    count = arguments.per_process
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
    return 0 if bench_highlights(arguments.trials) else 1


if __name__ == "__main__":
    raise SystemExit(main())
