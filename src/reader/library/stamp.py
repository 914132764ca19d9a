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
        self.inside = base.rstrip("/") + "/"
        self.digest = digest
        self.seen: set[str] = set()

    def folder(self, path: str, relative: str, real: str, ancestors: tuple[str, ...]) -> None:
        """Digest the folder at `path` (`relative` to the root, `real` on disk)."""
        if real in ancestors or real in self.seen or len(ancestors) >= MAX_DEPTH:
            self.digest.update(f"{relative}\0skipped\n".encode())
            return
        self.seen.add(real)
        with os.scandir(path) as listing:  # unreadable: OSError, no stamp
            entries = sorted(listing, key=lambda entry: entry.name)
        lines: list[str] = []
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if name == SITE_CONFIG:
                raise _Unsure(entry.path)
            shown = f"{relative}/{name}"
            target = None
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if target != self.base and not target.startswith(self.inside):
                    lines.append(f"{shown}\0outside\0{target}\n")
                    continue
                shown += "\0" + target
            try:
                if entry.is_dir():
                    folders.append((entry.path, shown, target or os.path.join(real, name)))
                    continue
                info = entry.stat()
            except OSError:
                lines.append(f"{shown}\0unreadable\n")
                continue
            lines.append(
                f"{shown}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\n"
            )
        self.digest.update("".join(lines).encode("utf-8", "surrogateescape"))
        for child, shown, target in folders:
            self.digest.update(f"{shown}/\n".encode("utf-8", "surrogateescape"))
            self.folder(child, shown.partition("\0")[0], target, (*ancestors, real))
