"""`FoldedText`: a text folded for search, and the map back to the original.

Folding changes lengths (`ß` -> `ss`, `ﬁ` -> `fi`, a lone combining mark ->
nothing), so a match found in the folded text is mapped back to the exact
original characters it came from. The map lists the characters whose fold is
not one character long; between two of them both texts advance together.

It is kept a piece at a time (`piece` original characters each, as the text
was folded) and each piece's map is built when first asked for: going to a
match needs the map of one piece (a few milliseconds), not that of a whole
20 MB book, so nothing has to be prepared before a search is answered.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add, floordiv, mod

#: One piece's map: where each expanding character's fold begins (folded
#: offsets), and where the character is (original offsets).
PieceMap = tuple["array[int]", "array[int]"]


@dataclass
class FoldedText:
    """`original` folded (`folded`), with the map between their offsets."""

    original: str
    folded: str = ""
    #: False when some character folded to several (`ß` -> `ss`): then a folded
    #: offset can fall inside one original character.
    exact: bool = True
    #: Folded letters that can stand strictly inside an expansion (`s` of `ss`), and
    #: those just before such an offset: only a word that begins with one of the
    #: first or ends with one of the second can start or end inside a character.
    inner_starts: frozenset[str] = frozenset()
    inner_ends: frozenset[str] = frozenset()
    #: The fold of each original character whose fold is not one character long.
    outputs: dict[str, str] = field(default_factory=dict, repr=False)
    #: Original characters per piece, and the folded offset where each piece begins
    #: (then the folded length).
    piece: int = 1
    piece_starts: array[int] = field(default_factory=lambda: array("q", [0]), repr=False)
    _maps: dict[int, PieceMap] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _inner_by: tuple[dict[str, array[int]], dict[str, array[int]]] | None = field(
        default=None, repr=False
    )

    # -- the map, a piece at a time ---------------------------------------------

    def _pieces(self) -> int:
        return len(self.piece_starts) - 1

    def _piece_map(self, number: int) -> PieceMap:
        """The map of piece `number`, built once (a search thread may ask as well)."""
        with self._lock:
            built = self._maps.get(number)
            if built is None:
                built = self._maps[number] = _piece_map(self, number)
            return built

    def _piece_of_folded(self, offset: int) -> int:
        return max(0, bisect_right(self.piece_starts, offset, 0, self._pieces()) - 1)

    def _size(self, origin: int) -> int:
        return len(self.outputs[self.original[origin]])

    def to_original(self, offset: int) -> int:
        """The original offset for a folded offset (the start of an expansion)."""
        if not self.outputs:
            return offset
        number = self._piece_of_folded(offset)
        firsts, origins = self._piece_map(number)
        index = bisect_right(firsts, offset) - 1
        if index < 0:
            return number * self.piece + offset - self.piece_starts[number]
        end = firsts[index] + self._size(origins[index])
        return origins[index] if offset < end else origins[index] + 1 + offset - end

    def to_folded(self, offset: int) -> int:
        """The folded offset for an original offset (the inverse of `to_original`)."""
        if not self.outputs:
            return offset
        number = max(0, min(offset // self.piece, self._pieces() - 1))
        firsts, origins = self._piece_map(number)
        index = bisect_right(origins, offset) - 1
        if index < 0:
            return self.piece_starts[number] + offset - number * self.piece
        if origins[index] == offset:
            return firsts[index]
        return firsts[index] + self._size(origins[index]) + offset - origins[index] - 1

    def on_boundary(self, offset: int) -> bool:
        """True unless folded `offset` is strictly inside one character's expansion."""
        if self.exact or offset >= len(self.folded) or self.folded[offset] not in self.inner_starts:
            return True
        firsts, origins = self._piece_map(self._piece_of_folded(offset))
        index = bisect_right(firsts, offset) - 1
        return index < 0 or not firsts[index] < offset < firsts[index] + self._size(origins[index])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded match [start, end) to the original characters it covers.

        The end takes in characters that folded to nothing right after the match
        (a decomposed accent), so `cafe` highlights all of `cafe\\u0301`.
        """
        if end <= start:
            origin = self.to_original(start)
            return origin, origin
        last = self.to_original(end - 1) + 1
        return self.to_original(start), max(last, self.to_original(end))

    # -- where a word may be cut ---------------------------------------------------

    def may_split(self, word: str) -> bool:
        """True if `word` could begin or end strictly inside one character's expansion."""
        return bool(word) and (word[0] in self.inner_starts or word[-1] in self.inner_ends)

    @property
    def inner_ready(self) -> bool:
        """True once `inner_by_char` answers at once."""
        return self._inner_by is not None or self.exact

    def inner_offsets(self) -> list[int]:
        """Folded offsets strictly inside one character's expansion, in order."""
        at, _ = self.inner_by_char()
        return sorted(offset for offsets in at.values() for offset in offsets)

    def inner_by_char(self) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
        """The inner offsets grouped by the folded letter at them, and by the one
        before them: a word can only start (or end) inside an expansion where its
        first (or last) letter is, so counting such a word looks at those alone.
        Kept in arrays: a 20 MB book has 300,000 of them."""
        if self._inner_by is None:
            at: dict[str, array[int]] = {}
            after: dict[str, array[int]] = {}
            text = self.original
            longer = {char: output for char, output in self.outputs.items() if len(output) > 1}
            for number in range(self._pieces()):
                firsts, origins = self._piece_map(number)
                chars = [text[origin] for origin in origins]
                for char, output in longer.items():
                    mine = [
                        first
                        for first, at_char in zip(firsts, chars, strict=True)
                        if at_char == char
                    ]
                    for inner in range(1, len(output)):
                        offsets = [first + inner for first in mine]
                        at.setdefault(output[inner], array("q")).extend(offsets)
                        after.setdefault(output[inner - 1], array("q")).extend(offsets)
            self._inner_by = (at, after)
        return self._inner_by


def _piece_map(folded: FoldedText, number: int) -> PieceMap:
    """Where the characters of `folded.outputs` are in one piece of the original, and
    where their folds begin. One literal search per character (several times faster
    than a scan for a character class), then `map` over C functions: no bytecode
    per character."""
    text, outputs = folded.original, folded.outputs
    begin = number * folded.piece
    end = min(len(text), begin + folded.piece)
    targets = list(outputs)
    kinds = len(targets)
    keyed: list[int] = []
    for kind, char in enumerate(targets):
        found = re.compile(re.escape(char)).finditer(text, begin, end)
        keyed.extend([match.start() * kinds + kind for match in found])
    keyed.sort()
    origins = array("q", map(floordiv, keyed, repeat(kinds)))
    grown = [len(outputs[target]) - 1 for target in targets]
    shifts = accumulate(map(grown.__getitem__, map(mod, keyed, repeat(kinds))), initial=0)
    base = folded.piece_starts[number] - begin  # folded minus original at the piece's start
    firsts = array("q", map(add, map(add, origins, shifts), repeat(base)))
    return firsts, origins
