"""`reader bookmarks`: list, add, export and import bookmarks from a script.

No Textual here (scripts call these in loops). Errors in what the user gave
(an unknown id, a bad percent, an unreadable import file) raise `CliError`:
one line and exit 2. A store that cannot save makes `add` and `import` exit 1
after saying why; its notices always go to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from pathlib import Path
from typing import Any

from reader import paths
from reader.cli.errors import EXIT_PROBLEMS, CliError
from reader.cli.library import find_item, load
from reader.library.files import shown_path
from reader.library.sanitize import clean_text
from reader.state.places import heading_before, offset_for_percent, snippet_at
from reader.state.records import MAX_OFFSET, YEARS, from_text, to_text, utc_now
from reader.state.store import Bookmark, Position, Store, library_key

#: The fields of one bookmark in `--json` output and in exports, in order.
FIELDS = (
    *("id", "library", "article_id", "title", "note"),
    *("percent", "offset", "heading", "snippet", "created"),
)
EXPORT_FORMAT = "reader-bookmarks"


def add_parser(commands: Any) -> None:
    """Add `bookmarks` and its subcommands to the `reader` command's subparsers."""
    parser = commands.add_parser("bookmarks", help="list, add, export or import bookmarks")
    parser.add_argument("--json", action="store_true", help="an array of bookmarks as JSON")
    actions = parser.add_subparsers(dest="bookmarks_command", metavar="ACTION")
    add = actions.add_parser("add", help="bookmark an article of the library")
    add.add_argument("id", help="article id, as `reader list` prints it")
    add.add_argument("--note", default="", help="the bookmark's note")
    add.add_argument("--percent", type=float, default=0.0, help="where, 0-100 (default 0)")
    export = actions.add_parser("export", help="print every bookmark")
    export.add_argument("--format", choices=("json", "yaml", "markdown"), default="json")
    imports = actions.add_parser("import", help="merge bookmarks from an export (JSON or YAML)")
    imports.add_argument("file", type=Path)


def run(args: argparse.Namespace) -> int:
    """Run `reader bookmarks ...`."""
    store, notices = Store.open(paths.data_dir(args.data_dir))
    with store:
        for notice in notices:
            print(f"reader: {notice}", file=sys.stderr)
        store.connect(lambda line: print(f"reader: {line}", file=sys.stderr))
        command = args.bookmarks_command
        if command == "add":
            status = _add(store, args)
        elif command == "import":
            status = _import(store, args.file)
        elif command == "export":
            sys.stdout.write(_export(store.bookmarks(), args.format))
            status = 0
        elif args.json:
            print(
                json.dumps([_as_dict(b) for b in store.bookmarks()], ensure_ascii=False, indent=2)
            )
            status = 0
        else:
            _print_list(store.bookmarks(), library_key(paths.library_path(args.library)))
            status = 0
        return status


def _add(store: Store, args: argparse.Namespace) -> int:
    if not 0 <= args.percent <= 100:  # also refuses nan
        raise CliError(f"--percent must be from 0 to 100, not {args.percent:g}")
    library, _ = load(args)
    article = find_item(library, args.id)
    try:
        body = library.read_body(article)
    except OSError as error:
        raise CliError(
            f"cannot read {shown_path(article.path)}: {error.strerror or error}"
        ) from None
    offset = offset_for_percent(body, args.percent)
    position = Position(
        offset, args.percent, heading_before(body, offset), snippet_at(body, offset)
    )
    if not store.writable:
        return EXIT_PROBLEMS  # the reason was printed with the open notices
    bookmark = store.add_bookmark(library.path, article.id, article.title, position, args.note)
    if bookmark is None:
        return EXIT_PROBLEMS
    print(f"bookmark {bookmark.id}: {article.id} at {args.percent:g}%")
    return 0


def _import(store: Store, file: Path) -> int:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise CliError(f"cannot read {file}: {reason or error}") from None
    bookmarks = parse_export(text, str(file))
    if not store.writable:
        return EXIT_PROBLEMS
    added = store.import_bookmarks(bookmarks)
    if added is None:
        return EXIT_PROBLEMS
    print(f"imported {added} bookmark(s); {len(bookmarks) - added} already present")
    return 0


def parse_export(text: str, source: str) -> list[Bookmark]:
    """The bookmarks in a JSON or YAML export (or a bare list); `CliError` if malformed."""
    try:
        data: Any = json.loads(text)
    except RecursionError:
        raise CliError(f"{source}: nested too deeply to be a bookmarks export") from None
    except ValueError:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            raise CliError(f"{source}: not JSON or YAML{where}") from None
        except (RecursionError, ValueError, TypeError, OverflowError):  # e.g. a bad !!timestamp
            raise CliError(f"{source}: not a bookmarks export (unreadable values)") from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        data = data.get("bookmarks")
    if not isinstance(data, list):
        raise CliError(f"{source}: not a bookmarks export (expected a list of bookmarks)")
    return [_from_dict(item, f"{source}: bookmark {number}") for number, item in enumerate(data, 1)]


def _from_dict(item: Any, where: str) -> Bookmark:
    if not isinstance(item, dict):
        raise CliError(f"{where}: expected a mapping of fields")

    def text(name: str, required: bool = False) -> str:
        value = item.get(name, None if required else "")
        if not isinstance(value, str) or (required and not value):
            raise CliError(f"{where}: {name!r} must be {'a non-empty' if required else 'a'} string")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise CliError(f"{where}: {name!r} holds a lone surrogate, not text") from None
        return clean_text(value)  # a shared file: no escape sequence reaches a terminal

    offset, percent = item.get("offset", 0), item.get("percent", 0.0)
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        raise CliError(f"{where}: 'offset' must be a whole number from 0 to {MAX_OFFSET}")
    if isinstance(percent, bool) or not isinstance(percent, int | float):
        raise CliError(f"{where}: 'percent' must be a number from 0 to 100")
    if not 0 <= percent <= 100 or math.isnan(percent):
        raise CliError(f"{where}: 'percent' must be a number from 0 to 100")
    created = item.get("created") or utc_now()
    try:
        if isinstance(created, str):
            created = from_text(created)
        if not isinstance(created, dt.datetime):
            raise TypeError
        if created.tzinfo is None:
            created = created.replace(tzinfo=dt.UTC)
        created = from_text(to_text(created))  # the range check (years YEARS) of stored times
    except (ValueError, TypeError, OverflowError):
        raise CliError(
            f"{where}: 'created' must be an ISO 8601 time from {YEARS[0]} to {YEARS[1]}"
        ) from None
    return Bookmark(
        0, text("library", True), text("article_id", True), text("title"), text("note"),
        offset, float(percent), text("heading"), text("snippet"), created,
    )  # fmt: skip


def _as_dict(bookmark: Bookmark) -> dict[str, Any]:
    values = {name: getattr(bookmark, name) for name in FIELDS}
    values["created"] = to_text(bookmark.created)
    return values


def _export(bookmarks: list[Bookmark], form: str) -> str:
    if form == "markdown":
        return _markdown(bookmarks)
    document = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "bookmarks": [_as_dict(bookmark) for bookmark in bookmarks],
    }
    if form == "yaml":
        import yaml

        return str(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _markdown(bookmarks: list[Bookmark]) -> str:
    """Bookmarks grouped by article (the group of the newest bookmark first)."""
    groups: dict[tuple[str, str], list[Bookmark]] = {}
    for bookmark in bookmarks:
        groups.setdefault((bookmark.library, bookmark.article_id), []).append(bookmark)
    lines = ["# Bookmarks", ""]
    if not bookmarks:
        lines.append("No bookmarks yet.")
    for (library, article_id), group in groups.items():
        lines += [f"## {group[0].title or article_id}", "", f"`{article_id}` in `{library}`", ""]
        for bookmark in group:
            where = bookmark.heading or _flat(bookmark.snippet)
            note = f" — {bookmark.note}" if bookmark.note else ""
            lines.append(f"- **{bookmark.percent:.0f}%** {where}{note} ({_date(bookmark)})")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _print_list(bookmarks: list[Bookmark], current_library: str) -> None:
    """One line per bookmark, newest first; the library is named unless it is the current one."""
    if not bookmarks:
        print("No bookmarks yet.", file=sys.stderr)
    for bookmark in bookmarks:
        note = f" — {_flat(bookmark.note)}" if bookmark.note else ""
        title = _flat(bookmark.title) or bookmark.article_id
        line = (
            f"{_date(bookmark)}  {bookmark.percent:3.0f}%  {title}{note}  [{bookmark.article_id}]"
        )
        print(line if bookmark.library == current_library else f"{line}  ({bookmark.library})")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _date(bookmark: Bookmark) -> str:
    return bookmark.created.astimezone().strftime("%Y-%m-%d %H:%M")
