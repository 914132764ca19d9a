"""The loader: what a library folder turns into, and how bad files are reported."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from reader.library.file_head import FIRST_BYTES, HEAD_BYTES
from reader.library.loader import LibraryError, Problem, load_library
from reader.library.model import Article, Library, Section
from reader.library.naming import title_from_name
from tests.helpers import BADLIB

#: Every article of the fixture that must load, bad-but-readable ones included.
BADLIB_IDS = {
    "good-one",
    "authors",
    "toml-article",
    "heading-only",
    "02-name-only",
    "escape",
    "heading-escape",
    "bad-yaml",
    "python-tag",
    "bad-toml",
    "latin1",
    "x",
    "01-popular-front/a",
    "01-popular-front/b",
    "01-popular-front/03-subfolder/inside",
    "01-popular-front/new",
    "01-popular-front/old",
    "01-popular-front/also-old",
    "01-popular-front/undated-m",
    "01-popular-front/undated-c",
    "nested/child",
    "nested/inner/deep",
}


@pytest.fixture
def badlib() -> tuple[Library, list[Problem]]:
    return load_library(BADLIB)


def problems_for(problems: list[Problem], path: Path) -> list[Problem]:
    return [problem for problem in problems if problem.path == path]


def only_problem(problems: list[Problem], path: Path) -> Problem:
    found = problems_for(problems, path)
    assert len(found) == 1, f"expected one problem for {path}, got {found}"
    return found[0]


def titles(section: Section) -> list[str]:
    return [child.title for child in section.children]


# --- the committed bad library ----------------------------------------------------


def test_badlib_loads_every_readable_article_and_nothing_else(badlib):
    library, _ = badlib
    assert set(library.articles) == BADLIB_IDS
    assert {article.id for article in library.ordered_articles()} == BADLIB_IDS


@pytest.mark.parametrize(
    ("name", "line", "fragment"),
    [
        ("bad-yaml.md", 3, "invalid YAML front matter"),
        ("python-tag.md", 3, "python/object/apply:os.system"),
        ("bad-toml.md", 4, "invalid TOML front matter"),
        ("latin1.md", 4, "not valid UTF-8"),
        ("empty.md", None, "empty file"),
        ("binary.md", None, "binary file"),
        ("x.md", None, "duplicate id 'x'"),
    ],
)
def test_each_bad_file_is_reported_with_path_and_line(badlib, name, line, fragment):
    _, problems = badlib
    problem = only_problem(problems, BADLIB / name)
    assert problem.line == line
    assert fragment in problem.message
    where = f"{BADLIB / name}:{line}" if line else str(BADLIB / name)
    assert str(problem) == f"{where}: {problem.message}"
    assert "\n" not in str(problem)


def test_only_bad_files_are_reported(badlib):
    _, problems = badlib
    reported = {problem.path.name for problem in problems}
    assert reported == {
        "bad-yaml.md",
        "python-tag.md",
        "bad-toml.md",
        "latin1.md",
        "empty.md",
        "binary.md",
        "x.md",
    }


@pytest.mark.parametrize(
    ("article_id", "title"),
    [
        ("bad-yaml", "Bad YAML heading"),  # fields ignored: the heading names it
        ("bad-toml", "TOML heading fallback"),
        ("python-tag", "Python tag"),  # no heading: the file name names it
        ("latin1", "Latin one"),  # the encoding is bad, the front matter is fine
        ("x", "X from markdown"),  # the first of the duplicates is kept
    ],
)
def test_bad_but_readable_articles_are_kept_with_fallback_titles(badlib, article_id, title):
    library, _ = badlib
    assert library.articles[article_id].title == title


def test_rejected_front_matter_fields_are_not_used(badlib):
    library, _ = badlib
    assert library.articles["bad-toml"].date is None
    assert library.articles["python-tag"].meta == {}


def test_skipped_files_are_nowhere_in_the_tree(badlib):
    library, _ = badlib
    paths = {article.path.name for article in library.ordered_articles()}
    assert not paths & {"empty.md", "binary.md", "x.md"}
    assert library.articles["x"].path == BADLIB / "x.markdown"


def test_ignored_files_and_folders_are_neither_listed_nor_reported(badlib):
    library, problems = badlib
    listed = {article.path.name for article in library.ordered_articles()}
    assert not listed & {"_draft.md", "secret.md", ".dotfile.md", "image.png", "notes.rst"}
    assert set(library.sections) == {"", "01-popular-front", "01-popular-front/03-subfolder"} | {
        "nested",
        "nested/inner",
    }
    assert not [p for p in problems if p.path.name.startswith((".", "_")) or p.path.suffix != ".md"]


def test_non_utf8_article_is_shown_with_replacement_characters(badlib):
    library, _ = badlib
    body = library.read_body(library.articles["latin1"])
    assert body == "Caf\ufffd au lait, written in Latin-1.\n"


def test_escape_sequences_and_markup_in_titles(badlib):
    library, _ = badlib
    # From YAML front matter (written with YAML's \e escape) and from a raw heading.
    assert library.articles["escape"].title == "Red [bold]not bold[/bold]"
    assert library.articles["heading-escape"].title == "Loud heading"


def test_read_body_strips_escape_sequences(badlib):
    library, _ = badlib
    body = library.read_body(library.articles["escape"])
    assert body == "Body with red text and an OSC title change.\n"


def test_read_body_starts_after_the_front_matter(badlib):
    library, _ = badlib
    body = library.read_body(library.articles["good-one"])
    assert body.startswith("First paragraph of the good article.\n")
    assert "title:" not in body and "---" not in body
    toml_body = library.read_body(library.articles["toml-article"])
    assert toml_body == "Body of the TOML article.\n"


def test_invalid_but_closed_front_matter_is_not_shown_as_body(badlib):
    library, _ = badlib
    body = library.read_body(library.articles["bad-yaml"])
    assert body.startswith("# Bad YAML heading\n")
    assert "indented: wrong" not in body


# --- fields --------------------------------------------------------------------------


def test_front_matter_fields(badlib):
    library, _ = badlib
    article = library.articles["good-one"]
    assert article.title == "Good one"
    assert article.author == ("Ann Author",)
    assert article.date == dt.date(2024, 1, 5)
    assert article.summary == "A well-formed article."
    assert article.series == "Basics"
    assert article.tags == ("alpha", "beta")
    assert article.source == "Example Weekly, 5 January 2024"


def test_unknown_fields_are_kept_in_meta(badlib):
    library, _ = badlib
    assert library.articles["good-one"].meta["mood"] == "cheerful"
    assert library.articles["good-one"].meta["rating"] == 5
    assert library.articles["toml-article"].meta["flavour"] == "hugo"


def test_author_as_a_list(badlib):
    library, _ = badlib
    article = library.articles["authors"]
    assert article.author == ("Ann Author", "Bob Writer")
    assert article.byline == "Ann Author, Bob Writer"


def test_toml_front_matter(badlib):
    library, _ = badlib
    article = library.articles["toml-article"]
    assert article.title == "TOML article"
    assert article.author == ("Tom L",)
    assert article.date == dt.date(2022, 3, 4)
    assert article.tags == ("toml",)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-01-05", dt.date(2024, 1, 5)),
        ("'2024-01-05'", dt.date(2024, 1, 5)),
        ("2023-06-01T10:00:00Z", dt.date(2023, 6, 1)),
        ("'2023-06-01 10:00'", dt.date(2023, 6, 1)),
    ],
)
def test_dates_are_parsed(make_library, value, expected):
    root = make_library({"a.md": f"---\ndate: {value}\n---\nText.\n"})
    library, problems = load_library(root)
    assert library.articles["a"].date == expected
    assert problems == []


def test_an_unreadable_field_is_reported_and_the_rest_kept(make_library):
    root = make_library(
        {"a.md": "---\ntitle: Kept\ndate: someday\nweight: heavy\nauthor: [1, 2]\n---\nText.\n"}
    )
    library, problems = load_library(root)
    article = library.articles["a"]
    assert article.title == "Kept"
    assert article.date is None and article.weight is None and article.author == ()
    messages = sorted(problem.message for problem in problems)
    assert [message.split(":")[0] for message in messages] == [
        "field 'author'",
        "field 'date'",
        "field 'weight'",
    ]
    assert all(problem.path == root / "a.md" for problem in problems)


# --- bad input never raises ------------------------------------------------------------


@pytest.mark.parametrize(
    "front_matter",
    [
        "date: 2024-02-30",  # looks like a date, is not one
        "date: 2024-13-01",
        "flag: !!bool maybe",
        "when: !!timestamp soon",
        "count: !!int many",
        "ratio: !!float half",
        pytest.param("deep: " + "[" * 5000, id="deep-nesting"),
        "obj: !!python/object/new:os.system [echo]",
        "- just\n- a list",
        "title: [unclosed",
    ],
)
def test_any_yaml_is_reported_never_raised(make_library, front_matter):
    root = make_library(
        {
            "bad.md": f"---\n{front_matter}\n---\n# Heading of bad\n",
            "good.md": "---\ntitle: Good\n---\nText.\n",
        }
    )
    library, problems = load_library(root)
    assert library.articles["bad"].title == "Heading of bad"
    assert library.articles["good"].title == "Good"
    assert [problem.path.name for problem in problems] == ["bad.md"]
    assert "\n" not in str(problems[0])


@pytest.mark.parametrize(
    "front_matter",
    [
        pytest.param("x = " + "[" * 5000, id="deep-nesting"),
        "date = 2024-13-01",
        "a = 1\na = 2",
        "title = 'unclosed",
    ],
)
def test_any_toml_is_reported_never_raised(make_library, front_matter):
    root = make_library({"bad.md": f"+++\n{front_matter}\n+++\n# Heading of bad\n"})
    library, problems = load_library(root)
    assert library.articles["bad"].title == "Heading of bad"
    assert [problem.path.name for problem in problems] == ["bad.md"]


def test_toml_error_line_is_the_line_in_the_file(make_library):
    root = make_library({"a.md": '+++\ntitle = "A"\n\nnot toml\n+++\nText.\n'})
    _, problems = load_library(root)
    assert [problem.line for problem in problems] == [4]
    assert "at line" not in problems[0].message  # the front-matter-relative line is gone


def test_control_character_in_yaml_is_one_line_with_its_line(make_library):
    root = make_library({"a.md": '---\ntitle: ok\nauthor: "\x1b[31mRed"\n---\n# Fallback\n'})
    library, problems = load_library(root)
    assert library.articles["a"].title == "Fallback"
    assert len(problems) == 1
    assert problems[0].line == 3
    assert "\n" not in str(problems[0])


def test_python_tags_are_never_executed(make_library, tmp_path):
    marker = tmp_path / "pwned"
    root = make_library(
        {"a.md": f'---\nrun: !!python/object/apply:os.system ["touch {marker}"]\n---\nText.\n'}
    )
    library, problems = load_library(root)
    assert not marker.exists()
    assert "a" in library.articles
    assert len(problems) == 1 and problems[0].line == 2


def test_unclosed_front_matter_is_reported_and_read_as_markdown(make_library):
    root = make_library({"a.md": "---\ntitle: Never closed\n\n# Real heading\n"})
    library, problems = load_library(root)
    assert library.articles["a"].title == "Real heading"
    assert library.read_body(library.articles["a"]).startswith("---\ntitle: Never closed\n")
    assert [(problem.line, "never closed" in problem.message) for problem in problems] == [
        (1, True)
    ]


def test_whitespace_only_file_is_skipped_as_empty(make_library):
    root = make_library({"blank.md": "  \n\n\t\n", "ok.md": "# Ok\n"})
    library, problems = load_library(root)
    assert set(library.articles) == {"ok"}
    assert [(problem.path.name, problem.message) for problem in problems] == [
        ("blank.md", "empty file; skipped")
    ]


def test_non_utf8_line_is_the_line_of_the_first_bad_byte(make_library):
    root = make_library({"a.md": b"# Title\n\nline three\n\xff\xfe line four\n"})
    library, problems = load_library(root)
    assert library.articles["a"].title == "Title"
    assert [(problem.line, problem.message) for problem in problems] == [
        (4, "not valid UTF-8; shown with replacement characters")
    ]


def test_bad_bytes_past_the_head_are_found_only_by_a_deep_load(make_library):
    text = b"# Long\n" + b"word " * (HEAD_BYTES // 5 + 100) + b"\nbad \xff\n"
    root = make_library({"long.md": text})
    assert load_library(root)[1] == []
    _, problems = load_library(root, deep=True)
    assert [(problem.path.name, problem.line) for problem in problems] == [("long.md", 3)]


def test_front_matter_longer_than_the_head_is_still_read(make_library):
    summary = "long " * (HEAD_BYTES // 5 + 100)
    root = make_library({"a.md": f"---\ntitle: Big\nsummary: {summary}\n---\nBody.\n"})
    library, problems = load_library(root)
    assert problems == []
    assert library.articles["a"].title == "Big"
    assert library.read_body(library.articles["a"]) == "Body.\n"


def test_byte_order_mark_does_not_hide_the_front_matter(make_library):
    root = make_library({"a.md": b"\xef\xbb\xbf---\ntitle: With BOM\n---\nBody.\n"})
    library, problems = load_library(root)
    assert problems == []
    assert library.articles["a"].title == "With BOM"
    assert library.read_body(library.articles["a"]) == "Body.\n"


def test_windows_line_endings(make_library):
    root = make_library({"a.md": b"---\r\ntitle: CRLF\r\n---\r\nOne\r\nTwo\r\n"})
    library, problems = load_library(root)
    assert problems == []
    assert library.articles["a"].title == "CRLF"
    assert library.read_body(library.articles["a"]) == "One\nTwo\n"


# --- files that cannot be committed: symlinks ------------------------------------------


def test_dangling_symlink_is_reported_and_skipped(make_library):
    root = make_library({"ok.md": "# Ok\n"})
    (root / "gone.md").symlink_to("missing.md")
    library, problems = load_library(root)
    assert set(library.articles) == {"ok"}
    problem = only_problem(problems, root / "gone.md")
    assert problem.message.startswith("cannot read file")
    assert problem.message.endswith("skipped")


def test_self_referencing_symlink_is_reported_and_skipped(make_library):
    root = make_library({"ok.md": "# Ok\n"})
    (root / "loop.md").symlink_to("loop.md")
    library, problems = load_library(root)
    assert set(library.articles) == {"ok"}
    assert only_problem(problems, root / "loop.md").message.startswith("cannot read file")


def test_folder_symlink_to_an_ancestor_is_a_reported_loop(make_library):
    root = make_library({"a/b/deep.md": "# Deep\n", "top.md": "# Top\n"})
    (root / "a" / "b" / "up").symlink_to(root, target_is_directory=True)
    library, problems = load_library(root)
    assert set(library.articles) == {"a/b/deep", "top"}
    problem = only_problem(problems, root / "a" / "b" / "up")
    assert "symlink loop" in problem.message
    assert "a/b/up" not in library.sections


def test_folder_symlinked_twice_is_read_once(make_library):
    root = make_library({"real/one.md": "# One\n"})
    (root / "zlink").symlink_to(root / "real", target_is_directory=True)
    library, problems = load_library(root)
    assert set(library.articles) == {"real/one"}
    assert "same folder as" in only_problem(problems, root / "zlink").message


def test_symlinked_article_is_read(make_library):
    root = make_library({"real.md": "# Real\n"})
    (root / "alias.md").symlink_to("real.md")
    library, problems = load_library(root)
    assert problems == []
    assert library.articles["alias"].title == "Real"


# --- duplicates and ids ------------------------------------------------------------------


def test_article_with_the_id_of_a_section_is_skipped(make_library):
    root = make_library({"topic/inside.md": "# Inside\n", "topic.md": "# Topic file\n"})
    library, problems = load_library(root)
    assert set(library.articles) == {"topic/inside"}
    assert "duplicate id 'topic'" in only_problem(problems, root / "topic.md").message


def test_ids_are_relative_paths_without_extension(badlib):
    library, _ = badlib
    assert library.articles["nested/inner/deep"].path == BADLIB / "nested" / "inner" / "deep.md"
    assert library.articles["x"].path.suffix == ".markdown"
    for article_id, article in library.articles.items():
        relative = article.path.relative_to(BADLIB).with_suffix("")
        assert article_id == relative.as_posix()


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("01-popular-front", "Popular front"),
        ("popular_front", "Popular front"),
        ("2024", "2024"),
        ("03 notes", "Notes"),
        ("\x1b[31mred-name", "Red name"),
    ],
)
def test_title_from_name(name, title):
    assert title_from_name(name) == title


def test_title_fallback_order(make_library):
    root = make_library(
        {
            "front.md": "---\ntitle: From front matter\n---\n# From heading\n",
            "heading.md": "Intro.\n\n## Not level one\n\n# From heading\n",
            "fenced.md": "```\n# not a heading\n```\n\n# After the fence\n",
            "03-from-name.md": "No heading at all.\n",
            "empty-title.md": '---\ntitle: ""\n---\n# Heading wins\n',
        }
    )
    library, problems = load_library(root)
    assert problems == []
    assert library.articles["front"].title == "From front matter"
    assert library.articles["heading"].title == "From heading"
    assert library.articles["fenced"].title == "After the fence"
    assert library.articles["03-from-name"].title == "From name"
    assert library.articles["empty-title"].title == "Heading wins"


def test_a_file_name_with_an_escape_sequence_is_reported_and_skipped(make_library):
    root = make_library({"\x1b]0;pwned\x07notes.md": "no heading\n", "ok.md": "# Ok\n"})
    library, problems = load_library(root)
    assert list(library.articles) == ["ok"]  # its id would carry the sequence to a terminal
    (problem,) = problems
    assert "control characters" in str(problem)
    assert "\x1b" not in str(problem) and "\x07" not in str(problem)


# --- sections and order -----------------------------------------------------------------------


def test_order_weight_then_date_then_title(badlib):
    library, _ = badlib
    section = library.sections["01-popular-front"]
    assert titles(section) == [
        "Zed weighted one",  # weight 1
        "Alpha weighted two",  # weight 2
        "Subfolder",  # a section ordered among articles: weight 3 from `03-`
        "Also old",  # unweighted, dated: oldest first, then title
        "Old dated",
        "Aardvark new",
        "cherry undated",  # undated last, by title ignoring case
        "Mango undated",
    ]


def test_root_order_mixes_sections_and_articles(badlib):
    library, _ = badlib
    assert titles(library.root)[:4] == [
        "Popular front",  # section, weight 1 from its folder name
        "Name only",  # article, weight 2 from its file name
        "Nested section",  # section, weight 5 from its _index.md
        "TOML article",  # oldest dated article
    ]


def test_sections_without_dates_or_weights_sort_after_dated_articles(make_library):
    root = make_library(
        {
            "b-folder/in.md": "# In\n",
            "a.md": "---\ntitle: Z dated\ndate: 2020-01-01\n---\n",
            "c.md": "# A undated\n",
        }
    )
    library, _ = load_library(root)
    assert titles(library.root) == ["Z dated", "A undated", "B folder"]


def test_sections_titles_and_intro(badlib):
    library, _ = badlib
    assert library.title == "Bad library"
    assert library.sections["01-popular-front"].title == "Popular front"
    assert library.sections["nested"].title == "Nested section"
    assert library.sections["nested/inner"].title == "Inner"
    nested = library.sections["nested"]
    assert nested.date == dt.date(2021, 1, 1)
    assert nested.index is not None
    assert library.read_body(nested.index) == "Introduction to the nested section.\n"


def test_nested_sections_and_article_count(badlib):
    library, _ = badlib
    assert library.sections["nested"].article_count == 2
    assert library.sections["nested/inner"].article_count == 1
    assert library.sections["01-popular-front"].article_count == 8
    assert library.sections["01-popular-front/03-subfolder"].article_count == 1
    assert library.root.article_count == len(BADLIB_IDS)
    assert library.sections["nested/inner"].trail == ["Nested section", "Inner"]
    assert library.section_of(library.articles["nested/inner/deep"]).title == "Inner"


def test_folder_without_index_gets_a_contents_page(badlib):
    library, _ = badlib
    index = library.sections["01-popular-front"].index
    assert index is not None
    lines = library.read_body(index).splitlines()
    assert lines[:3] == ["- Zed weighted one", "- Alpha weighted two", "- Subfolder (1 articles)"]
    assert len(lines) == 8


def test_index_without_title_takes_the_folder_title(make_library):
    root = make_library({"02-essays/_index.md": "Just an intro.\n", "02-essays/a.md": "# A\n"})
    library, problems = load_library(root)
    assert problems == []
    assert library.sections["02-essays"].title == "Essays"
    assert "02-essays/_index" not in library.articles


def test_empty_library_loads(make_library):
    root = make_library({})
    library, problems = load_library(root)
    assert (library.articles, problems) == ({}, [])
    assert library.ordered_articles() == []


def test_neighbour_follows_reading_order_across_sections(badlib):
    library, _ = badlib
    ordered = library.ordered_articles()
    assert [article.id for article in ordered[:3]] == [
        "01-popular-front/a",
        "01-popular-front/b",
        "01-popular-front/03-subfolder/inside",
    ]
    last_of_folder = library.articles["01-popular-front/undated-m"]
    assert library.neighbour(last_of_folder, 1) is library.articles["02-name-only"]
    assert library.neighbour(library.articles["02-name-only"], -1) is last_of_folder
    assert library.neighbour(ordered[0], -1) is None
    assert library.neighbour(ordered[-1], 1) is None
    assert library.neighbour(ordered[0], 2) is ordered[2]
    stranger = Article(id="nowhere", path=BADLIB / "nowhere.md", title="Nowhere")
    assert library.neighbour(stranger, 1) is None


# --- the library path itself -------------------------------------------------------------------


def test_missing_library_raises(tmp_path):
    with pytest.raises(LibraryError, match="not found"):
        load_library(tmp_path / "nope")


def test_file_as_library_raises(tmp_path):
    path = tmp_path / "file.md"
    path.write_text("# Not a folder\n")
    with pytest.raises(LibraryError, match="not a folder"):
        load_library(path)


def test_unreadable_library_raises(tmp_path, monkeypatch):
    def refuse(path: object) -> object:
        raise PermissionError(13, os.strerror(13), str(path))

    monkeypatch.setattr("reader.library.loader.os.scandir", refuse)
    with pytest.raises(LibraryError, match="cannot read library"):
        load_library(tmp_path)


def test_titles_and_summaries_decode_entities_wherever_they_come_from(make_library) -> None:
    root = make_library(
        {
            "heading.md": "# The `&lt;border&gt;` rule &mdash; *why* and **how**\n\nText.\n",
            "setext.md": "Caf&eacute; &amp; `code`\n===\n\nText.\n",
            "front.md": '---\ntitle: "Caf&eacute; &mdash; menu"\nsummary: "A &ldquo;quote&rdquo;"\n'
            "---\n\nText.\n",
        }
    )
    library, _ = load_library(root)
    titles = {article.id: article.title for article in library.articles.values()}
    assert titles == {
        "heading": "The <border> rule — why and how",
        "setext": "Café & code",
        "front": "Café — menu",
    }
    assert library.articles["front"].summary == "A “quote”"


def test_a_title_past_the_first_bytes_read_is_still_found(make_library):
    preamble = "Some words before the heading. " * (FIRST_BYTES // 30 + 10)
    late_field = "note: " + "x" * (FIRST_BYTES + 100)
    root = make_library(
        {
            "heading.md": f"{preamble}\n\n# The late heading\n\nBody.\n",
            "field.md": f"---\n{late_field}\ntitle: Late field\n---\nBody.\n",
            "empty-title.md": f'---\ntitle: ""\n---\n{preamble}\n\n# Heading after all\n',
            "early.md": f"---\ntitle: Early\n---\n{preamble}\n",
        }
    )
    library, problems = load_library(root)
    assert problems == []
    titles = {key: article.title for key, article in library.articles.items()}
    assert titles == {
        "heading": "The late heading",
        "field": "Late field",
        "empty-title": "Heading after all",
        "early": "Early",
    }
