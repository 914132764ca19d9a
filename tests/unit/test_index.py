"""The library index: incremental updates, a bad cache rebuilt, folding, syntax, ranking.

Every test builds a small library on disk, indexes it as the app does
(`LibraryIndex.update` after loading with the index as head cache) and looks
at what a search finds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library import files, frontmatter
from reader.search import indexing
from reader.search.index import INDEX_FORMAT, LibraryIndex, index_file
from reader.search.query import QuerySyntaxError, parse
from reader.search.results import hits
from reader.textsearch.matcher import Query, find_all
from tests.helpers import article, found, indexed, load, open_index, touch_later

# --- incremental update ----------------------------------------------------------------------


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the index reads from now on (in this process)."""
    read: list[str] = []
    real_read = files.read_regular

    def recording_read(path: Path) -> bytes:
        read.append(path.stem)
        return real_read(path)

    monkeypatch.setattr(indexing, "read_regular", recording_read)
    return read


def test_a_changed_file_alone_is_read_again(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(
        {
            "one.md": article("One", "an oldword here"),
            "two.md": article("Two", "nothing"),
            "three.md": article("Three", "nothing either"),
        }
    )
    library, index = indexed(root, tmp_path)
    assert found(index, "oldword") == ["one"]

    (root / "one.md").write_text(article("One", "a brandnewword now"), encoding="utf-8")
    touch_later(root / "one.md")
    library = load(root, index)
    read = reads(monkeypatch)
    progress: list[tuple[int, int]] = []
    index.update(library, progress=lambda done, total: progress.append((done, total)))

    assert read == ["one"]
    assert progress[0] == (2, 3)  # two were up to date before anything was read
    assert progress[-1] == (3, 3)
    assert found(index, "brandnewword") == ["one"]
    assert found(index, "oldword") == []


def test_nothing_changed_reads_nothing(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library({"one.md": article("One", "text"), "two.md": article("Two", "text")})
    library, index = indexed(root, tmp_path)
    index.close()
    index = open_index(root, tmp_path)  # as the next run does
    library = load(root, index)
    read = reads(monkeypatch)
    index.update(library)
    assert read == []
    assert (index.done, index.total) == (2, 2)
    assert sorted(found(index, "text")) == ["one", "two"]


def test_a_deleted_file_leaves_the_index(make_library: Callable[..., Path], tmp_path: Path) -> None:
    root = make_library(
        {"keep.md": article("Keep", "shared words"), "gone.md": article("Gone", "shared onlyhere")}
    )
    library, index = indexed(root, tmp_path)
    assert found(index, "onlyhere") == ["gone"]

    (root / "gone.md").unlink()
    library = load(root, index)
    index.update(library)

    assert found(index, "onlyhere") == []
    assert found(index, "shared") == ["keep"]
    assert index.total == 1


# --- a bad cache is rebuilt -------------------------------------------------------------------


def test_a_corrupt_cache_file_is_rebuilt(make_library: Callable[..., Path], tmp_path: Path) -> None:
    root = make_library({"one.md": article("One", "findme")})
    path = index_file(tmp_path / "cache", root)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database \x00\xff" * 500)

    index = LibraryIndex.open(path)  # no error
    library = load(root, index)
    index.update(library)

    assert found(index, "findme") == ["one"]
    assert path.read_bytes().startswith(b"SQLite format 3\x00")  # a real index on disk again


def test_an_older_format_is_thrown_away(make_library: Callable[..., Path], tmp_path: Path) -> None:
    root = make_library({"one.md": article("One", "findme")})
    _, index = indexed(root, tmp_path)
    index.close()
    path = index_file(tmp_path / "cache", root)
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {INDEX_FORMAT + 7}")
    db.close()

    index = LibraryIndex.open(path)  # no error
    assert found(index, "findme") == []  # nothing of the old index is trusted
    library = load(root, index)
    index.update(library)
    assert found(index, "findme") == ["one"]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == INDEX_FORMAT
    db.close()


# --- folding parity with the in-text search ---------------------------------------------------

FOLDED = {"strasse": "Straße", "istanbul": "İstanbul", "file": "ﬁle", "atesci": "Ateşçi"}


@pytest.mark.parametrize(("term", "original"), FOLDED.items())
def test_what_the_index_finds_the_in_text_search_finds_again(
    make_library: Callable[..., Path], tmp_path: Path, term: str, original: str
) -> None:
    body = f"Plain words first. Then {original} in the middle, and more words after."
    root = make_library({"folded.md": article("Folded", body), "other.md": article("O", "none")})
    library, index = indexed(root, tmp_path)

    results = hits(library, index, parse(term))
    assert [hit.article.id for hit in results] == ["folded"]

    text = library.read_body(results[0].article)
    spans = find_all(Query.parse(term), text)
    assert [text[start:end] for start, end in spans] == [original]
    hit = results[0]  # the snippet highlights the original word too
    assert [hit.snippet[start:end] for start, end in hit.spans] == [original]


def test_a_word_missing_from_the_text_is_found_by_neither(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library({"one.md": article("One", "Straße and İstanbul")})
    library, index = indexed(root, tmp_path)
    assert found(index, "strasbourg") == []
    assert find_all(Query.parse("strasbourg"), library.read_body(library.articles["one"])) == []


# --- query syntax -----------------------------------------------------------------------------


@pytest.fixture
def garden(make_library: Callable[..., Path], tmp_path: Path) -> LibraryIndex:
    root = make_library(
        {
            "01-gardening/apples.md": article("Apples", "apple banana grows", author="Jo Smith"),
            "01-gardening/cherries.md": article("Cherries", "apple cherry grows", author="Kim Lee"),
            "02-cooking/pie.md": article("Banana pie", "a pie of smith apples", author="Al Baker"),
        }
    )
    return indexed(root, tmp_path)[1]


def test_every_word_must_match(garden: LibraryIndex) -> None:
    assert sorted(found(garden, "apple")) == [
        "01-gardening/apples",
        "01-gardening/cherries",
        "02-cooking/pie",
    ]
    assert found(garden, "apple cherry") == ["01-gardening/cherries"]
    assert found(garden, "cherry banana") == []


def test_a_quoted_phrase_keeps_its_order(garden: LibraryIndex) -> None:
    assert found(garden, '"apple banana"') == ["01-gardening/apples"]
    assert found(garden, '"banana apple"') == []


def test_minus_leaves_a_word_out(garden: LibraryIndex) -> None:
    assert sorted(found(garden, "grows -cherry")) == ["01-gardening/apples"]
    assert found(garden, 'grows -"apple cherry"') == ["01-gardening/apples"]
    # A phrase in another order excludes nothing.
    assert sorted(found(garden, 'grows -"cherry apple"')) == [
        "01-gardening/apples",
        "01-gardening/cherries",
    ]


def test_fields_restrict_a_word(garden: LibraryIndex) -> None:
    assert found(garden, "smith") != []  # in a body, and as an author
    assert found(garden, "author:smith") == ["01-gardening/apples"]
    assert found(garden, "title:banana") == ["02-cooking/pie"]
    assert sorted(found(garden, "section:gardening")) == [
        "01-gardening/apples",
        "01-gardening/cherries",
    ]
    assert found(garden, "section:cooking apple") == ["02-cooking/pie"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour:red", "unknown field colour"),
        ('"apple pie', "a quote is not closed"),
        ("-apple", "add a word to search for"),
        ("-apple -pie", "add a word to search for"),
        ("   ", "type a word"),
    ],
)
def test_a_query_that_cannot_be_searched_says_why_in_one_line(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        parse(text)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("text", ["NEAR(", "OR", "*", "^", '""', "(", "AND NOT", "zz)"])
def test_fts_operators_typed_by_the_user_are_plain_text(garden: LibraryIndex, text: str) -> None:
    try:
        results = garden.search(parse(text))
    except QuerySyntaxError as error:  # a message, never an sqlite3 error
        assert "\n" not in str(error)
    else:
        assert results == []  # no article holds these characters as words


# --- ranking ----------------------------------------------------------------------------------


def test_a_title_match_ranks_above_a_body_match(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    filler = " ".join(["plain filler words"] * 30)
    root = make_library(
        {
            # Three times in the body, against once in a title: the title still wins.
            "a-body.md": article(
                "Something else", f"lighthouse {filler} lighthouse {filler} lighthouse"
            ),
            "b-title.md": article("The lighthouse", f"{filler} {filler}"),
            "c-none.md": article("Nothing", filler),
        }
    )
    _, index = indexed(root, tmp_path)
    assert found(index, "lighthouse") == ["b-title", "a-body"]


# --- the head cache ---------------------------------------------------------------------------


def test_a_warm_load_parses_no_front_matter(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(
        {
            "one.md": article("First title", "body", author="Ann Author"),
            "sub/two.md": article("Second title", "body", author="Bo Writer"),
        }
    )
    load(root, open_index(root, tmp_path))  # cold: parses and fills the cache

    def no_parsing(part: frontmatter.Split) -> dict[str, object]:
        raise AssertionError("front matter parsed although it is cached")

    monkeypatch.setattr(frontmatter, "parse", no_parsing)
    library = load(root, open_index(root, tmp_path))
    assert library.articles["one"].title == "First title"
    assert library.articles["sub/two"].author == ("Bo Writer",)
    assert library.articles["sub/two"].tags == ("a", "b")


def test_a_file_changed_since_is_parsed_again(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library({"one.md": article("Old title", "body"), "two.md": article("Two", "b")})
    load(root, open_index(root, tmp_path))
    (root / "one.md").write_text(article("New title", "body"), encoding="utf-8")
    touch_later(root / "one.md")

    parsed: list[str] = []
    real_parse = frontmatter.parse

    def counting(part: frontmatter.Split) -> dict[str, object]:
        result = real_parse(part)
        parsed.append(str(result.get("title")))
        return result

    monkeypatch.setattr(frontmatter, "parse", counting)
    library = load(root, open_index(root, tmp_path))
    assert parsed == ["New title"]
    assert library.articles["one"].title == "New title"
    assert library.articles["two"].title == "Two"
