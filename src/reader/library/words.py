"""`body_words`: the word count of a file's body, from its bytes when that is exact.

`reader list --json` gives each article's word count: `word_count` of the body as
the reader shows it (decoded, `clean_text`-ed, split on any whitespace). Counting
that way makes a string object per word: most of a first `list --json` of a 1 GB
library. When the bytes hold nothing that decoding and cleaning could turn into
or out of whitespace (controls other than tab, newline and carriage return;
C1 controls; Unicode spaces, line separators and bidi marks), the words are the
runs of bytes between ASCII whitespace, counted in a few C passes (`translate`,
then integer bit operations). Otherwise the body is decoded, cleaned and split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from reader.library.files import read_regular
from reader.library.frontmatter import SCAN_BYTES, body_start
from reader.library.model import Article, Library, word_count
from reader.library.sanitize import clean_text

#: Byte sequences of every character that `clean_text` drops or changes, or that
#: `str.split` takes for whitespace, but the four ASCII spaces kept as they are.
_UNSURE = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"  # C0 controls (not tab, newline, CR), DEL
    rb"|\xc2[\x80-\xa0]"  # C1 controls, no-break space
    rb"|\xd8\x9c|\xe1\x9a\x80|\xe3\x80\x80"  # Arabic letter mark, Ogham and ideographic spaces
    rb"|\xe2\x80[\x80-\x8f\xa8-\xaf]|\xe2\x81[\x9f\xa6-\xa9]"  # spaces, separators, bidi
)
#: Bytes counted at a time (`words_of_pieces`).
CHUNK = 1 << 20
#: Printable ASCII, tab, newline and carriage return; and the non-ASCII bytes.
_PLAIN = bytes(range(32, 127)) + b"\t\n\r"
_HIGH = bytes(range(128, 256))
#: 0 for the four ASCII whitespace bytes, 1 for every other.
_IN_WORD = bytes(0 if byte in b" \t\n\r" else 1 for byte in range(256))


def body_words(body: bytes) -> int:
    """`word_count(clean_text(body.decode("utf-8", errors="replace")))`."""
    counted = words_of_pieces(body[at : at + CHUNK] for at in range(0, len(body), CHUNK))
    if counted is None:
        return word_count(clean_text(body.decode("utf-8", errors="replace")))
    return counted


def words_of_pieces(pieces: Iterable[bytes]) -> int | None:
    """The words of the bytes `pieces` make one after another, or None when they
    hold a byte that decoding and cleaning could change (count the text then).

    A piece at a time: a C pass over a megabyte holds the interpreter a
    millisecond, so a thread counting a 20 MB book (`reader.ui`'s preview) lets
    the screen's thread run between pieces, and the book is never held whole.
    """
    count, in_word, tail = 0, False, b""
    for piece in pieces:
        if not piece:
            continue
        # The controls and non-ASCII bytes alone (a multi-byte character stays
        # whole); an unsure sequence (3 bytes at most) may start in a piece before.
        rest = piece.translate(None, _PLAIN)
        if rest:
            if rest.translate(None, _HIGH) or _UNSURE.search(tail + rest):
                return None
            tail = rest[-2:]
        # One byte per byte, 1 in a word: a word starts at a 1 after a 0 (or at
        # the start); a word across two pieces is counted in the first only.
        marks = piece.translate(_IN_WORD)
        bits = int.from_bytes(marks, "big")
        count += (bits & ~(bits >> 8)).bit_count() - (in_word and marks[0] == 1)
        in_word = marks[-1] == 1
    return count


def body_pieces(article: Article) -> Iterator[bytes]:
    """A plain article's body read a piece at a time, as `read_body` reads it: the
    first piece with the front matter (a short file in one read), then a megabyte
    at a time, the file checked again at each (raises OSError as `read_body`)."""
    first = read_regular(article.path, 0, SCAN_BYTES + CHUNK)
    at = article.body_offset = body_start(first)
    yield first[at:]
    if len(first) < SCAN_BYTES + CHUNK:
        return
    at = len(first)
    while True:
        piece = read_regular(article.path, at, CHUNK)
        if piece:
            yield piece
        if len(piece) < CHUNK:
            return
        at += len(piece)


def article_words(library: Library, article: Article) -> int:
    """`word_count(library.read_body(article))`; raises OSError as `read_body` does."""
    if article.generated_body is None and article.body_reader is None:
        words = words_of_pieces(body_pieces(article))
        if words is not None:
            return words
    return word_count(library.read_body(article))
