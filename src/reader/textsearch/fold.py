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
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WHITESPACE = str.maketrans({"\t": " ", "\n": " ", "\r": " ", "\f": " ", "\v": " "})
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
    starts: list[int] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    linear: list[bool] = field(default_factory=list)
    #: False when some character folded to several (`ß` -> `ss`): then a folded
    #: offset can fall inside one original character.
    exact: bool = True
    _inner: list[int] | None = field(default=None, repr=False)

    def inner_offsets(self) -> list[int]:
        """Folded offsets strictly inside one character's expansion, in order."""
        if self._inner is None:
            inner: list[int] = []
            if not self.exact:
                ends = [*self.starts[1:], len(self.folded)]
                for start, end, linear in zip(self.starts, ends, self.linear, strict=True):
                    if not linear:
                        inner.extend(range(start + 1, end))
            self._inner = inner
        return self._inner

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


def fold(text: str, *, casefold: bool = True) -> FoldedText:
    """Fold `text`; whitespace becomes a plain space so phrases match across lines."""
    result = FoldedText(text)
    if text.isascii():
        lowered = text.lower() if casefold else text
        result.folded = lowered.translate(_WHITESPACE)
        result.starts, result.origins, result.linear = [0], [0], [True]
        return result
    pieces: list[str] = []
    folded_length = 0
    position = 0

    def run(origin: int, linear: bool) -> None:
        if result.linear and result.linear[-1] and linear:
            return  # still inside a linear run
        result.starts.append(folded_length)
        result.origins.append(origin)
        result.linear.append(linear)

    for match in _NON_ASCII.finditer(text):
        index = match.start()
        if index > position:
            ascii_part = text[position:index]
            run(position, True)
            pieces.append(ascii_part.lower() if casefold else ascii_part)
            folded_length += index - position
        folded_char = fold_char(match.group(), casefold)
        if len(folded_char) == 1:
            run(index, True)
        else:
            result.starts.append(folded_length)
            result.origins.append(index)
            result.linear.append(False)
            result.exact = result.exact and not folded_char
        pieces.append(folded_char)
        folded_length += len(folded_char)
        position = index + 1
        if len(folded_char) != 1:
            # Whatever follows starts a fresh run (at the same folded offset when
            # the character folded to nothing, as a lone combining mark does).
            result.starts.append(folded_length)
            result.origins.append(position)
            result.linear.append(True)
    if position < len(text):
        run(position, True)
        tail = text[position:]
        pieces.append(tail.lower() if casefold else tail)
    result.folded = "".join(pieces).translate(_WHITESPACE)
    return result
