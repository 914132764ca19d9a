"""`reader list` answered from its last output while the library is unchanged.

Scripts run `reader list --json` in loops; at 50,000 articles loading the library
and writing 22 MB of JSON takes two seconds, where the library's stamp (a walk
that `stat`s every file the loader could read: `reader.library.stamp`) takes a
fifth of one. So each output is kept next to the index, under a key made of the
stamp taken *before* loading, the library's path as given, the output's kind and
reader's version; a run whose key is the same prints the kept text as it is.

Anything the stamp cannot vouch for (an mkdocs site, a folder it cannot read)
gives no key: the library is loaded. An edit made while a run loads changes the
next stamp, so it is never hidden. The key is written before the output and
again after it: a kept file without both (cut, damaged, another key) is not
printed and is replaced. A file that cannot be written is no error.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from reader import __version__
from reader.library import library_stamp

#: Bytes read at a time.
CHUNK = 1 << 20


def key_of(root: Path, kind: str) -> bytes | None:
    """The key line of `reader list` (`kind`: "json" or "tree") over `root` now,
    or None when the library's stamp cannot vouch for it."""
    stamp = library_stamp(root)
    if stamp is None:
        return None
    key = {"stamp": stamp, "root": str(root), "kind": kind, "version": __version__}
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
def printing_and_keeping(path: Path, key: bytes | None) -> Iterator[Callable[[str], None]]:
    """A `write` that prints text, and keeps it under `key` once the block ends
    without an error (nothing is kept for no key, or when the file cannot be
    written; the block's own errors go on up)."""
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
            if not failed:
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
