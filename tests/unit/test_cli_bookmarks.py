"""`reader bookmarks`: list, add, export and import from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from reader.state.store import Store
from tests.helpers import run_cli as run

ALPHA = "# Alpha\n\nThe opening words of alpha.\n\n## Middle part\n\n" + "Middle words. " * 20
FILES = {"alpha.md": ALPHA, "essays/beta.md": "---\ntitle: Beta\n---\n\nBeta body text.\n"}


@pytest.fixture
def library(make_library: object) -> Path:
    assert callable(make_library)
    path: Path = make_library(FILES)
    return path


def add(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    return run(capsys, "--library", str(library), "bookmarks", "add", *args)


def test_added_bookmarks_are_listed_as_json(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    assert add(capsys, library, "alpha", "--note", "first look", "--percent", "60")[0] == 0
    code, out, _ = add(capsys, library, "essays/beta")
    assert code == 0 and "essays/beta" in out
    code, out, err = run(capsys, "--library", str(library), "bookmarks", "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    assert [row["article_id"] for row in rows] == ["essays/beta", "alpha"]  # newest first
    alpha = rows[1]
    assert alpha["library"] == str(library.resolve())
    assert (alpha["title"], alpha["note"], alpha["percent"]) == ("Alpha", "first look", 60.0)
    assert alpha["heading"] == "Middle part"
    assert ALPHA[alpha["offset"] :].startswith(alpha["snippet"])
    assert alpha["snippet"].startswith("Middle words.")
    assert alpha["created"].endswith("+00:00")
    assert rows[1]["title"] == "Alpha" and rows[0]["title"] == "Beta"


def test_the_plain_list_shows_title_note_and_percent(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    add(capsys, library, "alpha", "--note", "look here", "--percent", "25")
    code, out, _ = run(capsys, "--library", str(library), "bookmarks")
    assert code == 0
    [line] = out.splitlines()
    assert "25%" in line and "Alpha — look here" in line and "[alpha]" in line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "no article or section with id 'nowhere'"),
        (["alpha", "--percent", "101"], "--percent must be from 0 to 100"),
        (["alpha", "--percent", "-1"], "--percent must be from 0 to 100"),
        (["alpha", "--percent", "nan"], "--percent must be from 0 to 100"),
    ],
)
def test_adding_refuses_bad_ids_and_percents(
    capsys: pytest.CaptureFixture[str], library: Path, args: list[str], message: str
) -> None:
    code, out, err = add(capsys, library, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("reader: ") and message in err
    assert Store.open(Path(os.environ["READER_DATA_DIR"]))[0].bookmarks() == []


def test_exports_in_every_format(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    add(capsys, library, "alpha", "--note", "ünïcode note", "--percent", "50")
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "json")
    assert code == 0
    [row] = json.loads(out)["bookmarks"]
    assert row["note"] == "ünïcode note"
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "yaml")
    assert code == 0
    assert yaml.safe_load(out)["bookmarks"] == [row]
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "markdown")
    assert code == 0
    assert out.startswith("# Bookmarks\n") and "## Alpha" in out
    assert "**50%** Middle part — ünïcode note" in out


@pytest.mark.parametrize("form", ["json", "yaml"])
def test_import_merges_without_duplicates(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path, form: str
) -> None:
    add(capsys, library, "alpha", "--note", "shared", "--percent", "10")
    add(capsys, library, "alpha", "--note", "only exported", "--percent", "20")
    export = tmp_path / f"export.{form}"
    export.write_text(run(capsys, "bookmarks", "export", "--format", form)[1], encoding="utf-8")
    other = tmp_path / "other-data"  # already holds the same bookmark, same place and note
    code, out, _ = run(capsys, "--library", str(library), "--data-dir", str(other), "bookmarks",
                       "add", "alpha", "--note", "shared", "--percent", "10")  # fmt: skip
    assert code == 0
    for expected_added in (1, 0):
        code, out, err = run(capsys, "--data-dir", str(other), "bookmarks", "import", str(export))
        assert code == 0, err
        assert out.startswith(f"imported {expected_added} bookmark(s)")
    code, out, _ = run(capsys, "--data-dir", str(other), "bookmarks", "--json")
    assert sorted(row["note"] for row in json.loads(out)) == ["only exported", "shared"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json: [", "not JSON or YAML"),
        ("just some words\n", "not a bookmarks export"),
        ('[{"library": "/l"}]', "bookmark 1: 'article_id' must be a non-empty string"),
        ('[{"library": "/l", "article_id": "a", "percent": 300}]', "'percent' must be a number"),
        ('[{"library": "/l", "article_id": "a", "offset": -4}]', "'offset' must be a whole"),
        ('[{"library": "/l", "article_id": "a", "created": "soon"}]', "'created' must be"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
    ],
)
def test_a_bad_import_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | bytes, message: str
) -> None:
    bad = tmp_path / "bad-import"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "bookmarks", "import", str(bad))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and str(bad) in err


def test_a_missing_import_file_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "bookmarks", "import", str(tmp_path / "absent.json"))
    assert (
        code == 2
        and err == f"reader: cannot read {tmp_path / 'absent.json'}: No such file or directory\n"
    )


def test_a_corrupt_state_file_is_reported_and_the_command_still_works(
    capsys: pytest.CaptureFixture[str], library: Path
) -> None:
    data_dir = Path(os.environ["READER_DATA_DIR"])
    data_dir.mkdir(parents=True)
    (data_dir / "state.sqlite3").write_bytes(b"\x00garbage" * 100)
    code, out, err = add(capsys, library, "alpha")
    assert code == 0 and "alpha" in out
    assert err.startswith("reader: State file was unreadable; moved to ")
    assert len(list(data_dir.glob("state.sqlite3.corrupt-*"))) == 1


def test_adding_with_an_unusable_data_dir_says_why_and_exits_1(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("")
    data_dir = tmp_path / "a-file" / "data"
    code, out, err = run(capsys, "--library", str(library), "--data-dir", str(data_dir),
                         "bookmarks", "add", "alpha")  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith("reader: State cannot be saved:") and err.count("\n") == 1
