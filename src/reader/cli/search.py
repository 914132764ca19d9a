"""`reader search QUERY`: the library search from the command line (no Textual).

Brings the index up to date first (incrementally: only changed files are read
again), then prints the ranked results like the search screen shows them. A
library unchanged since the last search is not loaded at all: the index holds
what its results show (`reader.search.quick`).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reader import paths
from reader.cli.errors import CliError
from reader.cli.library import load, open_index
from reader.library.model import Library
from reader.search import quick
from reader.search.index import LibraryIndex
from reader.search.query import LibraryQuery, QuerySyntaxError, parse
from reader.search.results import RESULTS, Hit, hits


def add_parser(commands: Any) -> None:
    search = commands.add_parser(
        "search",
        help="search the whole library",
        description='Words must all match; "a phrase"; -word excludes; '
        "author:, title:, section:, series:, tags: restrict a word to that field.",
    )
    search.add_argument("query", nargs="+", help="what to look for")
    search.add_argument("--json", action="store_true", help="results as a JSON array")
    search.add_argument(
        "--limit", type=int, default=RESULTS, metavar="N", help=f"at most N results ({RESULTS})"
    )


#: Options after `search` that take a value (the global ones are accepted there too).
GLOBAL_VALUED = ("--library", "--data-dir", "--config")
VALUED = ("--limit", *GLOBAL_VALUED)


def protect_query(argv: list[str]) -> list[str]:
    """Rewrite `reader … search` arguments so that `-word` reaches the query.

    Argparse reads `-pie` in `reader search apple -pie` as an unknown option
    (and `-harbour` as `-h`). Every search argument that is not an option
    (`--…`, `-h`) is moved after a `--`, in its order, so all are query words.
    """
    for number, token in enumerate(argv):
        if token.startswith("-") or (number and argv[number - 1] in GLOBAL_VALUED):
            continue
        if token != "search":
            return argv
        options: list[str] = []
        words: list[str] = []
        rest = iter(argv[number + 1 :])
        for item in rest:
            if item == "--":
                words.extend(rest)
            elif item == "-h" or item.startswith("--"):
                options.append(item)
                if (
                    any(name.startswith(item) for name in VALUED)
                    and len(item) > 2
                    and (value := next(rest, None)) is not None
                ):
                    options.append(value)
            else:
                words.append(item)
        return [*argv[: number + 1], *options, "--", *words]
    return argv


def run(args: argparse.Namespace) -> int:
    """Run `reader search`: bring the index up to date, print the ranked results.

    When the library is as it was at the index's last complete update (its
    stamp, a walk of its folders), the index alone answers (`quick_hits`);
    else, or when it cannot, the library is loaded and the index updated.
    """
    index = open_index(args)
    try:
        root = paths.library_path(args.library)
        stamp = quick.stamp(root)
        if stamp is not None:
            text, query = _query(args)
            found = quick.quick_hits(index, root, stamp, query, args.limit)
            if found is not None:
                return _print(args, text, found)
        library, _ = load(args, index=index)
        code = _search(args, library, index)
        if stamp is not None and index.ready:
            index.remember_shown(library, stamp)
        return code
    finally:
        index.close()


def _query(args: argparse.Namespace) -> tuple[str, LibraryQuery]:
    text = " ".join(args.query)
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    try:
        return text, parse(text)
    except QuerySyntaxError as error:
        raise CliError(f"cannot search {text!r}: {error}") from None


def _search(args: argparse.Namespace, library: Library, index: LibraryIndex) -> int:
    text, query = _query(args)
    limit = min(args.limit, len(library.articles) or 1)  # SQLite takes 64-bit numbers only
    try:
        # Damaged blocks answer "no match": only then look for damage, and only
        # with the probes (FTS5's structure check reads the whole index; broken
        # blocks that a query reads fail it, and `search` checks then).
        index.update(library, check=False)
        results = hits(library, index, query, limit)
        if not results and not index.intact(library, structure=False):
            index.rebuild()
            index.update(library, check=False)
            results = hits(library, index, query, limit)
    except QuerySyntaxError as error:
        raise CliError(f"cannot search {text!r}: {error}") from None
    return _print(args, text, results)


def _print(args: argparse.Namespace, text: str, results: list[Hit]) -> int:
    if args.json:
        rows = [
            {
                "id": hit.article.id,
                "title": hit.article.title,
                "author": list(hit.article.author),
                "section": hit.section,
                "snippet": hit.snippet,
                "path": str(hit.article.path),
            }
            for hit in results
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0 if rows else 1  # as grep does, and as without --json
    if not results:
        print(f"no article matches {text!r}", file=sys.stderr)
        return 1
    for hit in results:
        byline = f" — {hit.article.byline}" if hit.article.author else ""
        print(f"{hit.article.title}{byline}  [{hit.article.id}]")
        if hit.section:
            print(f"  {' › '.join(hit.section)}")
        print(f"  {hit.snippet}")
    return 0
