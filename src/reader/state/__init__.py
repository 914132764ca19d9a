"""What `reader` remembers: reading positions and bookmarks, and how to find them again.

Public API:
- `Store.open(data_dir)`: the one SQLite state file, safe with several processes
  (`store`, over `database`'s connection and migrations).
- `Position`, `Bookmark`: places in an article's body (a source offset with a
  snippet, heading and percent); `reanchor` finds a place again after the
  article changed (`places`).
- `library_key(path)`: how a library's state is keyed (`bundled` for the bundled
  library wherever it is installed); `Store.move_library` re-keys it (`rekey`).
- `Highlight`: a passage with a note, kept as W3C selectors (`highlights`);
  `Quote`, `anchor`: find a passage again after the text changed (`annotations`).
- `ReadingSession`: one article being read; where it resumes and when its
  position is saved (`session`).
- `History`, `Visit`: the articles read before and after (`H`/`L`) (`history`).

Nothing here imports Textual.
"""

from reader.state.annotations import Quote, anchor, text_hash
from reader.state.highlights import Highlight
from reader.state.history import History, Visit
from reader.state.places import heading_before, offset_for_percent, reanchor, snippet_at
from reader.state.store import FINISHED_PERCENT, Bookmark, Position, Store, library_key

__all__ = [
    "FINISHED_PERCENT",
    "Bookmark",
    "Highlight",
    "History",
    "Position",
    "Quote",
    "Store",
    "Visit",
    "anchor",
    "heading_before",
    "library_key",
    "offset_for_percent",
    "reanchor",
    "snippet_at",
    "text_hash",
]
