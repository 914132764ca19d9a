"""The `reader` command without a screen: list, show, check, and its failures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader import __version__
from reader.cli import main
from reader.library.loader import Problem, _Loader, load_library
from reader.library.model import Library
from tests.helpers import BADLIB, run_cli as run, touch_later

JSON_FIELDS = {
    *("id", "title", "author", "date", "section"),
    *("series", "summary", "tags", "words", "path"),
}


def assert_one_line_error(err: str) -> None:
    assert err.endswith("\n")
    assert len(err.splitlines()) == 1
    assert err.startswith("reader: ")
    assert "Traceback" not in err


# --- list ------------------------------------------------------------------------------------


def test_list_prints_the_tree_with_titles_and_ids(capsys):
    code, out, err = run(capsys, "--library", str(BADLIB), "list")
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Bad library"
    assert "  Popular front/  (8)  [01-popular-front]" in lines
    assert "    Zed weighted one  [01-popular-front/a]" in lines
    assert "      Deep article  [nested/inner/deep]" in lines
    assert "  Two authors — Ann Author, Bob Writer  [authors]" in lines
    # Order on screen is the reading order.
    assert lines.index("  Nested section/  (2)  [nested]") < lines.index(
        "    Child article  [nested/child]"
    )


def test_list_never_prints_escape_sequences_or_skipped_files(capsys):
    _, out, _ = run(capsys, "--library", str(BADLIB), "list")
    assert "\x1b" not in out
    assert "  Red [bold]not bold[/bold]  [escape]" in out.splitlines()
    for skipped in ("[empty]", "[binary]", "draft", "secret", "image"):
        assert skipped not in out


def test_list_json_has_one_row_per_article_in_reading_order(capsys):
    code, out, _ = run(capsys, "--library", str(BADLIB), "list", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [row["id"] for row in rows[:3]] == [
        "01-popular-front/a",
        "01-popular-front/b",
        "01-popular-front/03-subfolder/inside",
    ]
    assert len(rows) == 22
    assert all(set(row) == JSON_FIELDS for row in rows)
    by_id = {row["id"]: row for row in rows}
    assert by_id["good-one"] == {
        "id": "good-one",
        "title": "Good one",
        "author": ["Ann Author"],
        "date": "2024-01-05",
        "section": [],
        "series": "Basics",
        "summary": "A well-formed article.",
        "tags": ["alpha", "beta"],
        "words": 10,
        "path": str(BADLIB / "good-one.md"),
    }
    assert by_id["nested/inner/deep"]["section"] == ["Nested section", "Inner"]
    assert by_id["01-popular-front/a"]["section"] == ["Popular front"]
    assert by_id["authors"]["author"] == ["Ann Author", "Bob Writer"]
    assert by_id["heading-only"]["date"] is None
    assert by_id["heading-only"]["series"] is None
    assert by_id["heading-only"]["summary"] is None


def test_reader_library_environment_variable_works_like_the_flag(capsys, monkeypatch):
    _, with_flag, _ = run(capsys, "--library", str(BADLIB), "list")
    monkeypatch.setenv("READER_LIBRARY", str(BADLIB))
    code, with_env, _ = run(capsys, "list")
    assert code == 0
    assert with_env == with_flag


def test_flag_wins_over_the_environment(capsys, monkeypatch, make_library):
    other = make_library({"only.md": "# Only article\n"})
    monkeypatch.setenv("READER_LIBRARY", str(BADLIB))
    code, out, _ = run(capsys, "--library", str(other), "list")
    assert code == 0
    assert "Only article  [only]" in out
    assert "Good one" not in out


# --- show ------------------------------------------------------------------------------------


def test_show_prints_the_article_as_plain_text(capsys):
    code, out, err = run(capsys, "--library", str(BADLIB), "show", "good-one")
    assert code == 0
    assert err == ""
    assert "\x1b" not in out
    assert out.splitlines() == [
        "Good one",
        "Ann Author · 2024-01-05",
        "",
        "First paragraph of the good article.",
        "",
        "Second paragraph with emphasis.",
    ]


def test_show_keeps_markup_in_titles_literal_and_strips_escapes(capsys):
    code, out, _ = run(capsys, "--library", str(BADLIB), "show", "escape")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert out.splitlines()[0] == "Red [bold]not bold[/bold]"
    assert "Body with red text and an OSC title change." in out


def test_show_raw_prints_the_source_file(capsys):
    code, out, _ = run(capsys, "--library", str(BADLIB), "show", "good-one", "--raw")
    assert code == 0
    source = (BADLIB / "good-one.md").read_text(encoding="utf-8")
    assert out == source
    assert out.startswith("---\n")
    assert out.endswith("Second paragraph with *emphasis*.\n")


def test_show_a_section_prints_its_introduction(capsys):
    code, out, _ = run(capsys, "--library", str(BADLIB), "show", "nested")
    assert code == 0
    assert out.splitlines()[0] == "Nested section"
    assert "Introduction to the nested section." in out


def test_show_a_section_without_index_prints_its_contents(capsys):
    code, out, _ = run(capsys, "--library", str(BADLIB), "show", "01-popular-front/", "--raw")
    assert code == 0
    assert "- Zed weighted one\n" in out
    assert "- Subfolder (1 articles)\n" in out


def test_show_an_unknown_id_is_a_one_line_error(capsys):
    code, out, err = run(capsys, "--library", str(BADLIB), "show", "no/such/article")
    assert code == 2
    assert out == ""
    assert_one_line_error(err)
    assert "no/such/article" in err


def test_show_reads_the_heads_from_the_cache_and_sees_an_edit(capsys, monkeypatch, make_library):
    files = {f"s/a{n:02d}.md": f"---\ntitle: Article {n}\n---\n\nText {n}\n" for n in range(30)}
    root = make_library(files)
    assert run(capsys, "--library", str(root), "show", "s/a07")[1].startswith("Article 7")
    parsed: list[Path] = []
    real = _Loader.parse_head

    def counting(self: _Loader, path: Path) -> object:
        parsed.append(path)
        return real(self, path)

    monkeypatch.setattr(_Loader, "parse_head", counting)
    (root / "s" / "a07.md").write_text("---\ntitle: Seven again\n---\n\nNew text\n")
    touch_later(root / "s" / "a07.md")
    code, out, _ = run(capsys, "--library", str(root), "show", "s/a07")
    assert code == 0 and out.startswith("Seven again") and "New text" in out
    assert parsed == [root / "s" / "a07.md"]  # only the edited file parsed again


def test_show_a_skipped_file_is_unknown(capsys):
    code, _, err = run(capsys, "--library", str(BADLIB), "show", "empty")
    assert code == 2
    assert_one_line_error(err)


def test_show_an_article_deleted_after_loading_is_a_one_line_error(
    capsys, monkeypatch, make_library
):
    root = make_library({"a.md": "# A\n"})
    real_load = load_library

    def load_then_delete(
        path: Path, *, deep: bool = False, cache: object = None
    ) -> tuple[Library, list[Problem]]:
        loaded = real_load(path, deep=deep)
        (root / "a.md").unlink()
        return loaded

    monkeypatch.setattr("reader.cli.library.load_library", load_then_delete)
    code, _, err = run(capsys, "--library", str(root), "show", "a")
    assert code == 2
    assert_one_line_error(err)
    assert "cannot read" in err


# --- check -----------------------------------------------------------------------------------

PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<message>.+)$")


def test_check_reports_every_problem_as_path_line_message(capsys):
    code, out, err = run(capsys, "--library", str(BADLIB), "check")
    assert code == 1
    lines = out.splitlines()
    parsed = [PROBLEM_LINE.match(line) for line in lines]
    assert all(parsed), lines
    found = {(Path(m["path"]).name, m["line"] and int(m["line"])) for m in parsed if m}
    assert found == {
        ("bad-yaml.md", 3),
        ("python-tag.md", 3),
        ("bad-toml.md", 4),
        ("latin1.md", 4),
        ("empty.md", None),
        ("binary.md", None),
        ("x.md", None),
    }
    assert f"{BADLIB / 'bad-yaml.md'}:3: invalid YAML front matter" in out
    assert err == "7 problem(s) in 22 article(s)\n"


def test_check_on_a_clean_library_exits_zero(capsys, make_library):
    root = make_library({"a.md": "---\ntitle: A\n---\nText.\n", "part/b.md": "# B\n"})
    code, out, err = run(capsys, "--library", str(root), "check")
    assert code == 0
    assert out == ""
    assert err == "0 problem(s) in 2 article(s)\n"


def test_check_reads_whole_files(capsys, make_library):
    root = make_library({"long.md": b"# Long\n" + b"word " * 20000 + b"\n\xff\n"})
    code, out, _ = run(capsys, "--library", str(root), "check")
    assert code == 1
    assert out == f"{root / 'long.md'}:3: not valid UTF-8; shown with replacement characters\n"


def test_a_crashing_date_does_not_stop_the_listing(capsys, make_library):
    root = make_library({"bad.md": "---\ndate: 2024-02-30\n---\n# Bad date\n", "ok.md": "# Ok\n"})
    code, out, _ = run(capsys, "--library", str(root), "list")
    assert code == 0
    assert "Bad date  [bad]" in out and "Ok  [ok]" in out


# --- the library path ------------------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["show", "x"], ["check"]])
def test_missing_library_is_a_one_line_error(capsys, tmp_path, command):
    code, out, err = run(capsys, "--library", str(tmp_path / "nowhere"), *command)
    assert code == 2
    assert out == ""
    assert_one_line_error(err)
    assert "not found" in err


def test_a_file_as_library_is_a_one_line_error(capsys):
    code, _, err = run(capsys, "--library", str(BADLIB / "good-one.md"), "list")
    assert code == 2
    assert_one_line_error(err)
    assert "not a folder" in err


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"reader {__version__}\n"


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--library", str(BADLIB), "frobnicate"])
    assert exit_info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_module_run_with_a_missing_library_prints_one_line_and_exits_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--library", "/nonexistent", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "reader: library not found: /nonexistent\n"
    assert "Traceback" not in result.stderr


# --- global options and the terminal ---------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--library", str(BADLIB)],
        ["list", "--json", "--library", str(BADLIB)],
        ["show", "--library", str(BADLIB), "good-one"],
        ["bookmarks", "--library", str(BADLIB), "--data-dir", "DATA"],
        ["bookmarks", "export", "--library", str(BADLIB)],
    ],
)
def test_global_options_are_accepted_after_the_command(capsys, tmp_path, argv):
    argv = [str(tmp_path / "data") if item == "DATA" else item for item in argv]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "reader:" not in err
    assert out or err == "No bookmarks yet.\n"


def test_an_option_after_the_command_does_not_reset_one_before_it(capsys, tmp_path):
    code, out, err = run(capsys, "--library", str(BADLIB), "list", "--data-dir", str(tmp_path))
    assert code == 0, err
    assert out.splitlines()[0] == "Bad library"


def test_the_app_with_output_not_a_terminal_exits_2_naming_the_commands_that_print(tmp_path):
    # `reader > out.txt`: not a TUI written into the file, and no hang.
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(BADLIB)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr)
    assert "terminal" in result.stderr
    for command in ("reader list", "reader show", "reader search"):
        assert command in result.stderr


def test_list_json_from_the_cache_is_the_cold_listing_and_follows_edits(capsys, make_library):
    root = make_library(
        {
            "a.md": "---\ntitle: First title\nauthor: [Ann]\ntags: x, y\n---\n\none two three\n",
            "b.md": "# Heading title\n\nfour five\n",
            "s/c.md": "---\ndate: 2020-01-02\n---\n\nsix\n",
        }
    )
    code, cold, _ = run(capsys, "--library", str(root), "list", "--json")
    assert code == 0
    code, warm, _ = run(capsys, "--library", str(root), "list", "--json")
    assert warm == cold  # heads and word counts from the cache: the same text
    assert json.loads(cold) == json.loads(json.dumps(json.loads(cold)))
    assert cold == json.dumps(json.loads(cold), ensure_ascii=False, indent=2) + "\n"

    (root / "a.md").write_text("---\ntitle: New title\n---\n\none two three four five\n")
    _, edited, _ = run(capsys, "--library", str(root), "list", "--json")
    rows = {row["id"]: row for row in json.loads(edited)}
    assert (rows["a"]["title"], rows["a"]["words"], rows["a"]["author"]) == ("New title", 5, [])
    assert rows["b"] == {row["id"]: row for row in json.loads(cold)}["b"]
