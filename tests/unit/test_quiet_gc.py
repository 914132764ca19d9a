"""The library is loaded with the cycle collector off and then frozen: the load is
the same as with the collector on, the collector is back on afterwards, and the
freeze is bounded (a library dropped after a second load is still collected)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library.loader import load_library
from reader.library.quiet_gc import thaw, without_gc

FILES = {
    "a.md": "---\ntitle: Alpha\nweight: 2\n---\n\nbody\n",
    "b.md": "# Beta\n\nbody\n",
    "s/_index.md": "---\ntitle: Section S\n---\n",
    "s/c.md": "---\ndate: 2021-03-04\n---\n\n# Gamma\n",
}


def _shape(root: Path) -> list[tuple[str, str]]:
    library, problems = load_library(root)
    assert problems == []
    return [(article.id, article.title) for article in library.ordered_articles()]


def test_a_library_loads_the_same_with_the_collector_frozen(make_library: Callable[..., Path]):
    root = make_library(FILES)
    gc.disable()
    try:
        plain = _shape(root)  # nested: the collector stays as the caller left it
        assert not gc.isenabled()
    finally:
        gc.enable()
    quiet = _shape(root)
    assert quiet == plain == [("a", "Alpha"), ("b", "Beta"), ("s/c", "Gamma")]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    thaw()
    assert gc.get_freeze_count() == 0


def test_a_dropped_library_is_collected_after_the_next_load(make_library: Callable[..., Path]):
    root = make_library(FILES)
    library, _ = load_library(root)
    first = weakref.ref(library.root)
    del library  # sections and articles point at each other: only the collector frees them
    load_library(root)
    gc.collect()
    assert first() is None  # not kept frozen for ever by the first load
    thaw()


def test_the_collector_is_back_on_even_when_the_load_fails() -> None:
    def failing() -> None:
        raise OSError("gone")

    with pytest.raises(OSError):
        without_gc(failing)
    assert gc.isenabled()
    thaw()
