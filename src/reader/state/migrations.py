"""The state database's schema, as the ordered list of its migrations.

Migration N (a tuple of SQL statements, `MIGRATIONS[N - 1]`) brings
`PRAGMA user_version` N - 1 to N; `database.migrate` runs the missing ones in
one transaction. A migration is never edited once released: a change of
schema is a new one at the end.
"""

from __future__ import annotations

Migration = tuple[str, ...]

MIGRATIONS: tuple[Migration, ...] = (
    # 1: the first release.
    (
        """CREATE TABLE positions (
            library TEXT NOT NULL,
            article_id TEXT NOT NULL,
            char_offset INTEGER NOT NULL,
            percent REAL NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            snippet TEXT NOT NULL DEFAULT '',
            finished INTEGER NOT NULL DEFAULT 0,
            updated TEXT NOT NULL,
            PRIMARY KEY (library, article_id)
        )""",
        "CREATE INDEX positions_by_time ON positions (library, updated)",
        """CREATE TABLE bookmarks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            library TEXT NOT NULL,
            article_id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            char_offset INTEGER NOT NULL,
            percent REAL NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            snippet TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL
        )""",
        "CREATE INDEX bookmarks_by_time ON bookmarks (library, created)",
    ),
    # 2: the duplicate check of an import is an index lookup, not a scan per row.
    ("CREATE INDEX bookmarks_by_place ON bookmarks (library, article_id, char_offset)",),
    # 3: highlights, as W3C Web Annotation selectors (`state.annotations`).
    (
        """CREATE TABLE highlights (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            library TEXT NOT NULL, article_id TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
            exact TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL, end INTEGER NOT NULL, text_hash TEXT NOT NULL DEFAULT '',
            heading TEXT NOT NULL DEFAULT '', percent REAL NOT NULL DEFAULT 0,
            orphaned INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL
        )""",
        "CREATE INDEX highlights_by_article ON highlights (library, article_id, start)",
        "CREATE INDEX highlights_by_time ON highlights (library, created)",
    ),
)
