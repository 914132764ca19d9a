"""Fixtures for the Pilot tests: the mini fixture library and an app built on it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.loader import load_library
from reader.library.model import Library
from reader.ui.app import ReaderApp, make_app
from tests.helpers import MINILIB


@pytest.fixture
def library() -> Library:
    library, problems = load_library(MINILIB)
    assert problems == []
    return library


@pytest.fixture
def reader_app(library: Library, tmp_path: Path) -> Callable[[], ReaderApp]:
    """A factory for a fresh app on the mini library, with state under `tmp_path`."""
    return lambda: make_app(library, tmp_path / "data")
