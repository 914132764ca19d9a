"""Loading without the cycle collector: the library is millions of objects and no garbage.

Loading 50,000 articles creates a few million objects (articles, sections,
metadata dicts) and no cycles worth collecting, yet the collector ran over all
of them again and again as they were made (28% of the load), and once it is
back on, the first allocations set off collections over all of them (0.8 s).
`without_gc` turns it off for the load and then freezes what is alive
(`gc.freeze`), so later collections (the UI's) never scan the library.

Bounded: the collector runs once just before the load (over a small heap), so
only what the load made and what was in use is frozen, never garbage; and
the next load first thaws what the previous one froze, so a process that
loads again and again (the tests, a reload) keeps at most one load frozen and
a dropped library is still collected. `thaw` undoes the freeze explicitly.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: True while objects frozen by `without_gc` are in the permanent generation.
_frozen = False


def without_gc(load: Callable[[], T]) -> T:
    """Run `load` with the cycle collector off, then freeze what is alive.

    Inside a caller that already turned the collector off (a nested load), the
    collector is left as it is and nothing is frozen.
    """
    if not gc.isenabled():
        return load()
    thaw()
    gc.collect()  # garbage is never frozen (a small heap: milliseconds)
    gc.disable()
    try:
        return load()
    finally:
        _freeze()
        gc.enable()


def _freeze() -> None:
    global _frozen
    gc.freeze()
    _frozen = True


def thaw() -> None:
    """Give the objects frozen by the last load back to the collector."""
    global _frozen
    if _frozen:
        gc.unfreeze()
        _frozen = False
