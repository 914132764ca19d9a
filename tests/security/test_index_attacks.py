"""A damaged search index is rebuilt, never a failure (issue 14, items 10 and 16)."""

from __future__ import annotations

import sqlite3

import pytest

from reader.search.index import index_file

FILES = {f"a{n}.md": f"# Article {n}\n\nThe zebra number {n} grazes.\n" for n in range(30)}


@pytest.fixture
def root(make_library):
    return make_library(FILES)


def damage(root, tmp_path, sql: str) -> None:
    path = index_file(tmp_path / "reader-cache", root)
    with sqlite3.connect(path) as db:
        db.execute(sql)


def test_a_heads_row_that_is_not_json_means_a_rebuild(root, tmp_path, run):
    assert run("--library", str(root), "search", "zebra", "--limit", "50")[0] == 0
    damage(root, tmp_path, "UPDATE heads SET head = 'not json'")
    for _ in range(2):  # the first run rebuilds; the second finds a good cache
        code, out, err = run("--library", str(root), "search", "zebra", "--limit", "50")
        assert code == 0, err
        assert "Article 7" in out
    code, out, _ = run("--library", str(root), "list")
    assert code == 0 and "Article 7" in out


@pytest.mark.parametrize(
    "sql",
    [
        'UPDATE heads SET head = \'{"meta": [], "body_offset": -1, "heading": 3}\'',
        "UPDATE heads SET head = x'00ff'",
        # Typed fields of the wrong shape or types (the article is built from them at once).
        "UPDATE heads SET head = json_set(head, '$.fields', json('[1]'))",
        "UPDATE heads SET head = json_set(head, '$.fields[1]', json('[1]'))",
        "UPDATE heads SET head = json_set(head, '$.fields[2]', '2020-13-45')",
        "UPDATE heads SET head = json_set(head, '$.fields[7]', 1)",
    ],
)
def test_any_damaged_heads_row_means_a_rebuild(root, tmp_path, run, sql):
    run("--library", str(root), "search", "zebra")
    damage(root, tmp_path, sql)
    code, out, err = run("--library", str(root), "search", "zebra", "--limit", "50")
    assert code == 0, err
    assert "Article 7" in out


def test_damaged_fts_blocks_are_found_and_the_index_rebuilt(root, tmp_path, run):
    assert "Article 7" in run("--library", str(root), "search", "zebra", "--limit", "50")[1]
    damage(root, tmp_path, "UPDATE fts_data SET block = zeroblob(length(block)) WHERE id > 1")
    code, out, err = run("--library", str(root), "search", "zebra", "--limit", "50")
    assert code == 0, err
    assert out.count("zebra number") == 30
