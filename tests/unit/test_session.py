"""The reading session: where an article opens, what is saved, and when."""

from __future__ import annotations

from pathlib import Path

from reader.state.session import SAVE_EVERY, ReadingSession
from reader.state.store import Position, Store

BODY = "## One\n\n" + "Words of the first chapter. " * 40 + "\n\n## Two\n\nThe second chapter.\n"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _store(tmp_path: Path) -> Store:
    store, notices = Store.open(tmp_path / "data")
    assert notices == []
    return store


def test_a_new_article_opens_at_the_top_and_says_nothing(tmp_path: Path) -> None:
    opening = ReadingSession(_store(tmp_path), "/lib", "a", BODY).open_at()
    assert (opening.offset, opening.resumed_percent) == (0, None)


def test_it_resumes_where_reading_stopped_even_after_an_edit_above(tmp_path: Path) -> None:
    store = _store(tmp_path)
    offset = BODY.index("## Two")
    ReadingSession(store, "/lib", "a", BODY).save(offset, 80.0, "Two")
    edited = "A new first line.\n\n" + BODY
    opening = ReadingSession(store, "/lib", "a", edited).open_at()
    assert opening.offset == edited.index("## Two")
    assert opening.resumed_percent == 80.0


def test_a_finished_article_or_a_search_opens_at_the_top(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ReadingSession(store, "/lib", "a", BODY).save(len(BODY) - 5, 100.0, "Two")
    assert ReadingSession(store, "/lib", "a", BODY).open_at().offset == 0
    ReadingSession(store, "/lib", "b", BODY).save(50, 10.0, "One")
    assert ReadingSession(store, "/lib", "b", BODY).open_at(resume=False).offset == 0


def test_a_place_wins_over_the_saved_position(tmp_path: Path) -> None:
    store = _store(tmp_path)
    session = ReadingSession(store, "/lib", "a", BODY)
    session.save(50, 10.0, "One")
    place = Position.at(BODY, BODY.index("The second"))
    assert session.open_at(place).offset == BODY.index("The second")


def test_an_introduction_keeps_no_place(tmp_path: Path) -> None:
    store = _store(tmp_path)
    session = ReadingSession(store, "/lib", "intro", BODY, keeps_place=False)
    assert session.save(50, 10.0, "One") is False
    assert store.position("/lib", "intro") is None


def test_saves_are_due_every_few_seconds_while_scrolling(tmp_path: Path) -> None:
    clock = Clock()
    session = ReadingSession(_store(tmp_path), "/lib", "a", BODY, clock=clock)
    # Not at once after opening: the first page-down must not wait for a write
    # (where the article opened is stored already); then every few seconds.
    assert not session.save_due
    clock.now += SAVE_EVERY
    assert session.save_due
    session.save(10, 1.0, "One")
    clock.now += SAVE_EVERY / 2
    assert not session.save_due
    clock.now += SAVE_EVERY
    assert session.save_due


def test_the_saved_position_has_the_snippet_and_heading(tmp_path: Path) -> None:
    store = _store(tmp_path)
    offset = BODY.index("The second")
    ReadingSession(store, "/lib", "a", BODY).save(offset, 97.123456, "Two")
    saved = store.position("/lib", "a")
    assert saved is not None
    assert saved.heading == "Two" and saved.percent == 97.12
    assert saved.snippet.startswith("The second chapter.")


def test_a_place_too_near_the_start_for_a_percent_resumes_without_a_word(tmp_path: Path) -> None:
    store = _store(tmp_path)
    ReadingSession(store, "/lib", "a", BODY).save(40, 0.4, "One")
    opening = ReadingSession(store, "/lib", "a", BODY).open_at()
    assert opening.offset == 40
    assert opening.resumed_percent is None  # never "Resumed at 0%"


def test_an_article_only_passed_through_at_its_top_keeps_no_position(tmp_path: Path) -> None:
    store = _store(tmp_path)
    assert ReadingSession(store, "/lib", "a", BODY).save(0, 0.0, "") is False
    assert store.position("/lib", "a") is None
    # Once read, going back to the top is kept (it opens at the top next time).
    ReadingSession(store, "/lib", "a", BODY).save(200, 40.0, "One")
    assert ReadingSession(store, "/lib", "a", BODY).save(0, 0.0, "") is True
    position = store.position("/lib", "a")
    assert position is not None and position.offset == 0


def test_a_short_article_seen_whole_at_its_top_is_finished(tmp_path: Path) -> None:
    store = _store(tmp_path)
    session = ReadingSession(store, "/lib", "short", "A few words.\n")
    assert session.save(0, 100.0, "")
    saved = store.position("/lib", "short")
    assert saved is not None and saved.finished
    assert store.last_read("/lib") == "short"
