"""What a search result shows of each indexed article, kept in the index database.

`reader search` on a large library spent nearly all its time loading the
library (every file `stat`ed, every head decoded, every `Article` built) to
show twenty results. After a complete update it now keeps, per article, what a
result shows (title, authors, section, path, whether the body is the file's
own text) with the rowid of the article's `docs` row it was made with, each
section's trail, and in `meta` the library's stamp (`reader.library.stamp`),
reader's version and the index's generation: the last update's fingerprint,
the docs rowid counter (bumped by every insert) and the docs count. While all
are unchanged, these rows are what loading the library would give
(`reader.search.quick`).

`LibraryIndex` inherits these methods. The tables are created on first use:
an index without them has no stamp yet, and a reader that does not know them
ignores them (its writes change the generation).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import __version__
from reader.library.model import Article, Library

SCHEMA = """
CREATE TABLE IF NOT EXISTS shown (id TEXT PRIMARY KEY, doc INTEGER NOT NULL, title TEXT NOT NULL,
                                  author TEXT, section TEXT NOT NULL, path TEXT NOT NULL,
                                  plain INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS shown_sections (id TEXT PRIMARY KEY, trail TEXT NOT NULL);
"""
#: The index's generation: any write to `docs` changes it.
GENERATION = """SELECT (SELECT value FROM meta WHERE key = 'fingerprint'),
                       (SELECT seq FROM sqlite_sequence WHERE name = 'docs'),
                       (SELECT count(*) FROM docs)"""
Row = tuple[str, int, str, str | None, str, str, int]
#: How long keeping the rows waits for another writer (the app building the
#: index): they are only a cache, and the search has printed its results.
WAIT_MS = 200


@dataclass(frozen=True)
class Shown:
    """One article as a result shows it."""

    title: str
    author: tuple[str, ...]
    trail: list[str]
    #: Relative to the library's root, `/`-separated.
    path: str
    #: The body is the file's text after its front matter (not a converted book
    #: chapter or page, nor a generated one): it can be read without the library.
    plain: bool


class ShownRows:
    """Shown-row methods over the index's connection (see the module docstring)."""

    def _connect(self) -> sqlite3.Connection:
        raise NotImplementedError

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (for a read transaction around several calls)."""
        return self._connect()

    def remember_shown(self, library: Library, stamp: str) -> None:
        """After a complete update of the index from `library`, loaded when the
        library's stamp was `stamp`: keep what results show, for `shown_state`."""
        try:
            db = self._connect()
            if self.shown_state(stamp) is not None:
                return  # kept already (the index could not answer this query alone)
            db.executescript(SCHEMA)
            waits = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
            db.execute(f"PRAGMA busy_timeout = {WAIT_MS}")  # the app may be building
            try:
                with db:
                    db.execute("BEGIN IMMEDIATE")
                    _remember(db, library, stamp)
            finally:
                db.execute(f"PRAGMA busy_timeout = {waits}")
        except (sqlite3.Error, UnicodeError):
            return  # only a cache: the next search loads the library again

    def shown_state(self, stamp: str) -> int | None:
        """The number of articles when the rows stored match `stamp` and the index
        is as it was then, else None. Call inside a read transaction."""
        db = self._connect()
        row = db.execute("SELECT value FROM meta WHERE key = 'shown'").fetchone()
        if row is None:
            return None
        try:
            state: Any = json.loads(row[0])
            same = (
                state["stamp"] == stamp
                and state["version"] == __version__
                and state["index"] == list(db.execute(GENERATION).fetchone())
            )
            return int(state["index"][2]) if same else None
        except (ValueError, TypeError, KeyError, IndexError):
            return None

    def shown(self, ids: list[str]) -> dict[str, Shown]:
        """The stored rows of these articles (missing ones left out)."""
        db = self._connect()
        marks = ", ".join("?" * len(ids))
        found: dict[str, Shown] = {}
        rows = db.execute(
            f"SELECT shown.id, title, author, trail, path, plain FROM shown "
            f"JOIN docs ON docs.rowid = shown.doc AND docs.id = shown.id "
            f"LEFT JOIN shown_sections ON shown_sections.id = shown.section "
            f"WHERE shown.id IN ({marks})",
            ids,
        )
        for key, title, author, trail, path, plain in rows:
            if trail is None:
                continue
            authors = () if author is None else tuple(author.split("\n"))
            found[key] = Shown(title, authors, json.loads(trail), path, bool(plain))
        return found


def _remember(db: sqlite3.Connection, library: Library, stamp: str) -> None:
    fingerprint, sequence, count = db.execute(GENERATION).fetchone()
    if fingerprint is None or count != len(library.articles):
        db.execute("DELETE FROM meta WHERE key = 'shown'")
        return  # not a complete update: no stamp
    row = db.execute("SELECT value FROM meta WHERE key = 'shown'").fetchone()
    if row is None or json.loads(row[0]).get("version") != __version__:
        db.execute("DELETE FROM shown")  # what the loader makes of a file may have changed
    if not _write_rows(db, library):
        db.execute("DELETE FROM meta WHERE key = 'shown'")
        return
    state = {"stamp": stamp, "index": [fingerprint, sequence, count], "version": __version__}
    db.execute("INSERT OR REPLACE INTO meta VALUES ('shown', ?)", (json.dumps(state),))


def _write_rows(db: sqlite3.Connection, library: Library) -> bool:
    """Make the tables hold `library`'s rows; False when the index is not of it.

    A row is written anew only for an article whose `docs` row was (its rowid
    changed: the file changed, or is new): what a result shows of an article
    comes from its own file, and at 50,000 articles building every row takes
    a tenth of a second. The sections' trails (from `_index.md` files) are few:
    all written again.
    """
    stale = db.execute(
        "SELECT docs.rowid, docs.id FROM docs LEFT JOIN shown "
        "ON shown.id = docs.id AND shown.doc = docs.rowid WHERE shown.id IS NULL"
    ).fetchall()
    prefix, root = _prefix(library.path), library.path
    rows = []
    for doc, key in stale:
        article = library.articles.get(key)
        if article is None:
            return False
        rows.append(_row(article, doc, prefix, root))
    db.execute("DELETE FROM shown WHERE id NOT IN (SELECT id FROM docs)")
    db.executemany("INSERT OR REPLACE INTO shown VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.execute("DELETE FROM shown_sections")
    db.executemany(
        "INSERT INTO shown_sections VALUES (?, ?)",
        ((key, json.dumps(section.trail)) for key, section in library.sections.items()),
    )
    return True


def _prefix(root: Path) -> str:
    """What starts the text of every path below `root` (`root / name`)."""
    text = str(root / "x")
    return text[:-1]


def _row(article: Article, doc: int, prefix: str, root: Path) -> Row:
    path = str(article.path)
    if path.startswith(prefix):
        relative = path[len(prefix) :]
    else:
        try:
            relative = article.path.relative_to(root).as_posix()
        except ValueError:
            relative = ""
    plain = article.generated_body is None and article.body_reader is None and bool(relative)
    author = article.author
    if any("\n" in name for name in author):
        plain = False  # not kept as it is: never answered from these rows
    section = article.id.rpartition("/")[0]
    joined = "\n".join(author) if author else None
    return (article.id, doc, article.title, joined, section, relative, int(plain))
