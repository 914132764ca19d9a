"""Folding text for accent-, case- and width-insensitive search.

`strasse` must find `Straße`, `istanbul` `İstanbul`, `atesci` `Ateşçi`, `file`
`ﬁle`. `fold` makes the folded text and `FoldedText` (`textsearch.folded`) maps
every folded offset back to the original, so a match is always highlighted on
the exact original characters.

Fast on a 20 MB book, because a book uses few distinct characters: the folded
string is made by C calls only (`str.replace` once per distinct character that
`lower` does not already fold, then `lower`), a piece at a time; the offset map
is built a piece at a time when asked for. Counting a word needs no map at all
(`may_split`), so the `i/N` total of a search is known as soon as the folded
string is.
"""

from __future__ import annotations

import re
import time
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from reader.textsearch.folded import FoldedText

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


def _spaces(text: str) -> str:
    """Every ASCII whitespace character as a plain space (`str.replace` stays in C)."""
    for char in "\t\n\r\f\v":
        text = text.replace(char, " ")
    return text


#: Long texts are folded a piece at a time: no single C call (`lower` on 40 MB)
#: holds the interpreter lock long enough to delay a key in the UI thread, and a
#: piece takes a fraction of the 1 ms the UI thread then waits for the lock.
CHUNK = 65_536


def give_way() -> None:
    time.sleep(0)  # lets another thread (the UI) have the interpreter lock


def fold(text: str, *, casefold: bool = True, between: Callable[[], None] = give_way) -> FoldedText:
    """Fold `text`; whitespace becomes a plain space so phrases match across lines.

    Folding is per character, so a long text is folded a piece at a time, and
    `between` is called between pieces: by default the UI thread gets the
    interpreter lock there; the reading view also pauses there while keys come."""
    if len(text) <= CHUNK and text.isascii():  # a unit, a snippet, a query: at once
        folded = _spaces(text.lower() if casefold else text)
        return FoldedText(text, folded, piece=CHUNK, piece_starts=array("q", [0, len(folded)]))
    plan = _plan(text, casefold)
    pieces = []
    for begin in range(0, len(text), CHUNK):
        pieces.append(plan.apply(text[begin : begin + CHUNK]))
        if len(text) > CHUNK:  # a worker folds long texts: let the UI thread have the lock
            between()
    folded = pieces[0] if len(pieces) == 1 else "".join(pieces)
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
        piece=CHUNK,
        piece_starts=array("q", accumulate(map(len, pieces), initial=0)),
    )
