"""`reader search QUERY [--json] [--limit N]`: the library search without a screen."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import run_cli as run


def article(title: str, body: str, author: str = "Ann Author") -> str:
    return f"---\ntitle: {title}\nauthor: {author}\n---\n\n{body}\n"


FILES = {
    "01-travel/_index.md": "---\ntitle: Travel\n---\n\nJourneys.\n",
    "01-travel/bosporus.md": article(
        "Ferries on the Bosporus", "Morning in İstanbul: the ferry leaves at seven."
    ),
    "01-travel/rhine.md": article("The Rhine", "Along the Straße by the river.", "Bo Writer"),
    "02-notes/ferry-times.md": article("Ferry times", "The ferry timetable for İstanbul."),
}


@pytest.fixture
def library(make_library: Callable[..., Path]) -> Path:
    return make_library(FILES)


def test_text_output_lists_title_author_id_section_and_snippet(capsys, library: Path) -> None:
    code, out, err = run(capsys, "--library", str(library), "search", "istanbul")
    assert code == 0, err
    assert err == ""
    lines = out.splitlines()
    # The title match ranks first; each result is title — author [id], section, snippet.
    assert lines[0] == "Ferry times — Ann Author  [02-notes/ferry-times]"
    assert lines[1] == "  Notes"
    assert lines[2] == "  The ferry timetable for İstanbul."
    assert "Ferries on the Bosporus — Ann Author  [01-travel/bosporus]" in lines
    assert "  Travel" in lines
    assert "  Morning in İstanbul: the ferry leaves at seven." in lines
    assert "Rhine" not in out


def test_folded_words_are_found(capsys, library: Path) -> None:
    code, out, _ = run(capsys, "--library", str(library), "search", "strasse")
    assert code == 0
    assert out.splitlines()[0] == "The Rhine — Bo Writer  [01-travel/rhine]"
    assert "Straße" in out


def test_json_output(capsys, library: Path) -> None:
    code, out, err = run(capsys, "--library", str(library), "search", "ferry", "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert {row["id"] for row in rows} == {"01-travel/bosporus", "02-notes/ferry-times"}
    first = rows[0]
    assert set(first) == {"id", "title", "author", "section", "snippet", "path"}
    by_id = {row["id"]: row for row in rows}
    bosporus = by_id["01-travel/bosporus"]
    assert bosporus["title"] == "Ferries on the Bosporus"
    assert bosporus["author"] == ["Ann Author"]
    assert bosporus["section"] == ["Travel"]
    assert "ferry leaves" in bosporus["snippet"]
    assert Path(bosporus["path"]) == library / "01-travel" / "bosporus.md"


def test_limit(capsys, library: Path) -> None:
    code, out, _ = run(capsys, "--library", str(library), "search", "ferry", "--json")
    assert len(json.loads(out)) == 2
    code, out, _ = run(capsys, "--library", str(library), "search", "ferry", "--limit", "1")
    assert code == 0
    assert len([line for line in out.splitlines() if "[" in line]) == 1
    code, out, _ = run(
        capsys, "--library", str(library), "search", "ferry", "--limit", "1", "--json"
    )
    assert len(json.loads(out)) == 1


def test_no_match_is_exit_1_and_one_line(capsys, library: Path) -> None:
    code, out, err = run(capsys, "--library", str(library), "search", "zeppelin")
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "zeppelin" in err


def test_no_match_with_json_is_exit_1_and_an_empty_array(capsys, library: Path) -> None:
    code, out, _ = run(capsys, "--library", str(library), "search", "zeppelin", "--json")
    assert code == 1
    assert json.loads(out) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "ferry", "--library", "LIB"],
        ["search", "--library", "LIB", "ferry", "-bosporus"],
        ["search", "ferry", "--json", "--library=LIB"],
    ],
)
def test_library_option_after_search(capsys, library: Path, argv: list[str]) -> None:
    argv = [item.replace("LIB", str(library)) for item in argv]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "02-notes/ferry-times" in out
    assert str(library) not in out.replace(str(library / "0"), "")


@pytest.mark.parametrize(
    ("query", "reason"),
    [("colour:red", "unknown field"), ('"open quote', "quote"), ("-ferry", "add a word")],
)
def test_a_bad_query_is_exit_2_and_one_line(capsys, library: Path, query: str, reason: str):
    code, out, err = run(capsys, "--library", str(library), "search", query)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("reader: ")
    assert reason in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["ferry", "-bosporus"],
        ["-bosporus", "ferry"],
        ["ferry", "--json", "-bosporus"],
        ["ferry", "-harbour", "-bosporus"],  # not -h
        ["--limit", "5", "ferry", "-bosporus"],
    ],
)
def test_minus_word_is_part_of_the_query_not_an_option(capsys, library: Path, argv: list[str]):
    code, out, err = run(capsys, "--library", str(library), "search", *argv)
    assert code == 0, err
    assert "[02-notes/ferry-times]" in out or '"02-notes/ferry-times"' in out
    assert "bosporus" not in out


def test_a_bad_limit_is_exit_2(capsys, library: Path) -> None:
    code, _, err = run(capsys, "--library", str(library), "search", "ferry", "--limit", "0")
    assert code == 2
    assert err.startswith("reader: ") and "--limit" in err


def test_a_second_search_sees_a_changed_file(capsys, library: Path) -> None:
    assert run(capsys, "--library", str(library), "search", "zeppelin")[0] == 1
    (library / "02-notes" / "airship.md").write_text(article("Airship", "A zeppelin overhead."))
    code, out, _ = run(capsys, "--library", str(library), "search", "zeppelin")
    assert code == 0
    assert "Airship — Ann Author  [02-notes/airship]" in out
