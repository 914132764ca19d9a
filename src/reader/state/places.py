"""Finding a saved place in an article again after the article changed.

A place is kept as a source character offset into the article body together
with a short snippet of the text found there and the percent read. When the
body is edited (text inserted before the place) or reflowed (line breaks moved),
`reanchor` looks for the snippet near the old offset, first exactly, then with
whitespace normalised (as `annotations.anchor` finds a highlight's passage),
then by halves of the snippet (in case the edit touched
the snippet itself), and only then falls back to the same percent of the new
length. Pure functions on strings: no I/O, no Textual.
"""

from __future__ import annotations

import bisect
import re
from typing import Protocol

from reader.library.markdown_blocks import headings
from reader.state.annotations import Quote, anchor

#: A snippet is at least this long when the body allows it, and never longer
#: than `SNIPPET_MAX`: it is extended to the end of a word in between.
SNIPPET_MIN = 60
SNIPPET_MAX = 80
#: Halves of a snippet shorter than this are too common to be trusted.
_HALF_MIN = 16

_SPACE = re.compile(r"\s+")


class Anchored(Protocol):
    """What `reanchor` needs of a saved place (a `Position` or a `Bookmark`)."""

    @property
    def offset(self) -> int: ...
    @property
    def percent(self) -> float: ...
    @property
    def snippet(self) -> str: ...


def text_start(body: str, offset: int) -> int:
    """`offset` moved past blank space (a line break, an indent) to the text there.

    A place saved at a blank line would keep a snippet starting with a newline,
    which every listing and export then shows: a snippet starts at the text
    after it (the offset stays, so the reader opens exactly where it was).
    """
    offset = clamp(offset, body)
    moved = offset
    while moved < len(body) and moved - offset < 80 and body[moved].isspace():
        moved += 1
    return moved if moved < len(body) and not body[moved].isspace() else offset


def snippet_at(body: str, offset: int) -> str:
    """About 60-80 characters of `body` from the text at `offset`, ended at a word end."""
    offset = text_start(body, offset)
    text = body[offset : offset + SNIPPET_MAX]
    if len(text) <= SNIPPET_MIN:
        return text
    cut = text.find(" ", SNIPPET_MIN)
    return text if cut < 0 else text[:cut]


def percent_at(body: str, offset: int) -> float:
    """How far into `body` the offset is, 0-100 (100 for an empty body)."""
    return 100.0 if not body else round(100.0 * clamp(offset, body) / len(body), 2)


def offset_for_percent(body: str, percent: float) -> int:
    """The offset `percent` of the way into `body`, moved back to a word's start."""
    target = clamp(round(len(body) * percent / 100.0), body)
    offset = target
    while offset > 0 and target - offset < 40 and not body[offset - 1].isspace():
        offset -= 1
    return offset if offset == 0 or body[offset - 1].isspace() else target


def heading_before(body: str, offset: int) -> str:
    """The plain text of the heading whose section holds `offset` ('' above the first).

    An offset anywhere in a heading's own lines counts as under that heading.
    """
    found = ""
    for heading in headings(body):
        if heading.offset > offset:
            break
        found = heading.title
    return found


def reanchor(body: str, place: Anchored) -> int:
    """Where `place` is in `body` now: the snippet nearest its old offset, else its percent."""
    snippet = place.snippet
    old = clamp(place.offset, body)
    if snippet.strip():
        if body.startswith(snippet, old):
            return old
        start = text_start(body, old)
        if body.startswith(snippet, start):
            # A place saved at a blank line keeps its line (its snippet is the text
            # after it); a place inside a line that now starts at a space moved.
            return old if old == 0 or body[old - 1] == "\n" else start
        # The snippet itself, wherever it moved (runs of whitespace may differ): found
        # as a highlight's passage is (`annotations.anchor`), the nearest one first.
        span = anchor(body, Quote(snippet.strip(), "", "", old, old + len(snippet)))
        if span is not None:
            return max(0, span[0] - (len(snippet) - len(snippet.lstrip())))
        half = len(snippet) // 2
        if half >= _HALF_MIN:
            found = _nearest_normalised(body, snippet[:half], old)
            if found is not None:
                return found
            tail_found = _nearest_normalised(body, snippet[half:], old + half)
            if tail_found is not None:
                return max(0, tail_found - half)
    return clamp(round(len(body) * place.percent / 100.0), body)


def clamp(offset: int, body: str) -> int:
    return min(max(0, offset), len(body))


def _nearest(text: str, needle: str, around: int) -> int | None:
    best: int | None = None
    start = text.find(needle)
    while start >= 0:
        if best is None or abs(start - around) < abs(best - around):
            best = start
        if start > around:
            break  # every later match is further away
        start = text.find(needle, start + 1)
    return best


def _nearest_normalised(body: str, needle: str, around: int) -> int | None:
    """`_nearest` with every run of whitespace counted as one space, in both texts."""
    wanted = " ".join(needle.split())
    if not wanted:
        return None
    pieces: list[str] = []
    origins: list[int] = []  # index in `body` of each character of the flat text
    position = 0
    for match in _SPACE.finditer(body):
        pieces.append(body[position : match.start()])
        origins.extend(range(position, match.start()))
        pieces.append(" ")
        origins.append(match.start())
        position = match.end()
    pieces.append(body[position:])
    origins.extend(range(position, len(body)))
    flat = "".join(pieces)
    found = _nearest(flat, wanted, bisect.bisect_left(origins, around))
    return None if found is None else origins[found]
