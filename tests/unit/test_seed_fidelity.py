"""The bundled library is the seed page, word for word.

The seed (a web page on Leon Trotsky and the Fourth International) is copied to
`tests/fixtures/seed.txt` so these tests need nothing outside the repository; one
test checks that copy against `shared/seed/` when that folder is found.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader.library.loader import load_library
from reader.library.model import Article, Library, Section
from reader.resources import bundled_library
from tests.helpers import SEED_COPY

SEED_NAME = "000_2591d022472f0229.txt"
FIXTURE_SEED = SEED_COPY

SECTION_TITLES = [
    "Introduction",
    "The Popular Front and the Stalinist betrayal of the Spanish Revolution",
    "The founding of the Fourth International (1938)",
    "The Moscow Trials and the political genocide in the Soviet Union",
    "Articles and events",
]

#: Seed order: title -> (author, series or None, section title). Written out from the seed.
ARTICLES: dict[str, tuple[str, str | None, str]] = {
    "The Workers’ Party of Turkey and the impasse of pseudo-left politics": (
        "Ozan Kutlucan",
        None,
        "Articles and events",
    ),
    "Kenya’s Gen Z insurgency, the strike wave and the struggle for Permanent Revolution-Part 1": (
        "Kipchumba Ochieng",
        None,
        "Articles and events",
    ),
    "David North to speak at the University of Michigan on the wars in Gaza and Ukraine": (
        "International Youth and Students for Social Equality at U-M",
        "Leon Trotsky and the Struggle for Socialism in the 21st Century",
        "Articles and events",
    ),
    "David North visits Prinkipo to organize Leon Trotsky commemoration event": (
        "Ulaş Ateşçi",
        None,
        "Articles and events",
    ),
    "Leon Trotsky’s four fateful years in Prinkipo: 1929-1933": (
        "David North",
        "Introduction to the Turkish language edition of In Defense of Leon Trotsky",
        "Articles and events",
    ),
    "For Committees of Action―Not the People’s Front": (
        "Leon Trotsky",
        None,
        SECTION_TITLES[1],
    ),
    "The struggle against centrism and the founding of the Fourth International": (
        "Bill Van Auken",
        None,
        "Introduction",
    ),
    "The Revolution Betrayed and the fate of the Soviet Union": (
        "Peter Daniels",
        None,
        "Introduction",
    ),
    "The Spanish Civil War and the Popular Front": ("Ann Talbot", None, SECTION_TITLES[1]),
    # The seed prints no byline for this one; the author is taken from the title.
    "Leon Trotsky - The Transitional Program - 1938": ("Leon Trotsky", None, SECTION_TITLES[2]),
    "Stalinism and Bolshevism - 1937": ("Leon Trotsky", None, SECTION_TITLES[3]),
    "The enduring significance of the founding of the Fourth International": (
        "James Cogan",
        "SEP public meetings in Australia",
        SECTION_TITLES[2],
    ),
    "On the 25th Anniversary of the Workers League": ("David North", None, SECTION_TITLES[2]),
    # Untitled in the seed; the title is the first words of its summary.
    "The murder of Leon Trotsky": (
        "Editors of the Fourth International journal",
        None,
        SECTION_TITLES[3],
    ),
    "A discussion of Marxism with Soviet Students": ("David North", None, "Introduction"),
}

#: Library text that is not a seed paragraph: titles the seed does not print.
NOT_IN_SEED = {
    "Leon Trotsky and the Fourth International",  # the library's title
    "Introduction",
    "Articles and events",
    "The murder of Leon Trotsky",  # the start of its seed summary
}

_CAPTION = re.compile(r"^\*([^*].*[^*]|[^*])\*$")


def normalise(text: str) -> str:
    """Whitespace only: runs of it (no-break spaces too) become one space."""
    return " ".join(text.split())


def seed_paragraphs(text: str) -> list[str]:
    """Every non-empty line of the seed: blank lines and single newlines both separate."""
    return [p for p in (normalise(line) for line in text.split("\n")) if p]


def markdown_to_plain(markdown: str) -> list[str]:
    """The paragraphs of `markdown` as plain text: `> ` and caption `*...*` are markup."""
    paragraphs = []
    for block in re.split(r"\n[ \t]*\n", markdown):
        lines = [line.strip() for line in block.strip().splitlines()]
        if not lines:
            continue
        if all(line.startswith(">") for line in lines):
            lines = [line[1:].strip() for line in lines]
        lines = [match.group(1) if (match := _CAPTION.match(line)) else line for line in lines]
        paragraph = normalise(" ".join(lines))
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def find_shared_seed() -> Path | None:
    """`shared/seed/<name>` beside any folder above this file (or beside its parent)."""
    for parent in Path(__file__).resolve().parents:
        for base in (parent, parent.parent):
            candidate = base / "shared" / "seed" / SEED_NAME
            if candidate.is_file():
                return candidate
    return None


@pytest.fixture(scope="module")
def seed() -> str:
    return FIXTURE_SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def loaded() -> tuple[Library, list[object]]:
    library, problems = load_library(bundled_library(), deep=True)
    return library, list(problems)


@pytest.fixture(scope="module")
def library(loaded: tuple[Library, list[object]]) -> Library:
    return loaded[0]


def sections(library: Library) -> list[Section]:
    return [child for child in library.root.children if isinstance(child, Section)]


def article_fields(article: Article) -> list[str]:
    return [article.title, *article.author, article.series, article.summary]


def library_units(library: Library) -> tuple[list[str], list[str]]:
    """(paragraphs of every body, title/author/series/summary of every item)."""
    bodies: list[str] = []
    fields: list[str] = [library.title]
    for section in library.sections.values():
        assert section.index is not None
        fields.append(section.title)
        bodies.extend(markdown_to_plain(library.read_body(section.index)))
    for article in library.articles.values():
        fields.extend(article_fields(article))
        bodies.extend(markdown_to_plain(library.read_body(article)))
    return bodies, [normalise(field) for field in fields if normalise(field)]


def test_fixture_is_the_shared_seed() -> None:
    shared = find_shared_seed()
    if shared is None:
        pytest.skip(f"shared/seed/{SEED_NAME} not found above {Path(__file__).parent}")
    assert FIXTURE_SEED.read_bytes() == shared.read_bytes()


def test_seed_fixture_is_the_page(seed: str) -> None:
    paragraphs = seed_paragraphs(seed)
    # 20 in the essay parts; 15 articles x 3, plus 3 series, less one byline and one title.
    assert len(paragraphs) == 66
    assert paragraphs[0].startswith("Since the founding of the Left Opposition in 1923")
    assert paragraphs[-1] == "David North"


def test_every_seed_paragraph_is_in_the_library(seed: str, library: Library) -> None:
    bodies, fields = library_units(library)
    present = set(bodies) | set(fields)
    missing = [p for p in seed_paragraphs(seed) if p not in present]
    assert missing == []


def test_library_invents_no_text(seed: str, library: Library) -> None:
    bodies, fields = library_units(library)
    known = set(seed_paragraphs(seed)) | NOT_IN_SEED
    assert [p for p in bodies if p not in known] == []
    assert [f for f in fields if f not in known] == []


def test_essay_parts_keep_the_seed_order(seed: str, library: Library) -> None:
    paragraphs = seed_paragraphs(seed)
    essay = paragraphs[: paragraphs.index(normalise(next(iter(ARTICLES))))]
    text: list[str] = []
    for section in sections(library):
        assert section.index is not None
        if section.title in paragraphs:
            text.append(section.title)
        text.extend(markdown_to_plain(library.read_body(section.index)))
    assert text == essay


def test_fifteen_articles_with_the_seed_authors(library: Library) -> None:
    articles = list(library.articles.values())
    assert len(articles) == 15
    found = {
        article.title: (article.byline, article.series or None, library.section_of(article).title)
        for article in articles
    }
    assert found == ARTICLES


def test_articles_keep_the_seed_order(library: Library) -> None:
    titles = list(ARTICLES)
    for section in sections(library):
        in_section = [a.title for a in section.children if isinstance(a, Article)]
        assert in_section == [t for t in titles if ARTICLES[t][2] == section.title]
        weights = [a.weight for a in section.children if isinstance(a, Article)]
        assert weights == list(range(1, len(weights) + 1))


def test_articles_are_excerpts_of_their_summary(seed: str, library: Library) -> None:
    paragraphs = seed_paragraphs(seed)
    for article in library.articles.values():
        assert article.excerpt is True, article.id
        assert article.summary in paragraphs, article.id
        assert normalise(library.read_body(article)) == normalise(article.summary), article.id


def test_library_loads_without_problems(loaded: tuple[Library, list[object]]) -> None:
    library, problems = loaded
    assert problems == []
    assert library.title == "Leon Trotsky and the Fourth International"


def test_sections_in_seed_order(library: Library) -> None:
    assert [section.title for section in sections(library)] == SECTION_TITLES
    assert [section.weight for section in sections(library)] == [1, 2, 3, 4, 5]
    assert all(isinstance(child, Section) for child in library.root.children)


def test_captions_and_quote_are_marked_up(library: Library) -> None:
    bodies = "\n".join(
        library.read_body(section.index) for section in sections(library) if section.index
    )
    for caption in (
        "Trotsky in Coyoacan, Mexico",
        "A workers and peasants brigade in Spain",
        "Trotsky with Farrell Dobbs in Mexico",
        "Historical and International Foundations of the SEP (Australia)",
    ):
        assert f"\n*{caption}*\n" in f"\n{bodies}\n"
    assert "\n> Without a socialist revolution, in the next historical period" in bodies


def test_markdown_to_plain_strips_only_markup() -> None:
    markdown = "> quoted\n> on two lines\n\n*Caption*\n\nA *word* stays.\n"
    assert markdown_to_plain(markdown) == ["quoted on two lines", "Caption", "A *word* stays."]


def test_reader_check_passes_on_the_bundled_library() -> None:
    env = {key: value for key, value in os.environ.items() if key != "READER_LIBRARY"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(bundled_library()), "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s) in 15 article(s)" in result.stderr
