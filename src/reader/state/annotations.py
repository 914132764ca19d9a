"""Anchoring a passage of an article so that it is found again after the text changed.

A highlight keeps the two W3C Web Annotation selectors of its passage: a
`TextQuoteSelector` (the exact text, with `CONTEXT` characters before and after
it) and a `TextPositionSelector` (its source offsets), with a hash of the text
they were taken from. While the hash still matches, the offsets are right. Once
it does not, `anchor` looks for the exact text again (whitespace may differ: a
reflowed paragraph is the same passage), scores every occurrence by how much of
the old prefix and suffix surrounds it, and takes the best one, the nearest to
the old offset among equals. When the exact text is nowhere, the passage is
orphaned: the caller keeps it and says so, it is never deleted.

Pure functions on strings: no I/O, no Textual.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

#: Characters of context kept on each side of a quote.
CONTEXT = 32
#: Occurrences of one quote scored at most (a one-word quote in a book).
MAX_CANDIDATES = 2_000


@dataclass(slots=True)
class Quote:
    """A `TextQuoteSelector` with its `TextPositionSelector`: where a passage was."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def at(cls, body: str, start: int, end: int) -> Quote:
        """The passage `body[start:end]`, with its context."""
        start, end = max(0, min(start, len(body))), max(0, min(end, len(body)))
        start, end = min(start, end), max(start, end)
        return cls(
            body[start:end],
            body[max(0, start - CONTEXT) : start],
            body[end : end + CONTEXT],
            start,
            end,
        )


def text_hash(body: str) -> str:
    """A short fingerprint of an article's text: equal texts, equal hashes."""
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def occurrences(body: str, exact: str) -> list[tuple[int, int]]:
    """Every (start, end) of `exact` in `body`, runs of whitespace matching any other."""
    words = exact.split()
    if not words:
        return []
    if len(words) == 1 and exact == words[0]:
        spans: list[tuple[int, int]] = []
        start = body.find(exact)
        while start >= 0 and len(spans) < MAX_CANDIDATES:
            spans.append((start, start + len(exact)))
            start = body.find(exact, start + 1)
        return spans
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    spans = []
    for match in pattern.finditer(body):
        spans.append((match.start(), match.end()))
        if len(spans) >= MAX_CANDIDATES:
            break
    return spans


def anchor(body: str, quote: Quote) -> tuple[int, int] | None:
    """Where `quote` is in `body` now, as (start, end); None when it is orphaned."""
    if body[quote.start : quote.end] == quote.exact and quote.exact.strip():
        before = body[max(0, quote.start - CONTEXT) : quote.start]
        after = body[quote.end : quote.end + CONTEXT]
        if before == quote.prefix and after == quote.suffix:
            return quote.start, quote.end
    best: tuple[int, int] | None = None
    best_key: tuple[int, int] | None = None
    for start, end in occurrences(body, quote.exact):
        score = _common_suffix(body[max(0, start - CONTEXT) : start], quote.prefix)
        score += _common_prefix(body[end : end + CONTEXT], quote.suffix)
        key = (-score, abs(start - quote.start))
        if best_key is None or key < best_key:
            best, best_key = (start, end), key
    return best


def _common_prefix(one: str, two: str) -> int:
    """How many characters `one` and `two` share at their start (whitespace folded)."""
    one, two = " ".join(one.split()), " ".join(two.split())
    count = 0
    for left, right in zip(one, two, strict=False):
        if left != right:
            break
        count += 1
    return count


def _common_suffix(one: str, two: str) -> int:
    return _common_prefix(one[::-1], two[::-1])
