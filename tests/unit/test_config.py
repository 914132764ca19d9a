"""`reader.config`: reading config.toml, its problems, and writing settings back."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from reader import paths
from reader.config import (
    DEFAULT_WIDTH,
    GROUPS,
    ConfigWriteError,
    Settings,
    load_config,
    normalize_key,
    parse_config,
    save_setting,
    setting_from_text,
    settings_toml,
)

COMMENTED = """\
# My reader settings
theme = "nord"  # dark, but not too dark

# A narrow column, like a book.
width = 64

[keys.read]
line_down = ["e", "down"]  # less-style
"""


def config_at(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults_and_no_problem(tmp_path):
    config = load_config(tmp_path / "nowhere" / "config.toml")
    assert config.settings == Settings()
    assert config.problems == []
    assert config.writable


def test_settings_are_read(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    text = 'library = "~/books"\nconfirm_links = false\n' + COMMENTED
    config = load_config(config_at(tmp_path, text + '[keys.browse]\nquit = "x"\n'))
    assert config.problems == []
    settings = config.settings
    assert settings.library == tmp_path / "books"  # `~` expanded
    assert (settings.theme, settings.width, settings.confirm_links) == ("nord", 64, False)
    assert settings.keys_for("read", "line_down") == ("e", "down")
    assert settings.keys_for("browse", "quit") == ("x",)  # one key as a string
    assert settings.keys_for("read", "line_up") == ("k", "up")  # not set: the default
    assert settings.keymap() == {"read.line_down": "e,down", "browse.quit": "x"}


def test_keys_are_stored_as_textual_names():
    assert normalize_key("?") == "question_mark"
    assert normalize_key(",") == "comma"  # never splits the comma-separated keymap
    assert normalize_key("+") == "plus"
    assert normalize_key("ctrl+d") == "ctrl+d"
    assert normalize_key("Ctrl+PageDown") == "ctrl+pagedown"
    assert normalize_key("J") == "J"
    assert normalize_key("equals_sign") == "equals_sign"
    for bad in ("", " ", "ctrl+", "hyperdrive", "control+x", "f99"):
        with pytest.raises(ValueError):
            normalize_key(bad)


def test_invalid_toml_is_one_problem_at_its_line_and_the_defaults(tmp_path):
    path = config_at(tmp_path, 'theme = "nord"\nwidth = 70\nwidth = \n')
    config = load_config(path)
    assert config.settings == Settings()  # nothing from a file that does not parse
    assert not config.writable
    [problem] = config.problems
    assert str(problem).startswith(f"{path}:3: invalid TOML")


def test_wrong_values_keep_their_defaults_each_reported_at_its_line(tmp_path):
    text = (
        'theme = "nord"\n'
        'width = "wide"\n'
        "colour = 3\n"
        'confirm_links = "yes"\n'
        "[keys.read]\n"
        'line_down = ["e"]\n'
        'fly = ["x"]\n'
        'page_down = ["ctrl+nothing"]\n'
        "top = []\n"
        "[keys.nowhere]\n"
        "a = 1\n"
    )
    path = config_at(tmp_path, text)
    config = load_config(path)
    settings = config.settings
    assert settings.theme == "nord"  # what is right is kept
    assert settings.width == DEFAULT_WIDTH
    assert settings.confirm_links is True
    assert settings.keys_for("read", "line_down") == ("e",)
    assert settings.keys_for("read", "page_down") == ("space", "f", "pagedown")
    lines = [str(problem) for problem in config.problems]
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:{number}" for number in (2, 3, 4, 7, 8, 9, 10)
    ]
    assert "width: a whole number from 30 to 500 is expected, not 'wide'" in lines[0]
    assert "unknown setting 'colour'" in lines[1]
    assert "unknown action 'fly' in [keys.read]" in lines[3]
    assert "unknown key 'ctrl+nothing'" in lines[4]
    assert "unknown key group [keys.nowhere]" in lines[6]
    assert config.writable  # a wrong value does not stop other settings being saved


def test_unknown_theme_is_a_problem(tmp_path):
    config = load_config(config_at(tmp_path, 'theme = "no-such-theme"\n'))
    assert config.settings.theme == Settings().theme
    [problem] = config.problems
    assert problem.line == 1
    assert "unknown theme 'no-such-theme'" in problem.message
    assert "nord" in problem.message  # the known ones are listed


def test_a_file_that_is_not_text_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b"\xff\xfe theme")
    config = load_config(path)
    assert config.settings == Settings()
    assert not config.writable
    assert str(config.problems[0]) == f"{path}:1: cannot read: not UTF-8 text"


def test_saving_keeps_comments_and_order(tmp_path):
    path = config_at(tmp_path, COMMENTED)
    save_setting(path, ("width",), 72)
    save_setting(path, ("theme",), "dracula")
    save_setting(path, ("keys", "read", "narrower"), ["<"])
    text = path.read_text()
    assert text.startswith("# My reader settings\n")
    assert 'theme = "dracula"  # dark, but not too dark\n' in text
    assert "# A narrow column, like a book.\nwidth = 72\n" in text
    assert 'line_down = ["e", "down"]  # less-style\n' in text
    assert text.index("theme") < text.index("width") < text.index("[keys.read]")
    settings = load_config(path).settings
    assert (settings.theme, settings.width) == ("dracula", 72)
    assert settings.keys_for("read", "narrower") == ("less_than_sign",)


def test_saving_creates_the_file_and_its_folder(tmp_path):
    path = tmp_path / "new" / "reader" / "config.toml"
    save_setting(path, ("keys", "browse", "quit"), ["x"])
    save_setting(path, ("width",), 70)
    data = tomllib.loads(path.read_text())
    assert data == {"width": 70, "keys": {"browse": {"quit": ["x"]}}}
    assert "[keys.browse]" in path.read_text()


def test_a_broken_file_is_never_rewritten(tmp_path):
    broken = 'theme = "nord"  # mine\nwidth = \n'
    path = config_at(tmp_path, broken)
    with pytest.raises(ConfigWriteError, match=rf"^{path}:2: not saved: the file is not valid"):
        save_setting(path, ("width",), 72)
    assert path.read_text() == broken


def test_setting_from_text_checks_like_the_file():
    assert setting_from_text("width", "72") == (("width",), 72)
    assert setting_from_text("confirm_links", "no") == (("confirm_links",), False)
    assert setting_from_text("keys.read.top", "g, ctrl+t") == (
        ("keys", "read", "top"),
        ["g", "ctrl+t"],
    )
    for name, text in (
        ("width", "wide"),
        ("width", "5"),
        ("theme", "nope"),
        ("colour", "red"),
        ("keys.read.fly", "x"),
        ("keys.read.top", "ctrl+nothing"),
    ):
        with pytest.raises(ValueError):
            setting_from_text(name, text)


def test_show_prints_every_setting_and_reads_back_the_same(tmp_path):
    settings = parse_config(tmp_path / "c.toml", COMMENTED).settings
    shown = settings_toml(settings)
    data = tomllib.loads(shown)
    assert set(data["keys"]) == set(GROUPS)
    assert all(set(data["keys"][group]) == set(GROUPS[group]) for group in GROUPS)
    assert data["keys"]["read"]["line_down"] == ["e", "down"]
    again = parse_config(tmp_path / "c.toml", shown)
    assert again.problems == []
    assert (again.settings.theme, again.settings.width) == ("nord", 64)


def test_config_file_flag_then_environment_then_user_config_dir(tmp_path, monkeypatch):
    assert paths.config_file(None) == tmp_path / "xdg-config" / "reader" / "config.toml"
    monkeypatch.setenv("READER_CONFIG", str(tmp_path / "env.toml"))
    assert paths.config_file(None) == tmp_path / "env.toml"
    assert paths.config_file(str(tmp_path / "flag.toml")) == tmp_path / "flag.toml"


def test_a_key_shared_by_two_actions_of_one_screen_is_a_problem(tmp_path):
    text = (
        "[keys.read]\n"
        'line_down = ["t", "e"]\n'  # `t` is `outline`'s
        'back = ["x"]\n'
        'line_up = ["x"]\n'  # both rebound to one key: reported once
        "[keys.search]\n"
        'cancel = ["ctrl+n"]\n'  # the library search's key, on a screen of its own: fine
    )
    path = config_at(tmp_path, text)
    lines = [str(problem) for problem in load_config(path).problems]
    assert lines == [
        f"{path}:2: keys.read.line_down: 't' is also the key of 'outline' in [keys.read]",
        f"{path}:3: keys.read.back: 'x' is also the key of 'line_up' in [keys.read]",
    ]


def test_search_keys_that_would_be_typed_into_the_field_are_refused(tmp_path):
    text = '[keys.search]\ncancel = ["x"]\nregex = ["?"]\nearlier_query = ["ctrl+u", "pageup"]\n'
    config = load_config(config_at(tmp_path, text))
    assert [p.message for p in config.problems] == [
        "keys.search.cancel: 'x' would be typed into the search field; the default keys are used",
        "keys.search.regex: 'question_mark' would be typed into the search field;"
        " the default keys are used",
    ]
    assert config.settings.keys_for("search", "earlier_query") == ("ctrl+u", "pageup")
