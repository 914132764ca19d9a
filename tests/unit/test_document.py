"""Splitting an article into render units: whole blocks only, every heading a unit.

A unit is rendered on its own, so a cut inside a code block or a list shows the
reader broken Markdown (a fence left open, a list item cut from its text), and a
heading that does not start a unit cannot be jumped to from the outline.
"""

from __future__ import annotations

import itertools
import re
import threading

import pytest
from hypothesis import given, settings, strategies as st

from reader.library.markdown_blocks import Heading, plain_text as plain_heading
from reader.reading.document import Document, split
from reader.textsearch.fold import fold
from tests.generated_article import generate


def _check_cover(document: Document) -> None:
    units = document.units
    assert units[0].start == 0
    assert units[-1].end == len(document.source)
    for before, after in itertools.pairwise(units):
        assert before.end == after.start
        assert before.start < before.end
    assert "".join(document.text(unit) for unit in units) == document.source


def _blocks_of(source: str, opener: str, closer: str) -> list[tuple[int, int]]:
    """(start, end) source offsets of each `opener` ... `closer` line pair."""
    spans = []
    for match in re.finditer(rf"^{opener}.*?^{closer}$", source, re.M | re.S):
        spans.append(match.span())
    return spans


def _cuts(document: Document) -> set[int]:
    return {unit.start for unit in document.units[1:]}


@pytest.mark.parametrize("target", [1, 50, 400, 2_000])
def test_units_cover_the_source_exactly(target: int) -> None:
    source = generate(30_000)
    _check_cover(split(source, target))


def test_the_default_target_gives_units_of_about_that_size() -> None:
    document = split(generate(300_000))
    sizes = [unit.end - unit.start for unit in document.units]
    assert len(document.units) > 100
    assert max(sizes) < 4 * 2_000  # a unit grows past the target only to end a block


@pytest.mark.parametrize("text", ["", "one line", "\n\n\n"])
def test_tiny_texts_are_one_unit(text: str) -> None:
    document = split(text)
    assert len(document.units) == 1
    assert document.text(document.units[0]) == text


def test_a_fenced_code_block_is_never_cut() -> None:
    source = generate(30_000)
    fences = _blocks_of(source, "```python", "```")
    assert len(fences) > 20
    for target in (1, 20, 200):
        cuts = _cuts(split(source, target))
        for start, end in fences:
            assert not any(start < cut <= end for cut in cuts), (target, source[start:end])


def test_a_code_block_with_a_longer_fence_holds_shorter_fences() -> None:
    # A Markdown tutorial: a 4-backtick block shows a 3-backtick one.
    inner = "```\n# Not a heading\n\nplain line\n```"
    source = f"# Guide\n\nIntro.\n\n````markdown\n{inner}\n\nmore\n````\n\nAfter.\n"
    document = split(source, target=1)
    block = source.index("````markdown")
    block_end = source.index("````\n\nAfter") + 4
    assert not any(block < cut <= block_end for cut in _cuts(document))
    assert [h.title for h in document.headings] == ["Guide"]


@pytest.mark.parametrize(
    "block",
    [
        "~~~\n```\n\n# inside\n~~~",  # closed only by the same character
        "```\n```python\n\n# inside\n```",  # a fence with an info string does not close
        "```\n~~~\n\n# inside\n````",  # a longer fence closes
    ],
)
def test_a_fence_is_closed_only_by_a_matching_fence(block: str) -> None:
    source = f"{block}\n\n# Outside\n"
    document = split(source, target=1)
    assert [h.title for h in document.headings] == ["Outside"]
    assert _cuts(document) == {source.index("# Outside")}


def test_a_list_item_continued_after_a_blank_line_is_never_cut() -> None:
    source = generate(30_000)
    items = _blocks_of(source, "- a first", "  continued on an indented line of the same item")
    assert len(items) > 20
    cuts = _cuts(split(source, target=1))
    for start, end in items:
        assert not any(start < cut <= end for cut in cuts)


def test_an_indented_code_block_is_never_cut() -> None:
    source = "Para.\n\n    code line 1\n\n    code line 2\n\nAfter.\n"
    cuts = _cuts(split(source, target=1))
    assert cuts == {source.index("After.")}


def test_every_heading_starts_a_unit_and_is_listed() -> None:
    source = generate(60_000)
    for target in (1, 2_000, 1_000_000):
        document = split(source, target)
        starts = {unit.start: unit for unit in document.units}
        assert len(document.headings) == source.count("\n## ") + source.count("\n### ") + 1
        for heading in document.headings:
            assert heading.offset in starts
            assert starts[heading.offset].heading == heading
            assert source[heading.offset :].startswith("#" * heading.level + " ")


def test_headings_have_level_plain_text_and_offset() -> None:
    source = (
        "# Title\n\nText.\n\n"
        "## **Part** [one](one.md) and `code`\n\n"
        "### Closing hashes ###\n\n"
        "#### Notes on C#\n\n"
        "   ###### Deep, indented three spaces\n\n"
        "    # Indented four: code, not a heading\n\n"
        "#NoSpace is not a heading\n\n"
        "```\n# comment in code\n```\n"
    )
    document = split(source)
    assert [(h.level, h.title) for h in document.headings] == [
        (1, "Title"),
        (2, "Part one and code"),
        (3, "Closing hashes"),
        (4, "Notes on C#"),
        (6, "Deep, indented three spaces"),
    ]
    for heading in document.headings:
        line = source[heading.offset : source.index("\n", heading.offset)]
        assert line.lstrip().startswith("#" * heading.level + " ")


def test_plain_heading_drops_inline_markup() -> None:
    assert plain_heading("**Part** [one](x) _and_ `two` ![img](a.png)") == "Part one and two img"


def test_heading_at_and_unit_at_find_the_enclosing_ones() -> None:
    source = "Preface.\n\n# One\n\nText one.\n\n## Two\n\nText two.\n"
    document = split(source, target=1)
    assert document.heading_at(0) is None
    one, two = document.headings
    assert document.heading_at(source.index("Text one")) == one
    assert document.heading_at(source.index("## Two")) == two
    assert document.heading_at(len(source)) == two
    for offset in range(len(source)):
        unit = document.units[document.unit_at(offset)]
        assert unit.start <= offset < unit.end


# -- random documents ------------------------------------------------------------------

BLOCKS = st.sampled_from(
    [
        "Plain paragraph of text.",
        "Two-line paragraph\nwith a lazy second line.",
        "# Heading one",
        "## Heading *two*",
        "```\ncode\n\n# not a heading\n```",
        "~~~\n```\n\nstill code\n~~~",
        "````\n```\ninner\n```\n\nstill code\n````",
        "```\n```python\n\n# still code\n```",
        "- item\n\n  continued\n- item two",
        "1. first\n2. second",
        "> quote\n> more",
        "    indented code\n\n    more code",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "",
    ]
)


@settings(max_examples=150, deadline=None)
@given(blocks=st.lists(BLOCKS, min_size=1, max_size=25), target=st.integers(1, 200))
def test_random_documents_split_on_block_boundaries(blocks: list[str], target: int) -> None:
    source = "\n\n".join(blocks) + "\n"
    document = split(source, target)
    _check_cover(document)
    # Where each block starts in the source: a cut may only fall there.
    starts, offset = set(), 0
    for block in blocks:
        starts.add(offset)
        offset += len(block) + 2
    assert _cuts(document) <= starts
    headings = [b for b in blocks if b.startswith("#")]
    assert [h.title for h in document.headings] == [
        plain_heading(b.lstrip("#").strip()) for b in headings
    ]
    assert all(isinstance(h, Heading) for h in document.headings)


def test_the_background_fold_waits_while_keys_come_until_a_search_needs_it() -> None:
    """The fold started as a long article opens gives way to the reader's keys (it
    shared the interpreter lock with every page-down), but a search typed meanwhile
    gets its total at once: waiting for the fold ends the pauses."""
    document = split(generate(400_000))
    paused = threading.Event()

    def busy() -> bool:  # keys keep coming, for as long as the test lasts
        paused.set()
        return True

    background = threading.Thread(target=document.fold_in_background, args=(busy,))
    background.start()
    assert paused.wait(10), "the fold never looked at the keys"
    assert not document.folded_ready()  # paused between pieces, not done
    folded = document.folded()  # a search: waits, and the fold stops pausing
    background.join(10)
    assert not background.is_alive()
    assert folded.folded == fold(document.source).folded


def test_a_search_about_to_be_typed_ends_the_folds_pauses() -> None:
    """`/` opens the search bar: the fold stops giving way to keys at once, so the
    total of the word typed next is not held back by the keys typing it."""
    document = split(generate(400_000))
    paused = threading.Event()

    def busy() -> bool:
        paused.set()
        return True

    background = threading.Thread(target=document.fold_in_background, args=(busy,))
    background.start()
    assert paused.wait(10), "the fold never looked at the keys"
    document.want_fold()
    background.join(10)
    assert not background.is_alive()
    assert document.folded_ready()
