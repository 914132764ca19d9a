"""Queries: smart case, phrases across line breaks, regular expressions, and a fuzz test.

The fuzz test is the contract of the search core: whatever the text, every match
it reports is highlighted on original characters that fold to what was typed,
and the place the query was copied from is found.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings, strategies as st

from reader.textsearch.fold import fold
from reader.textsearch.matcher import Query, QueryError, find_all, wants_case


def _found(query: str, text: str, *, regex: bool = False) -> list[str]:
    return [text[a:b] for a, b in find_all(Query.parse(query, regex=regex), text)]


# -- smart case -------------------------------------------------------------------


def test_a_lowercase_query_ignores_case() -> None:
    text = "Trotsky, TROTSKY and trotsky."
    assert _found("trotsky", text) == ["Trotsky", "TROTSKY", "trotsky"]


def test_a_capital_makes_the_query_case_sensitive() -> None:
    text = "Trotsky, TROTSKY and trotsky."
    assert _found("Trotsky", text) == ["Trotsky"]
    assert _found("TROTSKY", text) == ["TROTSKY"]
    assert wants_case("Trotsky") and not wants_case("trotsky 1940")


def test_a_case_sensitive_query_still_folds_accents() -> None:
    text = "Straße, STRASSE, Strasse, Café, Cafe"
    assert _found("Strasse", text) == ["Straße", "Strasse"]
    assert _found("Café", text) == ["Café", "Cafe"]
    assert _found("İstanbul", "Istanbul istanbul İstanbul") == ["Istanbul", "İstanbul"]


# -- phrases ----------------------------------------------------------------------


def test_a_phrase_is_found_across_a_line_break_and_runs_of_spaces() -> None:
    text = "the working\nclass, the working    class, the working\t \n class"
    assert _found("working class", text) == [
        "working\nclass",
        "working    class",
        "working\t \n class",
    ]


def test_spaces_in_the_query_are_loose_but_words_are_not() -> None:
    text = "working class; workingclass"
    assert _found("  working   class ", text) == ["working class"]
    assert _found("workingclass", text) == ["workingclass"]


def test_a_blank_query_matches_nothing() -> None:
    assert _found("   ", "a b c") == []


def test_regex_characters_in_a_plain_query_are_literal() -> None:
    assert _found("a.b (c)", "axb (c) a.b (c)") == ["a.b (c)"]


# -- regular expressions -----------------------------------------------------------


def test_a_valid_regex_matches_on_folded_text() -> None:
    text = "In 1938, in 1940 and in Coyoacán."
    assert _found(r"19\d\d", text, regex=True) == ["1938", "1940"]
    assert _found(r"coyoac[a-z]n", text, regex=True) == ["Coyoacán"]
    assert _found(r"in \d+", text, regex=True) == ["In 1938", "in 1940"]


def test_a_regex_with_a_capital_is_case_sensitive() -> None:
    assert _found(r"In \d+", "In 1938, in 1940", regex=True) == ["In 1938"]


def test_a_regex_with_accented_letters_finds_them() -> None:
    text = "Straße und Café in İstanbul"
    assert _found("straße", text, regex=True) == ["Straße"]
    assert _found("caf(é|e)", text, regex=True) == ["Café"]
    assert _found("İstanbul", text, regex=True) == ["İstanbul"]


def test_a_regex_never_reports_empty_matches() -> None:
    query = Query.parse("x*", regex=True)
    folded = fold("axxb x")
    assert query.spans(folded) == [(1, 3), (5, 6)]
    assert query.count(folded) == 2


@pytest.mark.parametrize("bad", ["(", "[a-", "a{2,1}", "*x", "(?P<1>x)"])
def test_an_invalid_regex_raises_query_error_with_a_reason(bad: str) -> None:
    with pytest.raises(QueryError) as raised:
        Query.parse(bad, regex=True)
    message = str(raised.value)
    assert message.startswith("invalid regular expression: ")
    assert len(message) > len("invalid regular expression: ")
    assert "\n" not in message  # it goes on the one-line search bar


def test_an_invalid_regex_is_fine_as_a_plain_query() -> None:
    assert _found("(", "f(x) (y)") == ["(", "("]


# -- count and spans agree -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "regex"),
    [
        ("istanbul", False),
        ("working class", False),
        ("ss", False),
        ("s", False),
        ("fi", False),
        ("aa", False),
        (r"\bi\w+", True),
        ("s+", True),
        ("a", True),
    ],
)
def test_count_equals_the_number_of_spans(query: str, regex: bool) -> None:
    text = "İstanbul working\nclass Straße ßs sß ﬁle fi aaaa ISTANBUL istanbul"
    parsed = Query.parse(query, regex=regex)
    folded = fold(text, casefold=parsed.casefold)
    assert parsed.count(folded) == len(parsed.spans(folded)) == len(find_all(parsed, text))
    assert parsed.count(folded) > 0


def test_a_match_is_never_half_of_an_expanded_letter() -> None:
    # "ß" folds to "ss": one "s" is not a sharp s, and a match must not end inside one.
    assert _found("s", "ßs") == ["s"]
    assert _found("ß", "sß") == ["ß"]
    assert _found("ss", "sßs") == ["ß"]
    assert _found("stras", "Straße") == []
    assert _found("strasse", "Straße") == ["Straße"]


# -- fuzz ------------------------------------------------------------------------------

#: Letters that fold specially, combining marks, whitespace of every kind, CJK.
SPECIAL = list(
    "aAsSiIeEfl ßẞﬁﬂﬃİıiÅåéÉçÇşŞøØłŁ\u0301\u0308\u0327\u0307"
    "\n\t\r \u00a0\u3000\u2003日本語中文한국어ǅǈŉ"
)
ALPHABET = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(exclude_categories=["Cs"]),
)


def _squash(folded: str) -> str:
    """A folded string with each run of spaces as one space, trimmed."""
    return re.sub(" +", " ", folded).strip(" ")


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(ALPHABET, min_size=1, max_size=60),
    bounds=st.tuples(st.integers(0, 60), st.integers(1, 12)),
)
@example(text="ßs", bounds=(1, 1))
@example(text="sß", bounds=(1, 1))
@example(text="Die Straße", bounds=(4, 6))
@example(text="x cafe\u0301 y", bounds=(2, 5))
def test_every_match_folds_to_the_query_and_the_source_is_found(
    text: str, bounds: tuple[int, int]
) -> None:
    start = bounds[0] % len(text)
    end = min(len(text), start + bounds[1])
    typed = text[start:end]
    query = Query.parse(typed)
    wanted = _squash(fold(typed.strip(), casefold=query.casefold).folded)
    if not wanted:
        return  # only marks or spaces: nothing to look for

    matches = find_all(query, text)
    folded = fold(text, casefold=query.casefold)
    assert query.count(folded) == len(query.spans(folded)) == len(matches)
    previous_end = 0
    for match_start, match_end in matches:
        assert previous_end <= match_start < match_end <= len(text)
        previous_end = match_end
        shown = text[match_start:match_end]
        assert _squash(fold(shown, casefold=query.casefold).folded) == wanted, (shown, typed)

    # Where the query came from is found (or overlapped by an earlier, equal match).
    assert any(a < end and b > start for a, b in matches), (typed, matches)


@pytest.mark.parametrize(
    "pattern",
    ["(a+)+$", "(x*y)*", r"(\w+\s?)+$", "(a+){2,}", "((a+))+$", "(a|aa)+$", "(.*a){12}$"],
)
def test_a_regex_that_can_backtrack_for_ever_is_refused_with_a_reason(pattern: str) -> None:
    with pytest.raises(QueryError, match="nested repetition"):
        Query.parse(pattern, regex=True)


@pytest.mark.parametrize("pattern", ["(ab)+", "a+b*", r"\(a+\)+", "[(a+)]+", "caf(é|e)", "(a+)b"])
def test_ordinary_repetition_is_allowed(pattern: str) -> None:
    assert Query.parse(pattern, regex=True).regex
