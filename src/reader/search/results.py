"""Library search results: the ranked articles with a snippet around the match.

The index answers with ids; this module turns them into what the screen and
`reader search` show: title, section path, author, and a one-line snippet of
the body around the first match, with the matched words' positions in it.
The snippet is found with the in-text search's own folding and matching.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from reader.library.model import Article, Library
from reader.search.index import LibraryIndex
from reader.search.query import LibraryQuery
from reader.textsearch.fold import fold
from reader.textsearch.matcher import Query, QueryError, find_all

SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 180

#: Markdown syntax that a one-line snippet shows as text: `[label](url)` and
#: `[label][ref]` keep the label, `![alt](src)` the alt text; heading marks,
#: emphasis, code ticks, quote marks, HTML tags, footnote marks, reference
#: definitions, admonition markers (`!!! quote "Title"` keeps the title) and
#: snippet includes (`--8<-- "file"`) go; entities are decoded.
_LINK = re.compile(r"!?\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_MARKS = re.compile(r"(^|\s)(#{1,6}|>+|[-*+]|\d+\.)(?=\s)|[`~]+|(?<!\w)[*_]+|[*_]+(?!\w)|<[^>]+>")
_SOURCE = re.compile(
    r"""\[\^[^\]\s]+\]:?                                  # footnote mark or definition
    | (?:^|(?<=\n))[ \t]*\[[^\]\n]+\]:[ \t]*\S+[^\n]*     # [ref]: url "title"
    | -{1,2}8<-{1,2}(?:[ \t]+"[^"\n]*"|[ \t]+\S+)?       # --8<-- "included.md"
    | (?:!!!|\?\?\?\+?)[ \t]*[\w-]*(?:[ \t]+"([^"\n]*)")?   # !!! note "Title"
    """,
    re.VERBOSE,
)


def plain(markdown: str) -> str:
    """`markdown` as the one line of plain text a snippet shows."""
    text = _SOURCE.sub(
        lambda m: m.group(1) or ("" if m.group().startswith("[^") else " "), markdown
    )
    text = _LINK.sub(r"\1", text)
    text = _MARKS.sub(lambda match: match.group(1) or "", text)
    return " ".join(html.unescape(text).split())


#: The snippet's match is looked for this many characters at a time...
CHUNK = 4096
#: ...each chunk reaching this far into the next.
OVERLAP = 256


@dataclass
class Hit:
    """One result: the article, its section path, a snippet and where it matched."""

    article: Article
    section: list[str]
    snippet: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def _queries(terms: list[str]) -> list[Query]:
    queries = []
    for term in terms:
        try:
            queries.append(Query.parse(term.lower()))  # library search ignores case
        except QueryError:
            continue
    return queries


def _first_match(queries: list[Query], body: str) -> int:
    """Where the earliest match of any query starts in `body` (0 when none does).

    A plain ASCII word is first looked for in `body.lower()` (in C); its offset
    there is at most a few characters off the original's, plenty for placing a
    snippet whose matches are then found exactly. Only when that finds nothing
    does the body get folded.
    Folding a whole body costs more than the index search, and the first match
    is usually near the start: fold and search it a chunk at a time (folding is
    per character, so a chunk folds like the same stretch of the whole body).
    Chunks overlap, so a match shorter than the overlap is never split.
    """
    lowered = body.lower()
    quick = [
        position
        for query in queries
        if query.literal is not None
        and query.literal.isascii()
        and (position := lowered.find(query.literal)) >= 0
    ]
    if quick:
        return min(quick)
    for start in range(0, len(body), CHUNK):
        folded = fold(body[start : start + CHUNK + OVERLAP])
        found = [folded.to_original(spans[0][0]) for q in queries if (spans := q.spans(folded))]
        if found:
            return start + min(found)
    return 0


def snippet(body: str, terms: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A line of `body` around the first match of any term, and the matches in it."""
    queries = _queries(terms)
    first = _first_match(queries, body) if queries else 0
    start = max(0, first - SNIPPET_BEFORE)
    while start > 0 and not body[start - 1].isspace() and first - start < SNIPPET_BEFORE + 20:
        start -= 1
    window = plain(body[start : start + SNIPPET_LENGTH])
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_LENGTH < len(body) else ""
    text = prefix + window + suffix
    spans = sorted(span for q in queries for span in find_all(q, text))
    return text, spans


#: How many results a query shows (the search screen's page, `reader search`'s default).
RESULTS = 20


def hits(
    library: Library, index: LibraryIndex, query: LibraryQuery, limit: int = RESULTS
) -> list[Hit]:
    """The best `limit` articles for `query`, each with its snippet."""
    results = []
    for article_id in index.search(query, limit):
        article = library.articles.get(article_id)
        if article is None:
            continue  # indexed before the file went away; the next update drops it
        try:
            body = library.read_body(article)
        except OSError:
            body = article.summary
        text, spans = snippet(body, query.terms)
        results.append(Hit(article, library.section_of(article).trail, text, spans))
    return results
