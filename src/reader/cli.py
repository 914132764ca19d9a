"""The `reader` command: parse arguments, then run a subcommand or the app.

Subcommands that need no screen (`list`, `show`, `check`, `bookmarks`) never import Textual:
scripts call them in loops, and start-up time is theirs. Every failure ends as a
one-line message on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from reader import __version__, settings
from reader.loader import LibraryError, Problem, load_library
from reader.model import Article, Library, Section, word_count
from reader.search.index import LibraryIndex, index_file

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A user-facing failure: printed as `reader: <message>`, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read a library of Markdown articles in the terminal.",
        epilog="Without a command, the library opens in the terminal UI.",
    )
    parser.add_argument("--library", metavar="PATH", help="library folder (env READER_LIBRARY)")
    parser.add_argument(
        "--data-dir", metavar="PATH", help="where state is kept (env READER_DATA_DIR)"
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    listing = commands.add_parser("list", help="print the library's tree")
    listing.add_argument("--json", action="store_true", help="an array of articles as JSON")
    show = commands.add_parser("show", help="print one article (or a section's introduction)")
    show.add_argument("id", help="article or section id, as `reader list` prints it")
    show.add_argument(
        "--raw", action="store_true", help="print the source file, front matter included"
    )
    commands.add_parser("check", help="report every problem in the library; exit 1 if any")
    from reader import cli_bookmarks, cli_search

    cli_bookmarks.add_parser(commands)
    cli_search.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    from reader.cli_search import protect_query

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(protect_query(argv))
    try:
        return _run(args)
    except CliError as error:
        print(f"reader: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # `reader list | head`: the reader of our output left.
        return 0
    except Exception as error:  # the last guard: no traceback reaches the user
        print(f"reader: unexpected error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS


def _load(
    args: argparse.Namespace, *, deep: bool = False, index: LibraryIndex | None = None
) -> tuple[Library, list[Problem]]:
    """Load the library; with `index`, parsed heads come from (and go to) its cache."""
    try:
        loaded = load_library(settings.library_path(args.library), deep=deep, cache=index)
    except LibraryError as error:
        raise CliError(str(error)) from None
    if index is not None:
        index.flush_heads()
    return loaded


def _open_index(args: argparse.Namespace) -> LibraryIndex:
    root = settings.library_path(args.library)
    return LibraryIndex.open(index_file(settings.cache_dir(), root))


def _run(args: argparse.Namespace) -> int:
    if args.command == "list":
        library, _ = _load(args)
        if args.json:
            rows = [_article_json(library, article) for article in library.ordered_articles()]
            print(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            _print_tree(library.root)
        return 0
    if args.command == "show":
        library, _ = _load(args)
        return _show(library, args.id, raw=args.raw)
    if args.command == "check":
        library, problems = _load(args, deep=True)
        for problem in problems:
            print(problem)
        count = len(library.articles)
        print(f"{len(problems)} problem(s) in {count} article(s)", file=sys.stderr)
        return EXIT_PROBLEMS if problems else 0
    if args.command == "bookmarks":
        from reader import cli_bookmarks

        return cli_bookmarks.run(args, _load)
    if args.command == "search":
        from reader import cli_search

        index = _open_index(args)
        library, _ = _load(args, index=index)
        try:
            return cli_search.run(args, library, index)
        except cli_search.SearchError as error:
            raise CliError(str(error)) from None
        finally:
            index.close()
    return _run_app(args)


def _run_app(args: argparse.Namespace) -> int:
    index = _open_index(args)
    library, problems = _load(args, index=index)
    from reader.app import make_app  # Textual is imported only for the UI.

    app = make_app(library, settings.data_dir(args.data_dir), problems=problems, index=index)
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0


def _article_json(library: Library, article: Article) -> dict[str, Any]:
    section = library.section_of(article)
    try:
        words = word_count(library.read_body(article))
    except OSError:
        words = 0
    return {
        "id": article.id,
        "title": article.title,
        "author": list(article.author),
        "date": article.date_text or None,
        "section": section.trail,
        "series": article.series or None,
        "summary": article.summary or None,
        "tags": list(article.tags),
        "words": words,
        "path": str(article.path),
    }


def _print_tree(section: Section, depth: int = 0) -> None:
    if depth == 0:
        print(section.title)
    for child in section.children:
        indent = "  " * (depth + 1)
        if isinstance(child, Section):
            print(f"{indent}{child.title}/  ({child.article_count})  [{child.id}]")
            _print_tree(child, depth + 1)
        else:
            by = f" — {child.byline}" if child.author else ""
            print(f"{indent}{child.title}{by}  [{child.id}]")


def find_item(library: Library, item_id: str) -> Article:
    """The article with `item_id`, or the introduction of the section with it."""
    item_id = item_id.strip("/")
    article = library.articles.get(item_id)
    if article is None and item_id in library.sections:
        article = library.sections[item_id].index
    if article is None:
        raise CliError(f"no article or section with id {item_id!r} (see `reader list`)")
    return article


def _show(library: Library, item_id: str, *, raw: bool) -> int:
    article = find_item(library, item_id)
    try:
        body = library.read_source(article) if raw else library.read_body(article)
    except OSError as error:
        raise CliError(f"cannot read {article.path}: {error.strerror or error}") from None
    if raw:
        sys.stdout.write(body)
        return 0
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console(highlight=False)
    with console.capture() as capture:
        console.print(article.title, style="bold", markup=False)
        details = " · ".join(part for part in (article.byline, article.date_text) if part)
        if details:
            console.print(details, style="dim", markup=False)
        console.print()
        console.print(Markdown(body, hyperlinks=False))
    text = capture.get()
    if not console.is_terminal:  # Rich pads lines to the width; a file wants none of it.
        text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))


__all__ = ["main"]
