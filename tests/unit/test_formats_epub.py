"""EPUB books in the library: a book is a section, its chapters articles, read as Markdown."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.library import load_library, resolve
from reader.library.formats import epub
from tests.books import DRM, Doc, Entry, sample_docs, write_epub

NESTED = [
    Entry(
        "Book One",
        "ch1.xhtml",
        [
            Entry("Chapter 1", "ch1.xhtml"),
            Entry("Part A", "ch2.xhtml#a"),
            Entry("Part B", "ch2.xhtml#b"),
        ],
    )
]


@pytest.fixture
def books(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    (root / "books").mkdir(parents=True)
    write_epub(
        root / "books" / "war-and-peace.epub",
        sample_docs(),
        NESTED,
        title="War and Peace",
        authors=("Leo Tolstoy", "Louise Maude"),
    )
    write_epub(root / "books" / "old.epub", sample_docs(), version=2, title="An Old Book")
    return root


def test_a_book_is_a_section_titled_from_its_metadata(books: Path) -> None:
    library, problems = load_library(books)
    assert problems == []
    book = library.sections["books/war-and-peace"]
    assert book.title == "War and Peace"
    intro = book.index
    assert intro is not None
    assert intro.author == ("Leo Tolstoy", "Louise Maude")
    assert intro.date_text == "1869-01-01"
    assert intro.meta["language"] == "en"
    body = library.read_body(intro)
    assert body.startswith("A **short** book made by a test.")
    assert "- Book One (3 chapters)" in body


def test_nav_chapters_nest_in_spine_order_with_stable_ids(books: Path) -> None:
    library, _ = load_library(books)
    ids = [article.id for article in library.sections["books/war-and-peace"].walk_articles()]
    assert ids == [
        "books/war-and-peace/front-matter",
        "books/war-and-peace/book-one/chapter-1",
        "books/war-and-peace/book-one/part-a",
        "books/war-and-peace/book-one/part-b",
    ]
    assert library.sections["books/war-and-peace/book-one"].title == "Book One"
    assert library.articles["books/war-and-peace/front-matter"].title == "Front matter"
    again, _ = load_library(books)
    assert list(again.articles) == list(library.articles)


def test_ncx_is_read_when_there_is_no_nav(books: Path) -> None:
    library, _ = load_library(books)
    titles = [a.title for a in library.sections["books/old"].walk_articles()]
    assert titles == ["Cover", "Chapter One", "Chapter Two", "Colophon"]
    assert library.sections["books/old"].title == "An Old Book"


def test_chapter_markdown_keeps_structure_and_drops_scripts(books: Path) -> None:
    library, _ = load_library(books)
    chapter = library.read_body(library.articles["books/war-and-peace/book-one/chapter-1"])
    assert chapter.startswith("# Chapter One\n\nIt was a *dark* night.[\\[1\\]](#notes)")
    assert "## Notes\n\n**\\[1\\]** A footnote." in chapter
    front = library.read_body(library.articles["books/war-and-peace/front-matter"])
    assert front.strip() == "![The cover](cover.jpg)"
    part_a = library.read_body(library.articles["books/war-and-peace/book-one/part-a"])
    assert part_a.strip() == "# Chapter Two\n\nFirst part."
    part_b = library.read_body(library.articles["books/war-and-peace/book-one/part-b"])
    # The colophon, which no TOC entry points to, joins the chapter before it.
    assert part_b.split("\n\n") == [
        "## Second part",
        "The end of the tale.",
        "Set in a fine typeface.\n",
    ]
    assert "alert" not in part_b and "color" not in part_b


def test_links_between_chapters_lead_inside_the_library(books: Path) -> None:
    library, _ = load_library(books)
    chapter = library.articles["books/war-and-peace/book-one/chapter-1"]
    body = library.read_body(chapter)
    assert "[the next chapter](/books/war-and-peace/book-one/part-a)" in body
    target = resolve(library, chapter, "/books/war-and-peace/book-one/part-a")
    assert target.article is library.articles["books/war-and-peace/book-one/part-a"]


def test_lists_quotes_tables_and_right_to_left_text(tmp_path: Path) -> None:
    body = (
        "<ul><li>one</li><li>two <b>bold</b></li></ul><ol><li>first</li></ol>"
        "<blockquote><p>quoted</p></blockquote>"
        "<table><tr><th>Name</th><th>Size</th></tr><tr><td>Nile</td><td>6650</td></tr></table>"
        '<p dir="rtl">שלום עולם</p><p>東京の夜。</p><p>1. not a list *nor emphasis*</p>'
    )
    root = tmp_path / "library"
    root.mkdir()
    write_epub(root / "b.epub", [Doc("c.xhtml", body, "Only")])
    library, _ = load_library(root)
    text = library.read_body(library.articles["b/only"])
    assert "- one\n- two **bold**" in text
    assert "1. first" in text
    assert "> quoted" in text
    assert "| Name | Size |\n| --- | --- |\n| Nile | 6650 |" in text
    assert "שלום עולם" in text and "東京の夜。" in text
    assert "1\\. not a list \\*nor emphasis\\*" in text


def test_a_book_opens_from_the_cache_the_second_time(
    books: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library, _ = load_library(books)
    chapter_id = "books/war-and-peace/book-one/chapter-1"
    first = library.read_body(library.articles[chapter_id])

    def refuse(path: Path) -> zipfile.ZipFile:
        raise AssertionError("the book was opened again")

    monkeypatch.setattr(epub, "open_zip", refuse)
    again, problems = load_library(books)
    assert problems == []
    assert again.read_body(again.articles[chapter_id]) == first


def test_list_json_show_and_search_work_on_chapters(
    books: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(books), "list", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert (
        rows["books/war-and-peace/book-one/part-b"]["words"] == 13
    )  # "##" counts, as in any Markdown article
    assert rows["books/war-and-peace/book-one/part-b"]["section"] == [
        "Books",
        "War and Peace",
        "Book One",
    ]
    assert main(["--library", str(books), "show", "books/war-and-peace/book-one/chapter-1"]) == 0
    shown = capsys.readouterr().out
    assert "Chapter 1" in shown and "It was a dark night." in shown
    assert main(["--library", str(books), "search", "typeface"]) == 0
    found = capsys.readouterr().out
    assert "[books/war-and-peace/book-one/part-b]" in found
    assert "[books/old/colophon]" in found


def _check(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    code = main(["--library", str(root), "check"])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"truncate": True}, "not a readable EPUB: the zip file is damaged or truncated"),
        ({"no_container": True}, "META-INF/container.xml is missing from the book"),
        ({"no_opf": True}, "the OPF package OEBPS/content.opf is missing from the book"),
        (
            {"extra": {"META-INF/encryption.xml": DRM}},
            "DRM-encrypted (META-INF/encryption.xml): the text cannot be read",
        ),
    ],
)
def test_a_bad_book_is_reported_and_the_rest_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: dict[str, Any], reason: str
) -> None:
    root = tmp_path / "library"
    root.mkdir()
    (root / "fine.md").write_text("# Fine\n\nStill here.\n")
    write_epub(root / "good.epub", sample_docs(), title="Good")
    write_epub(root / "bad.epub", sample_docs(), **options)
    code, out = _check(capsys, root)
    assert code == 1
    assert out.splitlines() == [f"{root / 'bad.epub'}: {reason}; skipped"]
    library, _ = load_library(root)
    assert "fine" in library.articles and "good" in library.sections
    assert "bad" not in library.sections


def test_a_missing_chapter_is_a_problem_and_the_book_still_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "library"
    root.mkdir()
    write_epub(root / "holes.epub", sample_docs(), missing=("ch2.xhtml",))
    code, out = _check(capsys, root)
    assert code == 1
    assert out.splitlines() == [
        f"{root / 'holes.epub'}: manifest item OEBPS/ch2.xhtml is not in the book; skipped"
    ]
    library, _ = load_library(root)
    titles = [a.title for a in library.sections["holes"].walk_articles()]
    assert titles == ["Cover", "Chapter One", "Colophon"]


def test_a_zip_bomb_stops_at_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "library"
    root.mkdir()
    bomb = Doc("bomb.xhtml", "<p>" + "a" * (epub.MAX_ENTRY + 10) + "</p>", "Bomb")
    write_epub(root / "bomb.epub", [*sample_docs(), bomb])
    assert (root / "bomb.epub").stat().st_size < 1024 * 1024
    code, out = _check(capsys, root)
    assert code == 1
    assert f"{root / 'bomb.epub'}: chapter 'Bomb': OEBPS/bomb.xhtml unpacks to over 64 MB" in out
    library, _ = load_library(root)
    with pytest.raises(OSError, match="zip bomb"):
        library.read_body(library.articles["bomb/bomb"])
    assert "Chapter One" in library.read_body(library.articles["bomb/chapter-one"])


def test_font_obfuscation_alone_is_not_drm(tmp_path: Path) -> None:
    root = tmp_path / "library"
    root.mkdir()
    fonts = (
        b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
        b'Algorithm="http://www.idpf.org/2008/embedding"/></enc:EncryptedData></encryption>'
    )
    write_epub(root / "fonts.epub", sample_docs(), extra={"META-INF/encryption.xml": fonts})
    library, problems = load_library(root)
    assert problems == []
    assert "fonts" in library.sections


def test_entities_in_the_opf_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "library"
    root.mkdir()
    path = write_epub(root / "ent.epub", sample_docs())
    with zipfile.ZipFile(path) as book:
        entries = {name: book.read(name) for name in book.namelist()}
    entries["OEBPS/content.opf"] = entries["OEBPS/content.opf"].replace(
        b"<package", b'<!DOCTYPE p [<!ENTITY x "boom">]><package', 1
    )
    with zipfile.ZipFile(path, "w") as book:
        for name, data in entries.items():
            book.writestr(name, data)
    code, out = _check(capsys, root)
    assert code == 1
    assert "declares entities or external references; refused; skipped" in out
