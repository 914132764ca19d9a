"""Opening the state database: pragmas, ordered migrations, and recovery.

`open_database` always returns a usable connection and never raises for I/O
problems. What it may do instead, each time with a one-line notice for the user:

- a file that is not a database, is damaged, or was written by a newer schema
  is renamed to `state.sqlite3.corrupt-<UTC time>` (with its -wal/-shm files),
  never deleted, and a fresh database is created in its place;
- when the data dir or the file cannot be written, the saved state is copied
  into an in-memory database: the session reads it and can change it, and
  nothing is saved.

The schema is versioned with `PRAGMA user_version`: migration N (a tuple of SQL
statements in `migrations.MIGRATIONS[N - 1]`) brings version N - 1 to N, all of them in one
`BEGIN IMMEDIATE` transaction, so concurrent openers migrate exactly once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.paths import private_file
from reader.state.migrations import MIGRATIONS, Migration
from reader.state.records import check_columns

FILE_NAME = "state.sqlite3"
#: How long a write waits for another process's transaction before giving up.
BUSY_TIMEOUT = 10.0


_HEADER = b"SQLite format 3\x00"
_CORRUPT = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")


class SchemaTooNew(Exception):
    """The file's schema version is newer than this code knows."""


class Damaged(Exception):
    """`PRAGMA quick_check` found the file damaged."""


@dataclass
class Opened:
    """The outcome of `open_database`."""

    connection: sqlite3.Connection
    path: Path
    writable: bool
    notices: list[str] = field(default_factory=list)
    #: Read-only only because another process held the lock: worth trying again.
    busy: bool = False


def open_database(data_dir: Path, migrations: Sequence[Migration] = MIGRATIONS) -> Opened:
    """Open (creating, migrating or recovering) `<data_dir>/state.sqlite3`."""
    path = data_dir / FILE_NAME
    try:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        notice = f"State cannot be saved: cannot create {data_dir} ({_describe(error)})."
        return Opened(_in_memory(path, migrations), path, False, [notice])
    try:
        return Opened(connect_writable(path, migrations), path, True)
    except (sqlite3.Error, OSError, SchemaTooNew, Damaged) as error:
        if is_corrupt(error):
            return _recover(path, migrations)
        return _read_only(path, migrations, error)


def connect_writable(
    path: Path, migrations: Sequence[Migration] = MIGRATIONS, *, timeout: float | None = None
) -> sqlite3.Connection:
    """Open `path` for writing and migrate it; raises what it finds wrong."""
    timeout = BUSY_TIMEOUT if timeout is None else timeout
    _check_header(path)
    private_file(path)  # what was read, and where, is the owner's business only
    deadline = time.monotonic() + timeout
    while True:
        connection = sqlite3.connect(
            path, timeout=timeout, isolation_level=None, check_same_thread=False
        )
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if connection.execute("PRAGMA user_version").fetchone()[0] > len(migrations):
                raise SchemaTooNew
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")  # a returned save survives power loss
            check = connection.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise Damaged(check)
            migrate(connection, migrations)
            if migrations is MIGRATIONS:  # tables not ours (same version, other columns)
                try:
                    check_columns(connection)
                except sqlite3.OperationalError as error:
                    raise Damaged(str(error)) from None
            return connection
        except sqlite3.Error as error:
            connection.close()
            # Setting WAL mode on a new file can report busy without waiting.
            if _code(error).startswith(_BUSY) and time.monotonic() < deadline:
                time.sleep(0.01)
                continue
            raise
        except BaseException:
            connection.close()
            raise


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> None:
    """Apply the migrations the database lacks, in one write transaction.

    The transaction always writes the version, so it doubles as the check that
    the file can be saved to (a read-only file otherwise opens without error).
    """
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(migrations):
            raise SchemaTooNew
        if version < 0:
            raise Damaged(f"unknown schema version {version}")
        for number in range(version + 1, len(migrations) + 1):
            for statement in migrations[number - 1]:
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {len(migrations)}")
        connection.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite sees it: on closing such a
    file SQLite would delete its -wal file, which might be worth keeping."""
    try:
        with path.open("rb") as stream:
            header = stream.read(len(_HEADER))
    except FileNotFoundError:
        return
    if header and header != _HEADER:
        raise Damaged("not an SQLite database")


def is_corrupt(error: BaseException) -> bool:
    """True for errors that mean the file itself is unusable (not locked, not read-only)."""
    if isinstance(error, SchemaTooNew | Damaged):
        return True
    return isinstance(error, sqlite3.Error) and _code(error).startswith(_CORRUPT)


def _recover(path: Path, migrations: Sequence[Migration]) -> Opened:
    with _recovery_lock(path):
        try:  # another process may have recovered it while we waited for the lock
            return Opened(connect_writable(path, migrations), path, True)
        except (sqlite3.Error, OSError, SchemaTooNew, Damaged) as error:
            if not is_corrupt(error):
                return _read_only(path, migrations, error)
            reason = "unreadable"
            if isinstance(error, SchemaTooNew):
                reason = "from a newer version of reader"
        try:
            moved = move_aside(path)
        except OSError as error:
            notice = (
                f"State file {path} is {reason} and cannot be moved aside ({_describe(error)}); "
                "state will not be saved."
            )
            return Opened(_in_memory(path, migrations, copy=False), path, False, [notice])
        notice = f"State file was {reason}; moved to {moved}; starting fresh."
        try:
            return Opened(connect_writable(path, migrations), path, True, [notice])
        except (sqlite3.Error, OSError, SchemaTooNew, Damaged) as error:
            opened = _read_only(path, migrations, error)
            opened.notices.insert(0, notice)
            return opened


def move_aside(path: Path) -> Path:
    """Rename `path` and its -wal/-shm files to `<name>.corrupt-<UTC time>[-n]`."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
        number += 1
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        sibling = path.with_name(path.name + suffix)
        with contextlib.suppress(FileNotFoundError):
            os.replace(sibling, target.with_name(target.name + suffix))
    return target


def _read_only(path: Path, migrations: Sequence[Migration], error: BaseException) -> Opened:
    if _code(error).startswith(_BUSY):
        notice = f"State is locked by another program; saving is tried again later ({path})."
        return Opened(_in_memory(path, migrations), path, False, [notice], busy=True)
    elif _code(error).startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        isinstance(error, PermissionError)
    ):
        # The folder is named unless only the file itself is read-only.
        where = path if os.access(path.parent, os.W_OK) and path.exists() else path.parent
        notice = f"State cannot be saved: {where} is read-only."
    else:
        notice = f"State cannot be saved: {_describe(error)} ({path})."
    return Opened(_in_memory(path, migrations), path, False, [notice])


def _in_memory(
    path: Path, migrations: Sequence[Migration], *, copy: bool = True
) -> sqlite3.Connection:
    """A private in-memory database holding a copy of what `path` holds, if readable."""
    memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if copy and path.is_file():
        uri = path.resolve().as_uri()
        for mode in ("mode=ro", "immutable=1"):  # a WAL file in a read-only dir needs the second
            try:
                with contextlib.closing(sqlite3.connect(f"{uri}?{mode}", uri=True)) as source:
                    source.backup(memory)
                migrate(memory, migrations)
                return memory
            except (sqlite3.Error, SchemaTooNew, Damaged):
                memory.close()
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    migrate(memory, migrations)
    return memory


@contextlib.contextmanager
def _recovery_lock(path: Path) -> Iterator[None]:
    """Serialise recovery between processes, so only one moves the file aside."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    try:
        handle = open(path.with_name(path.name + ".lock"), "a")  # noqa: SIM115
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _code(error: BaseException) -> str:
    return getattr(error, "sqlite_errorname", "") or ""


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__
