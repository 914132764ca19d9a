"""Search results from the index alone, when the library is as it was indexed.

`hits` needs the loaded `Library` (seconds at 50,000 articles); `quick_hits`
gives the same results without it, or None when it cannot vouch for them, and
the caller then loads the library and calls `hits` as before. It answers only
when the library's stamp (`reader.library.stamp`) is the one stored at the
index's last complete update, with this version of reader, and the index has
not been written since (`reader.search.shown`), and only from articles whose
body is their file's own text: a hit in a book or a converted page, a row missing, a
file gone, a database error, all give None.

No result is what a damaged index answers too: the same probes as `hits`'s
caller runs (`LibraryIndex.intact`, structure not checked) run here, on the
titles and paths stored; damage gives None, and the slow path finds and
rebuilds it as before.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from reader.library import library_stamp
from reader.library.model import Article, Library, Section
from reader.search.index import LibraryIndex
from reader.search.query import LibraryQuery
from reader.search.results import Hit, snippet
from reader.search.searching import RANKED
from reader.search.shown import Shown

#: SQLite takes 64-bit numbers only.
_LARGEST = 2**63 - 1


def stamp(root: Path) -> str | None:
    """The library's stamp for `quick_hits` (None: it cannot answer)."""
    return library_stamp(root)


def quick_hits(
    index: LibraryIndex, root: Path, current: str, query: LibraryQuery, limit: int
) -> list[Hit] | None:
    """`hits(library, index, query, limit)` without the library, or None (see above);
    `current` is the library's stamp now."""
    library = Library(root=Section(id="", path=root, title=""))
    try:
        found = _found(index, library, current, query, limit)
    except sqlite3.Error:
        return None
    if found is None:
        return None
    results = []
    for article, shown in found:
        try:
            body = library.read_body(article)
        except OSError:
            return None  # gone since the stamp: the slow path says what it says
        text, spans = snippet(body, query.terms)
        results.append(Hit(article, shown.trail, text, spans))
    return results


def _found(
    index: LibraryIndex, library: Library, current: str, query: LibraryQuery, limit: int
) -> list[tuple[Article, Shown]] | None:
    """The ranked articles from one snapshot of the index, or None."""
    db = index.connection()
    db.execute("BEGIN")  # one snapshot: another process may update the index meanwhile
    try:
        articles = index.shown_state(current)
        if articles is None:
            return None
        ranked = db.execute(RANKED, (query.expression, min(limit, articles or 1, _LARGEST)))
        ids = [key for (key,) in ranked]
        if not ids:  # none, or a damaged index: probe it as the slow path would
            probed = Library(root=library.root, articles=_Probes(index, library.path))
            return [] if index.intact(probed, structure=False) else None
        shown = index.shown(ids)
    finally:
        with contextlib.suppress(sqlite3.Error):
            db.execute("ROLLBACK")  # only read
    found = []
    for key in ids:
        row = shown.get(key)
        if row is None or not row.plain:
            return None
        article = Article(id=key, path=library.path / row.path, title=row.title, author=row.author)
        found.append((article, row))
    return found


class _Probes(dict[str, Article]):
    """The articles `intact`'s probes ask for (a few), each read from its stored row."""

    def __init__(self, index: LibraryIndex, root: Path) -> None:
        super().__init__()
        self._index, self._root = index, root

    def get(self, key: str, default: Article | None = None) -> Article | None:  # type: ignore[override]
        row = self._index.shown([key]).get(key)
        if row is None:
            return default
        return Article(id=key, path=self._root / row.path, title=row.title)
