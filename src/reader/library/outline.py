"""`load_outline`: the library's top level in milliseconds, for the first paint.

A 50,000-article library takes a second or more to load (a `stat` and a cached
head per file), but the tree first shows only the top level: the top-level
articles and the top-level sections, each with its title, its order and its
number of articles. `load_outline` reads exactly that: top-level articles and
section introductions as the loader reads them, and for each section below the
top only a count of the files it holds (their names, no `stat`, no reading),
kept in `Section.estimated`. Its sections have no children yet.

The app paints this outline, then loads the library fully and shows that
instead; problems are reported by that full load only (the outline's are
dropped, so nothing is reported twice). Nothing here imports Textual.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.library import converted, formats
from reader.library.head_cache import HeadCache
from reader.library.loader import ARTICLE_SUFFIXES, MAX_DEPTH, _Loader, library_root
from reader.library.model import Library, Section
from reader.library.quiet_gc import without_gc

#: What the loader reads: Markdown, books and pages.
_SUFFIXES = (*ARTICLE_SUFFIXES, *formats.BOOK_SUFFIXES, *formats.PAGE_SUFFIXES)


def load_outline(path: Path | str, *, cache: HeadCache | None = None) -> Library:
    """The top level of the library at `path` (see the module docstring).

    Raises `LibraryError` as `load_library` does when the folder cannot be opened.
    """
    root = library_root(path)
    library, _ = without_gc(_OutlineLoader(root, False, cache).load)
    return library


class _OutlineLoader(_Loader):
    """The loader, stopping at each top-level section with a count of its files."""

    def fill_section(self, section: Section, ancestors: tuple[Path, ...]) -> bool:
        if not ancestors:
            return super().fill_section(section, ancestors)
        count, intros = _count_files(section.path)
        index_path, others = converted.choose_intro(intros)
        section.estimated = count + len(others)
        self.attach_index(section, index_path)
        return section.estimated > 0 or index_path is not None


def _count_files(folder: Path) -> tuple[int, dict[str, Path]]:
    """(how many readable files lie below `folder`, its own introduction candidates).

    By name only, in one cheap test per name (50,000 names in a tenth of a second).
    """
    intros: dict[str, Path] = {}
    count = 0
    pending = [(folder, 0)]
    while pending:
        current, depth = pending.pop()
        files: list[str] = []
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if _is_folder(entry):
                        if depth < MAX_DEPTH and not entry.name.startswith("."):
                            pending.append((current / entry.name, depth + 1))
                    else:
                        files.append(entry.name)
        except OSError:
            continue
        for name in files:
            lowered = name.lower()
            if not lowered.endswith(_SUFFIXES) or lowered.startswith("."):
                continue
            stem = name.rpartition(".")[0].casefold()
            if stem in formats.INTRO_STEMS:
                if depth == 0 and formats.kind(lowered[len(stem) :]) is None:
                    intros[stem] = current / name
            elif not stem.startswith("_"):
                count += 1
    return count, intros


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """A real folder (a symlinked one is not followed: the count is an estimate)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False
