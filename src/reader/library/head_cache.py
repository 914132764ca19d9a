"""What the loader may remember about a file between runs: its parsed head.

Parsing 10,000 YAML headers costs seconds; a warm start should cost a `stat`
per file. The loader asks a `HeadCache` for the head of a file of a given size
and modification time, and offers back every head it parsed without a problem
(a file with a problem is parsed again each time, so the problem is reported
each time). The search index implements it in its SQLite cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

#: An article's typed fields, in `Article`'s order: title, author, date, summary,
#: series, tags, weight, draft, excerpt, source (`reader.library.metadata.FIELDS`).
Fields = tuple[
    str, tuple[str, ...], dt.date | None, str, str, tuple[str, ...], int | None, bool, bool, str
]


@dataclass(frozen=True)
class CachedHead:
    """A file's front matter, where its body starts, and its first `# heading`."""

    meta: dict[str, Any]
    body_offset: int
    heading: str | None
    #: The body's word count, once something counted it (`reader list --json`).
    words: int | None = None
    #: The article's typed fields as `metadata.apply` set them from `meta` (and the
    #: heading), `metadata.FIELDS`: a warm load builds the article from them at once.
    fields: Fields | None = None


class HeadCache(Protocol):
    """Storage for `CachedHead`s, keyed by path, size and mtime (ns)."""

    def get(self, path: str, size: int, mtime_ns: int) -> CachedHead | None: ...

    def put(self, path: str, size: int, mtime_ns: int, head: CachedHead) -> None: ...
