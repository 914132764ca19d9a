"""Finding words in text: folding and matching, shared by every search in `reader`.

Pure functions on strings, no I/O: the in-article search (`reading.matches`) and
the library search (`search`) fold and match the same way, so a word is found
wherever it is looked for.

Public API: `fold` / `FoldedText` (case, accents and letter forms folded, with a
map back to the original), `Query` / `QueryError` (smart case, plain or regular
expression), `find_all`, `wants_case`.
"""

from reader.textsearch.fold import fold
from reader.textsearch.folded import FoldedText
from reader.textsearch.matcher import Query, QueryError, find_all, wants_case

__all__ = ["FoldedText", "Query", "QueryError", "find_all", "fold", "wants_case"]
