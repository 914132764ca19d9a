"""The one Markdown block scanner: headings of both kinds, code fences, titles."""

from __future__ import annotations

from reader.library.markdown_blocks import Heading, first_title, headings, plain_text
from reader.reading.document import split
from reader.state.places import heading_before

SETEXT = """Introduction
============

Some words.

Part two
--------

More words.

- a list item
---

After a rule.
"""


def test_setext_headings_are_headings_at_their_text_line() -> None:
    found = headings(SETEXT)
    assert found == [
        Heading(1, "Introduction", 0),
        Heading(2, "Part two", SETEXT.index("Part two")),
    ]


def test_a_setext_heading_is_in_the_outline_and_begins_a_unit() -> None:
    document = split(SETEXT, target=1)
    assert [h.title for h in document.headings] == ["Introduction", "Part two"]
    starts = [unit.start for unit in document.units]
    assert SETEXT.index("Part two") in starts


def test_a_rule_after_a_blank_line_or_a_list_item_is_not_a_heading() -> None:
    text = "Para\n\n---\n\nText\n\n- item\n---\n\n> quote\n---\n"
    assert headings(text) == []


def test_a_multi_line_paragraph_over_equals_signs_is_one_heading() -> None:
    assert headings("A long\ntitle\n===\n") == [Heading(1, "A long title", 0)]


def test_nothing_inside_a_code_fence_is_a_heading() -> None:
    text = "```\n# not a heading\nnor this\n---\n```\n\n## Real\n"
    assert headings(text) == [Heading(2, "Real", text.index("## Real"))]


def test_atx_closing_hashes_and_a_hash_in_the_title() -> None:
    assert [h.title for h in headings("# Title #\n\n## Notes on C#\n")] == [
        "Title",
        "Notes on C#",
    ]


def test_the_first_level_one_heading_is_the_title_setext_too() -> None:
    assert first_title("Words first.\n\nThe Title\n=========\n\n# Later\n") == "The Title"
    assert first_title("## Only level two\n") is None


def test_heading_text_is_plain_entities_decoded_and_markup_dropped() -> None:
    assert plain_text("The `<border>` &mdash; *very* **bold** [link](x) &lt;tag&gt;") == (
        "The <border> — very bold link <tag>"
    )
    assert plain_text("snake_case_name stays") == "snake_case_name stays"


def test_heading_before_at_the_start_of_a_heading_inside_it_and_after_it() -> None:
    body = "Intro text.\n\n## Chapter two\n\nThe chapter's text.\n"
    start = body.index("## Chapter two")
    assert heading_before(body, start) == "Chapter two"  # was ''
    assert heading_before(body, start + 6) == "Chapter two"  # was 'Cha'
    assert heading_before(body, body.index("The chapter")) == "Chapter two"
    assert heading_before(body, 3) == ""


def test_heading_before_sees_setext_headings() -> None:
    assert heading_before(SETEXT, SETEXT.index("More words")) == "Part two"


def test_entities_in_a_code_span_of_a_title_are_decoded_and_controls_dropped() -> None:
    # mkdocs pages write `&lt;border&gt;` in code spans: a title reads <border>.
    assert plain_text("The `&lt;border&gt;` rule &mdash; *why*") == "The <border> rule — why"
    assert plain_text("Red &#27;[31m `&#27;`") == "Red [31m"


def test_escaped_punctuation_and_links_with_escaped_labels_are_plain() -> None:
    # What the EPUB converter writes for a footnote mark, and an escaped star.
    assert plain_text(r"It was a dark night.[\[1\]](#notes) A \*star\* stays.") == (
        "It was a dark night.[1] A *star* stays."
    )
