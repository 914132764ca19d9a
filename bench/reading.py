"""Opening, paging and searching long articles, against Textual's Markdown widget.

Generates articles of 5 KB, 50 KB, 500 KB and 2 MB (headings, paragraphs, lists,
quotes, code, tables, non-ASCII words) and measures, headless under
`App.run_test()`, each in a fresh process:

- first screen: from pushing the reading screen to the first screen rendered;
- full render: until every unit is rendered (the worker is done);
- page down: median time of the page-down action plus rendering every row
  on screen (`render_line`), i.e. the view's own work for one key;
- search keystroke: median time per typed character of `istanbul` of the
  screen's search round (parse, match the whole article, move to the first
  match, update the counter) plus rendering the rows on screen;
- the same two keys sent through the test pilot (`pilot.press`), which adds
  the pilot's own waits for idle: printed for reference ("via pilot");
- peak RSS, and the same for an app that opens no article (the baseline).

The baseline, measured side by side in the same run, is Textual's `Markdown`
widget on the 50 KB and 500 KB articles (time until its `update` finished).
Targets (issue 3) are printed with each figure: PASS or MISS.

    .venv/bin/python bench/reading.py [--quick]   # --quick skips the 500 KB baseline
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from _harness import run_case, verdict

SIZES = {"5k": 5_000, "50k": 50_000, "500k": 500_000, "2m": 2_000_000}
WORDS = (
    "the of and revolution Trotsky working class party international socialist struggle "
    "history Bolshevik Moscow trials founding Straße café İstanbul Ateşçi ﬁle naïve Łódź"
).split()


def generate(size: int, seed: int = 7) -> str:
    """A Markdown article of about `size` characters with every block kind."""
    rng = random.Random(seed)

    def sentence(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."

    parts: list[str] = []
    total = 0
    chapter = 0
    while total < size:
        chapter += 1
        block = [f"## Chapter {chapter}", ""]
        block += [" ".join(sentence(12) for _ in range(6)) + "\n" for _ in range(4)]
        block += ["- first *point*", "- second **point**", "- third `point`", ""]
        block += ["> " + sentence(30), ""]
        block += ["```python", "def f(x):", "    return x * 2", "```", ""]
        block += ["| year | event |", "|---|---|", "| 1938 | founding |", "| 1940 | Coyoacán |", ""]
        text = "\n".join(block) + "\n"
        parts.append(text)
        total += len(text)
    return "".join(parts)


async def measure_reader(size_name: str) -> dict[str, float]:
    from reader.config import Config
    from reader.library.loader import load_library
    from reader.ui.app import make_app
    from reader.ui.screens.read_screen import ReadScreen
    from reader.ui.widgets.article_view import ArticleView

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        (root / "books").mkdir(parents=True)
        (root / "books" / "long.md").write_text("# Long\n\n" + generate(SIZES[size_name]))
        library, _ = load_library(root)
        # Default settings and keys: the user's config must not change what is measured.
        app = make_app(library, Path(tmp) / "data", config=Config(Path(tmp) / "config.toml"))
        figures: dict[str, float] = {}
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            article = library.articles["books/long"]
            start = time.perf_counter()
            await app.push_screen(ReadScreen(library, article, app.store))
            view = app.screen.query_one(ArticleView)
            while not view.first_screen_ready:
                await asyncio.sleep(0.0005)
            figures["first_screen"] = time.perf_counter() - start
            while not view.prepared:  # rendered around the view (all of a short one)
                await asyncio.sleep(0.005)
            figures["full_render"] = time.perf_counter() - start
            await pilot.pause()
            rows = view.size.height

            def paint() -> None:
                for y in range(rows):
                    view.render_line(y)

            direct, via_pilot = [], []
            for _ in range(20):
                before = view.scroll_y
                tick = time.perf_counter()
                view.action_page_down()
                paint()
                direct.append(time.perf_counter() - tick)
                assert view.scroll_y > before or view.scroll_y == view.max_scroll_y
                tick = time.perf_counter()
                await pilot.press("pagedown")
                via_pilot.append(time.perf_counter() - tick)
            figures["page_down"] = statistics.median(direct)
            figures["page_down_pilot"] = statistics.median(via_pilot)
            await pilot.press("g", "slash")
            screen = app.screen
            assert isinstance(screen, ReadScreen)
            counter = screen.query_one("#search-counter")
            direct, via_pilot = [], []
            query = "istanbul"
            for length in range(1, len(query) + 1):
                tick = time.perf_counter()
                screen.run_query(query[:length], regex=False)
                paint()
                direct.append(time.perf_counter() - tick)
            await pilot.pause()
            figures["matches"] = float(str(counter.render()).split("/")[1].rstrip("…"))
            for char in query:
                tick = time.perf_counter()
                await pilot.press(char)
                via_pilot.append(time.perf_counter() - tick)
            figures["search_key"] = statistics.median(direct)
            figures["search_key_pilot"] = statistics.median(via_pilot)
    figures["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


async def measure_markdown(size_name: str) -> dict[str, float]:
    from textual.app import App
    from textual.widgets import Markdown

    text = generate(SIZES[size_name])
    app: App[None] = App()
    async with app.run_test(size=(120, 40)) as pilot:
        widget = Markdown()
        await app.screen.mount(widget)
        start = time.perf_counter()
        await widget.update(text)
        await pilot.pause()
        elapsed = time.perf_counter() - start
    return {
        "first_screen": elapsed,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


async def measure_empty() -> dict[str, float]:
    from reader.config import Config
    from reader.library.loader import load_library
    from reader.ui.app import make_app

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "library"
        root.mkdir()
        (root / "a.md").write_text("# A\n\nshort\n")
        library, _ = load_library(root)
        app = make_app(library, Path(tmp) / "data", config=Config(Path(tmp) / "config.toml"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
    return {"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child(case: str) -> dict[str, float]:
    """Run one measurement in a fresh interpreter (see `_harness.run_case`)."""
    return run_case(__file__, ["--case", case])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.case:
        kind, _, size = args.case.partition(":")
        runner = {"reader": measure_reader, "markdown": measure_markdown}
        coroutine = measure_empty() if kind == "empty" else runner[kind](size)
        print(json.dumps(asyncio.run(coroutine)))
        return

    empty = child("empty")
    ours = {size: child(f"reader:{size}") for size in SIZES}
    baseline_sizes = ["50k"] if args.quick else ["50k", "500k"]
    theirs = {size: child(f"markdown:{size}") for size in baseline_sizes}

    print(
        f"{'article':>8} {'first screen':>13} {'full render':>12} {'page down':>10} "
        f"{'search key':>11} {'matches':>8} {'RSS +MB':>8}   via pilot: page / search"
    )
    for size, f in ours.items():
        print(
            f"{size:>8} {f['first_screen'] * 1000:>10.1f} ms {f['full_render']:>10.2f} s "
            f"{f['page_down'] * 1000:>7.1f} ms {f['search_key'] * 1000:>8.1f} ms "
            f"{f['matches']:>8.0f} {f['rss_mb'] - empty['rss_mb']:>8.1f}"
            f"   {f['page_down_pilot'] * 1000:>6.1f} ms / {f['search_key_pilot'] * 1000:.1f} ms"
        )
    print(f"empty app peak RSS: {empty['rss_mb']:.1f} MB")
    print("\nbaseline: Textual Markdown widget, same articles, same run")
    for size, f in theirs.items():
        ratio = f["first_screen"] / ours[size]["first_screen"]
        print(
            f"{size:>8} Markdown widget {f['first_screen']:.2f} s to render; "
            f"reader {ours[size]['first_screen'] * 1000:.1f} ms to first screen: "
            f"{ratio:,.0f}x faster"
        )

    two_mb, five_kb = ours["2m"], ours["5k"]
    print("\ntargets")
    checks = [
        (
            "2 MB first screen <= 0.2 s",
            two_mb["first_screen"] <= 0.2,
            f"{two_mb['first_screen'] * 1000:.1f} ms",
        ),
        (
            "2 MB first screen <= 2x the 5 KB one",
            two_mb["first_screen"] <= 2 * five_kb["first_screen"],
            f"{two_mb['first_screen'] / five_kb['first_screen']:.2f}x",
        ),
        (
            "2 MB search keystroke <= 50 ms",
            two_mb["search_key"] <= 0.05,
            f"{two_mb['search_key'] * 1000:.1f} ms",
        ),
        (
            "2 MB page down <= 30 ms",
            two_mb["page_down"] <= 0.03,
            f"{two_mb['page_down'] * 1000:.1f} ms",
        ),
        (
            "2 MB peak RSS <= 150 MB above an empty app",
            two_mb["rss_mb"] - empty["rss_mb"] <= 150,
            f"{two_mb['rss_mb'] - empty['rss_mb']:.1f} MB",
        ),
    ]
    if "500k" in theirs:
        ratio = theirs["500k"]["first_screen"] / ours["500k"]["first_screen"]
        checks.append(("500 KB >= 200x faster than Markdown", ratio >= 200, f"{ratio:,.0f}x"))
    for name, ok, figure in checks:
        print(f"  {verdict(ok)}  {name}: {figure}")


if __name__ == "__main__":
    main()
