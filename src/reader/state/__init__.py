"""What `reader` remembers: reading positions and bookmarks, and how to find them again.

Public API:
- `Store.open(data_dir)`: the one SQLite state file, safe with several processes
  (`store`, over `database`'s connection and migrations).
- `Position`, `Bookmark`: places in an article's body (a source offset with a
  snippet, heading and percent); `reanchor` finds a place again after the
  article changed (`places`).
- `ReadingSession`: one article being read; where it resumes and when its
  position is saved (`session`).
- `History`, `Visit`: the articles read before and after (`H`/`L`) (`history`).

Nothing here imports Textual.
"""

from reader.state.history import History, Visit
from reader.state.places import heading_before, offset_for_percent, reanchor, snippet_at
from reader.state.store import FINISHED_PERCENT, Bookmark, Position, Store, library_key

__all__ = [
    "FINISHED_PERCENT",
    "Bookmark",
    "History",
    "Position",
    "Store",
    "Visit",
    "heading_before",
    "library_key",
    "offset_for_percent",
    "reanchor",
    "snippet_at",
]
