"""`reader highlights`, `reader export` and `reader import` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli as run

ALPHA = (
    "# Alpha\n\nThe opening words of alpha.\n\n## Middle part\n\n"
    + "Middle words. " * 20
    + "\n\nA passage worth keeping, with -- dashes.\n"
)
FILES = {
    "alpha.md": "---\ntitle: Alpha\nauthor: Ann Writer\n---\n\n" + ALPHA,
    "essays/beta.md": "---\ntitle: Beta\n---\n\nBeta body text.\n",
}


@pytest.fixture
def library(make_library: object) -> Path:
    assert callable(make_library)
    path: Path = make_library(FILES)
    return path


def highlights(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, _ = run(capsys, "--library", str(library), "highlights", "--json", *args)
    assert code == 0
    rows: list[dict] = json.loads(out)  # type: ignore[type-arg]
    return rows


def add_two(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    lib = ("--library", str(library))
    code, out, _ = run(capsys, *lib, "highlights", "add", "alpha", "--text", "Middle words.",
                       "--occurrence", "3", "--note", "third")  # fmt: skip
    assert code == 0 and out.startswith("highlight 1: alpha at ")
    text = "A passage worth\nkeeping, with -- dashes."  # a line break where the file has a space
    assert (
        run(capsys, *lib, "highlights", "add", "alpha", "--text", text, "--note", "a -- b")[0] == 0
    )
    assert run(capsys, *lib, "bookmarks", "add", "essays/beta", "--note", "later")[0] == 0


def test_highlights_are_listed_with_their_fields(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    add_two(capsys, library)
    rows = highlights(capsys, library)
    assert [row["note"] for row in rows] == ["a -- b", "third"]  # newest first
    newest = rows[0]
    assert list(newest) == ["id", "article", "title", "text", "note", "heading", "percent",
                            "created", "orphaned"]  # fmt: skip
    assert newest["text"] == "A passage worth keeping, with -- dashes."
    assert (newest["article"], newest["title"], newest["heading"]) == (
        "alpha",
        "Alpha",
        "Middle part",
    )
    assert newest["orphaned"] is False and 80 < newest["percent"] < 100
    assert highlights(capsys, library, "--article", "essays/beta") == []
    code, out, _ = run(capsys, "--library", str(library), "highlights")
    assert code == 0 and "“Middle words.” — third" in out


def test_a_passage_not_in_the_article_is_refused(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    lib = ("--library", str(library))
    code, _, err = run(capsys, *lib, "highlights", "add", "alpha", "--text", "never written")
    assert code == 2 and err.startswith("reader: the passage is not in alpha")
    code, _, err = run(capsys, *lib, "highlights", "add", "alpha", "--text", "Middle words.",
                       "--occurrence", "21")  # fmt: skip
    assert code == 2 and "occurs 20 time(s)" in err
    assert highlights(capsys, library) == []


def test_markdown_export_reads_as_notes(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    add_two(capsys, library)
    code, out, _ = run(capsys, "--library", str(library), "export")
    assert code == 0
    assert "## Alpha — Ann Writer" in out and "## Beta" in out
    assert "> A passage worth keeping, with -- dashes.\n\na -- b\n\n*Middle part · 89%*" in out
    assert "- Bookmark at *0%* — later" in out
    for comment in out.split("<!--")[1:]:
        assert "--" not in comment.split("-->")[0]  # a valid HTML comment


@pytest.mark.parametrize("form", ["markdown", "json", "yaml", "w3c"])
def test_export_then_import_round_trips_and_never_duplicates(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path, form: str
) -> None:
    add_two(capsys, library)
    before = highlights(capsys, library)
    code, exported, _ = run(capsys, "--library", str(library), "export", "--format", form)
    assert code == 0
    file = tmp_path / f"notes.{form}"
    file.write_text(exported, encoding="utf-8")
    other = ("--library", str(library), "--data-dir", str(tmp_path / "other"))
    code, out, _ = run(capsys, *other, "import", str(file))
    assert (code, out) == (0, "imported 1 bookmark(s) and 2 highlight(s); 0 already present\n")
    code, out, _ = run(capsys, *other, "import", str(file))
    assert out == "imported 0 bookmark(s) and 0 highlight(s); 3 already present\n"
    code, again, _ = run(capsys, *other, "highlights", "--json")
    assert [{**row, "id": 0} for row in json.loads(again)] == [{**r, "id": 0} for r in before]
    code, marks, _ = run(capsys, *other, "bookmarks", "--json")
    assert [mark["note"] for mark in json.loads(marks)] == ["later"]


def test_export_of_one_article_and_a_bad_import(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    add_two(capsys, library)
    code, out, _ = run(capsys, "--library", str(library), "export", "--format", "json",
                       "--article", "essays/beta")  # fmt: skip
    data = json.loads(out)
    assert (len(data["bookmarks"]), data["highlights"]) == (1, [])
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "reader-notes", "highlights": [{"text": 3}]}', encoding="utf-8")
    code, _, err = run(capsys, "import", str(bad))
    assert code == 2 and err == f"reader: {bad}: highlight 1: 'text' must be a non-empty string\n"
