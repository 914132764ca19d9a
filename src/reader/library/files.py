"""Opening library files safely: regular files inside the library, never blocking.

A library is any folder on disk, so its entries may be hostile: a symlink to
`/etc/shadow` or `/dev/zero`, a FIFO named `x.md` (opening it blocks until a
writer comes), a 10 GB file. Every read of a library file goes through here:

- `outside(root, path)`: the path's real location is not under the library's
  real root (a symlink leaves the library): the loader reports and skips it;
- `read_regular(path, ...)`: opens with `O_NONBLOCK` (a FIFO or device never
  blocks the open), refuses anything that is not a regular file (`NotRegular`),
  and refuses a file larger than `MAX_FILE_BYTES` (`TooLarge`) before reading it.

Both errors are `OSError`s, so every caller that already reports an unreadable
file reports these too. `shown_path` is how a path is written in a message:
control characters and bidi controls escaped, never sent to the terminal.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The largest article read (50 MB books are fine; /dev/zero is not).
MAX_FILE_BYTES = 64 * 1024 * 1024


class NotRegular(OSError):
    """The path is a FIFO, a device, a socket or a folder, not a file."""


class TooLarge(OSError):
    """The file is larger than `MAX_FILE_BYTES`."""


def outside(root: Path, path: Path) -> bool:
    """True when `path` (resolved, symlinks followed) is not inside `root`'s real folder."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return False  # dangling or looping: the reader of the file reports it
    base = root.resolve()
    return real != base and base not in real.parents


def read_regular(
    path: Path, offset: int = 0, limit: int | None = None, *, max_bytes: int = MAX_FILE_BYTES
) -> bytes:
    """Up to `limit` bytes (all when None) of the regular file `path`, from `offset`.

    Raises `NotRegular` for anything but a regular file, `TooLarge` for a file over
    `max_bytes`, and `OSError` for the rest; never blocks on a FIFO.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(0, "not a regular file", str(path))
        if info.st_size > max_bytes:
            megabytes = f"{info.st_size / 1024 / 1024:.0f} MB"
            raise TooLarge(0, f"too large ({megabytes}, over {max_bytes // 1024 // 1024} MB)")
        if offset:
            os.lseek(descriptor, offset, os.SEEK_SET)
        wanted = max_bytes if limit is None else min(limit, max_bytes)
        # Reads ask for what the file holds and one byte more (to see that it
        # grew), then one byte to see its end: `os.read` allocates what it is asked
        # for, and a megabyte per 20 KB article made a first build's reads twice as slow.
        request = max(info.st_size - offset, 0) + 1
        chunks: list[bytes] = []
        size = 0
        while size < wanted:
            chunk = os.read(descriptor, min(request, wanted - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            request = 1 if len(chunk) < request else 1024 * 1024
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def shown_path(path: Path | str) -> str:
    """`path` as text safe to print: control and bidi characters written as escapes."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )
