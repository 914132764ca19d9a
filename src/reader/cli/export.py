"""`reader export` and `reader import`: bookmarks and highlights together, where notes are kept.

Formats, each read back by `reader import` (which merges and never duplicates):
- `markdown`: one heading per article (title, author), each highlight a `> `
  quote followed by its note, heading and percent; each bookmark a list item.
  Every entry is followed by an HTML comment holding its data (hidden in
  Obsidian's reading view), which is what `import` reads.
- `json`, `yaml`: `{"format": "reader-notes", "bookmarks": [...], "highlights": [...]}`
  (a `reader bookmarks export` file imports too).
- `w3c`: a JSON-LD `AnnotationCollection` of W3C Web Annotations, each with a
  `TextQuoteSelector` and a `TextPositionSelector` (`notes_w3c`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any

from reader import paths
from reader.cli import bookmarks, notes_w3c
from reader.cli.errors import EXIT_PROBLEMS, CliError
from reader.cli.highlights import open_store
from reader.cli.library import load
from reader.cli.notes_data import Notes, highlight_dict, parse_highlight
from reader.state.highlights import Highlight
from reader.state.store import Bookmark, library_key

EXPORT_FORMAT = "reader-notes"
_COMMENT = re.compile(r"<!-- reader (\{.*?\}) -->")


def add_parser(commands: Any) -> None:
    """Add `export` and `import` to the `reader` command's subparsers."""
    export = commands.add_parser("export", help="print bookmarks and highlights")
    export.add_argument("--format", choices=("markdown", "json", "yaml", "w3c"), default="markdown")
    export.add_argument("--article", metavar="ID", help="only this article's")
    imports = commands.add_parser("import", help="merge bookmarks and highlights from an export")
    imports.add_argument("file", type=argparse.FileType("rb"))


def run(args: argparse.Namespace) -> int:
    """Run `reader export` or `reader import`."""
    with open_store(args) as store:
        if args.command == "import":
            raw = args.file.read()
            args.file.close()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise CliError(f"cannot read {args.file.name}: not UTF-8 text") from None
            notes = parse(text, args.file.name)
            if not store.writable:
                return EXIT_PROBLEMS
            marks = store.import_bookmarks(notes.bookmarks)
            highs = store.import_highlights(notes.highlights)
            if marks is None or highs is None:
                return EXIT_PROBLEMS
            print(
                f"imported {marks} bookmark(s) and {highs} highlight(s); "
                f"{len(notes.bookmarks) + len(notes.highlights) - marks - highs} already present"
            )
            return 0
        key = library_key(paths.library_path(args.library))
        article = args.article.strip("/") if args.article else None
        notes = Notes(
            [b for b in store.bookmarks(key) if article in (None, b.article_id)],
            store.highlights(key, article),
        )
        sys.stdout.write(export(notes, args.format, _authors(args)))
        return 0


def _authors(args: argparse.Namespace) -> dict[str, str]:
    """Each article's byline, when the library loads (an export works without it)."""
    try:
        library, _ = load(args)
    except CliError:
        return {}
    return {article.id: article.byline for article in library.articles.values()}


def export(notes: Notes, form: str, authors: dict[str, str] | None = None) -> str:
    """`notes` written in `form` (markdown, json, yaml or w3c)."""
    if form == "markdown":
        return _markdown(notes, authors or {})
    if form == "w3c":
        return json.dumps(notes_w3c.collection(notes), ensure_ascii=False, indent=2) + "\n"
    document = {
        "format": EXPORT_FORMAT,
        "version": 1,
        "bookmarks": [bookmarks._as_dict(b) for b in notes.bookmarks],
        "highlights": [highlight_dict(h) for h in notes.highlights],
    }
    if form == "yaml":
        import yaml

        return str(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse(text: str, source: str) -> Notes:
    """The notes in any export `reader` writes; `CliError` if it is none of them."""
    found = _COMMENT.findall(text)
    if found:
        notes = Notes([], [])
        for number, entry in enumerate(found, 1):
            where = f"{source}: entry {number}"
            try:
                item = json.loads(entry)
            except ValueError:
                raise CliError(f"{where}: the data in its comment is not JSON") from None
            if isinstance(item, dict) and item.get("kind") == "bookmark":
                notes.bookmarks += bookmarks.parse_export(json.dumps([item]), where)
            else:
                notes.highlights.append(parse_highlight(item, where))
        return notes
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        return notes_w3c.parse(data, source)
    if data is None:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            message = f"{source}: not an export of reader (markdown, JSON, YAML or W3C)"
            raise CliError(message) from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        marks = data.get("bookmarks") or []
        highs = data.get("highlights") or []
        if not isinstance(marks, list) or not isinstance(highs, list):
            raise CliError(f"{source}: 'bookmarks' and 'highlights' must be lists")
        return Notes(
            bookmarks.parse_export(json.dumps(marks, default=str), source),
            [parse_highlight(item, f"{source}: highlight {n}") for n, item in enumerate(highs, 1)],
        )
    return Notes(bookmarks.parse_export(text, source), [])


def _markdown(notes: Notes, authors: dict[str, str]) -> str:
    groups: dict[tuple[str, str], list[Bookmark | Highlight]] = {}
    entries: list[Bookmark | Highlight] = [*notes.highlights, *notes.bookmarks]
    for entry in entries:
        groups.setdefault((entry.library, entry.article_id), []).append(entry)
    lines = ["# Highlights and bookmarks", ""]
    if not groups:
        lines.append("Nothing yet.")
    for (library, article_id), entries in groups.items():
        title = entries[0].title or article_id
        author = authors.get(article_id)
        lines += [f"## {title}" + (f" — {author}" if author else ""), ""]
        lines += [f"`{article_id}` in `{library}`", ""]
        entries.sort(key=lambda e: e.start if isinstance(e, Highlight) else e.offset)
        for entry in entries:
            lines += _entry(entry)
    return "\n".join(lines).rstrip("\n") + "\n"


def _entry(entry: Bookmark | Highlight) -> list[str]:
    where = " · ".join(part for part in (entry.heading, f"{entry.percent:.0f}%") if part)
    if isinstance(entry, Highlight):
        lines = [f"> {line}".rstrip() for line in entry.exact.splitlines() or [""]]
        if entry.note:
            lines += ["", entry.note]
        orphan = " · orphaned: the passage is no longer in the article" if entry.orphaned else ""
        lines += ["", f"*{where}{orphan}*", _comment(highlight_dict(entry)), ""]
        return lines
    note = f" — {entry.note}" if entry.note else ""
    data = {"kind": "bookmark", **bookmarks._as_dict(entry)}
    return [f"- Bookmark at *{where}*{note}", "", _comment(data), ""]


def _comment(data: dict[str, Any]) -> str:
    # `--` may not appear in an HTML comment: written as an escape inside JSON strings.
    text = json.dumps(data, ensure_ascii=False).replace("--", "-\\u002d")
    return f"<!-- reader {text} -->"
