"""Saved web pages and plain text files as articles; the XHTML-to-Markdown writer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main
from reader.library import load_library
from reader.library.formats import htmltree, markdown_writer
from tests.books import PAGE


def test_a_page_is_its_main_content_with_its_metadata(
    make_library: Callable[..., Path],
) -> None:
    root = make_library({"saved/long-river.html": PAGE})
    library, problems = load_library(root)
    assert problems == []
    page = library.articles["saved/long-river"]
    assert page.title == "The Long River"
    assert page.author == ("Jane Doe",)
    assert page.date_text == "2024-03-05"
    assert page.summary == "A piece about rivers."
    assert page.meta["site"] == "Example Site"
    body = library.read_body(page)
    assert "## Upstream" in body
    assert "falls in *white* cascades, as the [survey](https://example.org/x) shows." in body
    for chrome in ("navigation", "cookies", "Share on", "Comment", "Related", "Copyright"):
        assert chrome not in body


def test_a_page_without_text_is_a_problem(
    make_library: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_library(
        {"empty.html": "<html><body><script>var x = 1;</script></body></html>", "ok.md": "# Ok\n"}
    )
    assert main(["--library", str(root), "check"]) == 1
    assert (
        capsys.readouterr().out
        == f"{root / 'empty.html'}: no readable text found in the page; skipped\n"
    )


def test_text_file_title_and_paragraphs_and_no_markdown(
    make_library: Callable[..., Path],
) -> None:
    root = make_library(
        {
            "notes.txt": (
                "A Short Title\n\n# not a heading *nor emphasis*\nwrapped line\n\n- not a list\n"
            ),
            "long-first-line.txt": (
                "This first line runs on without a blank line after it\nso it is text.\n"
            ),
        }
    )
    library, problems = load_library(root)
    assert problems == []
    notes = library.articles["notes"]
    assert notes.title == "A Short Title"
    assert library.read_body(notes) == (
        "\\# not a heading \\*nor emphasis\\* wrapped line\n\n\\- not a list\n"
    )
    other = library.articles["long-first-line"]
    assert other.title == "Long first line"
    assert library.read_body(other).startswith("This first line runs on")


def test_conversions_are_cached(
    make_library: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_library({"page.html": PAGE})
    library, _ = load_library(root)
    body = library.read_body(library.articles["page"])
    from reader.library.formats import html_page

    def refuse(data: bytes, url: str | None = None) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr(html_page, "convert_page", refuse)
    again, _ = load_library(root)
    assert again.articles["page"].title == "The Long River"
    assert again.read_body(again.articles["page"]) == body


def test_writer_escapes_text_and_keeps_code() -> None:
    document = htmltree.parse(
        "<p>a_b *c* [d] `e` &lt;f&gt;</p><pre>x = `y`\n  z</pre><p>line<br/>break</p>"
        "<h3>Title <code>code</code></h3><dl><dt>Term</dt><dd>Meaning</dd></dl><hr/>"
    )
    text = markdown_writer.convert(document)[None]
    assert text.split("\n\n") == [
        "a\\_b \\*c\\* \\[d\\] \\`e\\` \\<f>",
        "```\nx = `y`\n  z\n```",
        "line\\\nbreak",
        "### Title `code`",
        "**Term**",
        "Meaning",
        "* * *\n",
    ]
