"""Turning what the user typed into matches on original text.

Smart case: a query with no capital letter ignores case. Plain queries are
literal, with any run of spaces matching any run of whitespace, so a phrase is
found where the text breaks it across lines. Regular expressions run on the
accent-folded text; an invalid one raises `QueryError` with a short reason.

A regular expression can backtrack for minutes (`(x+x+)+y`, `.*.*.*x`). They are
compiled with the `regex` package, whose matching takes a `timeout`: `count` and
`spans` take a `deadline` (a `time.monotonic()` value) and raise `QueryTooSlow`
once it has passed, so the caller gives up instead of freezing the UI.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

from reader.textsearch.fold import fold, fold_char
from reader.textsearch.folded import FoldedText

#: A quantifier that repeats what comes before it more than once.
_REPEAT = re.compile(r"[+*]|\{\d*,\d*\}|\{\d{2,}\}|\{[2-9]\}")


def risky_repetition(pattern: str) -> bool:
    """True when a group that holds a repeat or an alternation is itself repeated.

    `(a+)+`, `((a+))+`, `(a|aa)+`, `(.*a){12}`: Python's `re` can backtrack for
    ever on these, holding the UI thread (it has no timeout and keeps the GIL).
    A plain `(ab)+` or `a+b*` is fine. Errs on the side of refusing.
    """
    stack: list[bool] = []  # per open group: does it hold a repeat or a `|`?
    position = 0
    while position < len(pattern):
        char = pattern[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":  # a character class: skip to its end
            end = pattern.find("]", position + 2)
            position = len(pattern) if end < 0 else end + 1
            continue
        if char == "(":
            stack.append(False)
        elif char == ")" and stack:
            risky = stack.pop()
            if risky and _REPEAT.match(pattern, position + 1):
                return True
            if stack:
                stack[-1] = stack[-1] or risky
        elif (char == "|" or _REPEAT.match(pattern, position)) and stack:
            stack[-1] = True
        position += 1
    return False


class QueryError(ValueError):
    """The query cannot be searched (an invalid regular expression)."""


class QueryTooSlow(QueryError):
    """Matching did not finish by its deadline (a pattern that backtracks)."""

    def __init__(self) -> None:
        super().__init__("pattern too slow: simplify it")


def _timeout(deadline: float | None) -> float | None:
    """Seconds left until `deadline`; QueryTooSlow when none are."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise QueryTooSlow
    return left


def wants_case(query: str) -> bool:
    """Smart case: case matters only when the query has a capital letter."""
    return any(char.isupper() for char in query)


@dataclass(frozen=True)
class Query:
    """A compiled search: the pattern and which folding of the text it runs on."""

    text: str
    regex: bool
    casefold: bool
    #: `re.Pattern` for plain queries (linear); `regex.Pattern` (timed) for expressions.
    pattern: Any
    #: The folded query when it is one plain word: counted with `str.count`.
    literal: str | None = None

    @classmethod
    def parse(cls, text: str, *, regex: bool = False) -> Query:
        casefold = not wants_case(text)
        if regex:
            if risky_repetition(text):
                raise QueryError(
                    "nested repetition such as (a+)+ or (a|b)* can take for ever: "
                    "simplify it (e.g. a+, [ab]*)"
                )
            import regex as timed  # only for regular expressions: 20 ms of every start

            flags = timed.IGNORECASE if casefold else 0
            try:
                # Run on folded text (which is lower case when casefolding).
                # Non-ASCII letters are never regex syntax: fold them like the text.
                folded = "".join(
                    char if char.isascii() else re.escape(fold_char(char, casefold))
                    for char in text
                )
                pattern = timed.compile(folded, flags)
            except (timed.error, re.error) as error:
                raise QueryError(f"invalid regular expression: {error.msg}") from None
            except (ValueError, OverflowError, RecursionError) as error:
                raise QueryError(f"invalid regular expression: {error}") from None
            return cls(text, True, casefold, pattern)
        folded = fold(text.strip(), casefold=casefold).folded
        words = [re.escape(word) for word in folded.split(" ") if word]
        pattern = re.compile(" +".join(words)) if words else re.compile(r"(?!x)x")
        literal = folded.strip() if len(words) == 1 else None
        return cls(text, False, casefold, pattern, literal)

    def _find(self, text: str, deadline: float | None, position: int = 0) -> Iterator[Any]:
        if self.regex:
            try:
                yield from self.pattern.finditer(
                    text, position, timeout=_timeout(deadline), concurrent=True
                )
            except TimeoutError:
                raise QueryTooSlow from None
        else:
            yield from self.pattern.finditer(text, position)

    def _search(self, text: str, position: int, deadline: float | None) -> Any:
        if not self.regex:
            return self.pattern.search(text, position)
        try:
            return self.pattern.search(text, position, timeout=_timeout(deadline), concurrent=True)
        except TimeoutError:
            raise QueryTooSlow from None

    def count(
        self, folded: FoldedText, deadline: float | None = None, before: int | None = None
    ) -> int:
        """How many matches `folded` holds (those starting before folded offset `before`),
        without building them when it can: `str.count` for a word, less the
        occurrences that start or end inside one character's expansion."""
        literal = self.literal
        text = folded.folded
        if literal is None or (folded.may_split(literal) and _has_border(literal)):
            spans = self.iter_spans(folded, 0, deadline)
            if before is not None:
                spans = takewhile(lambda span: span[0] < before, spans)
            return sum(1 for _ in spans)
        stop = len(text) if before is None else before + len(literal) - 1
        total = text.count(literal, 0, stop)
        if not folded.may_split(literal):
            return total  # no map needed: the total shows at once
        # A word that cannot overlap itself: every occurrence counts except those
        # starting or ending inside an expanded letter (see `spans`); only offsets
        # whose letter could begin (or end) the word are tried.
        size = len(literal)
        at, after = folded.inner_by_char()
        inside = {start for start in at.get(literal[0], ()) if text.startswith(literal, start)}
        inside.update(
            start
            for start in (offset - size for offset in after.get(literal[-1], ()))
            if start >= 0 and text.startswith(literal, start)
        )
        return total - sum(1 for start in inside if start + size <= stop)

    def spans(self, folded: FoldedText, deadline: float | None = None) -> list[tuple[int, int]]:
        """(start, end) of every non-empty match in `folded`, in folded offsets.

        A match must start and end between original characters: "s" is not half
        of a "ß" (folded "ss"), so the highlight always covers text that folds
        to the query. After a match that does not, the search goes on one
        character further (and stops at the end: an empty match there is no match).
        """
        text = folded.folded
        if folded.exact:
            return [m.span() for m in self._find(text, deadline) if m.end() > m.start()]
        result = []
        position = 0
        while (match := self._search(text, position, deadline)) is not None:
            start, end = match.span()
            if end > start and folded.on_boundary(start) and folded.on_boundary(end):
                result.append((start, end))
                position = end
            elif start >= len(text):
                break
            else:
                position = start + 1
        return result

    def iter_spans(
        self, folded: FoldedText, position: int = 0, deadline: float | None = None
    ) -> Iterator[tuple[int, int]]:
        """`spans` from folded `position` on, one at a time (stop when you have enough).

        Raises `QueryTooSlow` (a regular expression) once `deadline` has passed.
        """
        text = folded.folded
        if folded.exact:
            for match in self._find(text, deadline, position):
                if match.end() > match.start():
                    yield match.span()
            return
        while position <= len(text) and (found := self._search(text, position, deadline)):
            start, end = found.span()
            if end > start and folded.on_boundary(start) and folded.on_boundary(end):
                yield start, end
                position = end
            elif start >= len(text):
                return
            else:
                position = start + 1

    def search(
        self, folded: FoldedText, deadline: float | None = None
    ) -> Iterator[tuple[int, int]]:
        """Yield (start, end) of every match, as offsets into `folded.original`."""
        for start, end in self.spans(folded, deadline):
            yield folded.span(start, end)


def _has_border(word: str) -> bool:
    """True if some proper prefix of `word` is also its suffix (occurrences can overlap)."""
    return any(word[:size] == word[-size:] for size in range(1, len(word)))


def find_all(query: Query, text: str) -> list[tuple[int, int]]:
    """Every match of `query` in `text` (original offsets), folding `text` once."""
    return list(query.search(fold(text, casefold=query.casefold)))
