"""Loading without the cycle collector: the library is millions of objects and no garbage.

Loading 50,000 articles creates a few million objects (articles, sections,
metadata dicts) and no cycles worth collecting, yet the collector ran over all
of them again and again as they were made (28% of the load). `without_gc`
turns it off for the load and freezes what the load made, so later
collections (the UI's) never scan the library either.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def without_gc(load: Callable[[], T]) -> T:
    """Run `load` with the cycle collector off, then freeze what it made."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return load()
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
