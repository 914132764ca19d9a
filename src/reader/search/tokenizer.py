"""The index's tokenizer, and which characters it folds as `fold` does.

FTS5's `unicode61` tokenizer lowers every letter and, with `remove_diacritics
2`, drops the marks of accented letters (é, ü, ş, İ...) itself, in C, as it
tokenizes. For those characters the index's text need not be folded first:
the tokens are the same. `folds_alike` tells, per character, by asking the
tokenizer (an in-memory FTS5 table and its `fts5vocab` terms): it is a fact of
SQLite's Unicode tables, so it is asked, never assumed. The tokenizer is
context-free (each character is a separator or a token character with its
own fold), so one probe per character answers for every text.

What it leaves to `fold` (`ß`, `ﬁ`, `ł`, `ø`...) is folded before the text
reaches the index. A query is folded whole by `fold` (`reader.search.query`)
and the tokenizer changes nothing in a folded text, so both sides meet.
"""

from __future__ import annotations

import sqlite3
import threading
from functools import cache, lru_cache

#: The index's FTS5 tokenizer (`reader.search.indexing.FTS_TABLE`).
TOKENIZER = "unicode61 remove_diacritics 2"

_lock = threading.Lock()


@lru_cache(maxsize=4096)
def folds_alike(char: str, fold_to: str) -> bool:
    """True when the tokenizer makes the same tokens of `char` as of `fold_to`
    (its fold) between two letters."""
    with _lock:
        probe = _probe()
        return _terms(probe, f"a{char}b") == _terms(probe, f"a{fold_to}b")


@cache
def _probe() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
    db.execute(f"CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='{TOKENIZER}')")
    db.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, instance)")
    return db


def _terms(db: sqlite3.Connection, text: str) -> list[tuple[str, int]]:
    db.execute("DELETE FROM probe")
    db.execute("INSERT INTO probe (rowid, text) VALUES (1, ?)", (text,))
    return db.execute("SELECT term, offset FROM probe_terms ORDER BY offset").fetchall()
