"""The fast fold against the obvious one: character by character, with its map.

The fast fold replaces characters a whole string at a time and builds its offset
map only when asked; a reader must never see a difference: the same folded text,
the same original characters highlighted, the same number of matches.
"""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings, strategies as st

from reader.textsearch.fold import fold, fold_char
from reader.textsearch.matcher import Query

# The module, not the function `reader.textsearch.fold` (the package exports that).
fold_module = importlib.import_module("reader.textsearch.fold")

ALPHABET = "abcsfiSXyz \n\tßẞﬁİıéÉ\u0301\u0307ΣσςΑłŁøÆæ\u00a0ǅŉ½™…ﬀ"


def reference(text: str, casefold: bool) -> tuple[str, list[int]]:
    """Fold one character at a time; each folded character's original offset."""
    folded: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        if char.isascii():
            out = " " if char.isspace() else (char.lower() if casefold else char)
        else:
            out = fold_char(char, casefold)
            out = out.lower() if casefold else out
        folded.append(out)
        origins.extend([index] * len(out))
    return "".join(folded), origins


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.booleans(), st.sampled_from([4, 7, 262_144]))
def test_the_fast_fold_is_the_character_by_character_fold(
    text: str, casefold: bool, piece: int
) -> None:
    """Whatever the size of the pieces the text is folded and mapped in."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fold_module, "CHUNK", piece)
        folded = fold(text, casefold=casefold)
    expected, origins = reference(text, casefold)
    assert folded.folded == expected
    for offset, origin in enumerate(origins):
        assert folded.to_original(offset) == origin
    for origin in range(len(text) + 1):  # where each original character's fold begins
        assert folded.to_folded(origin) == len(reference(text[:origin], casefold)[0])
    inside = {o for o in range(1, len(origins)) if origins[o] == origins[o - 1]}
    for offset in range(len(expected) + 1):
        assert folded.on_boundary(offset) == (offset not in inside)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80), st.sampled_from(["s", "ss", "fi", "is", "sf", "a"]))
def test_a_word_is_counted_as_its_matches_are_found(text: str, word: str) -> None:
    """The total (counted without the map when it can be) is the number of matches."""
    query = Query.parse(word)
    folded = fold(text, casefold=query.casefold)
    spans = query.spans(folded)
    assert query.count(folded) == len(spans)
    for before in range(len(folded.folded) + 1):  # the number of a match: those before it
        assert query.count(folded, before=before) == sum(1 for s in spans if s[0] < before)
