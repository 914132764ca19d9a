"""Hostile state: escape-laden notes, bad rows, odd schemas, huge and malformed imports.

Issue 14, items 1, 8, 9, 14 and 15: none of these may crash a command, hang it,
lose state silently, or send a control sequence to the terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reader.cli.bookmarks import parse_export
from reader.cli.errors import CliError
from reader.state import database
from reader.state.store import Position, Store, library_key

NASTY = "\x1b]52;c;cm0gLXJmIH4K\x07\x1b[2J\x9b31m\u202egpj.exe\x07"
CONTROL = set("\x1b\x07\x9b\u202e")


@pytest.fixture
def root(make_library):
    return make_library({"a.md": "# Alpha\n\nSome words here.\n"})


@pytest.fixture
def state(tmp_path):
    return tmp_path / "reader-data" / "state.sqlite3"


def test_escape_sequences_in_notes_never_reach_the_terminal(root, state, run):
    code, _, _ = run("--library", str(root), "bookmarks", "add", "a", "--note", NASTY)
    assert code == 0
    # Even when written into the file by something else, they are cleaned on the way out.
    with sqlite3.connect(state) as db:
        db.execute("UPDATE bookmarks SET title = ?, heading = ?", (NASTY, NASTY))
    for argv in (
        ["bookmarks"],
        ["bookmarks", "--json"],
        *(["bookmarks", "export", "--format", form] for form in ("json", "yaml", "markdown")),
    ):
        code, out, err = run("--library", str(root), *argv)
        assert code == 0
        assert not CONTROL & set(out + err), argv
        assert "\\u009b" not in out and "\\u001b" not in out and "\\x1b" not in out
    assert "gpj.exe" in run("--library", str(root), "bookmarks")[1]


def test_the_store_cleans_what_enters_it(tmp_path):
    store, _ = Store.open(tmp_path / "data")
    bookmark = store.add_bookmark(tmp_path, "a", NASTY, Position(0, 0.0), NASTY)
    assert bookmark is not None
    assert store.update_note(bookmark.id, NASTY + "\nsecond line")
    saved = store.bookmarks()[0]
    assert not CONTROL & set(saved.title + saved.note)
    assert saved.note.endswith("\nsecond line")


def bad_rows(state: Path, root: Path) -> None:
    key = library_key(root)
    with sqlite3.connect(state) as db:
        db.execute("INSERT INTO positions VALUES (?, 'a', 5, 10.0, '', '', 0, 'notadate')", (key,))
        db.execute(
            "INSERT INTO bookmarks (library, article_id, title, note, char_offset, percent, "
            "heading, snippet, created) VALUES (?, 'a', 'T', 'year one', 0, 0, '', '', "
            "'0001-01-01T00:00:00+00:00')",
            (key,),
        )
        db.execute(
            "INSERT INTO bookmarks (library, article_id, title, note, char_offset, percent, "
            "heading, snippet, created) VALUES (?, 'a', 'T', 'bad offset', -4, 'x', '', '', "
            "'2024-01-01T00:00:00+00:00')",
            (key,),
        )
        db.execute(
            "INSERT INTO bookmarks (library, article_id, title, note, char_offset, percent, "
            "heading, snippet, created) VALUES (?, 'a', 'T', 'good', 3, 5, '', '', "
            "'2024-01-01T00:00:00+00:00')",
            (key,),
        )


def test_bad_rows_are_reported_and_skipped_never_fatal(root, state, run, monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        run("--library", str(root), "bookmarks", "add", "a")  # creates the file
        bad_rows(state, root)
        code, out, err = run("--library", str(root), "bookmarks")
        assert code == 0
        assert "good" in out and "year one" not in out and "bad offset" not in out
        assert err.count("Skipped a damaged bookmark") == 1
        store, _ = Store.open(state.parent)
        assert store.position(root, "a") is None
        assert store.positions(root) == {}
        assert [b.note for b in store.bookmarks()] == ["", "good"]
        store.close()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.parametrize(
    "damage",
    [
        "PRAGMA user_version = -5",
        "DROP TABLE bookmarks; CREATE TABLE bookmarks (x INTEGER)",
        "ALTER TABLE positions RENAME TO old; CREATE TABLE positions (library TEXT)",
    ],
)
def test_a_schema_that_is_not_ours_is_moved_aside(root, state, run, damage):
    run("--library", str(root), "bookmarks", "add", "a", "--note", "before")
    with sqlite3.connect(state) as db:
        db.executescript(damage)
    store, notices = Store.open(state.parent)
    assert [n.split(";")[0] for n in notices] == ["State file was unreadable"]
    assert list(state.parent.glob("state.sqlite3.corrupt-*"))
    assert store.writable
    assert store.add_bookmark(root, "a", "Alpha", Position(0, 0.0), "after") is not None
    store.close()
    code, out, _ = run("--library", str(root), "bookmarks")
    assert code == 0 and "after" in out


def export(count: int, root: Path) -> str:
    created = "2024-01-01T00:00:00+00:00"
    rows = [
        {"library": str(root), "article_id": "a", "offset": n, "note": f"n{n}", "created": created}
        for n in range(count)
    ]
    return json.dumps({"format": "reader-bookmarks", "bookmarks": rows})


def test_a_large_import_is_fast_and_finds_duplicates_by_index(root, tmp_path, run):
    file = tmp_path / "big.json"
    file.write_text(export(20_000, root))
    started = time.perf_counter()
    code, out, _ = run("--library", str(root), "bookmarks", "import", str(file))
    elapsed = time.perf_counter() - started
    assert code == 0 and out.startswith("imported 20000 bookmark(s)")
    assert elapsed < 10  # a scan per row (before migration 2) took 102 s for 50,000
    code, out, _ = run("--library", str(root), "bookmarks", "import", str(file))
    assert out.startswith("imported 0 bookmark(s); 20000 already present")


def test_a_store_locked_out_at_start_saves_once_the_lock_is_gone(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT", 0.2)
    Store.open(tmp_path / "data")[0].close()
    holder = sqlite3.connect(tmp_path / "data" / "state.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
    store, notices = Store.open(tmp_path / "data")
    assert not store.writable
    assert "tried again" in notices[0]
    holder.execute("ROLLBACK")
    holder.close()
    assert store.add_bookmark(tmp_path, "a", "A", Position(0, 0.0), "kept") is not None
    assert store.writable
    store.close()
    again, _ = Store.open(tmp_path / "data")
    assert [b.note for b in again.bookmarks()] == ["kept"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('[{"library": "/l", "article_id": "a", "offset": 1180591620717411303424}]', "'offset'"),
        ('[{"library": "/l", "article_id": "a\\ud800"}]', "lone surrogate"),
        ('[{"library": "/l", "article_id": "a", "created": "9999-12-31T23:59:59"}]', "'created'"),
        ('[{"library": "/l", "article_id": "a", "created": "0001-01-01T00:00:00"}]', "'created'"),
        ("- {library: /l, article_id: a, created: 2024-02-30 10:00:00}", "unreadable"),
    ],
    ids=["deep-json", "offset-2**70", "lone-surrogate", "year-9999", "year-1", "bad-yaml-date"],
)
def test_bad_imports_are_exit_2_with_one_line(root, tmp_path, run, text, reason):
    file = tmp_path / "bad.json"
    file.write_text(text, encoding="utf-8")
    code, out, err = run("--library", str(root), "bookmarks", "import", str(file))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and reason in err, err


def test_a_huge_search_limit_is_not_an_overflow(root, run):
    code, out, err = run("--library", str(root), "search", "--limit", "9" * 20, "words")
    assert code == 0, err
    assert "Alpha" in out


json_values = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
        st.sampled_from(["9999-01-01T00:00:00", "0001-01-01", "2024-01-01T00:00:00Z", "\ud800"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)  # fmt: skip
bookmark_like = st.fixed_dictionaries(
    {"library": st.just("/l"), "article_id": st.just("a")},
    optional={
        name: json_values for name in ("offset", "percent", "created", "note", "title", "heading")
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(json_values, st.lists(bookmark_like, max_size=3)))
def test_any_import_is_read_or_refused_in_one_line(tmp_path_factory, data):
    store_dir = tmp_path_factory.mktemp("fuzz")
    try:
        bookmarks = parse_export(json.dumps(data), "fuzz.json")
    except CliError as error:
        assert "\n" not in str(error)
        return
    store, _ = Store.open(store_dir)
    with store:
        assert store.import_bookmarks(bookmarks) == len(set(
            (b.library, b.article_id, b.offset, b.note) for b in bookmarks
        ))  # fmt: skip
        for saved in store.bookmarks():
            saved.created.astimezone(dt.timezone(dt.timedelta(hours=-14)))
