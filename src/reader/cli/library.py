"""`reader list`, `show` and `check`, and loading the library for every command.

No Textual here: scripts call these in loops, and start-up time is theirs.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from reader import paths
from reader.cli import list_cache, pretty_json
from reader.cli.errors import EXIT_PROBLEMS, CliError
from reader.library import library_stamp
from reader.library.contents import contents_page
from reader.library.files import shown_path
from reader.library.loader import LibraryError, Problem, load_library
from reader.library.model import Article, Library, Section
from reader.library.naming import title_from_name
from reader.library.outline import load_outline
from reader.library.words import article_words
from reader.search.index import LibraryIndex, index_file


def add_parsers(commands: Any) -> None:
    """Add `list`, `show` and `check` to the `reader` command's subparsers."""
    listing = commands.add_parser("list", help="print the library's tree")
    listing.add_argument("--json", action="store_true", help="an array of articles as JSON")
    show = commands.add_parser("show", help="print one article (or a section's introduction)")
    show.add_argument("id", help="article or section id, as `reader list` prints it")
    show.add_argument(
        "--raw", action="store_true", help="print the source file, front matter included"
    )
    commands.add_parser("check", help="report every problem in the library; exit 1 if any")


def run(args: argparse.Namespace) -> int:
    """Run `list`, `show` or `check`."""
    if args.command == "list":
        return _list(args)
    if args.command == "show":
        index = open_index(args)  # its head cache: a large library is not parsed again
        try:
            library, _ = load(args, index=index)
        finally:
            index.close()
        return _show(library, args.id, raw=args.raw)
    library, problems = load(args, deep=True)
    for problem in problems:
        print(problem)
    count = len(library.articles)
    print(f"{len(problems)} problem(s) in {count} article(s)", file=sys.stderr)
    return EXIT_PROBLEMS if problems else 0


def _list(args: argparse.Namespace) -> int:
    """`reader list`: the tree, or the articles as JSON; the last output again
    while the library is unchanged (`list_cache`)."""
    index = open_index(args)
    try:
        kind = "json" if args.json else "tree"
        kept = list_cache.kept_file(index.path, kind)
        root = paths.library_path(args.library)
        key = list_cache.key_of(root, kind)  # before loading
        if key is not None and list_cache.print_kept(kept, key):
            return 0
        library, _ = load(args, index=index)

        def still() -> bytes | None:  # the key again, once printed
            return list_cache.key_of(root, kind)

        with list_cache.printing_and_keeping(kept, key, still) as write:
            if args.json:
                trails: dict[str, list[str]] = {}  # one per section, not per article
                rows = (
                    _article_json(library, article, index, trails)
                    for article in library.root.walk_articles()
                )
                for piece in pretty_json.iter_dumps(rows):
                    write(piece)
                write("\n")
                index.flush_heads()  # the word counts just counted
            else:
                _print_tree(library.root, write)
    finally:
        index.close()
    return 0


def load(
    args: argparse.Namespace, *, deep: bool = False, index: LibraryIndex | None = None
) -> tuple[Library, list[Problem]]:
    """Load the library; with `index`, parsed heads come from (and go to) its cache."""
    try:
        loaded = load_library(paths.library_path(args.library), deep=deep, cache=index)
    except LibraryError as error:
        raise CliError(str(error)) from None
    if index is not None:
        index.flush_heads()
    return loaded


def outline(args: argparse.Namespace, *, index: LibraryIndex) -> Library:
    """The library's top level, for the app's first paint (`reader.library.outline`)."""
    try:
        return load_outline(paths.library_path(args.library), cache=index)
    except LibraryError as error:
        raise CliError(str(error)) from None


def completion(
    args: argparse.Namespace, index: LibraryIndex
) -> Callable[[], tuple[Library, list[Problem]]]:
    """The full load the app runs after painting the outline: it never raises (a
    library gone meanwhile is one problem and an empty library)."""

    def complete() -> tuple[Library, list[Problem]]:
        root = paths.library_path(args.library)
        stamp = library_stamp(root)  # before loading: an edit made meanwhile changes it
        try:
            library, problems = load_library(root, cache=index)
        except LibraryError as error:
            empty = Library(root=Section(id="", path=root, title=title_from_name(root.name)))
            empty.sections[""] = empty.root
            return empty, [Problem(root, str(error))]
        index.flush_heads()
        library.stamp = stamp
        return library, problems

    return complete


def open_index(args: argparse.Namespace) -> LibraryIndex:
    root = paths.library_path(args.library)
    return LibraryIndex.open(index_file(paths.cache_dir(), root))


def _words(library: Library, article: Article, index: LibraryIndex) -> int:
    """The article's word count, from the head cache when the file is unchanged
    (counting reads every body: most of `list --json` on a big library).

    The size and mtime are the ones the load checked the head against (no second
    `stat`): a file edited since is counted now and cached under its old key,
    so the next run, seeing a new mtime, counts it again.
    """
    path = str(article.path)
    try:
        seen = index.seen(path)
        if seen is None:  # not through the cache (a problem was reported): as it is now
            info = os.stat(article.path)
            key = (path, info.st_size, info.st_mtime_ns)
            head = index.get(*key)
        else:
            key, head = (path, seen[0], seen[1]), seen[2]
        if head is not None and head.words is not None:
            return head.words
        words = article_words(library, article)
    except OSError:
        return 0
    if head is not None:
        index.put(*key, replace(head, words=words))
    return words


def _article_json(
    library: Library, article: Article, index: LibraryIndex, trails: dict[str, list[str]]
) -> dict[str, Any]:
    section = library.section_of(article)
    trail = trails.get(section.id)
    if trail is None:
        trail = trails[section.id] = section.trail
    words = _words(library, article, index)
    return {
        "id": article.id,
        "title": article.title,
        "author": list(article.author),
        "date": article.date_text or None,
        "section": list(trail),
        "series": article.series or None,
        "summary": article.summary or None,
        "tags": list(article.tags),
        "words": words,
        "path": str(article.path),
    }


def _print_tree(section: Section, write: Callable[[str], None], depth: int = 0) -> None:
    if depth == 0:
        write(f"{section.title}\n")
    for child in section.children:
        indent = "  " * (depth + 1)
        if isinstance(child, Section):
            write(f"{indent}{child.title}/  ({child.article_count})  [{child.id}]\n")
            _print_tree(child, write, depth + 1)
        else:
            by = f" — {child.byline}" if child.author else ""
            write(f"{indent}{child.title}{by}  [{child.id}]\n")


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
        raise CliError(
            f"cannot read {shown_path(article.path)}: {error.strerror or error}"
        ) from None
    if raw:
        sys.stdout.write(body)
        return 0
    if article.section is not None and not body.strip():  # an empty introduction
        body = contents_page(library, article.section)
    from reader.cli.show import print_article  # the reading engine, only for `show`

    print_article(article, body)
    return 0
