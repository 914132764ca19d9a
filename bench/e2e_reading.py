"""A 20 MB book in a real terminal, against `less` and Textual's `Markdown`, same run.

Each program runs in tmux (`_terminal`), process start included, on one
generated article (bench/reading.py's generator: headings, lists, quotes, code,
tables, words that fold such as Straße and ﬁle), kept in a cache folder
between runs (READER_BENCH_CACHE, default /tmp/reader-bench-cache).

reader, in the order a reader would, with the library's search index already
built (a warm start, as every start after the first): start, open the article from the tree
(first screen), page down 10 times at once (the worker is preparing the text
around the view meanwhile), search a word (`/` and the word sent at once: time
until the counter shows the right total), `enter`, `G` (until 100%), then wait
until it uses no CPU: its RSS and its CPU time since start.

less: open (first screen), 10 page-downs, `/word` + enter (until the screen
changes), `G` (until the last line shows), RSS. Textual `Markdown` widget: a
minimal app that shows the article in one `Markdown` widget, until its first
paint (the first chapter on screen), then its RSS once idle.

    .venv/bin/python bench/e2e_reading.py     # READER_BENCH_ARTICLE_MB=2 for a quick run

Prints the issue 13 table (before / now / reference / target); exits 1 on a miss.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _harness import USER_ENV, verdict
from _terminal import Terminal, kill_server
from reading import generate

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("READER_BENCH_CACHE", "/tmp/reader-bench-cache"))
SIZE_MB = float(os.environ.get("READER_BENCH_ARTICLE_MB", "20"))
WORD = "trotsky"
PAGES = 10
#: Textual's Markdown widget takes minutes on a long article: waited for this long.
MARKDOWN_WAIT = 90.0
EPILOGUE = "\n## Epilogue\n\nThe final zanzibar, the last words of the book.\n"
MARKDOWN_APP = """
import sys
from pathlib import Path
from textual.app import App
from textual.widgets import Markdown

class Show(App):
    def compose(self):
        yield Markdown(Path(sys.argv[1]).read_text())

Show().run()
"""


def article() -> Path:
    """The generated library (one article), made once and kept in the cache."""
    folder = CACHE / f"reading-{SIZE_MB:g}mb"
    path = folder / "lib" / "long.md"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        body = generate(int(SIZE_MB * 1_000_000)) + EPILOGUE
        path.with_suffix(".tmp").write_text("---\ntitle: Long book\n---\n\n" + body)
        path.with_suffix(".tmp").rename(path)
    return path


def expected_count(path: Path) -> int:
    from reader.textsearch.fold import fold
    from reader.textsearch.matcher import Query

    query = Query.parse(WORD)
    return query.count(fold(path.read_text(), casefold=query.casefold))


def page_downs(terminal: Terminal) -> list[float]:
    times = []
    for _ in range(PAGES):
        before = terminal.screen()
        times.append(terminal.changed(before, terminal.keys("Space")))
    return times


def measure_reader(path: Path, total: int) -> dict[str, float]:
    terminal = Terminal("reader")
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            "READER_DATA_DIR": f"{tmp}/data",
            "READER_CACHE_DIR": f"{tmp}/cache",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            **USER_ENV,
        }
        argv = [str(ROOT / ".venv/bin/reader"), "--library", str(path.parent)]
        # Warm: the library's search index is built once, as on a second start.
        subprocess.run([*argv, "search", "x"], env={**os.environ, **env}, capture_output=True)
        started = terminal.start(argv, env)
        figures = {"tree": terminal.wait(lambda s: "min read" in s, started)}
        terminal.keys("Enter")
        figures["open"] = terminal.wait(lambda s: "Chapter 1" in s and "0%" in s, started)
        pages = page_downs(terminal)
        figures["page_max"], figures["page_median"] = max(pages), statistics.median(pages)
        if os.environ.get("READER_BENCH_VERBOSE"):
            print("page-downs (ms):", [round(page * 1000, 1) for page in pages])
        terminal.keys("/")
        terminal.wait(lambda s: "/ search" in s, 0, timeout=10)
        sent = terminal.keys(WORD, literal=True)
        figures["search"] = terminal.wait(lambda s: f"/{total}" in s, sent)
        terminal.keys("Enter")
        sent = terminal.keys("G")
        figures["G"] = terminal.wait(lambda s: "100%" in s.rstrip().splitlines()[-2], sent)
        figures["cpu"] = terminal.settle()
        figures["rss"] = terminal.rss_mb()
        terminal.close()
    return figures


def measure_less(path: Path) -> dict[str, float]:
    terminal = Terminal("less")
    started = terminal.start(["less", str(path)])
    figures = {"open": terminal.wait(lambda s: "Chapter 1" in s, started)}
    pages = page_downs(terminal)
    figures["page_max"], figures["page_median"] = max(pages), statistics.median(pages)
    terminal.keys(f"/{WORD}", literal=True)
    before = terminal.screen()
    figures["search"] = terminal.changed(before, terminal.keys("Enter"))
    figures["G"] = terminal.wait(lambda s: "final zanzibar" in s, terminal.keys("G"))
    figures["rss"] = terminal.rss_mb()
    terminal.close()
    return figures


def measure_markdown(path: Path) -> dict[str, float]:
    terminal = Terminal("markdown")
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "show.py"
        script.write_text(MARKDOWN_APP)
        argv = [str(ROOT / ".venv/bin/python"), str(script), str(path)]
        started = terminal.start(argv, USER_ENV)
        figures = {
            "paint": terminal.wait(lambda s: "Chapter 1" in s, started, timeout=MARKDOWN_WAIT)
        }
        figures["cpu"] = terminal.settle(timeout=MARKDOWN_WAIT)
        figures["rss"] = terminal.rss_mb()
        terminal.close()
    return figures


def seconds(value: float) -> str:
    return f"> {MARKDOWN_WAIT:.0f} s" if value == float("inf") else f"{value:.1f} s"


def main() -> int:
    path = article()
    total = expected_count(path)
    try:
        ours = measure_reader(path, total)
        if os.environ.get("READER_BENCH_VERBOSE"):
            print("reader:", {key: round(value, 3) for key, value in ours.items()}, flush=True)
        less = measure_less(path)
        skip = os.environ.get("READER_BENCH_SKIP_MARKDOWN")
        markdown = measure_markdown(path) if not skip else {"paint": 0.0, "cpu": 0.0, "rss": 0.0}
    finally:
        kill_server()
    size = f"{SIZE_MB:g} MB"
    ms = 1000
    rows = [
        # case, before (issue 13), now, reference, target text, ok
        (
            f"{size}: open (process start to first screen)",
            "",
            f"{ours['open']:.2f} s",
            f"less {less['open'] * ms:.0f} ms; Markdown first paint {seconds(markdown['paint'])}",
            "",
            None,
        ),
        (
            f"{size}: search total shown after the last key",
            "13.5 s",
            f"{ours['search'] * ms:.0f} ms",
            f"less: {less['search'] * ms:.0f} ms",
            "<= 150 ms",
            ours["search"] <= 0.150,
        ),
        (
            f"{size}: G reaches 100%",
            "> 20 s",
            f"{ours['G'] * ms:.0f} ms",
            f"less: {less['G'] * ms:.0f} ms",
            "<= 0.5 s",
            ours["G"] <= 0.5,
        ),
        (
            f"{size}: page-down while the rest is prepared (max of {PAGES})",
            "134 ms",
            f"{ours['page_max'] * ms:.0f} ms (median {ours['page_median'] * ms:.0f})",
            f"less: {less['page_max'] * ms:.0f} ms",
            "<= 50 ms",
            ours["page_max"] <= 0.050,
        ),
        (
            f"{size}: memory once prepared",
            "499 MB",
            f"{ours['rss']:.0f} MB",
            f"Markdown: {markdown['rss']:.0f} MB; less {less['rss']:.0f} MB",
            "<= 200 MB",
            ours["rss"] <= 200,
        ),
        (
            f"{size}: CPU from start to idle (preparation included)",
            "46 s",
            f"{ours['cpu']:.1f} s",
            f"Markdown: {markdown['cpu']:.1f} s (to idle or {MARKDOWN_WAIT:.0f} s)",
            "<= 10 s",
            ours["cpu"] <= 10,
        ),
    ]
    print(f"Reading a {size} article in tmux, process start included ({total} matches of {WORD!r})")
    print(f"{'case':<58} {'before':>8} {'now':>22}  {'target':>10}  reference")
    missed = False
    for case, before, now, reference, target, ok in rows:
        mark = "" if ok is None else verdict(ok)
        missed = missed or ok is False
        print(f"{case:<58} {before:>8} {now:>22}  {target:>10} {mark:>4}  {reference}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
