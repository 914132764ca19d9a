"""A first load's files asked of the disk all at once, not one read at a time.

A first load reads 50,000 heads one file after another in each worker, and the
index build that follows reads the whole files again: on a cold page cache
(after a reboot, or once other programs pushed the library out of memory) each
read waits for the disk in turn, and a 1 GB library took 9 s to load and 17 s
more to index, where the same work on cached files takes 3 s and 13 s.
`posix_fadvise(WILLNEED)` starts the reading of a whole file without waiting
for it, so asking it for every file (about a second for 50,000) keeps the
disk's queue full and the loader and the build find their files in memory.

The asking is done by a small child process fed the paths on its stdin, not by
a thread: a thread making 250,000 system calls fought the loader for the
interpreter lock, and took the whole load (4.8 s, against 1.2 s alone) to get
through them, the loader slowed as much. Where no child can start, a thread
does it.

When a sample of the files is already in memory (`RWF_NOWAIT` reads say so
without touching the disk) nothing is asked: the library is cached, and the
calls would only take CPU from the load. Where the platform has neither call
this does nothing.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
import sys
import threading
from typing import BinaryIO

#: Files read without waiting to tell whether the library is in memory.
SAMPLES = 32
_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)


def read_ahead(paths: list[str]) -> threading.Thread | None:
    """Ask the kernel to read `paths` into memory, in this order, unless they seem
    to be there already: by a child process, fed by a daemon thread that ends
    once the child did (started and returned)."""
    if not hasattr(os, "posix_fadvise") or not paths or cached(paths):
        return None
    try:
        child = subprocess.Popen(
            # -P: not the current folder first on its path (`-c` puts it there),
            # where a `reader.py` of anyone's would run in place of this one.
            [sys.executable, "-P", "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (OSError, ValueError, TypeError):  # TypeError: no `sys.executable` (embedded)
        thread = threading.Thread(target=_advise, args=(paths,), name="readahead", daemon=True)
    else:
        thread = threading.Thread(target=_feed, args=(child, paths), name="readahead", daemon=True)
    thread.start()
    return thread


#: The child's program: `advise_from` its stdin.
_CHILD = (
    "import sys; from reader.library.readahead import advise_from; advise_from(sys.stdin.buffer)"
)


def _feed(child: subprocess.Popen[bytes], paths: list[str]) -> None:
    """Give the child its paths (NUL-separated), then wait for it (no zombie)."""
    assert child.stdin is not None
    with contextlib.suppress(OSError, ValueError), child.stdin:
        child.stdin.write(b"\0".join(map(os.fsencode, paths)))
    child.wait()


def advise_from(stream: BinaryIO) -> None:
    """In the child: ask for the NUL-separated paths read from `stream`."""
    _advise([os.fsdecode(path) for path in stream.read().split(b"\0") if path])


def cached(paths: list[str]) -> bool:
    """True when every sampled regular file's first page is in the page cache
    (or this platform cannot tell, so asking is not worth it)."""
    if not hasattr(os, "preadv") or not hasattr(os, "RWF_NOWAIT"):
        return True
    step = max(1, len(paths) // SAMPLES)
    page = bytearray(1)
    for path in paths[::step]:
        fd = _open_regular(path)
        if fd is None:
            continue
        try:
            os.preadv(fd, [page], 0, os.RWF_NOWAIT)
        except BlockingIOError:
            return False  # this file is on disk only
        except OSError:
            continue  # a file system without RWF_NOWAIT: tells nothing
        finally:
            os.close(fd)
    return True


def _advise(paths: list[str]) -> None:
    for path in paths:
        fd = _open_regular(path)
        if fd is None:
            continue
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
        os.close(fd)


def _open_regular(path: str) -> int | None:
    """A descriptor of `path` when it is a regular file: a FIFO or a device named
    like an article is never opened (and O_NONBLOCK in case one took its place)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        fd = os.open(path, _FLAGS)
    except OSError:
        return None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None
