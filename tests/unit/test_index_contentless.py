"""The contentless index: tombstones for edits and deletes, rebuilds, the pool build.

The FTS5 table keeps no text, so an edited or deleted article's old row cannot
be deleted; these tests check that what a user searches for never sees it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from reader.library.loader import load_library
from reader.library.model import Library
from reader.library.sanitize import clean_text
from reader.search import folding, indexing, tokenizer, upkeep
from reader.search.index import LibraryIndex, index_file
from reader.search.query import parse
from reader.search.results import hits
from reader.textsearch.fold import fold
from tests.helpers import article, found, indexed, load, touch_later


def count(index: LibraryIndex, text: str) -> int:
    return index.count(parse(text))


def rewrite(path: Path, title: str, body: str) -> None:
    path.write_text(article(title, body), encoding="utf-8")
    touch_later(path)


def test_a_deleted_article_leaves_the_results_and_the_count(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(
        {"keep.md": article("Keep", "lantern here"), "gone.md": article("Gone", "lantern too")}
    )
    library, index = indexed(root, tmp_path)
    assert count(index, "lantern") == 2

    (root / "gone.md").unlink()
    library = load(root, index)
    index.update(library)

    assert [hit.article.id for hit in hits(library, index, parse("lantern"))] == ["keep"]
    assert count(index, "lantern") == 1
    assert found(index, "title:gone") == []


def test_an_edited_article_is_found_by_its_new_words_only(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library(
        {"a.md": article("Alpha", "shared oldword"), "b.md": article("Beta", "shared other")}
    )
    library, index = indexed(root, tmp_path)
    rewrite(root / "a.md", "Alpha renamed", "shared newword")
    library = load(root, index)
    index.update(library)

    assert found(index, "newword") == ["a"]
    assert found(index, "oldword") == []
    assert count(index, "oldword") == 0
    assert count(index, "shared") == 2  # the old row is not counted twice
    assert found(index, "title:renamed") == ["a"]
    # The old text no longer excludes the article: its old row is out of the query.
    assert sorted(found(index, "shared -oldword")) == ["a", "b"]


def test_tombstones_past_the_limit_rebuild_the_table(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library({f"{n}.md": article(f"Note {n}", f"first{n} common") for n in range(4)})
    _, index = indexed(root, tmp_path)
    monkeypatch.setattr(upkeep, "COMPACT_AT", 0)
    for n in range(3):
        rewrite(root / f"{n}.md", f"Note {n}", f"second{n} common")
    index.update(load(root, index))

    db = sqlite3.connect(index.path)
    indexed_rows = db.execute("SELECT count(*) FROM fts_docsize").fetchone()[0]
    db.close()
    assert indexed_rows == 4  # no tombstones left
    assert [found(index, f"second{n}") for n in range(3)] == [["0"], ["1"], ["2"]]
    assert found(index, "first0") == []
    assert found(index, "first3") == ["3"]
    assert count(index, "common") == 4


def test_zeroed_index_blocks_are_found_and_the_index_rebuilt(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_library({f"a{n}.md": article(f"Zebra {n}", "grazing zebra") for n in range(10)})
    library, index = indexed(root, tmp_path)
    index.close()
    with sqlite3.connect(index_file(tmp_path / "cache", root)) as db:
        db.execute("UPDATE fts_data SET block = zeroblob(length(block)) WHERE id > 1")
    db.close()

    index = LibraryIndex.open(index_file(tmp_path / "cache", root))
    assert found(index, "zebra") == []  # damaged blocks answer "no match"...
    assert not index.intact(library)  # ...which the probes see
    index.update(load(root, index))
    assert len(found(index, "zebra")) == 10


def test_quitting_interrupts_a_check_under_way_and_keeps_the_index(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's exit waited seconds for the damage check of a large index; now it
    interrupts it, and the interrupted check is not taken for damage (no rebuild)."""
    root = make_library({"keep.md": article("Keep", "lantern here")})
    library, index = indexed(root, tmp_path)
    started = threading.Event()

    def endless_check(db: sqlite3.Connection, *_: object, **__: object) -> bool:
        started.set()
        endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
        db.execute(endless + "SELECT count(*) FROM n").fetchone()
        return False

    monkeypatch.setattr("reader.search.index.damaged", endless_check)
    worker = threading.Thread(target=index.update, args=(library,))
    worker.start()
    assert started.wait(10)
    index.interrupt()
    worker.join(10)
    assert not worker.is_alive()
    assert found(index, "lantern") == ["keep"]  # not thrown away


def many(n: int) -> dict[str, str]:
    words = ["river", "Straße", "ﬁle", "İstanbul", "café", "lighthouse", "zebra"]
    return {
        f"{n % 3:02d}-part/{n:03d}.md": article(
            f"Title {words[n % 7]} {n}", " ".join(words[(n * k) % 7] for k in range(1, 2 + n % 9))
        )
        for n in range(n)
    }


def test_the_pool_build_gives_what_the_serial_build_gives(
    make_library: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library(many(60))
    monkeypatch.setattr(indexing, "POOL_AT", 10**9)
    serial = LibraryIndex.open(tmp_path / "serial.sqlite3")
    serial.update(load(root, serial))

    pooled_calls: list[int] = []
    real_pooled = indexing._pooled

    def spying(tasks: list[list[indexing.Job]], cancelled: Callable[[], bool]) -> Iterator:  # type: ignore[type-arg]
        pooled_calls.append(len(tasks))
        return real_pooled(tasks, cancelled)

    monkeypatch.setattr(indexing, "POOL_AT", 1)
    monkeypatch.setattr(indexing, "TASK", 7)
    monkeypatch.setattr(indexing, "_pooled", spying)
    pooled = LibraryIndex.open(tmp_path / "pooled.sqlite3")
    library: Library = load(root, pooled)
    pooled.update(library)

    assert pooled_calls == [9]  # 60 articles in tasks of 7, in worker processes
    for text in ["river", "strasse", "file", "istanbul", "cafe", "title:zebra", "zebra -river"]:
        assert pooled.search(parse(text)) == serial.search(parse(text)), text
        assert count(pooled, text) == count(serial, text) > 0


@pytest.mark.parametrize(
    "body",
    [
        "plain ASCII Text\twith\ttabs\nand lines",
        "It’s a “quote” — only ‘curly’ marks, which fold to themselves",
        "Straße, İstanbul, ﬁle, Ateşçi, ΣΟΦΊΑ σοφία, Ǆ, ﬃ, e\u0301",
        "windows\r\nline ends\r\n",
        "an \x1b[31mescape\x1b[0m and a \x07 bell",
        "bidi \u202egpj.exe and a C1 \x85 control",
        "日本語のテキスト and ＦＵＬＬＷＩＤＴＨ",
        "Łódź ŁÓDŹ naïve Café ﬁle Zürich, Ð and ð, ΣΟΦΊΑ, Дом and дом, NBSP\u00a0here",
        # More folds of another length than there are stand-ins for them (26):
        "ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ Maße ẞ ¼ ½ ¾ ǆ ǅ Ǆ ǉ ǈ Ǉ ǌ ǋ Ǌ ŉ ㎏ ㎎ ㎜ ㎝ ㎞ ㏄ ㎡ ™ ℡ ℀ ℁ … cafe\u0301",
    ],
)
def test_fold_body_makes_the_tokens_of_the_in_text_fold(body: str) -> None:
    data = f"---\ntitle: T\n---\n\n{body}\n".encode()
    expected = fold(clean_text(f"\n{body}\n")).folded
    assert tokens(folding.fold_body(data)) == tokens(expected.encode())
    assert tokens(expected.encode())  # words to compare


def test_what_the_tokenizer_folds_itself_is_left_to_it() -> None:
    data = "---\ntitle: T\n---\nCafé naïve ZÜRICH’s “ateşçi” İstanbul\n".encode()
    body = data[data.index(b"Caf") :]
    assert folding.fold_body(data) == body  # accents and quotes: not copied
    mixed = "---\ntitle: T\n---\nCafé Straße ﬁle Łódź\n".encode()
    assert folding.fold_body(mixed).decode() == "Café Strasse file lódź\n"
    assert tokens(folding.fold_body(mixed)) == [
        ("cafe", 0),
        ("strasse", 1),
        ("file", 2),
        ("lodz", 3),
    ]


#: Letters with and without marks in several scripts, folds of other lengths,
#: combining marks, quotes, spaces and punctuation.
MIXED = "aZ09 .,-'\t\néÉüşçİıñÅŹŁłßẞﬁﬃĳŀøØΆάΣσςЙёДж½™Ｆｕ\u0301\u0307’“”—…\u00a0日本"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=MIXED, max_size=40))
def test_any_mixed_text_makes_the_tokens_of_its_in_text_fold(body: str) -> None:
    data = f"---\ntitle: T\n---\n{body}".encode()
    expected = fold(clean_text(body)).folded
    assert tokens(folding.fold_body(data)) == tokens(expected.encode())


def test_every_character_the_tokenizer_folds_itself_is_probed_not_assumed() -> None:
    # Letters with marks, in several scripts: the tokenizer folds them as `fold`.
    for char in "éüşçİñÅŹ":
        assert tokenizer.folds_alike(char, fold(char).folded), char
    # Folds the tokenizer does not know (Greek and Cyrillic marks too): folded before it.
    for char in "ßﬁłøĳŀ½ΆάЙё":
        assert not tokenizer.folds_alike(char, fold(char).folded), char


def tokens(body: bytes) -> list[tuple[str, int]]:
    """The terms the index's FTS5 table makes of `body`, with their positions."""
    db = sqlite3.connect(":memory:")
    db.execute(indexing.FTS_TABLE)
    db.execute("CREATE VIRTUAL TABLE terms USING fts5vocab(fts, instance)")
    db.execute(indexing.INSERT_FTS, (1, "", "", "", "", "", body))
    rows = db.execute("SELECT term, offset FROM terms WHERE col = 'body' ORDER BY offset")
    return [(term, offset) for term, offset in rows]


@pytest.mark.parametrize(
    "text",
    [
        "Plain Title",
        "Tabs\tand\nLines\r\x0bV\x0c",
        "Long Words " * 10_000,
        "Straße İz",
        "ＦＵＬＬ Ateşçi ﬃ ΣΟΦΊΑ σοφία e\u0301 Дом ½",
        "a tab\tand café",  # not printable: the exact way
        "bidi \u202egpj.exe café",
        "\x01 control and café",
    ],
)
def test_folded_fields_are_the_in_text_fold(text: str) -> None:
    assert folding.folded(text) == fold(text).folded


@pytest.mark.parametrize(
    "data",
    [
        b"caf\xc3\xa9 and \xff\xfe broken \xc3",
        b"a sequence \xc3A\xa9 cut by ASCII, and caf\xc3\xa9",  # the high bytes alone decode
        b"a quote \xe2\x80A\x99 cut by ASCII",  # alone: a quote, which folds to itself
        b"a lead byte \xe2\xc3\xa9 before a whole one",
        b"caf\xc3\xa9 \xd0\x94\xd0 cut Cyrillic",
    ],
)
def test_fold_body_of_bad_utf8_is_the_fold_of_what_is_shown(data: bytes) -> None:
    expected = fold(data.decode("utf-8", errors="replace")).folded
    assert folding.fold_body(data).decode() == expected


def test_an_unreadable_file_is_left_out(make_library: Callable[..., Path], tmp_path: Path) -> None:
    root = make_library({"a.md": article("A", "findme"), "b.md": article("B", "findme")})
    index = LibraryIndex.open(index_file(tmp_path / "cache", root))
    library, _ = load_library(root, cache=index)
    (root / "b.md").unlink()  # between loading and indexing
    index.update(library)
    assert found(index, "findme") == ["a"]


BUILD_UNDER_TEXTUAL = """
import sys
from pathlib import Path
from reader.library.loader import load_library
from reader.search import indexing
from reader.search.index import LibraryIndex
from reader.search.query import parse


class Captured:  # what Textual puts in sys.stderr while an app runs
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1


if __name__ == "__main__":
    root, cache = Path(sys.argv[1]), Path(sys.argv[2])
    indexing.POOL_AT = 1
    index = LibraryIndex.open(cache)
    library, _ = load_library(root, cache=index)
    real, sys.stderr = sys.stderr, Captured()
    try:
        index.update(library)
    finally:
        sys.stderr = real
    print(len(index.search(parse("river"), 100)))
"""


def test_the_pool_builds_while_textual_holds_stderr(
    make_library: Callable[..., Path], tmp_path: Path
) -> None:
    """In the TUI the pool failed to start ("bad value(s) in fds_to_keep"): a new
    process, as the app's first build is, with stderr captured as Textual does."""
    root = make_library(many(20))
    script = tmp_path / "build.py"
    script.write_text(BUILD_UNDER_TEXTUAL, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(root), str(tmp_path / "index.sqlite3")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    serial = LibraryIndex.open(tmp_path / "serial.sqlite3")
    serial.update(load(root, serial))
    assert int(result.stdout) == len(serial.search(parse("river"), 100)) > 0


def test_big_files_make_small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A library of 20 MB books must not send a gigabyte to the writer at once."""
    monkeypatch.setattr(indexing, "TASK", 3)
    monkeypatch.setattr(indexing, "TASK_BYTES", 1000)
    sizes = [10, 10, 10, 10, 600, 600, 5000, 10, 10]
    jobs: list[indexing.Job] = [(f"a{n}", (size, 0), "x", None, ()) for n, size in enumerate(sizes)]
    tasks = indexing.split(iter(jobs))  # the jobs may still be in the making
    assert [[job[1][0] for job in task] for task in tasks] == [
        [10, 10, 10],
        [10, 600, 600],
        [5000],
        [10, 10],
    ]
    assert list(indexing.split([])) == []
