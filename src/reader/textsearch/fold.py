"""Folding text for accent-, case- and width-insensitive search, with an offset map.

`strasse` must find `Straße`, `istanbul` `İstanbul`, `atesci` `Ateşçi`, `file`
`ﬁle`. Folding changes lengths (`ß` -> `ss`, `ﬁ` -> `fi`), so `FoldedText` keeps
a map from every folded offset back to the offset in the original text, and a
match is always highlighted on the exact original characters.

ASCII runs fold with `str.lower` in C; only non-ASCII characters go through the
per-character path, so folding a mostly-English book is close to `lower()`.
"""

from __future__ import annotations

import re
import time
import unicodedata
from array import array
from bisect import bisect_right
from collections.abc import MutableSequence
from dataclasses import dataclass, field
from functools import lru_cache

_NON_ASCII_RUNS = re.compile(r"[^\x00-\x7f]+")
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
class FoldedText:
    """`text` folded, plus a piecewise map from folded offsets to original ones.

    The map is a list of runs: `starts[i]` is a folded offset where a run begins,
    `origins[i]` the original offset it came from, and `linear[i]` says whether
    the run advances one original character per folded one (ASCII and 1:1 folds)
    or is the expansion of a single original character.
    """

    original: str
    folded: str = ""
    starts: MutableSequence[int] = field(default_factory=list)
    origins: MutableSequence[int] = field(default_factory=list)
    linear: MutableSequence[bool] = field(default_factory=list)
    #: False when some character folded to several (`ß` -> `ss`): then a folded
    #: offset can fall inside one original character.
    exact: bool = True
    _inner_by: tuple[dict[str, array[int]], dict[str, array[int]]] | None = field(
        default=None, repr=False
    )

    def inner_offsets(self) -> list[int]:
        """Folded offsets strictly inside one character's expansion, in order."""
        inner: list[int] = []
        if not self.exact:
            ends = [*self.starts[1:], len(self.folded)]
            for start, end, linear in zip(self.starts, ends, self.linear, strict=True):
                if not linear:
                    inner.extend(range(start + 1, end))
        return inner

    def inner_by_char(self) -> tuple[dict[str, array[int]], dict[str, array[int]]]:
        """The inner offsets grouped by the folded letter at them, and by the one
        before them: a word can only start (or end) inside an expansion where its
        first (or last) letter is, so counting a word looks at those alone. Kept
        in arrays: a 20 MB book has 300,000 of them."""
        if self._inner_by is None:
            at: dict[str, array[int]] = {}
            after: dict[str, array[int]] = {}
            text = self.folded
            for offset in self.inner_offsets():
                at.setdefault(text[offset], array("q")).append(offset)
                after.setdefault(text[offset - 1], array("q")).append(offset)
            self._inner_by = (at, after)
        return self._inner_by

    def on_boundary(self, offset: int) -> bool:
        """True unless folded `offset` is strictly inside one character's expansion."""
        if self.exact:
            return True
        index = bisect_right(self.starts, offset) - 1
        return index < 0 or self.linear[index] or self.starts[index] == offset

    def to_original(self, offset: int) -> int:
        """The original offset for a folded offset (the start of an expansion)."""
        if not self.starts:
            return offset
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        if self.linear[index]:
            return self.origins[index] + offset - self.starts[index]
        return self.origins[index]

    def to_folded(self, offset: int) -> int:
        """The folded offset for an original offset (the inverse of `to_original`)."""
        if not self.origins:
            return offset
        index = bisect_right(self.origins, offset) - 1
        if index < 0:
            return offset
        if self.linear[index]:
            return self.starts[index] + offset - self.origins[index]
        return self.starts[index]

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


def _spaces(text: str) -> str:
    """Every ASCII whitespace character as a plain space (`str.replace` stays in C)."""
    for char in "\t\n\r\f\v":
        text = text.replace(char, " ")
    return text


def fold(text: str, *, casefold: bool = True) -> FoldedText:
    """Fold `text`; whitespace becomes a plain space so phrases match across lines.

    Fast on a 20 MB book: runs of non-ASCII characters are replaced through a
    cache by one `re.sub` (a book repeats the same few words), the ASCII is
    lowered and spaced in C, and the map gets entries only around characters
    whose fold is not one character (`ß`, `ﬁ`, lone combining marks).
    """
    if len(text) > CHUNK:
        return _fold_chunks(text, casefold)
    result = FoldedText(text)
    if text.isascii():
        result.folded = _spaces(text.lower() if casefold else text)
        result.starts, result.origins, result.linear = [0], [0], [True]
        return result
    runs: dict[str, str] = {}

    def fold_run(match: re.Match[str]) -> str:
        run = match.group()
        folded_run = runs.get(run)
        if folded_run is None:
            folded_run = runs[run] = "".join(fold_char(char, casefold) for char in run)
        return folded_run

    folded = _NON_ASCII_RUNS.sub(fold_run, text)
    # Lowering after folding keeps lengths: `İ` (the one letter `lower` lengthens)
    # is folded away already.
    result.folded = _spaces(folded.lower() if casefold else folded)
    del folded
    sizes = {char: len(fold_char(char, casefold)) for run in runs for char in run}
    expanding = sorted(char for char, size in sizes.items() if size != 1)
    starts, origins = array("q"), array("q")
    linear: list[bool] = []
    if expanding:
        pattern = re.compile("[" + "".join(re.escape(char) for char in expanding) + "]")
        shift = 0  # folded offset minus original offset so far
        for match in pattern.finditer(text):
            index = match.start()
            size = sizes[match.group()]
            if not starts and index > 0:
                starts.append(0)
                origins.append(0)
                linear.append(True)
            starts.append(index + shift)
            origins.append(index)
            linear.append(False)
            result.exact = result.exact and not size
            shift += size - 1
            # Whatever follows starts a fresh run (at the same folded offset when
            # the character folded to nothing, as a lone combining mark does).
            starts.append(index + 1 + shift)
            origins.append(index + 1)
            linear.append(True)
    else:
        starts.append(0)
        origins.append(0)
        linear.append(True)
    result.starts, result.origins, result.linear = starts, origins, linear
    return result


#: Longer texts are folded a piece at a time: no single C call (`lower` on 40 MB)
#: holds the interpreter lock long enough to delay a key in the UI thread.
CHUNK = 262_144


def _fold_chunks(text: str, casefold: bool) -> FoldedText:
    """`fold` of a long text, as the folds of its pieces put end to end.

    Folding is per character, so pieces fold independently; each piece's map is
    shifted by where the piece begins (an extra linear entry at each joint
    changes no mapping)."""
    result = FoldedText(text)
    starts, origins = array("q"), array("q")
    linear: list[bool] = []
    pieces: list[str] = []
    folded_length = 0
    for begin in range(0, len(text), CHUNK):
        piece = fold(text[begin : begin + CHUNK], casefold=casefold)
        starts.extend(start + folded_length for start in piece.starts)
        origins.extend(origin + begin for origin in piece.origins)
        linear.extend(piece.linear)
        result.exact = result.exact and piece.exact
        pieces.append(piece.folded)
        folded_length += len(piece.folded)
        time.sleep(0)  # a worker folds long texts: let the UI thread have the lock
    result.folded = "".join(pieces)
    result.starts, result.origins, result.linear = starts, origins, linear
    return result
