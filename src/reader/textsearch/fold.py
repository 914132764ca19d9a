"""Folding text for accent-, case- and width-insensitive search, with an offset map.

`strasse` must find `Straße`, `istanbul` `İstanbul`, `atesci` `Ateşçi`, `file`
`ﬁle`. Folding changes lengths (`ß` -> `ss`, `ﬁ` -> `fi`), so `FoldedText` keeps
a map from every folded offset back to the offset in the original text, and a
match is always highlighted on the exact original characters.

Fast on a 20 MB book, because a book uses few distinct characters: the folded
string is made by C calls only (`str.replace` once per distinct character that
`lower` does not already fold, then `lower`), and the offset map, a Python
loop over the characters that change length, is built only when first asked
for. Counting a word needs no map at all (`may_split`), so the `i/N` total of a
search is known as soon as the folded string is.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, floordiv, mod

#: Letters NFKD does not decompose but readers expect to match their base letter.
#: `ß` is here too: without casefolding (a query with a capital) it must still be `ss`.
_EXTRA = {
    "ß": "ss",
    "ẞ": "SS",
    "ı": "i",
    "ł": "l",
    "Ł": "L",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ħ": "h",
}
#: `lower` of a whole string depends on context for this letter alone (final sigma):
#: it is always replaced, never left to `lower`.
_CONTEXTUAL = "\u03a3"
#: Above this many characters to replace, one regex pass beats one `replace` each.
MAX_REPLACE = 48
_ASCII = bytes(range(128))


@lru_cache(maxsize=4096)
def fold_char(char: str, casefold: bool) -> str:
    """Fold one non-ASCII character: compatibility-decompose, drop marks, casefold."""
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", _EXTRA.get(char, char))
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    if casefold:
        base = base.casefold()
        # casefold can reintroduce marks (İ -> i̇); fold them away again.
        base = "".join(
            c for c in unicodedata.normalize("NFKD", base) if not unicodedata.combining(c)
        )
    return base


@dataclass
class _Plan:
    """How to fold one text: what each of its non-ASCII characters becomes."""

    casefold: bool
    #: Characters `lower` does not fold right by itself, and what they become.
    table: dict[str, str]
    #: The fold of every character whose fold is not one character long.
    outputs: dict[str, str]

    def apply(self, piece: str) -> str:
        table = self.table
        if len(table) <= MAX_REPLACE and not any(
            char in table for output in table.values() for char in output
        ):
            for char, output in table.items():
                piece = piece.replace(char, output)
        elif table:
            pattern = re.compile("[" + "".join(map(re.escape, table)) + "]")
            piece = pattern.sub(lambda match: table[match.group()], piece)
        # Lowering after folding keeps lengths: `İ` (the one letter `lower`
        # lengthens) is folded away already.
        return _spaces(piece.lower() if self.casefold else piece)


def _distinct_non_ascii(text: str) -> set[str]:
    """The non-ASCII characters of `text` (the ASCII bytes of its UTF-8 deleted in C)."""
    found: set[str] = set()
    for begin in range(0, len(text), CHUNK):
        piece = text[begin : begin + CHUNK]
        if not piece.isascii():
            rest = piece.encode("utf-8", "surrogatepass").translate(None, _ASCII)
            found.update(rest.decode("utf-8", "surrogatepass"))
    return found


def _plan(text: str, casefold: bool) -> _Plan:
    table: dict[str, str] = {}
    outputs: dict[str, str] = {}
    for char in _distinct_non_ascii(text):
        output = fold_char(char, casefold)
        if casefold:
            output = output.lower()
            if output != char.lower() or char == _CONTEXTUAL:
                table[char] = output
        elif output != char:
            table[char] = output
        if len(output) != 1:
            outputs[char] = output
    return _Plan(casefold, table, outputs)


@dataclass
class FoldedText:
    """`text` folded, plus a map from folded offsets to original ones.

    The map lists the characters whose fold is not one character long (`ß`, `ﬁ`,
    a lone combining mark): `firsts[i]` is where the fold of the i-th begins in
    the folded text, `origins[i]` where it is in the original; between two of
    them both texts advance together. It is built on first use.
    """

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
    _map: tuple[array[int], array[int]] | None = field(default=None, repr=False)
    _map_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _inner_by: tuple[dict[str, array[int]], dict[str, array[int]]] | None = field(
        default=None, repr=False
    )

    def offset_map(self) -> tuple[array[int], array[int]]:
        """(firsts, origins), built once (a search thread may ask at the same time)."""
        with self._map_lock:
            if self._map is None:
                self._map = _offset_map(self.original, self.outputs)
            return self._map

    def _size(self, origin: int) -> int:
        return len(self.outputs[self.original[origin]])

    @property
    def inner_ready(self) -> bool:
        """True once `inner_by_char` answers at once."""
        return self._inner_by is not None or self.exact

    def may_split(self, word: str) -> bool:
        """True if `word` could begin or end strictly inside one character's expansion."""
        return bool(word) and (word[0] in self.inner_starts or word[-1] in self.inner_ends)

    def inner_offsets(self) -> list[int]:
        """Folded offsets strictly inside one character's expansion, in order."""
        at, _ = self.inner_by_char()
        return sorted(offset for offsets in at.values() for offset in offsets)

    def inner_by_char(self) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
        """The inner offsets grouped by the folded letter at them, and by the one
        before them: a word can only start (or end) inside an expansion where its
        first (or last) letter is, so counting a word looks at those alone. Kept
        in arrays: a 20 MB book has 300,000 of them."""
        if self._inner_by is None:
            at: dict[str, array[int]] = {}
            after: dict[str, array[int]] = {}
            firsts, origins = self.offset_map()
            text = self.original
            for char, output in self.outputs.items():
                if len(output) < 2:
                    continue
                mine = [
                    first
                    for first, origin in zip(firsts, origins, strict=True)
                    if text[origin] == char
                ]
                for inner in range(1, len(output)):
                    offsets = array("q", [first + inner for first in mine])
                    at.setdefault(output[inner], array("q")).extend(offsets)
                    after.setdefault(output[inner - 1], array("q")).extend(offsets)
            self._inner_by = (at, after)
        return self._inner_by

    def on_boundary(self, offset: int) -> bool:
        """True unless folded `offset` is strictly inside one character's expansion."""
        if self.exact or offset >= len(self.folded) or self.folded[offset] not in self.inner_starts:
            return True
        firsts, origins = self.offset_map()
        index = bisect_right(firsts, offset) - 1
        return index < 0 or not firsts[index] < offset < firsts[index] + self._size(origins[index])

    def to_original(self, offset: int) -> int:
        """The original offset for a folded offset (the start of an expansion)."""
        if not self.outputs:
            return offset
        firsts, origins = self.offset_map()
        index = bisect_right(firsts, offset) - 1
        if index < 0:
            return offset
        end = firsts[index] + self._size(origins[index])
        return origins[index] if offset < end else origins[index] + 1 + offset - end

    def to_folded(self, offset: int) -> int:
        """The folded offset for an original offset (the inverse of `to_original`)."""
        if not self.outputs:
            return offset
        firsts, origins = self.offset_map()
        index = bisect_right(origins, offset) - 1
        if index < 0:
            return offset
        if origins[index] == offset:
            return firsts[index]
        return firsts[index] + self._size(origins[index]) + offset - origins[index] - 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded match [start, end) to the original characters it covers.

        The end takes in characters that folded to nothing right after the match
        (a decomposed accent), so `cafe` highlights all of `cafe\u0301`.
        """
        if end <= start:
            origin = self.to_original(start)
            return origin, origin
        last = self.to_original(end - 1) + 1
        return self.to_original(start), max(last, self.to_original(end))


def _offset_map(text: str, outputs: dict[str, str]) -> tuple[array[int], array[int]]:
    """`FoldedText`'s (firsts, origins): where each character of `outputs` is, in the
    original and folded. List operations, not a loop of appends: a 20 MB book has
    300,000 such characters."""
    if not outputs:
        return array("q"), array("q")
    targets = list(outputs)
    kinds = len(targets)
    keyed: list[int] = []
    for kind, char in enumerate(targets):
        # One literal search per character: several times faster than one scan
        # for a character class.
        found = re.finditer(re.escape(char), text)
        keyed.extend([match.start() * kinds + kind for match in found])
    keyed.sort()
    # `map` over C functions from here: no bytecode per character.
    origins = array("q", map(floordiv, keyed, repeat(kinds)))
    grown = [len(outputs[target]) - 1 for target in targets]
    shifts = accumulate(map(grown.__getitem__, map(mod, keyed, repeat(kinds))), initial=0)
    return array("q", map(add, origins, shifts)), origins


def _spaces(text: str) -> str:
    """Every ASCII whitespace character as a plain space (`str.replace` stays in C)."""
    for char in "\t\n\r\f\v":
        text = text.replace(char, " ")
    return text


#: Long texts are folded a piece at a time: no single C call (`lower` on 40 MB)
#: holds the interpreter lock long enough to delay a key in the UI thread.
CHUNK = 262_144


def fold(text: str, *, casefold: bool = True) -> FoldedText:
    """Fold `text`; whitespace becomes a plain space so phrases match across lines.

    Folding is per character, so a long text is folded a piece at a time (the
    UI thread gets the interpreter lock between pieces)."""
    plan = _plan(text, casefold)
    if len(text) <= CHUNK:
        folded = plan.apply(text)
    else:
        pieces = []
        for begin in range(0, len(text), CHUNK):
            pieces.append(plan.apply(text[begin : begin + CHUNK]))
            time.sleep(0)  # a worker folds long texts: let the UI thread have the lock
        folded = "".join(pieces)
    starts: set[str] = set()
    ends: set[str] = set()
    for output in plan.outputs.values():
        starts.update(output[1:])
        ends.update(output[:-1])
    return FoldedText(
        text,
        folded,
        exact=all(len(output) < 2 for output in plan.outputs.values()),
        inner_starts=frozenset(starts),
        inner_ends=frozenset(ends),
        outputs=plan.outputs,
    )
