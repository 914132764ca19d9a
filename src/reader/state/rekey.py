"""Moving a library's state to another key: `reader state move`, and the bundled library.

State is keyed by library. The bundled library is keyed `bundled` wherever it is
installed (a checkout, a wheel, pipx), so that a bookmark made after `make run`
is there after `pipx install`. Earlier versions keyed it by its folder: the keys
that name a bundled library (`old_bundled_keys`) are moved to `bundled` when the
store opens. A user library is keyed by its resolved path; when its folder
moves, `reader state move OLD NEW` carries its state along.

`move_rows` runs inside the caller's write transaction, so a move is all or
nothing. A position for the same article under both keys keeps the newer one.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from reader.resources import bundled_library

#: The key of the bundled library, wherever it is installed.
BUNDLED_KEY = "bundled"
#: Tables keyed by library (highlights only where that table exists).
TABLES = ("positions", "bookmarks", "highlights")
#: Every library key with positions or bookmarks.
KEYS_SQL = "SELECT library FROM positions UNION SELECT library FROM bookmarks"


def library_key(library: Path | str) -> str:
    """How a library is keyed in the store: `bundled` for the bundled library (so
    its state survives a reinstall elsewhere), else its resolved path as text."""
    if library == BUNDLED_KEY:
        return BUNDLED_KEY
    path = Path(library).expanduser().resolve()
    return BUNDLED_KEY if path == bundled_path() else str(path)


@functools.cache
def bundled_path() -> Path:
    """The bundled library's folder, resolved (it does not move while running)."""
    return bundled_library().resolve()


def old_bundled_keys(keys: Iterable[str]) -> list[str]:
    """The keys among `keys` that name a bundled library by its folder.

    That is the bundled library's folder now, any wheel's (`.../reader/_data/library`),
    and a checkout's (`library` beside `src/reader/resources.py`).
    """
    found = []
    for key in keys:
        if key == BUNDLED_KEY or not key.startswith("/"):
            continue
        path = Path(key)
        wheel = path.parts[-3:] == ("reader", "_data", "library")
        checkout = path.name == "library" and (path.parent / "src/reader/resources.py").is_file()
        if key == str(bundled_path()) or wheel or checkout:
            found.append(key)
    return found


def move_rows(db: sqlite3.Connection, old: str, new: str) -> dict[str, int]:
    """Re-key every row of library `old` to `new`; how many rows each table moved."""
    moved: dict[str, int] = {}
    for table in _tables(db):
        if table == "positions":
            # Where both keys have the article, the newer position wins.
            db.execute(
                """DELETE FROM positions AS new WHERE library = :new AND EXISTS (
                    SELECT 1 FROM positions AS old WHERE old.library = :old
                    AND old.article_id = new.article_id AND old.updated > new.updated)""",
                {"old": old, "new": new},
            )
            sql = "UPDATE OR IGNORE positions SET library = ? WHERE library = ?"
            moved[table] = db.execute(sql, (new, old)).rowcount
            db.execute("DELETE FROM positions WHERE library = ?", (old,))
        else:
            sql = f"UPDATE {table} SET library = ? WHERE library = ?"
            moved[table] = db.execute(sql, (new, old)).rowcount
    return moved


def _tables(db: sqlite3.Connection) -> list[str]:
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [table for table in TABLES if table in names]
