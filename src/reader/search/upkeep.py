"""Keeping the contentless FTS5 index honest: rows written, tombstones cleared,
damage found.

A contentless table keeps no text, so FTS5's 'integrity-check' can only check
the index's structure: blocks zeroed on disk pass it and simply answer "no
match". `damaged` adds probes: a few unchanged articles, spread over the index,
must each be found by their own title at their own rowid.

Tombstones (the rowids of changed or deleted articles; see `index`) still count
in bm25's statistics and take space: `compact` empties the FTS5 table once they
pass a quarter of the live articles, and everything is indexed again.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from collections.abc import Sequence

from reader.library.model import Article, Library
from reader.search.folding import folded
from reader.search.indexing import INSERT_FTS, Row

#: Tombstones past which the FTS5 table is rebuilt: more than this many, and
#: more than a quarter of the live articles.
COMPACT_AT = 1000
#: How many articles `damaged` looks for by their title.
PROBES = 24
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def compact(db: sqlite3.Connection, stale: int) -> bool:
    """Empty the FTS5 table when tombstones (with the `stale` rows to come) pile up.

    Runs in the caller's transaction; True when the table was emptied.
    """
    live, indexed = db.execute(
        "SELECT (SELECT count(*) FROM docs), (SELECT count(*) FROM fts_docsize)"
    ).fetchone()
    dead = indexed - live + stale
    if dead <= COMPACT_AT or dead * 4 <= live:
        return False
    db.execute("INSERT INTO fts(fts) VALUES('delete-all')")
    db.execute("DELETE FROM docs")
    return True


def damaged(db: sqlite3.Connection, library: Library | None, *, structure: bool = True) -> bool:
    """True when the index's structure is broken, or an unchanged article is lost.

    The structure check reads the whole index (seconds at 50,000 articles); the
    probes alone take milliseconds.
    """
    try:
        if structure:
            db.execute("INSERT INTO fts(fts) VALUES('integrity-check')")
        if library is None:
            return False
        rows = db.execute("SELECT rowid, id, size, mtime FROM docs").fetchall()
        for rowid, key, size, mtime in rows[:: max(1, len(rows) // PROBES)]:
            phrase = _title_phrase(library, key, (size, mtime))
            if phrase is None:
                continue
            found = db.execute(
                "SELECT 1 FROM fts WHERE fts MATCH ? AND rowid = ?", (phrase, rowid)
            ).fetchone()
            if found is None:
                return True
    except sqlite3.Error:
        return True
    return False


def _title_phrase(library: Library, key: str, indexed: tuple[int, int]) -> str | None:
    """An FTS5 query for the article's title, when it is plain ASCII words and
    the file is as it was indexed (else None: not a fair probe)."""
    article = library.articles.get(key)
    if article is None:
        return None
    try:
        info = os.stat(article.path)
    except OSError:
        return None
    title = folded(article.title)
    if (info.st_size, info.st_mtime_ns) != indexed or not title.isascii():
        return None
    words = _ASCII_WORD.findall(title)
    return 'title : "' + " ".join(words) + '"' if words else None


def write(db: sqlite3.Connection, batch: list[Row]) -> None:
    """One transaction: these articles' `docs` rows anew; their old FTS5 rows stay
    as tombstones, and an unreadable file is left out (read again next time)."""
    with db:
        db.execute("BEGIN IMMEDIATE")
        for key, stat, values in batch:
            db.execute("DELETE FROM docs WHERE id = ?", (key,))
            if values is None:
                continue
            cursor = db.execute("INSERT INTO docs (id, size, mtime) VALUES (?, ?, ?)", (key, *stat))
            db.execute(INSERT_FTS, (cursor.lastrowid, *values))


def fingerprint(stats: Sequence[tuple[Article, tuple[int, int]]]) -> str:
    """One digest of every article's id, size and mtime: equal to the one `store`d
    after the last complete update means nothing changed (no 50,000 rows to read)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update("".join(f"{a.id}\0{size}\0{mtime}\n" for a, (size, mtime) in stats).encode())
    return digest.hexdigest()


def stored(db: sqlite3.Connection) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    return None if row is None else str(row[0])


def store(db: sqlite3.Connection, mark: str) -> None:
    db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (mark,))
