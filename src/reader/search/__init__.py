"""Library-wide search: the query syntax, the SQLite FTS5 index, the ranked results.

Public API:
- `parse(text)` -> `LibraryQuery` (`QuerySyntaxError` for what cannot be searched).
- `LibraryIndex.open(index_file(cache_dir, library_path))`: the cached index; it
  also remembers parsed file heads for the loader (a `HeadCache`).
- `hits(library, index, query)` -> `[Hit]`: best first, with snippets.
- `quick.quick_hits(index, root, library_stamp(root), query, limit)`: the same without loading
  the library, while its stamp is the one kept at the last update (`shown`).

Nothing here imports Textual.
"""

from reader.search.index import LibraryIndex, index_file
from reader.search.query import LibraryQuery, QuerySyntaxError, parse
from reader.search.results import RESULTS, Hit, hits

__all__ = [
    "RESULTS",
    "Hit",
    "LibraryIndex",
    "LibraryQuery",
    "QuerySyntaxError",
    "hits",
    "index_file",
    "parse",
]
