"""Selection motions over Markdown source, and rendered text aligned with its source."""

from __future__ import annotations

from hypothesis import given, strategies as st

from reader.reading.selection import Selection, align, move, rendered_index, word_at

TEXT = "# Head\n\nOne two three. Four five! Six\nseven.\n\nPara two here."


def selected(selection: Selection) -> str:
    return " ".join(selection.text(TEXT).split())


def test_words_sentences_and_paragraphs_move_the_end() -> None:
    selection = Selection(*word_at(TEXT, 0))
    assert selected(selection) == "Head"  # `#` is not a word
    selection = Selection(*word_at(TEXT, 8))
    steps = [("word", 1, "One two"), ("sentence", 1, "One two three."),
             ("sentence", 1, "One two three. Four five!"),
             ("paragraph", 1, "One two three. Four five! Six seven."),
             ("word", -1, "One two three. Four five! Six"),
             ("sentence", -1, "One two three. Four five!")]  # fmt: skip
    for kind, step, expected in steps:
        selection = move(selection, TEXT, kind, step)
        assert selected(selection) == expected, kind


def test_the_selection_never_collapses_and_o_moves_the_other_end() -> None:
    selection = Selection(*word_at(TEXT, 8))
    assert selected(move(selection, TEXT, "word", -1)) == "One"
    swapped = move(selection, TEXT, "word", 1).swapped()
    assert selected(move(swapped, TEXT, "word", 1)) == "two"
    assert selected(move(move(swapped, TEXT, "word", 1), TEXT, "word", 1)) == "two"


def test_align_skips_markup_and_link_targets() -> None:
    source = "Some **bold** [link](http://x.com/more) more"
    rendered = "Some bold link more"
    offsets = align(source, rendered)
    assert [source[offsets[i]] for i in range(len(rendered)) if rendered[i] != " "] == list(
        rendered.replace(" ", "")
    )
    assert offsets[rendered.index("more")] == source.rindex("more")
    assert rendered_index(offsets, source.index("bold")) == rendered.index("bold")


@given(st.lists(st.sampled_from(["alpha", "**beta**", "`gamma`", "_delta_", "\n\n", "[eps](u)"])))
def test_align_is_in_order_and_in_range(pieces: list[str]) -> None:
    source = " ".join(pieces)
    rendered = source.replace("*", "").replace("`", "").replace("_", "").replace("(u)", "")
    rendered = rendered.replace("[", "").replace("]", "")
    offsets = align(source, rendered)
    assert len(offsets) == len(rendered)
    assert offsets == sorted(offsets) and all(0 <= o <= len(source) for o in offsets)
    for index, char in enumerate(rendered):
        if char.isalpha():
            assert source[offsets[index]] == char
