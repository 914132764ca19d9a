"""Finding a saved place again after the article was edited or reflowed."""

from __future__ import annotations

from reader.state.places import heading_before, offset_for_percent, reanchor, snippet_at
from reader.state.store import Position

PARAGRAPHS = [
    "The first paragraph talks about the weather in a small town by the sea.",
    "The second paragraph is where the reader stopped, right at this sentence about ships.",
    "The third paragraph ends the story with a storm and a lighthouse keeper.",
]
BODY = "# Story\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
TARGET = BODY.index("right at this sentence")


def saved() -> Position:
    return Position.at(BODY, TARGET)


def test_an_unchanged_body_keeps_the_offset() -> None:
    assert reanchor(BODY, saved()) == TARGET


def test_text_inserted_before_the_place_moves_it_along() -> None:
    inserted = "A new paragraph, added by the author after the reader stopped.\n\n"
    edited = BODY.replace(PARAGRAPHS[1], inserted + PARAGRAPHS[1])
    found = reanchor(edited, saved())
    assert found == TARGET + len(inserted)
    assert edited[found:].startswith("right at this sentence")


def test_a_reflowed_body_is_matched_with_whitespace_normalised() -> None:
    reflowed = BODY.replace("stopped, right at", "stopped,\nright  at").replace(
        "about ships.", "about\n   ships."
    )
    position = Position.at(BODY, BODY.index("stopped, right"))
    found = reanchor(reflowed, position)
    assert reflowed[found:].startswith("stopped,\nright  at")


def test_the_match_nearest_the_old_offset_wins() -> None:
    repeated = "same words here. " * 3
    body = f"{repeated}\n\n{'x' * 500}\n\n{repeated}"
    second_copy = body.rindex(repeated)
    position = Position(second_copy, 90.0, "", "same words here. same words here.")
    edited = "prefix " + body
    assert reanchor(edited, position) == second_copy + len("prefix ")


def test_an_edit_at_the_end_of_the_snippet_still_finds_its_first_half() -> None:
    edited = "Inserted.\n\n" + BODY.replace("The third paragraph", "The 3rd paragraph")
    assert reanchor(edited, saved()) == TARGET + len("Inserted.\n\n")


def test_an_edit_at_the_start_of_the_snippet_lands_close_by() -> None:
    edited = "Inserted.\n\n" + BODY.replace("right at this", "right at that")
    found = reanchor(edited, saved())
    assert abs(found - (TARGET + len("Inserted.\n\n"))) <= 5


def test_a_vanished_snippet_falls_back_to_the_percent() -> None:
    position = Position(10, 50.0, "", "text that is nowhere in the new body at all")
    new_body = "y" * 1000
    assert reanchor(new_body, position) == 500
    assert reanchor("", position) == 0


def test_an_empty_snippet_uses_the_percent() -> None:
    assert reanchor("z" * 200, Position(0, 25.0)) == 50


def test_snippets_end_at_a_word_and_stay_short() -> None:
    snippet = snippet_at(BODY, TARGET)
    assert BODY[TARGET:].startswith(snippet)
    assert 60 <= len(snippet) <= 80
    assert BODY[TARGET + len(snippet)] == " "
    assert snippet_at(BODY, len(BODY)) == ""


def test_offset_for_percent_moves_back_to_a_word_start() -> None:
    offset = offset_for_percent(BODY, 50)
    assert offset <= len(BODY) // 2 + 1
    assert BODY[offset - 1].isspace()
    assert offset_for_percent(BODY, 0) == 0
    assert offset_for_percent(BODY, 100) == len(BODY)


def test_heading_before_skips_code_blocks() -> None:
    body = "# One\n\ntext\n\n```\n# not a heading\n```\n\nmore text\n\n## Two\n\nend"
    assert heading_before(body, body.index("more text")) == "One"
    assert heading_before(body, body.index("end")) == "Two"
    assert heading_before("no headings", 5) == ""


def test_a_place_at_a_blank_line_keeps_a_snippet_of_the_text_after_it() -> None:
    body = "First paragraph ends here.\n\n   The second paragraph starts here and goes on a while."
    blank = body.index("\n\n") + 1
    assert snippet_at(body, blank).startswith("The second paragraph")
    position = Position.at(body, blank)
    assert position.snippet.startswith("The second paragraph")
    assert reanchor(body, position) == blank  # the place itself is kept, exactly
    edited = "A new first line.\n" + body
    assert edited.startswith("The second", reanchor(edited, position))
