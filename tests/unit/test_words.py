"""Word counts from bytes are the counts of the cleaned text (`reader list --json`)."""

from __future__ import annotations

import sys

from hypothesis import example, given, settings, strategies as st

from reader.library import words
from reader.library.model import word_count
from reader.library.sanitize import clean_text
from reader.library.words import _UNSURE, body_words

#: Bytes and characters that count in surprising ways, among plain ones.
PIECES = [b" ", b"\t", b"\n", b"\r", b"\r\n", b"\x0b", b"\x0c", b"\x1c", b"\x1b[31m", b"\x00"]
PIECES += [b"\x7f", b"\xff", b"\xc2", b"\xe2\x80", b"word", b"Stra\xc3\x9fe", b"\xef\xac\x81"]
PIECES += ["\u2003 \u00a0 \u0085 \u200e \u2028 \u3000 \u2014 \u061c".encode()]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=4)), max_size=12))
@example([b"a", b"\xe2\x80\x83", b"b"])
def test_words_from_bytes_are_the_words_of_the_cleaned_text(pieces: list[bytes]) -> None:
    body = b"".join(pieces)
    assert body_words(body) == word_count(clean_text(body.decode("utf-8", errors="replace")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24), st.integers(1, 9))
def test_a_body_counted_in_pieces_counts_as_a_whole(pieces: list[bytes], size: int) -> None:
    body = b"".join(pieces)
    expected = word_count(clean_text(body.decode("utf-8", errors="replace")))
    saved, words.CHUNK = words.CHUNK, size  # a word, a character or a space cut anywhere
    try:
        assert body_words(body) == expected
    finally:
        words.CHUNK = saved


def test_every_character_that_cleaning_or_splitting_treats_apart_is_unsure() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or char in " \t\n\r":
            continue
        if char.isspace() or clean_text(f"a{char}b") != f"a{char}b":
            assert _UNSURE.search(char.encode()), hex(code)


def test_a_file_read_in_pieces_counts_and_leads_as_its_whole_body(
    make_library, monkeypatch
) -> None:
    from reader.library.contents import article_facts, lead
    from reader.library.loader import load_library
    from reader.library.words import article_words

    body = "".join(f"Paragraph {n}: Straße, ﬁle and words.\n\n" for n in range(3000))
    root = make_library({"a.md": "---\ntitle: Long\nauthor: Ann\n---\n\n" + body})
    library, _ = load_library(root)
    article = library.articles["a"]
    text = library.read_body(article)
    monkeypatch.setattr(words, "SCAN_BYTES", 100)  # the front matter's piece, then many
    monkeypatch.setattr(words, "CHUNK", 1000)
    assert article_words(library, article) == word_count(text)
    assert article_facts(library, article) == (word_count(text), lead(text))
