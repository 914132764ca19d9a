"""Selecting a passage in an article's source text, and finding it on screen.

A `Selection` has a fixed end (`anchor`) and a moving one (`head`), both source
offsets; the passage is `[start, end)`. `move` steps the head by a word, a
sentence or a paragraph (`w`/`b`, `)`/`(`, `}`/`{`): the right edge moves
between the ends of those pieces, the left edge (after `o` swapped the ends)
between their starts, and the selection never shrinks below one piece.

`align` maps each character of a rendered unit's text (what the reader sees,
Markdown markup gone) to the source offset it came from, so that a passage of
source can be drawn on rendered lines and a click or a line step (`j`/`k`)
turned back into a source offset. Pure functions: no Textual.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

#: A word: a run of non-space holding a letter or digit (`##` and `-` are not words).
WORD = re.compile(r"\S*\w\S*")
SENTENCE = re.compile(r"\S(?:.*?)(?:[.!?…]+[\"'’”)\]*_]*(?=\s)|(?=\n[ \t]*\n)|\Z)", re.DOTALL)
PARAGRAPH = re.compile(r"\S(?:.*?)(?=\n[ \t]*\n|\Z)", re.DOTALL)
PIECES = {"word": (WORD, 2_000), "sentence": (SENTENCE, 8_000), "paragraph": (PARAGRAPH, 40_000)}
#: How far ahead in the source `align` looks for a rendered character.
WINDOW = 80
#: What may stand before the first letter of a word in Markdown source.
_WORD_START = frozenset(" \t\n*_[(>#`~\"'“‘-")


@dataclass(frozen=True)
class Selection:
    """A passage being selected: `anchor` stays, `head` moves."""

    anchor: int
    head: int

    @property
    def start(self) -> int:
        return min(self.anchor, self.head)

    @property
    def end(self) -> int:
        return max(self.anchor, self.head)

    def swapped(self) -> Selection:
        return Selection(self.head, self.anchor)

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    def words(self, source: str) -> int:
        return len(self.text(source).split())


def spans(text: str, kind: str, around: int) -> list[tuple[int, int]]:
    """The (start, end) of the words, sentences or paragraphs of `text` near `around`."""
    pattern, reach = PIECES[kind]
    low = max(0, around - reach)
    high = min(len(text), around + reach)
    if low > 0:  # start at a piece's beginning, not in the middle of one
        boundary = text.find("\n\n" if kind != "word" else " ", low, around)
        low = boundary if boundary >= 0 else low
    found = [(m.start() + low, m.end() + low) for m in pattern.finditer(text, low, high)]
    return [(start, _trim(text, start, end)) for start, end in found]


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def word_at(text: str, offset: int) -> tuple[int, int]:
    """The first word at or after `offset` (an empty span at the end of the text)."""
    match = WORD.search(text, max(0, offset))
    return (match.start(), match.end()) if match else (len(text), len(text))


def move(selection: Selection, text: str, kind: str, step: int) -> Selection:
    """The selection with its head moved `step` (1 or -1) pieces of `kind`."""
    pieces = spans(text, kind, selection.head)
    if not pieces:
        return selection
    right = selection.head >= selection.anchor
    edges = sorted({end for _, end in pieces} if right else {start for start, _ in pieces})
    head = selection.head
    if step > 0:
        index = bisect_right(edges, head)
        head = edges[index] if index < len(edges) else head
    else:
        index = bisect_left(edges, head) - 1
        head = edges[index] if index >= 0 else head
    anchor = selection.anchor
    if right and head <= anchor:  # keep at least the piece after the anchor
        head = next((end for start, end in pieces if end > anchor), selection.head)
    if not right and head >= anchor:
        head = next((s for s, _ in reversed(pieces) if s < anchor), selection.head)
    return replace(selection, head=head)


def align(source: str, rendered: str, window: int = WINDOW) -> list[int]:
    """For each character of `rendered`, the offset in `source` it shows (non-decreasing).

    Whole words are matched first (most words are in the source as they are
    shown); a word that is not (Markdown inside it, a bullet Rich drew) is
    matched character by character, each within `window` characters of the last
    match. Whitespace, and what is not found, get the offset after the last match.
    """
    offsets: list[int] = []
    pointer = 0
    find = source.find
    for token in _TOKEN.finditer(rendered):
        word = token.group()
        if word[0].isspace():
            offsets += [pointer] * len(word)
            continue
        found = find(word, pointer, pointer + window + len(word))
        if found >= 0 and (found == 0 or source[found - 1] in _WORD_START):
            offsets += range(found, found + len(word))
            pointer = found + len(word)
            continue
        pointer = _align_chars(source, word, pointer, window, offsets)
    return offsets


_TOKEN = re.compile(r"\s+|\S+")


def _align_chars(source: str, word: str, pointer: int, window: int, offsets: list[int]) -> int:
    """Match `word` character by character from `pointer`; returns the new pointer."""
    find = source.find
    for number, char in enumerate(word):
        found = find(char, pointer, pointer + window)
        if number == 0 and found > 0 and source[found - 1] not in _WORD_START:
            # A word's first letter: skip the same letter inside a link's target.
            at = found
            while at > 0 and source[at - 1] not in _WORD_START:
                at = find(char, at + 1, pointer + window)
            found = at if at >= 0 else found
        if found < 0:
            offsets.append(pointer)
        else:
            offsets.append(found)
            pointer = found + 1
    return pointer


def rendered_index(offsets: list[int], source_offset: int) -> int:
    """The first rendered character at or after `source_offset` (an `align` result)."""
    return bisect_left(offsets, source_offset)
