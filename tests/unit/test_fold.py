"""Folding for search: accents, case, ligatures and special letters, with the offset map.

A reader types plain ASCII and expects to find the word as printed; the match is
highlighted on the printed characters, so every folded offset must map back to
the right original one even where folding changed the length (`ß` -> `ss`).
"""

from __future__ import annotations

import pytest

from reader.textsearch.fold import fold
from reader.textsearch.matcher import Query, find_all


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("strasse", "Straße"),
        ("istanbul", "İstanbul"),
        ("atesci", "Ateşçi"),
        ("cafe", "café"),
        ("cafe", "cafe\u0301"),  # decomposed: e + combining acute
        ("file", "ﬁle"),
        ("lodz", "Łódź"),
        ("naive", "naïve"),
        ("kirli", "KIRLI"),
        ("kirli", "kırlı"),  # dotless i
    ],
)
def test_a_plain_query_finds_the_word_and_highlights_exactly_it(query: str, word: str) -> None:
    text = f"Before {word}, after."
    matches = find_all(Query.parse(query), text)
    assert [text[start:end] for start, end in matches] == [word]


def test_folded_offsets_map_back_across_expansions() -> None:
    text = "Straße ﬁle İx"
    folded = fold(text)
    assert folded.folded == "strasse file ix"
    # Every folded character maps inside the original character it came from.
    for offset, char in enumerate(folded.folded):
        assert char in fold(text[folded.to_original(offset)]).folded
    assert folded.span(0, 7) == (0, 6)  # "strasse" -> "Straße"
    assert folded.span(8, 12) == (7, 10)  # "file" -> "ﬁle"
    assert folded.span(13, 15) == (11, 13)  # "ix" -> "İx"


def test_whitespace_folds_to_single_spaces_in_place() -> None:
    text = "a\tb\nc\u00a0d\u3000e"
    folded = fold(text)
    assert folded.folded == "a b c d e"
    assert [folded.to_original(i) for i in range(len(folded.folded))] == list(range(len(text)))


def test_without_casefold_case_is_kept_but_accents_still_fold() -> None:
    assert fold("Café İSTANBUL", casefold=False).folded == "Cafe ISTANBUL"
    assert fold("Café İSTANBUL").folded == "cafe istanbul"


def test_combining_marks_fold_to_nothing_and_keep_the_map() -> None:
    text = "e\u0301t\u0308e"  # é, ẗ, e with decomposed marks
    folded = fold(text)
    assert folded.folded == "ete"
    # A match takes in the marks of its last letter, never those before it.
    assert folded.span(1, 2) == (2, 4)  # "t" + diaeresis
    assert folded.span(0, 1) == (0, 2)  # "e" + acute
    assert folded.span(2, 3) == (4, 5)  # the last "e"
    assert folded.span(1, 3) == (2, 5)


def test_a_long_text_folded_in_pieces_maps_like_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import random

    module = importlib.import_module("reader.textsearch.fold")
    rng = random.Random(3)
    for _ in range(200):
        text = "".join(rng.choice("abc ßﬁé\u0301İ\nX") for _ in range(rng.randint(0, 120)))
        monkeypatch.setattr(module, "CHUNK", 10**9)
        whole = fold(text)
        monkeypatch.setattr(module, "CHUNK", 37)  # pieces end inside words and expansions
        pieces = fold(text)
        assert (pieces.folded, pieces.exact) == (whole.folded, whole.exact)
        assert pieces.inner_offsets() == whole.inner_offsets()
        for offset in range(len(whole.folded) + 1):
            assert pieces.to_original(offset) == whole.to_original(offset)
            assert pieces.on_boundary(offset) == whole.on_boundary(offset)
