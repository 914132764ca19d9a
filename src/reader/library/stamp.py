"""A stamp of a library folder: one digest of everything the loader could read.

Loading a 50,000-article library takes seconds; walking its folders and
`stat`ing each file takes a fifth of one. `reader search` compares the stamp
of the library now with the one stored at the index's last complete update
(`reader.search.shown`): equal, and the index alone can answer.

The walk follows the loader (`reader.library.loader`): names sorted, hidden
names skipped, symlinked folders inside the library followed, a folder that
contains itself, one seen before under another name, or one nested deeper than
`MAX_DEPTH` left out. Into the digest goes every other name, with its file's
size, mtime, ctime and inode (following symlinks, as the loader's reads do)
and each symlink's resolved target. The ctime changes on any write and cannot
be set back, so an edit that keeps the size and the mtime (`touch -r`,
`rsync -t`) still changes the stamp. Anything the walk cannot vouch for gives
None, never a stamp: a folder that cannot be read, a `mkdocs.yml` (a site's
`docs_dir` may be anywhere and its `nav` retitles pages).

What no stamp sees: a rewrite keeping the size within one tick of the file
system's clock (a few milliseconds here; seconds on FAT), where neither mtime
nor ctime moves. The index and the head cache, keyed by size and mtime, miss it
too, so the index alone still answers what loading the library would.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: As the loader: deeper folders are skipped (and reported by it).
MAX_DEPTH = 64
#: A folder holding this file is a mkdocs site (`reader.library.formats.mkdocs`).
SITE_CONFIG = "mkdocs.yml"


class _Unsure(Exception):
    """Something the stamp cannot vouch for: no stamp."""


def library_stamp(root: Path) -> str | None:
    """The digest of the library at `root` as the loader would read it, or None."""
    digest = hashlib.blake2b(digest_size=16)
    base = os.path.realpath(root)
    walk = _Walk(base, digest)
    try:
        walk.folder(str(root), "", base, ())
    except (_Unsure, OSError, ValueError):
        return None
    return digest.hexdigest()


class _Walk:
    def __init__(self, base: str, digest: hashlib.blake2b) -> None:
        self.base = base
        self.inside = os.path.join(base, "")
        self.digest = digest
        self.seen: set[str] = set()

    def folder(self, path: str, relative: str, real: str, ancestors: tuple[str, ...]) -> None:
        """Digest the folder at `path` (`relative` to the root, `real` on disk)."""
        self.digest.update(f"\0{relative}/\n".encode("utf-8", "surrogateescape"))
        if real in ancestors or real in self.seen or len(ancestors) >= MAX_DEPTH:
            self.digest.update(b"skipped\n")
            return
        self.seen.add(real)
        # Entries of an open folder are `stat`ed relative to it: a fifth faster
        # than by their whole path. Unreadable: OSError, no stamp.
        if os.scandir not in os.supports_fd:  # not on POSIX
            with os.scandir(path) as listing:
                lines, folders = self.entries(path, real, sorted(listing, key=_name))
        else:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            try:
                with os.scandir(descriptor) as listing:
                    entries = sorted(listing, key=_name)
                lines, folders = self.entries(path, real, entries)
            finally:
                os.close(descriptor)
        self.digest.update("".join(lines).encode("utf-8", "surrogateescape"))
        for name, target in folders:
            self.folder(os.path.join(path, name), f"{relative}/{name}", target, (*ancestors, real))

    def entries(
        self, path: str, real: str, entries: list[os.DirEntry[str]]
    ) -> tuple[list[str], list[tuple[str, str]]]:
        """A line per entry, and the folders to walk: (name, real path)."""
        lines: list[str] = []
        folders: list[tuple[str, str]] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if name.casefold() == SITE_CONFIG:  # the loader's `mkdocs.yml` where names fold
                raise _Unsure(name)
            try:
                if entry.is_symlink():
                    self.link(os.path.join(path, name), entry, lines, folders)
                elif entry.is_dir():
                    lines.append(f"{name}/\n")
                    folders.append((name, os.path.join(real, name)))
                else:
                    info = entry.stat()
                    size, mtime, ctime = info.st_size, info.st_mtime_ns, info.st_ctime_ns
                    lines.append(f"{name}\0{size}\0{mtime}\0{ctime}\0{info.st_ino}\n")
            except OSError:
                lines.append(f"{name}\0unreadable\n")
        return lines, folders

    def link(
        self,
        path: str,
        entry: os.DirEntry[str],
        lines: list[str],
        folders: list[tuple[str, str]],
    ) -> None:
        """A symlink: left out when it leads outside the library (as the loader
        leaves it out), else its target's line (its resolved path included)."""
        name, target = entry.name, os.path.realpath(path)
        if target != self.base and not target.startswith(self.inside):
            lines.append(f"{name}\0outside\0{target}\n")
        elif entry.is_dir():
            lines.append(f"{name}/\0{target}\n")
            folders.append((name, target))
        else:
            info = entry.stat()
            size, mtime, ctime = info.st_size, info.st_mtime_ns, info.st_ctime_ns
            lines.append(f"{name}\0{target}\0{size}\0{mtime}\0{ctime}\0{info.st_ino}\n")


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name
