"""`reader add SOURCE`: a web page (fetched), a book or a file, added to the library.

A URL is fetched with urllib (20 s in all, 20 MB at most, redirects followed
between http and https only), its main content extracted as a saved page is
(`reader.library.formats.html_page`) and written as a Markdown article with
front matter (`title`, `author`, `date`, `source`, `added`). A file (`.epub`,
`.html`, `.txt`, `.md`) is copied in; a book is checked first. Nothing is ever
overwritten: a taken name gets `-2`. Every failure is one line (`CliError`).
The bundled library is read-only: the user adds to a library of their own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from reader import paths
from reader.cli.errors import CliError
from reader.library import formats
from reader.library.links import slug
from reader.resources import bundled_library

FILE_SUFFIXES = (".epub", ".html", ".htm", ".txt", ".md", ".markdown")
#: Every suffix an article or book id can come from: a new name must clash with none.
TAKEN_SUFFIXES = ("", *FILE_SUFFIXES)


def add_parser(commands: Any) -> None:
    add = commands.add_parser("add", help="add a web page (URL), a book or a file to the library")
    add.add_argument("source", help="an http(s) URL, or a .epub, .html, .txt or .md file")
    add.add_argument(
        "--section", metavar="PATH", default="", help="the section (folder) to add to; made if new"
    )
    add.add_argument("--title", metavar="TEXT", help="the title of a fetched web page")


def run(args: argparse.Namespace) -> int:
    root = paths.library_path(args.library)
    if root.resolve() == bundled_library().resolve():
        raise CliError(
            "the bundled library is read-only; add to your own library "
            "with --library PATH (or READER_LIBRARY)"
        )
    if not root.is_dir():
        raise CliError(f"library not found: {root}")
    root = _pages_root(root)
    folder = _section_folder(root, args.section)
    scheme = urlsplit(args.source).scheme.lower()
    if scheme in ("http", "https"):
        target = _add_page(folder, args.source, args.title)
    elif scheme and len(scheme) > 1:
        raise CliError(f"cannot add {args.source}: only http and https addresses are fetched")
    else:
        if args.title:
            raise CliError("--title is for a fetched web page; a file keeps its own title")
        target = _add_file(folder, Path(args.source).expanduser())
    print(target.relative_to(root).with_suffix("").as_posix())
    return 0


def _pages_root(root: Path) -> Path:
    """Where ids start: the library, or its `docs_dir` when it is a mkdocs site."""
    try:
        site = formats.read_site(root)
    except formats.FormatError:
        return root
    return site.docs_dir if site is not None and site.docs_dir.is_dir() else root


def _section_folder(root: Path, section: str) -> Path:
    parts = [part for part in section.strip("/").split("/") if part]
    if any(part in (".", "..") or part.startswith(".") for part in parts):
        raise CliError(f"not a section path: {section!r}")
    folder = root.joinpath(*parts)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot make section {section!r}: {error.strerror or error}") from None
    return folder


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """`folder/stem{suffix}`, or `stem-2`, `stem-3`… when any file or folder has that id."""
    candidate, number = stem, 2
    while any((folder / f"{candidate}{taken}").exists() for taken in TAKEN_SUFFIXES):
        candidate, number = f"{stem}-{number}", number + 1
    return folder / f"{candidate}{suffix}"


def _add_page(folder: Path, url: str, title: str | None) -> Path:
    from reader.cli.fetch import fetch  # http.client and ssl: 40 ms of every start

    data, final_url = fetch(url)
    from reader.library.formats.html_page import convert_page

    try:
        meta, body = convert_page(data, url=final_url)
    except formats.FormatError as error:
        raise CliError(f"{url}: {error}") from None
    front: dict[str, Any] = {"title": title or meta.get("title") or urlsplit(final_url).netloc}
    if meta.get("author"):
        front["author"] = meta["author"] if len(meta["author"]) > 1 else meta["author"][0]
    if meta.get("date"):
        front["date"] = meta["date"]
    if meta.get("site"):
        front["site"] = meta["site"]
    if meta.get("description"):
        front["summary"] = meta["description"]
    front["source"] = final_url
    front["added"] = dt.date.today().isoformat()
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    text = f"---\n{header}---\n\n{body}"
    stem = slug(str(front["title"]))[:80].strip("-") or "page"
    return _write_new(folder, stem, ".md", text.encode("utf-8"))


def _add_file(folder: Path, source: Path) -> Path:
    suffix = source.suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise CliError(f"cannot add {source}: not a .epub, .html, .txt or .md file")
    if not source.is_file():
        raise CliError(f"no such file: {source}")
    if suffix == ".epub":
        _check_book(source)
    stem = source.stem if not source.stem.startswith((".", "_")) else source.stem.lstrip("._")
    target = free_path(folder, stem or "file", suffix)
    try:
        with source.open("rb") as reading, target.open("xb") as writing:
            shutil.copyfileobj(reading, writing)
    except FileExistsError:
        return _add_file(folder, source)  # taken meanwhile: the next free name
    except OSError as error:
        target.unlink(missing_ok=True)
        raise CliError(f"cannot copy {source}: {error.strerror or error}") from None
    return target


def _check_book(source: Path) -> None:
    from reader.library.formats import epub

    try:
        with epub.open_zip(source) as book:
            epub.read_package(book)
    except formats.FormatError as error:
        raise CliError(f"cannot add {source}: {error}") from None


def _write_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    while True:
        target = free_path(folder, stem, suffix)
        try:
            with target.open("xb") as stream:
                stream.write(data)
            return target
        except FileExistsError:
            continue
        except OSError as error:
            raise CliError(f"cannot write {target}: {error.strerror or error}") from None
