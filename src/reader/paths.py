"""Where things live: the library to open, the data directory for state, the config file.

Flags win over environment variables (`READER_LIBRARY`, `READER_DATA_DIR`,
`READER_CONFIG`), which win over the defaults (the config's `library`, else the
bundled library; platformdirs' user data and config dirs).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_config_dir, user_data_dir

from reader.resources import bundled_library


def library_path(flag: str | None) -> Path:
    chosen = flag or os.environ.get("READER_LIBRARY")
    return Path(chosen).expanduser() if chosen else bundled_library()


def data_dir(flag: str | None) -> Path:
    chosen = flag or os.environ.get("READER_DATA_DIR")
    return Path(chosen).expanduser() if chosen else Path(user_data_dir("reader"))


def cache_dir() -> Path:
    """Where caches (the search index) live: `READER_CACHE_DIR`, else platformdirs'."""
    chosen = os.environ.get("READER_CACHE_DIR")
    return Path(chosen).expanduser() if chosen else Path(user_cache_dir("reader"))


def config_file(flag: str | None) -> Path:
    """The settings file: `--config`, `READER_CONFIG`, else `user_config_dir/config.toml`."""
    chosen = flag or os.environ.get("READER_CONFIG")
    if chosen:
        return Path(chosen).expanduser()
    return Path(user_config_dir("reader")) / "config.toml"


def private_file(path: Path) -> None:
    """Create `path` (if missing) readable by its owner only, or make it so.

    The state and the search cache hold what is read and where: not for other
    users. SQLite gives its -wal and -shm files the database file's mode.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return  # the caller meets the real problem when it opens the file
    try:
        os.fchmod(descriptor, 0o600)
    except OSError:
        pass
    finally:
        os.close(descriptor)
