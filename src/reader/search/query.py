"""The library search syntax, turned into an SQLite FTS5 expression.

    words            every word must match (the last one also as a prefix)
    "a phrase"       the words in this order
    -word, -"a b"    leave out articles with it
    author:name  title:word  section:word  (also series:, tags:)

Every term is folded exactly as the in-text search folds it (`fold`), and the
index holds folded text, so a word found by the library search is found again
inside the article. Terms are always quoted for FTS5, so no user input reaches
its parser unquoted; anything we still cannot build raises `QuerySyntaxError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.textsearch.fold import fold

FIELDS = {"author": "author", "title": "title", "section": "section", "series": "series"}
FIELDS["tag"] = FIELDS["tags"] = "tags"

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)("?)|(\S+))')
_WORD = re.compile(r"\w+")
#: A field with nothing after it (`author:` alone): not the word "author".
_EMPTY_FIELD = re.compile(r'(?:^|(?<=\s))-?(\w+):(?:""|(?=\s|$))')


class QuerySyntaxError(ValueError):
    """The query cannot be searched; the message says why, in one line."""


@dataclass
class LibraryQuery:
    """A parsed query: the FTS5 expression and the plain terms to find in bodies."""

    text: str
    expression: str
    #: Positive words and phrases (not field-restricted): for snippets, and as the
    #: in-text search when a result is opened.
    terms: list[str] = field(default_factory=list)


def _phrase(text: str) -> str | None:
    words = _WORD.findall(fold(text).folded)
    return '"' + " ".join(words) + '"' if words else None


def parse(text: str) -> LibraryQuery:
    """Parse `text`; raises QuerySyntaxError for a query that cannot be searched."""
    positives: list[str] = []
    negatives: list[str] = []
    terms: list[str] = []
    for empty in _EMPTY_FIELD.finditer(text):
        if empty.group(1).lower() in FIELDS:
            name = empty.group(1)
            raise QuerySyntaxError(f"{name}: needs a word after it, as in {name}:word")
    matches = list(_TOKEN.finditer(text))
    for number, match in enumerate(matches):
        minus, name, quoted, closing, bare = match.groups()
        if quoted is not None and not closing:
            raise QuerySyntaxError('a quote is not closed: add the closing "')
        if name is not None and name.isdigit():  # "10:30" is text, not a field
            bare, name = match.group(0).lstrip("-"), None
        if name is not None and name.lower() not in FIELDS:
            known = ", ".join(sorted({"author", "title", "section", "series", "tags"}))
            raise QuerySyntaxError(f"unknown field {name}: (use {known})")
        raw = quoted if quoted is not None else bare
        phrase = _phrase(raw)
        if phrase is None:
            continue
        last_bare_word = bare is not None and number == len(matches) - 1 and not minus
        if last_bare_word and " " not in phrase:
            phrase += "*"  # the word being typed: match as a prefix
        column = FIELDS[name.lower()] if name else None
        expression = f"{column} : {phrase}" if column else phrase
        if minus:
            negatives.append(expression)
        else:
            positives.append(expression)
            if column is None:
                terms.append(raw)
    if not positives:
        if negatives:
            raise QuerySyntaxError("add a word to search for: -word only leaves results out")
        raise QuerySyntaxError("type a word to search for")
    expression = " AND ".join(positives)
    for negative in negatives:
        expression = f"({expression}) NOT {negative}"
    return LibraryQuery(text, expression, terms)
