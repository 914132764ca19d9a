"""Articles that are huge, or change under the reader (issue 14, items 6 and 17)."""

from __future__ import annotations

import time

import pytest
from rich import markdown

from reader.library.loader import load_library


def test_show_renders_a_huge_one_line_article_a_piece_at_a_time(make_library, run, monkeypatch):
    words = ("alpha beta gamma delta " * 60_000).strip()  # 1.4 MB on one line
    root = make_library({"one.md": f"# One line\n\n{words}\n"})
    largest = 0
    original = markdown.Markdown.__init__

    def measured(self, text, *args, **kwargs):
        nonlocal largest
        largest = max(largest, len(text))
        original(self, text, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", measured)
    started = time.perf_counter()
    code, out, _ = run("--library", str(root), "show", "one")
    assert code == 0
    assert time.perf_counter() - started < 10
    assert largest < 20_000  # never the whole article in one Markdown parse
    assert out.startswith("One line\n\n")
    assert out.count("gamma") == 60_000
    assert max(len(line) for line in out.splitlines()) <= 80


@pytest.mark.parametrize("grow", [True, False])
def test_an_article_edited_after_loading_starts_at_its_body(make_library, grow):
    root = make_library({"a.md": "---\ntitle: A\n---\nThe first sentence.\n"})
    library, _ = load_library(root)
    article = library.articles["a"]
    front = "---\ntitle: A\nauthor: Someone With A Long Name\n---\n" if grow else ""
    (root / "a.md").write_text(front + "The first sentence, edited.\n")
    assert library.read_body(article) == "The first sentence, edited.\n"
