"""What every test layer shares: fixture paths, the terminal size, waiting, screen text.

One place for these, so that a test never sleeps and hopes: `wait_until` polls
the app (through the pilot) until the condition it will assert holds, for at
least a number of pauses and a minute of wall time, so a busy CI machine only
makes it slower.
"""

from __future__ import annotations

import dataclasses
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.pilot import Pilot
from textual.widget import Widget

from reader.library.loader import load_library
from reader.library.model import Article, Library
from reader.search.index import LibraryIndex, index_file
from reader.search.query import parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Five short articles in two sections, front matter of every kind.
MINILIB = FIXTURES / "minilib"
#: Every kind of bad file the loader must report and survive.
BADLIB = FIXTURES / "badlib"
#: Articles with links, headings and long text for the reading engine.
READINGLIB = FIXTURES / "readinglib"
#: A byte-identical copy of the seed the bundled library is built from.
SEED_COPY = FIXTURES / "seed.txt"

#: The terminal size every Pilot test runs at.
SIZE = (100, 30)
#: The narrow terminal that must still show every essential key.
NARROW = (80, 24)
#: How many pilot pauses `wait_until` allows at least (each lets the app run its queue)...
PAUSES = 600
#: ...and how long at least (seconds): a pause returns at once while the app's queue
#: is empty, so work in a worker thread on a loaded machine outlasted 600 of them.
DEADLINE = 60.0
#: Past this many pauses, each one also sleeps a little (the worker gets the CPU).
QUICK_PAUSES = 100


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], object], what: str, pauses: int = PAUSES
) -> None:
    """Let the app run until `condition()` is true; fail with the screen if it never is."""
    deadline = time.monotonic() + DEADLINE
    count = 0
    while not condition():
        if count >= pauses and time.monotonic() > deadline:
            raise AssertionError(
                f"timed out waiting for {what}; the screen shows:\n{screen_text(pilot.app)}"
            )
        await pilot.pause(None if count < QUICK_PAUSES else 0.01)
        count += 1


def screen_lines(app: App[Any]) -> list[str]:
    """Every row of the current screen as it would be drawn (toasts included)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[Any]) -> str:
    return "\n".join(screen_lines(app))


def widget_lines(widget: Widget) -> list[str]:
    """The rows of the screen inside `widget`'s region, right-trimmed."""
    region = widget.region
    strips = widget.screen._compositor.render_strips()[region.y : region.bottom]
    return [strip.crop(region.x, region.right).text.rstrip(" ▕▏") for strip in strips]


def widget_text(widget: Widget) -> str:
    return "\n".join(widget_lines(widget))


def drawn_style(widget: Widget, text: str) -> Style | None:
    """The style the first character of `text` is drawn with inside `widget` (None if absent).

    For asserting what a user sees (a colour), not which CSS classes a widget has.
    """
    region = widget.region
    for strip in widget.screen._compositor.render_strips()[region.y : region.bottom]:
        line = strip.crop(region.x, region.right)
        found = line.text.find(text)
        if found < 0:
            continue
        cell = 0
        for segment in line:
            if cell + len(segment.text) > found:
                return segment.style
            cell += len(segment.text)
    return None


def is_error_colour(app: App[Any], style: Style | None) -> bool:
    """True when `style`'s text colour is the theme's error colour."""
    error = Color.parse(app.theme_variables["error"])
    return (
        style is not None
        and style.color is not None
        and (Color.from_rich_color(style.color) == error)
    )


def keys_then_settle(*keys: str, theme: str | None = None) -> Callable[[Pilot[None]], Any]:
    """A snapshot's `run_before`: set `theme`, press `keys`, wait for every worker
    (the background rendering) to finish, so the picture is the settled screen."""

    async def run_before(pilot: Pilot[None]) -> None:
        if theme is not None:
            pilot.app.theme = theme
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the `reader` command in-process: (exit code, stdout, stderr)."""
    from reader.cli import main

    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the library index (tests/unit/test_index*.py) ----------------------------------------


def article(title: str, body: str, author: str = "Ann Author") -> str:
    """A Markdown file with front matter, as the index tests write them."""
    return f"---\ntitle: {title}\nauthor: {author}\ndate: 2020-01-02\ntags: [a, b]\n---\n\n{body}\n"


def open_index(root: Path, tmp_path: Path) -> LibraryIndex:
    return LibraryIndex.open(index_file(tmp_path / "cache", root))


def load(root: Path, index: LibraryIndex) -> Library:
    library, problems = load_library(root, cache=index)
    assert problems == []
    index.flush_heads()
    return library


def indexed(root: Path, tmp_path: Path) -> tuple[Library, LibraryIndex]:
    index = open_index(root, tmp_path)
    library = load(root, index)
    index.update(library)
    assert index.ready
    return library, index


def found(index: LibraryIndex, text: str) -> list[str]:
    return index.search(parse(text))


def touch_later(path: Path) -> None:
    """Move the mtime on, so a rewrite is seen even on a coarse-clock file system."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


# --- comparing whole libraries (tests/unit/test_warm_load.py, test_prefetch.py) -------------


def library_fields(library: Library) -> list[Any]:
    """Every article's and introduction's fields (sections by id) and the tree's order:
    two loads that give the same list give the same library."""

    def row(article: Article) -> tuple[Any, ...]:
        fields = dataclasses.asdict(dataclasses.replace(article, section=None))
        # Raw front matter comes back from the head cache's JSON with dates as text.
        fields["meta"] = json.dumps(fields["meta"], default=str)
        return article.id, article.section and article.section.id, sorted(fields.items())

    articles = [row(article) for article in library.articles.values()]
    intros = [row(section.index) for section in library.sections.values() if section.index]
    return [*articles, *intros, [article.id for article in library.ordered_articles()]]
