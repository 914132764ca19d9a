"""The library: its model, how a folder is loaded into it, and the text of its files.

Public API:
- `Library`, `Section`, `Article`: the tree (`model`); bodies are read on demand.
- `load_library(path)` -> `(Library, [Problem])`: never raises for a bad file
  (`loader`); `LibraryError` only when the folder itself cannot be opened.
- `markdown_blocks`: the one scanner of Markdown blocks (headings, fences).
- `resolve(library, article, url)`: where a link leads (`links`).
- `clean_text`, `clean_line`: what every string from a file goes through (`sanitize`).
- `CachedHead`, `HeadCache`: what the loader may remember between runs (`head_cache`).
- `library_stamp(path)`: one digest of every file the loader could read, or None
  (`stamp`): a library unchanged since the last search is not loaded again.

Nothing here imports Textual.
"""

from reader.library.head_cache import CachedHead, HeadCache
from reader.library.links import LinkTarget, resolve, slug
from reader.library.loader import LibraryError, Problem, load_library
from reader.library.model import Article, Library, Section, reading_minutes, word_count
from reader.library.sanitize import clean_line, clean_text
from reader.library.stamp import library_stamp

__all__ = [
    "Article",
    "CachedHead",
    "HeadCache",
    "Library",
    "LibraryError",
    "LinkTarget",
    "Problem",
    "Section",
    "clean_line",
    "clean_text",
    "library_stamp",
    "load_library",
    "reading_minutes",
    "resolve",
    "slug",
    "word_count",
]
