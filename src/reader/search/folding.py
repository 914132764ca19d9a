"""The index's text, folded as the in-text search folds it, fast.

`fold` (textsearch) also builds the map back to the original, which the index
never needs. `fold_body` gives the same tokens from a file's bytes in a handful
of C passes: a body is mostly ASCII with a few distinct other letters, each
replaced by its fold in one `str.replace`, but for what the index's tokenizer
folds itself (ASCII case and whitespace, accents: `tokenizer.folds_alike`).
Anything unusual (control characters, bad UTF-8, a fold that folds again) goes
the slow, exact way: `fold(clean_text(...))`. `folded` gives the exact fold of
the short fields; ASCII is lowered and its whitespace made a space there by one
`bytes.translate`.
"""

from __future__ import annotations

from functools import lru_cache

from reader.library.frontmatter import body_start
from reader.library.sanitize import clean_text
from reader.search.tokenizer import folds_alike
from reader.textsearch.fold import fold, fold_char

_PRINTABLE = bytes(range(32, 127)) + b"\t\n"
_HIGH = bytes(range(128, 256))
#: Printable, but `clean_text` drops them (bidi controls).
_DROPPED = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Never in a text a plan is made for (control characters go the slow way).
_STAND_INS = "".join(map(chr, [*range(1, 9), *range(14, 32)]))
_SPACES = str.maketrans("\t\n\r\f\v", "     ")
#: ASCII lowered and its whitespace made a space, as `fold` does, in one pass.
_LOWER_SPACES = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n\r\f\v", b"abcdefghijklmnopqrstuvwxyz     "
)
#: (character, what it becomes in the text), then (stand-in byte, its fold in UTF-8).
Plan = tuple[tuple[tuple[str, str], ...], tuple[tuple[bytes, bytes], ...]]
#: The plan of a text whose other characters all fold to themselves.
_NOTHING: Plan = ((), ())


def folded(text: str) -> str:
    """`text` folded as the in-text search folds it (`fold(text).folded`)."""
    if text.isascii():  # most titles and authors
        return text.lower().translate(_SPACES)
    if text.isprintable():  # no control character: the stand-ins are free
        plan = _plan(frozenset(text.encode().translate(None, _PRINTABLE).decode()), exact=True)
        if plan is not None:
            return _replaced(text, plan).decode()
    return fold(text).folded


def fold_body(data: bytes) -> bytes:
    """The cleaned, folded body of a file's bytes, as UTF-8, for the index's
    tokenizer: what it makes the tokens of `fold(clean_text(body)).folded` of.
    What it folds itself is left as it is: ASCII letters' case and whitespace
    (unicode61 lowers and splits them), and the characters `folds_alike` names
    (accents): an ASCII body, or one of curly quotes and accented letters only,
    is not copied at all. The writer hands the bytes to SQLite as they are."""
    body = data[body_start(data) :]
    rest = body.translate(None, _PRINTABLE)
    if not rest:
        return body
    if rest.translate(None, _HIGH):  # an ASCII control character: clean it first
        return _slow(body)
    try:
        plan = _plan(frozenset(rest.decode("utf-8")), exact=False)
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _slow(body)
    if plan is None:
        return _slow(body)
    if plan == _NOTHING:  # curly quotes, accents: nothing the tokenizer does not fold
        return body
    return _replaced(text, plan, ascii_too=False)


def _replaced(text: str, plan: Plan, *, ascii_too: bool = True) -> bytes:
    """`text` folded by `plan` as UTF-8; `ascii_too`: ASCII lowered and its
    whitespace a space as well."""
    replacements, later = plan
    for char, fold_to in replacements:
        text = text.replace(char, fold_to)
    data = text.encode("utf-8")
    for stand_in, fold_bytes in later:
        data = data.replace(stand_in, fold_bytes)
    return data.translate(_LOWER_SPACES) if ascii_too else data


@lru_cache(maxsize=1024)
def _plan(chars: frozenset[str], *, exact: bool) -> Plan | None:
    """How to fold a text with these non-ASCII characters (None: the slow way);
    unless `exact`, what the index's tokenizer folds alike is left to it.
    Articles of a library share a few sets of characters.

    `str.replace` of one character by one is quick; by another length it is ten
    times slower (`ß` to `ss`, `ﬁ` to `fi`, a combining mark to nothing). Those
    become stand-ins (control characters), made their fold in the bytes, where a
    one-byte search is a `memchr`.
    """
    replacements: list[tuple[str, str]] = []
    later: list[tuple[bytes, bytes]] = []
    for char in chars:
        if not char.isprintable() or char in _DROPPED:
            return None
        # Per character, as `fold` does: its fold, lowered (`lower` of a whole
        # text differs from a character's only around `Σ`, which folds to `σ`).
        fold_to = fold_char(char, True).lower()
        if fold_to == char or (not exact and folds_alike(char, fold_to)):
            continue
        if any(not c.isascii() and fold_char(c, True).lower() != c for c in fold_to):
            return None  # replacing one by one would fold twice
        if len(fold_to) != 1 and len(later) < len(_STAND_INS):
            stand_in = _STAND_INS[len(later)]
            later.append((stand_in.encode(), fold_to.encode()))
            fold_to = stand_in
        replacements.append((char, fold_to))
    return tuple(replacements), tuple(later)


def _slow(body: bytes) -> bytes:
    return folded(clean_text(body.decode("utf-8", errors="replace"))).encode()
