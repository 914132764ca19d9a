"""`reader config ...`, the config's effect on every command, and `reader state move`."""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

import pytest

from reader.resources import bundled_library
from reader.state.store import Position, Store, library_key
from tests.helpers import MINILIB, run_cli as run


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    """Where the config is by default in tests (XDG_CONFIG_HOME is in tmp_path)."""
    return tmp_path / "xdg-config" / "reader" / "config.toml"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_path_follows_the_flag_before_the_command(capsys, tmp_path, config_file, monkeypatch):
    assert run(capsys, "config", "path") == (0, f"{config_file}\n", "")
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "env.toml"))
    assert run(capsys, "config", "path")[1] == f"{tmp_path / 'env.toml'}\n"
    flag = tmp_path / "flag.toml"
    assert run(capsys, "--config", str(flag), "config", "path")[1] == f"{flag}\n"


def test_set_then_show_then_keys(capsys, config_file):
    write(config_file, "# mine\ntheme = 'nord'  # keep me\n")
    assert run(capsys, "config", "set", "width", "72") == (0, "", "")
    assert run(capsys, "config", "set", "keys.read.line_down", "e,down") == (0, "", "")
    text = config_file.read_text()
    assert text.startswith("# mine\ntheme = 'nord'  # keep me\nwidth = 72\n")
    code, shown, _ = run(capsys, "config", "show")
    data = tomllib.loads(shown)
    assert (data["theme"], data["width"], data["confirm_links"]) == ("nord", 72, True)
    assert data["keys"]["read"]["line_down"] == ["e", "down"]
    assert data["keys"]["read"]["line_up"] == ["k", "up"]  # defaults included
    code, keys, _ = run(capsys, "config", "keys")
    assert code == 0
    assert "[keys.bookmarks]" in keys
    line_down = next(line for line in keys.splitlines() if line.split()[0] == "line_down")
    assert line_down.split()[1:] == ["e,", "down", "Line", "down"]


def test_set_refuses_a_wrong_value_with_one_line(capsys, config_file):
    code, out, err = run(capsys, "config", "set", "width", "wide")
    assert (code, out) == (2, "")
    assert err == "reader: not set: width: a whole number is expected, not 'wide'\n"
    assert not config_file.exists()
    code, _, err = run(capsys, "config", "set", "theme", "nope")
    assert code == 2
    assert err.startswith("reader: not set: theme: unknown theme 'nope' (one of: textual-dark,")
    assert err.endswith("ansi-light)\n")


def test_set_never_rewrites_a_broken_file(capsys, config_file):
    write(config_file, "width = \n")
    code, _, err = run(capsys, "config", "set", "theme", "nord")
    assert code == 1
    assert err == f"reader: {config_file}:1: not saved: the file is not valid TOML; fix it first\n"
    assert config_file.read_text() == "width = \n"


def test_check_lists_every_problem_and_exits_1(capsys, config_file):
    assert run(capsys, "config", "check") == (0, "", "")
    write(config_file, 'width = "wide"\ntheme = "nope"\n[keys.read]\nfly = "x"\n')
    code, out, err = run(capsys, "config", "check")
    assert code == 1
    assert err == ""
    assert [line.split(": ")[0] for line in out.splitlines()] == [
        f"{config_file}:1",
        f"{config_file}:2",
        f"{config_file}:4",
    ]


def test_a_broken_config_never_stops_a_command(capsys, config_file):
    write(config_file, "theme = [\n")
    code, out, err = run(capsys, "--library", str(MINILIB), "list")
    assert code == 0
    assert out.startswith("Mini library\n")
    assert err.startswith(f"reader: {config_file}:1: invalid TOML")
    assert len(err.splitlines()) == 1  # said once


def test_library_from_the_config_after_flag_and_environment(
    capsys, config_file, make_library, monkeypatch
):
    other = make_library({"only.md": "# Only one\n\nText.\n"}, name="other")
    write(config_file, f"library = {str(MINILIB)!r}\n")
    assert run(capsys, "list")[1].startswith("Mini library\n")
    assert run(capsys, "--library", str(other), "list")[1].startswith("Other\n")
    monkeypatch.setenv("READER_LIBRARY", str(other))
    assert run(capsys, "list")[1].startswith("Other\n")


def test_bundled_library_is_keyed_bundled_and_a_user_library_by_its_path(tmp_path):
    assert library_key(bundled_library()) == "bundled"
    assert library_key("bundled") == "bundled"
    assert library_key(tmp_path / "a" / ".." / "lib") == str(tmp_path / "lib")


def _old_state(data_dir: Path, key: str) -> None:
    """A position and a bookmark saved under `key`, as earlier versions keyed them."""
    Store.open(data_dir)[0].close()  # the schema exists
    with sqlite3.connect(data_dir / "state.sqlite3") as db:
        db.execute(
            "INSERT INTO positions VALUES (?, 'a/b', 10, 50.0, '', '', 0, '2020-01-01T00:00:00')",
            (key,),
        )
        db.execute(
            "INSERT INTO bookmarks (library, article_id, char_offset, percent, created)"
            " VALUES (?, 'a/b', 10, 50.0, '2020-01-01T00:00:00')",
            (key,),
        )


@pytest.mark.parametrize(
    "old_key",
    [
        str(bundled_library().resolve()),  # where it is now, under its folder
        "/opt/pipx/venvs/reader/lib/python3.11/site-packages/reader/_data/library",  # a wheel's
        "checkout",  # another checkout's `library` (made below)
    ],
)
def test_state_under_a_bundled_library_folder_moves_to_bundled(tmp_path, old_key):
    if old_key == "checkout":
        (tmp_path / "checkout/src/reader").mkdir(parents=True)
        (tmp_path / "checkout/src/reader/resources.py").write_text("")
        old_key = str(tmp_path / "checkout/library")
    data_dir = tmp_path / "data"
    _old_state(data_dir, old_key)
    store, _ = Store.open(data_dir)
    with store:
        assert store.library_keys() == {"bundled"}
        assert store.positions(bundled_library())["a/b"].percent == 50.0
        assert [b.article_id for b in store.bookmarks(bundled_library())] == ["a/b"]


def test_a_user_library_named_library_keeps_its_own_key(tmp_path):
    data_dir = tmp_path / "data"
    _old_state(data_dir, str(tmp_path / "library"))
    with Store.open(data_dir)[0] as store:
        assert store.library_keys() == {str(tmp_path / "library")}


def test_state_move_rekeys_positions_and_bookmarks(capsys, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    data_dir = tmp_path / "data"
    with Store.open(data_dir)[0] as store:
        store.save_position(old, "a", Position(5, 10.0))
        store.save_position(old, "b", Position(5, 20.0))
        store.save_position(new, "b", Position(7, 70.0))  # newer: kept
        store.add_bookmark(old, "a", "A", Position(5, 10.0), "note")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "state", "move", str(old), str(new))
    assert (code, err) == (0, "")
    assert out == f"Moved 1 positions, 1 bookmarks, 0 highlights from {old} to {new}.\n"
    with Store.open(data_dir)[0] as store:
        assert store.library_keys() == {str(new)}
        assert {key: p.percent for key, p in store.positions(new).items()} == {
            "a": 10.0,
            "b": 70.0,
        }
        assert [b.note for b in store.bookmarks(new)] == ["note"]
    code, _, err = run(capsys, "--data-dir", str(data_dir), "state", "move", str(old), str(new))
    assert code == 2
    assert err == f"reader: no saved state for {old}\n"


def test_state_move_carries_highlights(capsys, tmp_path):
    data_dir = tmp_path / "data"
    with Store.open(data_dir)[0] as store:
        store.save_position(tmp_path / "old", "a", Position(5, 10.0))
    with sqlite3.connect(data_dir / "state.sqlite3") as db:
        db.execute(
            "INSERT INTO highlights (library, article_id, exact, start, end, created)"
            " VALUES (?, 'a', 'words', 0, 5, '2026-01-01T00:00:00+00:00')",
            (str(tmp_path / "old"),),
        )
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "state", "move", str(tmp_path / "old"), "bundled"
    )
    assert code == 0
    assert "1 highlights" in out
    with sqlite3.connect(data_dir / "state.sqlite3") as db:
        assert db.execute("SELECT library FROM highlights").fetchall() == [("bundled",)]
