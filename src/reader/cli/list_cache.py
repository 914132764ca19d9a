"""`reader list` answered from its last output while the library is unchanged.

Scripts run `reader list --json` in loops; at 50,000 articles loading the library
and writing 22 MB of JSON takes two seconds, where the library's stamp (a walk
that `stat`s every file the loader could read: `reader.library.stamp`) takes a
fifth of one. So each output is kept next to the index, under a key made of the
library's stamp, its path as given, the output's kind and the versions of reader,
of this output and of the index's formats; a run whose key is the same prints
the kept text as it is.

Anything the stamp cannot vouch for (an mkdocs site, a folder it cannot read)
gives no key: the library is loaded. The stamp is taken before loading and
again after printing, and the output is kept only when both are the same: a
file added and removed again while a run loaded it (the stamp would be the one
before) is never kept in its list. The key is written before the output and
again after it: a kept file without both (cut, damaged, another key) is not
printed and is replaced. A file that cannot be written is no error; one left by
a run that was killed is deleted by a later one.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from reader import __version__
from reader.library import library_stamp
from reader.search.index import INDEX_FORMAT

#: Bytes read at a time.
CHUNK = 1 << 20
#: Bumped when what `reader list` prints changes: no output of another is printed.
LIST_FORMAT = 1
#: A half-written output older than this was left by a run that was killed.
LEFT_AFTER_S = 600


def key_of(root: Path, kind: str) -> bytes | None:
    """The key line of `reader list` (`kind`: "json" or "tree") over `root` now,
    or None when the library's stamp cannot vouch for it."""
    stamp = library_stamp(root)
    if stamp is None:
        return None
    key = {
        "stamp": stamp,
        "root": str(root),
        "kind": kind,
        "version": __version__,
        "formats": [LIST_FORMAT, INDEX_FORMAT],
    }
    return json.dumps(key).encode() + b"\n"


def kept_file(index_path: Path, kind: str) -> Path:
    """Where the output of `kind` is kept for the library of the index at `index_path`."""
    return index_path.with_name(f"{index_path.name}.list-{kind}")


def print_kept(path: Path, key: bytes) -> bool:
    """Print the output kept in `path` under `key`; False (nothing printed) if none is."""
    try:
        kept = path.open("rb")
    except OSError:
        return False
    with kept:
        try:
            size = os.fstat(kept.fileno()).st_size
            if size < 2 * len(key) or kept.read(len(key)) != key:
                return False
            kept.seek(size - len(key))
            if kept.read(len(key)) != key:
                return False
            kept.seek(len(key))
        except OSError:
            return False
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        left = size - 2 * len(key)
        while left > 0:
            data = kept.read(min(CHUNK, left))
            if not data:
                break
            sys.stdout.write(decoder.decode(data))
            left -= len(data)
        sys.stdout.write(decoder.decode(b"", final=True))
    return True


@contextlib.contextmanager
def printing_and_keeping(
    path: Path, key: bytes | None, still: Callable[[], bytes | None]
) -> Iterator[Callable[[str], None]]:
    """A `write` that prints text, and keeps it under `key` once the block ends
    without an error and `still()` gives the same key (nothing is kept for no
    key, or when the file cannot be written; the block's own errors go on up)."""
    started = None if key is None else _start(path, key)
    if key is None or started is None:
        yield _print
        return
    out, temporary = started
    encoder = codecs.getincrementalencoder("utf-8")()
    failed = False

    def write(text: str) -> None:
        nonlocal failed
        sys.stdout.write(text)
        if not failed:
            try:
                out.write(encoder.encode(text))
            except OSError:
                failed = True

    try:
        yield write
        with contextlib.suppress(OSError):
            out.write(key)
            out.close()
            if not failed and still() == key:
                os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            out.close()
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # gone once replaced


def _print(text: str) -> None:
    sys.stdout.write(text)


def _start(path: Path, key: bytes) -> tuple[BinaryIO, str] | None:
    """A new file next to `path` (the owner's only), `key` written; None if it cannot be."""
    _remove_left(path)
    try:
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return None
    out = os.fdopen(descriptor, "wb")
    try:
        out.write(key)
    except OSError:
        out.close()
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return None
    return out, temporary


def _remove_left(path: Path) -> None:
    """Delete what runs killed while writing next to `path` left (not one being written)."""
    now = time.time()
    with contextlib.suppress(OSError):
        for left in path.parent.glob(f".{path.name}.*"):
            with contextlib.suppress(OSError):
                if now - left.stat().st_mtime > LEFT_AFTER_S:
                    left.unlink()
