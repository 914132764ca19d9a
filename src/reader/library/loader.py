"""Reading a folder into a `Library`, collecting problems instead of failing.

`load_library` never prints and never raises for a bad article: each one is
reported as a `Problem` and skipped, or kept with what could be read, so the rest
of the library still opens. Only a library path that is not a readable folder
raises (`LibraryError`), since then there is nothing to open at all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import cast

from reader.library import converted, formats, metadata
from reader.library.files import outside, shown_path
from reader.library.head_cache import CachedHead, HeadCache
from reader.library.model import Article, Library, Section
from reader.library.naming import number_prefix, plain_contents, title_from_name
from reader.library.parsed_head import parse_head, typed_article
from reader.library.prefetch import Prefetch, first_load
from reader.library.quiet_gc import without_gc

#: Folders nested deeper than this are reported and skipped (no recursion without end).
MAX_DEPTH = 64
ARTICLE_SUFFIXES = (".md", ".markdown")
INDEX_STEM = "_index"


class LibraryError(Exception):
    """The library path itself cannot be opened (missing, not a folder, unreadable)."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with one file; `line` is 1-based when known."""

    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        path = shown_path(self.path)  # a folder name with escapes stays text
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.message}"


def load_library(
    path: Path | str, *, deep: bool = False, cache: HeadCache | None = None
) -> tuple[Library, list[Problem]]:
    """Load the library at `path`.

    `deep` also reads whole bodies to check their encoding; `cache` remembers
    parsed heads between runs (see `reader.library.head_cache`).
    """
    root = library_root(path)
    loader = _Loader(root, deep, None if deep else cache)
    return without_gc(lambda: loader.load(prefetch=not deep and first_load(loader.cache)))


def library_root(path: Path | str) -> Path:
    """`path` as a library root; `LibraryError` when it is not a readable folder."""
    root = Path(path)
    if not root.exists():
        raise LibraryError(f"library not found: {shown_path(root)}")
    if not root.is_dir():
        raise LibraryError(f"library is not a folder: {shown_path(root)}")
    try:
        with os.scandir(root):
            pass
    except OSError as error:
        raise LibraryError(f"cannot read library {shown_path(root)}: {error.strerror}") from None
    return root


class _Loader:
    def __init__(self, root: Path, deep: bool, cache: HeadCache | None) -> None:
        self.root = root
        self.deep = deep
        self.cache = cache
        self.problems: list[Problem] = []
        self.library = Library(root=Section(id="", path=root, title=title_from_name(root.name)))
        self.seen_dirs: dict[Path, Path] = {}
        self.prefetch: Prefetch | None = None

    def load(self, prefetch: bool = False) -> tuple[Library, list[Problem]]:
        """The library; with `prefetch`, heads are parsed on every core (`prefetch`)."""
        if prefetch:
            self.prefetch = Prefetch.start(self.root, ARTICLE_SUFFIXES, MAX_DEPTH)
        try:
            self.fill_section(self.library.root, ancestors=())
        finally:
            if self.prefetch is not None:
                self.prefetch.close()
        self.library.sections[""] = self.library.root
        return self.library, self.problems

    def report(self, path: Path, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(path, message, line))

    def fill_section(self, section: Section, ancestors: tuple[Path, ...]) -> bool:
        """Read one folder into `section`; False when it holds nothing to read."""
        site = converted.open_site(section, self.report)
        real = section.path.resolve()
        if real in ancestors:
            self.report(section.path, "symlink loop: this folder contains itself; skipped")
            return False
        if real in self.seen_dirs:
            self.report(section.path, f"same folder as {self.seen_dirs[real]}; skipped")
            return False
        self.seen_dirs[real] = section.path
        if len(ancestors) >= MAX_DEPTH:
            self.report(section.path, f"folders nested deeper than {MAX_DEPTH}; skipped")
            return False
        try:
            entries = sorted(os.scandir(section.path), key=lambda entry: entry.name)
        except OSError as error:
            self.report(section.path, f"cannot read folder: {error.strerror}")
            return False
        intros: dict[str, Path] = {}
        for entry in entries:
            name = entry.name
            entry_path = _child(section.path, name)
            if name.startswith("."):
                continue
            if not name.isprintable():
                # Ids and paths are shown and printed as they are: a name with
                # control characters (an escape sequence) must not become one.
                shown = name.encode("unicode_escape").decode("ascii")
                self.report(section.path / shown, "name has control characters; skipped")
                continue
            child_id = f"{section.id}/{name}" if section.id else name
            if _leaves(entry, self.root):
                self.report(entry_path, "symlink leads outside the library; skipped")
                continue
            if _is_dir(entry):
                subsection = Section(
                    id=child_id, path=entry_path, title=title_from_name(name), parent=section
                )
                subsection.weight = number_prefix(name)
                if self.fill_section(subsection, (*ancestors, real)):
                    section.children.append(subsection)
                    self.library.sections[child_id] = subsection
                continue
            stem, suffix = os.path.splitext(name)
            kind, article_id = formats.kind(suffix), f"{section.id}/{stem}".lstrip("/")
            if kind == "book":
                converted.add_book(self, section, entry_path, article_id, _stat(entry))
            elif kind is None and suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            elif kind is None and stem.casefold() in formats.INTRO_STEMS:
                intros[stem.casefold()] = entry_path
            elif not stem.startswith("_"):
                self.add_article(section, entry_path, article_id, _stat(entry), (stem, kind))
        index_path, others = converted.choose_intro(intros)
        for other in others:
            self.add_article(section, other, f"{section.id}/{other.stem}".lstrip("/"), None)
        section.children.sort(key=metadata.order_key)
        self.attach_index(section, index_path)
        if site is not None:
            formats.apply_site(section, site)
        return bool(section.children) or index_path is not None or section.parent is None

    def add_article(
        self,
        section: Section,
        path: Path,
        article_id: str,
        stat: tuple[int, int] | None,
        named: tuple[str, str | None] | None = None,
    ) -> None:
        """Read the article at `path` into `section`; `named` is (its name's stem, its
        `formats.kind`) when known (Path's `stem` and `suffix` cost, 50,000 times)."""
        stem, kind = named or (path.stem, formats.kind(path.suffix))
        if article_id in self.library.articles or article_id in self.library.sections:
            other = self.library.articles.get(article_id)
            twin = f" (also {other.path.name})" if other else ""
            self.report(path, f"duplicate id {article_id!r}{twin}; skipped")
            return
        if kind is not None:
            article = converted.read_page(path, article_id, stat, self.report, self.build_article)
        else:
            article = self.read_article(path, article_id, stat=stat)
        if article is not None:
            if article.weight is None:
                article.weight = number_prefix(stem)
            section.children.append(article)
            self.library.articles[article_id] = article

    def attach_index(self, section: Section, index_path: Path | None) -> None:
        index = None
        if index_path is not None:
            index = self.read_article(index_path, section.id, fallback_title=section.title)
        if index is None:
            index = Article(id=section.id, path=section.path, title=section.title)
            index.generated_body = plain_contents(section)
        else:
            section.title = index.title
            section.weight = index.weight if index.weight is not None else section.weight
            section.date = index.date
        index.section = section
        section.index = index

    def read_article(
        self,
        path: Path,
        article_id: str,
        fallback_title: str | None = None,
        stat: tuple[int, int] | None = None,
    ) -> Article | None:
        cached = self.cache.get(str(path), *stat) if self.cache and stat else None
        if cached is not None and cached.fields is not None:
            return self.build_article(path, article_id, cached, fallback_title)
        problems_before = len(self.problems)
        # A head cached without fields (an older cache) is cached again with them.
        head = cached if cached is not None else self.parse_head(path)
        if head is None:
            return None
        article = self._typed(path, article_id, head)
        if self.cache is not None and stat is not None and len(self.problems) == problems_before:
            if head.fields is None:  # no problem: apply's result is cached too
                head = replace(head, fields=metadata.fields_of(article))
            self.cache.put(str(path), *stat, head)
        return self.build_article(path, article_id, head, fallback_title, article)

    def parse_head(self, path: Path) -> CachedHead | None:
        """The file's front matter, body offset and heading, problems reported."""
        parsed = self.prefetch.take(str(path)) if self.prefetch is not None else None
        if parsed is None:
            return parse_head(path, self.deep, self.report)
        for message, line in parsed[1]:
            self.report(path, message, line)
        return parsed[0]

    def build_article(
        self,
        path: Path,
        article_id: str,
        head: CachedHead,
        fallback_title: str | None,
        typed: Article | None = None,
    ) -> Article:
        """The article from its parsed head; bad field values are reported and ignored."""
        article = typed or self._typed(path, article_id, head)
        if not article.title:
            article.title = fallback_title or title_from_name(path.stem)
        return article

    def _typed(self, path: Path, article_id: str, head: CachedHead) -> Article:
        return typed_article(path, article_id, head, self.report)


def _child(folder: Path, name: str) -> Path:
    """`folder / name` for a name from `os.scandir` (one part, no slash).

    Pathlib's private `_make_child_relpath` (what `Path.iterdir` uses) skips
    parsing the name again: a quarter of the cost of `/`, 50,000 times a load.
    """
    make = getattr(folder, "_make_child_relpath", None)
    return folder / name if make is None else cast(Path, make(name))


def _stat(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    """(size, mtime in ns) of a file, or None if it cannot be stat'ed."""
    try:
        info = entry.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _leaves(entry: os.DirEntry[str], root: Path) -> bool:
    """True for a symlink whose target is outside the library (`/etc/shadow`, `/dev`)."""
    try:
        return entry.is_symlink() and outside(root, Path(entry.path))
    except OSError:
        return False


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False
