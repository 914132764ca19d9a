"""Highlights in the store: saved, listed, and found again after the article changed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from reader.state.annotations import CONTEXT, Quote, anchor, text_hash
from reader.state.highlights import Highlight
from reader.state.places import reanchor
from reader.state.store import Position, Store

PASSAGE = "the quick brown fox jumps over the lazy dog"
BODY = (
    "# Title\n\nAn opening paragraph that says little.\n\n"
    f"## Part one\n\nHere {PASSAGE} and then rests.\n\n"
    f"## Part two\n\nElsewhere {PASSAGE} once more, the second time.\n"
)
SECOND = BODY.rindex(PASSAGE)

words = st.text(alphabet="abcdefghij klm\n", min_size=0, max_size=80)


@contextlib.contextmanager
def fresh(tmp_path: Path) -> Iterator[Store]:
    """The store under `tmp_path`, emptied of highlights (one file for all examples)."""
    store, _ = Store.open(tmp_path)
    with store:
        for highlight in store.highlights():
            store.delete_highlight(highlight.id)
        yield store


def saved(store: Store, body: str = BODY, start: int = SECOND, note: str = "n") -> Highlight:
    made = Highlight.of("/lib", "a", "A", body, start, start + len(PASSAGE), note)
    added = store.add_highlight(made)
    assert added is not None
    return added


def test_a_highlight_keeps_its_passage_note_heading_and_percent(tmp_path: Path) -> None:
    store, _ = Store.open(tmp_path)
    with store:
        added = saved(store)
        [found] = store.highlights_of("/lib", "a", BODY)
    assert found.id == added.id
    assert (found.exact, found.note, found.heading) == (PASSAGE, "n", "Part two")
    assert found.quote.prefix == BODY[SECOND - CONTEXT : SECOND]
    assert found.quote.suffix == BODY[found.end : found.end + CONTEXT]
    assert 0 < found.percent < 100 and not found.orphaned


def test_the_second_of_two_equal_passages_is_found_by_its_context() -> None:
    quote = Quote.at(BODY, SECOND, SECOND + len(PASSAGE))
    edited = BODY.replace("An opening", "A much longer opening, rewritten,")
    start, end = anchor(edited, quote) or (0, 0)
    assert start == edited.rindex(PASSAGE) and edited[start:end] == PASSAGE


def test_a_reflowed_passage_is_the_same_passage() -> None:
    quote = Quote.at(BODY, SECOND, SECOND + len(PASSAGE))
    reflowed = BODY.replace("lazy dog once", "lazy\ndog once")
    found = anchor(reflowed, quote)
    assert found is not None and " ".join(reflowed[found[0] : found[1]].split()) == PASSAGE


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inserted=words, where=st.integers(0, SECOND))
def test_text_inserted_above_moves_the_highlight_with_its_passage(
    tmp_path: Path, inserted: str, where: int
) -> None:
    with fresh(tmp_path) as store:
        saved(store)
        body = BODY[:where] + inserted + BODY[where:]
        [found] = store.highlights_of("/lib", "a", body)
        assert not found.orphaned
        assert body[found.start : found.end] == PASSAGE
        # The second occurrence, not the first: the context told them apart.
        assert found.start == body.rindex(PASSAGE)
        # Saved: a later read needs no anchoring and agrees.
        [again] = store.highlights_of("/lib", "a", body)
        assert again == found and again.text_hash == text_hash(body)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edit=st.text(alphabet="XYZ", min_size=1, max_size=5), at=st.integers(1, len(PASSAGE) - 1))
def test_an_edited_passage_is_orphaned_and_kept(tmp_path: Path, edit: str, at: int) -> None:
    with fresh(tmp_path) as store:
        added = saved(store)
        changed = PASSAGE[:at] + edit + PASSAGE[at:]
        body = BODY.replace(PASSAGE, changed)
        [found] = store.highlights_of("/lib", "a", body)
        assert found.orphaned and found.id == added.id
        assert found.exact == PASSAGE and found.note == "n"
        # The passage comes back: so does the highlight.
        [back] = store.highlights_of("/lib", "a", BODY)
        assert not back.orphaned and back.start == SECOND


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rest=words)
def test_a_deleted_passage_leaves_an_orphan_never_a_loss(tmp_path: Path, rest: str) -> None:
    with fresh(tmp_path) as store:
        saved(store)
        body = BODY.replace(PASSAGE, rest.replace("fox", ""))
        [found] = store.highlights_of("/lib", "a", body)
        assert found.orphaned
        assert [h.id for h in store.highlights("/lib")] == [found.id]


def test_delete_restore_note_and_import_without_duplicates(tmp_path: Path) -> None:
    store, _ = Store.open(tmp_path)
    with store:
        added = saved(store)
        assert store.update_highlight_note(added.id, "changed")
        removed = store.delete_highlight(added.id)
        assert removed is not None and store.highlights() == []
        assert store.restore_highlight(removed)
        [back] = store.highlights()
        assert (back.id, back.note, back.created) == (added.id, "changed", added.created)
        assert store.import_highlights([added, added]) == 0
        other = Highlight.of("/lib", "a", "A", BODY, 0, 7, "")
        assert store.import_highlights([other, other]) == 1
        assert len(store.highlights("/lib", "a")) == 2


@settings(max_examples=25)
@given(inserted=words, where=st.integers(0, SECOND))
def test_a_bookmark_is_found_again_the_same_way(inserted: str, where: int) -> None:
    place = Position.at(BODY, SECOND)
    body = BODY[:where] + inserted + BODY[where:]
    moved = reanchor(body, place)
    assert body.startswith(place.snippet, moved) and moved == body.rindex(PASSAGE)
