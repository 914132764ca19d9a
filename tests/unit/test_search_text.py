"""Library search: what a query means when a field is left empty, and what a snippet shows."""

from __future__ import annotations

import pytest

from reader.search.query import QuerySyntaxError, parse
from reader.search.results import snippet


@pytest.mark.parametrize("text", ["author:", "boats author:", "boats -title:", 'author:""'])
def test_a_field_with_nothing_after_it_is_an_error_not_a_word(text: str) -> None:
    with pytest.raises(QuerySyntaxError, match="needs a word after it"):
        parse(text)


def test_a_field_with_a_word_and_a_time_still_work() -> None:
    assert parse("author:ann").expression == 'author : "ann"*'
    assert "10 30" in parse("at 10:30").expression


def test_a_snippet_is_plain_text_without_the_sources_syntax() -> None:
    body = (
        '!!! quote "Aristotle"\n    We are what we repeatedly do &mdash; see [the guide][g]'
        ' and the note[^1].\n\n--8<-- "includes/abbreviations.md"\n\n'
        '[g]: https://example.com "Guide"\n'
    )
    text, spans = snippet(body, ["repeatedly"])
    assert text == "Aristotle We are what we repeatedly do — see the guide and the note."
    (start, end), *_ = spans
    assert text[start:end] == "repeatedly"
