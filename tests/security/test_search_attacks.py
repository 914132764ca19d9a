"""Hostile searches: patterns that backtrack, match empty, or are not patterns at all.

Issue 14, item 2 (and issue 9, item 1): no pattern on any text may hang the
matcher; a slow one is given up at its deadline with "pattern too slow".
"""

from __future__ import annotations

import time

import pytest
import regex
from hypothesis import HealthCheck, given, settings, strategies as st

from reader.textsearch.fold import fold
from reader.textsearch.matcher import Query, QueryError, QueryTooSlow

#: Patterns that backtrack for ever with Python's `re` (and the risky-repeat guard
#: lets through), each with a text that makes them do it.
SLOW = [
    (r"(x+x+)+y", "x" * 3000),
    (r"(\w*)*\d", "a" * 3000),
    (r"^(([a-z])+.)+[A-Z]([a-z])+$", "a" * 3000),
    (r"(.*)(.*)(.*)(.*)(.*)x\1", "x" * 3000),
]


@pytest.mark.parametrize(("pattern", "text"), SLOW, ids=[pattern for pattern, _ in SLOW])
def test_a_pattern_that_backtracks_is_given_up_at_its_deadline(pattern, text):
    # Compiled as `Query.parse` does, past its nested-repeat guard (which refuses some).
    query = Query(pattern, True, False, regex.compile(pattern))
    for folded in (fold(text), fold(text + "ß")):  # exact and expanded folding
        started = time.monotonic()
        with pytest.raises(QueryTooSlow):
            query.spans(folded, deadline=started + 0.05)
        assert time.monotonic() - started < 1.0
        with pytest.raises(QueryTooSlow):
            query.count(folded, deadline=time.monotonic() + 0.05)


@pytest.mark.parametrize("pattern", ["a|", "x?", "x*", "", "(?:)", r"\b", "$", "(?=a)"])
def test_a_pattern_matching_empty_ends_on_text_with_expanded_letters(pattern):
    folded = fold("Straße ﬁn æ ŉ")  # ß, ﬁ, ŉ fold to several letters
    query = Query.parse(pattern, regex=True)
    started = time.monotonic()
    spans = query.spans(folded, deadline=started + 2)
    assert all(end > start for start, end in spans)
    assert query.count(folded, deadline=started + 2) == len(spans)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pattern=st.text(alphabet=st.sampled_from("ab.ß*+?|()[]{}^$\\d1,"), max_size=12),
    text=st.text(alphabet=st.sampled_from("abß ﬁæŉİ\n1"), max_size=60),
)
def test_any_regex_on_any_text_ends_by_its_deadline(pattern, text):
    try:
        query = Query.parse(pattern, regex=True)
    except QueryError:
        return
    started = time.monotonic()
    for folded in (fold(text), fold(text, casefold=False)):
        try:
            spans = query.spans(folded, deadline=started + 0.5)
        except QueryTooSlow:
            continue
        assert all(0 <= start < end <= len(folded.folded) for start, end in spans)
    assert time.monotonic() - started < 2


def test_an_error_message_is_one_line_of_text():
    with pytest.raises(QueryError) as raised:
        Query.parse("(?P=[/red])", regex=True)
    assert "\n" not in str(raised.value)
