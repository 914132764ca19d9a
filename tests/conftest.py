"""Shared fixtures: every test runs with its own data, config and cache folders."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from reader.library.loader import load_library

#: `make_library(files, name="library")`: write `{relative path: text or bytes}`.
MakeLibrary = Callable[..., Path]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep state out of the real home folder and ignore the caller's library."""
    for variable, folder in (
        ("READER_DATA_DIR", "reader-data"),
        ("XDG_DATA_HOME", "xdg-data"),
        ("XDG_CONFIG_HOME", "xdg-config"),
        ("XDG_CACHE_HOME", "xdg-cache"),
        ("READER_CACHE_DIR", "reader-cache"),
    ):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    monkeypatch.delenv("READER_LIBRARY", raising=False)
    monkeypatch.delenv("READER_CONFIG", raising=False)


@pytest.fixture
def make_library(tmp_path: Path) -> MakeLibrary:
    """A factory writing a library folder under `tmp_path` and returning its path."""

    def make(files: Mapping[str, str | bytes], name: str = "library") -> Path:
        root = tmp_path / name
        root.mkdir(parents=True, exist_ok=True)
        for relative, content in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The libraries the CLI commands run in the test loaded (none: answered
    from a cache: `reader search` from the index, `reader list` its kept output)."""
    calls: list[Path] = []

    def counting(path: Path, **options: Any) -> object:
        calls.append(Path(path))
        return load_library(path, **options)

    monkeypatch.setattr("reader.cli.library.load_library", counting)
    return calls


@pytest.fixture(autouse=True)
def _plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich honours these; a developer's shell must not change what the tests see."""
    for variable in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(variable, raising=False)
