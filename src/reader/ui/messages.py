"""Messages that cross screens: the one way to open an article.

Every path to reading (the tree, library search, bookmarks, the command
palette, links, `J`/`K`, history) posts `OpenArticle`; `ReaderApp` alone
handles it (frogmouth's `visit()`), so the screen stack after any of them is
the browse screen with one reading screen on top.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.state.places import Anchored


@dataclass
class OpenArticle(Message):
    """Read `article_id` (an article's id, or a section's for its introduction).

    At `place` if given, else at the first match of `query` (with the in-text
    search set to it), else where the reader left it.
    """

    article_id: str
    place: Anchored | None = None
    query: str | None = None
