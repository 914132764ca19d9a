"""The loader's head cache, kept in the index database (`heads` table).

`LibraryIndex` inherits these methods: `get` and `put` implement
`reader.library.head_cache.HeadCache`, `flush_heads` writes what one load parsed,
and `seen` gives back a head this process already got or put, with the size and
mtime it was checked against (`reader list --json` takes word counts from it
without a second `stat` or a second JSON decode per file).
A row that this code did not write (not JSON, wrong types) means the cache
cannot be trusted: the whole index is rebuilt, never a failure.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3

from reader.library.head_cache import CachedHead
from reader.library.metadata import typed

_DECODE = json.JSONDecoder().raw_decode
#: `json.dumps(..., default=str)` without making an encoder per call (50,000 calls).
_ENCODE = json.JSONEncoder(default=str).encode


class HeadRows:
    """Head-cache methods over the index's connection (see the module docstring)."""

    _heads: dict[str, tuple[int, int, str]] | None
    _new_heads: list[tuple[str, int, int, str]]
    #: Heads decoded or put in this process: path -> (size, mtime_ns, head).
    _seen_heads: dict[str, tuple[int, int, CachedHead]] | None = None

    def _connect(self) -> sqlite3.Connection:
        raise NotImplementedError

    def rebuild(self) -> None:
        raise NotImplementedError

    def empty(self) -> bool:
        """True when no head is cached (a first load: `reader.library.prefetch`)."""
        return not self._rows()

    def _rows(self) -> dict[str, tuple[int, int, str]]:
        if self._heads is None:
            try:
                rows = self._connect().execute("SELECT path, size, mtime, head FROM heads")
                self._heads = {row[0]: (row[1], row[2], row[3]) for row in rows}
            except sqlite3.Error:
                self._heads = {}
        return self._heads

    def get(self, path: str, size: int, mtime_ns: int) -> CachedHead | None:
        heads = self._rows()
        seen = None if self._seen_heads is None else self._seen_heads.get(path)
        if seen is not None and seen[0] == size and seen[1] == mtime_ns:
            return seen[2]
        found = heads.get(path)
        if found is None or found[0] != size or found[1] != mtime_ns:
            return None
        try:
            head = _head(found[2])
        except (ValueError, TypeError, KeyError, RecursionError, OverflowError):
            self.rebuild()  # one damaged row: the cache is not trusted any more
            self._heads = {}
            self._seen_heads = None
            return None
        self._remember(path, size, mtime_ns, head)
        return head

    def seen(self, path: str) -> tuple[int, int, CachedHead] | None:
        """(size, mtime_ns, head) of `path` as this process last got or put it."""
        return None if self._seen_heads is None else self._seen_heads.get(path)

    def _remember(self, path: str, size: int, mtime_ns: int, head: CachedHead) -> None:
        if self._seen_heads is None:
            self._seen_heads = {}
        self._seen_heads[path] = (size, mtime_ns, head)

    def put(self, path: str, size: int, mtime_ns: int, head: CachedHead) -> None:
        data = {"meta": head.meta, "body_offset": head.body_offset, "heading": head.heading}
        if head.words is not None:
            data["words"] = head.words
        if head.fields is not None:
            data["fields"] = head.fields
        text = _ENCODE(data)
        self._new_heads.append((path, size, mtime_ns, text))
        self._remember(path, size, mtime_ns, head)
        if self._heads is not None:  # a second load in this process sees it too
            self._heads[path] = (size, mtime_ns, text)

    def flush_heads(self) -> None:
        """Write the heads parsed by this load (one transaction)."""
        if not self._new_heads:
            return
        with contextlib.suppress(sqlite3.Error):
            db = self._connect()
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO heads VALUES (?, ?, ?, ?)", self._new_heads)
        self._new_heads = []


def _head(text: str) -> CachedHead:
    """A cached head from its JSON row; raises for anything this code did not write."""
    data, end = _DECODE(text)  # loads without its per-call overhead (50,000 calls)
    if end != len(text) or not isinstance(data, dict):
        raise ValueError("not a cached head")
    meta, offset, heading = data["meta"], data["body_offset"], data["heading"]
    if not isinstance(meta, dict) or type(offset) is not int or offset < 0:
        raise ValueError("not a cached head")
    if heading is not None and not isinstance(heading, str):
        raise ValueError("not a cached head")
    words = data.get("words")
    if words is not None and (type(words) is not int or words < 0):
        raise ValueError("not a cached head")
    fields = data.get("fields")
    if fields is not None:
        if type(fields) is not list:
            raise ValueError("not a cached head")
        fields = typed(fields)
    return CachedHead(meta, offset, heading, words, fields)
