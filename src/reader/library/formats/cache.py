"""Converted bodies and parsed structures, kept in the cache folder between runs.

Converting a book or a web page costs far more than reading a Markdown file,
so each result is written under `reader.paths.cache_dir()/converted/`, keyed
by the source's resolved path, size and modification time: a file that changed
gets a new key and is converted again. It is only a cache: a folder that cannot
be written, or an entry that cannot be read, just means converting again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from reader import paths

#: Bump when a conversion changes: older entries are then never read again.
FORMAT = 1


def key(path: Path, size: int, mtime_ns: int) -> str:
    """The cache key of one version of one source file."""
    text = f"{FORMAT}\0{path.resolve()}\0{size}\0{mtime_ns}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


class ConvertCache:
    """Text and JSON files under one folder per key; every failure is a miss."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def default(cls) -> ConvertCache:
        return cls(paths.cache_dir() / "converted")

    def _file(self, entry: str, name: str) -> Path:
        return self.root / entry[:2] / entry / name

    def read_text(self, entry: str, name: str) -> str | None:
        try:  # bytes, then decode: no newline translation on a 1 MB chapter
            return self._file(entry, name).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def write_text(self, entry: str, name: str, text: str) -> None:
        target = self._file(entry, name)
        temporary = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, target)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def read_json(self, entry: str, name: str) -> Any:
        text = self.read_text(entry, name)
        if text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            return None

    def write_json(self, entry: str, name: str, value: Any) -> None:
        self.write_text(entry, name, json.dumps(value, ensure_ascii=False))
