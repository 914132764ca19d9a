"""Counting and stepping through matches on the source, before anything is rendered.

A 20 MB book is rendered only around the view; the `i/N` counter and `n`/`N`
work on its folded source, so they must agree with a plain scan of the text,
across expanded letters (`ß` folds to two) and from any offset.
"""

from __future__ import annotations

from rich.theme import Theme

from reader.reading.document import split
from reader.reading.line_map import LineMap
from reader.reading.matches import ArticleMatches
from reader.reading.render import RenderStyle
from reader.reading.source_matches import SourceMatches
from reader.textsearch.matcher import Query, find_all
from tests.generated_article import MARKER, generate


def test_counts_numbers_and_steps_agree_with_a_full_scan() -> None:
    source = generate(60_000)
    for text in (MARKER, "straße", "the party", "ss"):
        query = Query.parse(text)
        expected = find_all(query, source)
        matches = SourceMatches(split(source))
        matches.set_query(query)
        assert matches.count == len(expected), text
        starts = [matches.original(span)[0] for span in matches.between(0, 10**9)]
        assert starts == [start for start, _ in expected], text
        middle = expected[len(expected) // 2][0] + 1
        number, span = matches.next_from(matches.to_folded(middle)) or (None, None)
        assert number == len(expected) // 2 + 1, text
        assert span is not None and matches.original(span)[0] == expected[number][0]
        back = matches.previous_from(matches.to_folded(middle))
        assert back is not None and back[0] == len(expected) // 2, text


def test_the_current_match_is_known_with_nothing_rendered_and_steps_wrap() -> None:
    source = generate(200_000)
    layout = LineMap(split(source), RenderStyle(60, Theme(), "default"))
    matches = ArticleMatches(layout)
    matches.set_query(Query.parse(MARKER))
    total = source.count(MARKER)
    assert matches.count == total and layout.rendered_count == 0

    assert matches.go_from(len(source) // 2, 1) is False
    assert matches.current is not None and 0 < matches.current < total
    assert matches.current_offset == source.index(MARKER, len(source) // 2)
    assert layout.rendered_count == 0  # numbered without rendering anything

    assert matches.go_from(len(source), 1) is True  # nothing below: wraps to the first
    assert matches.current == 0
    assert matches.step(-1) is True  # and back round to the last
    assert matches.current == total - 1
    assert matches.current_offset == source.rindex(MARKER)
    line = matches.line_of_current()  # renders the one unit it is in
    assert line is not None and layout.rendered_count >= 1
    assert MARKER in layout.rendered[layout.locate(line)[0]].search_text  # type: ignore[union-attr]
