"""`reader highlights`: list the highlights of the library, or add one from a script.

No Textual here. `add` finds the exact passage in the article (runs of
whitespace may differ, as when a paragraph is reflowed); a passage that is not
there, or an `--occurrence` past the last, is a `CliError`: one line, exit 2.
Text entering the store goes through `clean_text` first.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reader import paths
from reader.cli.errors import EXIT_PROBLEMS, CliError
from reader.cli.library import find_item, load
from reader.library.sanitize import clean_text
from reader.state.annotations import occurrences
from reader.state.highlights import Highlight
from reader.state.records import to_text
from reader.state.store import Store, library_key

#: The fields of one highlight in `--json` output, in order.
FIELDS = ("id", "article", "title", "text", "note", "heading", "percent", "created", "orphaned")


def add_parser(commands: Any) -> None:
    """Add `highlights` and `highlights add` to the `reader` command's subparsers."""
    parser = commands.add_parser("highlights", help="list or add highlights")
    parser.add_argument("--json", action="store_true", help="an array of highlights as JSON")
    parser.add_argument("--article", metavar="ID", help="only the highlights of this article")
    actions = parser.add_subparsers(dest="highlights_command", metavar="ACTION")
    add = actions.add_parser("add", help="highlight a passage of an article")
    add.add_argument("id", help="article id, as `reader list` prints it")
    add.add_argument("--text", required=True, help="the exact passage")
    add.add_argument("--note", default="", help="the highlight's note")
    add.add_argument(
        "--occurrence", type=int, default=1, metavar="N", help="the Nth time the passage occurs"
    )


def open_store(args: argparse.Namespace) -> Store:
    """The state store, its notices (and later problems) printed on stderr."""
    store, notices = Store.open(paths.data_dir(args.data_dir))
    for notice in notices:
        print(f"reader: {notice}", file=sys.stderr)
    store.connect(lambda line: print(f"reader: {line}", file=sys.stderr))
    return store


def run(args: argparse.Namespace) -> int:
    """Run `reader highlights ...`."""
    with open_store(args) as store:
        if args.highlights_command == "add":
            return _add(store, args)
        key = library_key(paths.library_path(args.library))
        article = args.article.strip("/") if args.article else None
        found = store.highlights(key, article)
        if args.json:
            print(json.dumps([as_row(h) for h in found], ensure_ascii=False, indent=2))
            return 0
        if not found:
            print("No highlights yet.", file=sys.stderr)
        for highlight in found:
            print(_line(highlight))
        return 0


def _add(store: Store, args: argparse.Namespace) -> int:
    if args.occurrence < 1:
        raise CliError(f"--occurrence must be 1 or more, not {args.occurrence}")
    library, _ = load(args)
    article = find_item(library, args.id)
    try:
        body = library.read_body(article)
    except OSError as error:
        raise CliError(f"cannot read {article.path}: {error.strerror or error}") from None
    text = clean_text(args.text)
    spans = occurrences(body, text)
    if not spans:
        raise CliError(f"the passage is not in {article.id}: {_flat(text)[:60]!r}")
    if args.occurrence > len(spans):
        raise CliError(
            f"the passage occurs {len(spans)} time(s) in {article.id}, not {args.occurrence}"
        )
    start, end = spans[args.occurrence - 1]
    made = Highlight.of(
        library.path, article.id, article.title, body, start, end, clean_text(args.note)
    )
    if not store.writable:
        return EXIT_PROBLEMS
    added = store.add_highlight(made)
    if added is None:
        return EXIT_PROBLEMS
    print(f"highlight {added.id}: {article.id} at {added.percent:.0f}%")
    return 0


def as_row(highlight: Highlight) -> dict[str, Any]:
    """One highlight as `--json` prints it (the fields of `FIELDS`)."""
    return {
        "id": highlight.id,
        "article": highlight.article_id,
        "title": highlight.title,
        "text": highlight.exact,
        "note": highlight.note,
        "heading": highlight.heading,
        "percent": highlight.percent,
        "created": to_text(highlight.created),
        "orphaned": highlight.orphaned,
    }


def _line(highlight: Highlight) -> str:
    date = highlight.created.astimezone().strftime("%Y-%m-%d %H:%M")
    note = f" — {_flat(highlight.note)}" if highlight.note else ""
    orphan = " (orphaned)" if highlight.orphaned else ""
    quote = _flat(highlight.exact)
    quote = quote if len(quote) <= 60 else quote[:59] + "…"
    return f"{date}  {highlight.percent:3.0f}%  “{quote}”{note}  [{highlight.article_id}]{orphan}"


def _flat(text: str) -> str:
    return " ".join(text.split())
