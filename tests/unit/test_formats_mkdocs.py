"""mkdocs sites (docs_dir, nav, safe config) and folder introductions in any library."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from reader.library import load_library
from tests.books import PAGE

CONFIG = """site_name: Web Guide
docs_dir: pages
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/object/apply:os.system ["touch {marker}"]
extra:
  analytics: !ENV GOOGLE_ANALYTICS_KEY
nav:
  - Home: index.md
  - Getting started: start.md
  - Reference:
      - reference/index.md
      - The selectors: reference/selectors.md
      - reference/colors.md
  - External: https://example.org/
"""


@pytest.fixture
def site(make_library: Callable[..., Path], tmp_path: Path) -> Path:
    return make_library(
        {
            "mkdocs.yml": CONFIG.format(marker=tmp_path / "executed"),
            "pages/index.md": "# Welcome\n\nThe site's home.\n",
            "pages/start.md": (
                '# Start here\n\n!!! note "Before you start"\n    Read this.\n\n'
                "    And this.\n\nDone.\n"
            ),
            "pages/aaa-extra.md": "# Not in the nav\n",
            "pages/reference/index.md": "# Reference intro\n",
            "pages/reference/colors.md": "# Colors\n",
            "pages/reference/selectors.md": "# Selectors\n",
            "pages/reference/zz-units.md": "# Units\n",
            "docs/ignored.md": "# Not the docs_dir\n",
        }
    )


def test_nav_orders_and_titles_pages_left_out_come_last(site: Path, tmp_path: Path) -> None:
    library, problems = load_library(site)
    assert problems == []
    assert not (tmp_path / "executed").exists()
    assert library.title == "Web Guide"
    assert library.root.index is not None and library.root.index.title == "Welcome"
    top = [(child.id, child.title) for child in library.root.children]
    assert top == [
        ("start", "Getting started"),
        ("reference", "Reference"),
        ("aaa-extra", "Not in the nav"),
    ]
    reference = library.sections["reference"]
    assert [(c.id, c.title) for c in reference.children] == [
        ("reference/selectors", "The selectors"),
        ("reference/colors", "Colors"),
        ("reference/zz-units", "Units"),
    ]
    assert "ignored" not in library.articles


def test_admonitions_read_as_quotes(site: Path) -> None:
    library, _ = load_library(site)
    body = library.read_body(library.articles["start"])
    assert "> **Before you start**\n>\n> Read this.\n>\n> And this.\n\nDone." in body


def test_a_broken_config_is_a_problem_and_the_folder_still_opens(
    make_library: Callable[..., Path],
) -> None:
    root = make_library({"mkdocs.yml": "nav: [unclosed\n", "docs/a.md": "# A\n"})
    library, problems = load_library(root)
    assert [p.message for p in problems] == [
        "mkdocs.yml is not valid YAML (line 2); read as a plain folder"
    ]
    assert "docs/a" in library.articles


@pytest.mark.parametrize("intro", ["index.md", "README.md", "_index.md"])
def test_intro_files_introduce_their_folder(make_library: Callable[..., Path], intro: str) -> None:
    root = make_library(
        {
            f"css-types/{intro}": "# CSS Types\n\nAll the types.\n",
            "css-types/length.md": "# Length\n",
        }
    )
    library, problems = load_library(root)
    assert problems == []
    section = library.sections["css-types"]
    assert section.title == "CSS Types"
    assert [child.id for child in section.children] == ["css-types/length"]
    assert section.index is not None
    assert "All the types." in library.read_body(section.index)


def test_a_readme_beside_an_index_stays_an_article(make_library: Callable[..., Path]) -> None:
    root = make_library({"s/index.md": "# Intro\n", "s/README.md": "# Read me\n"})
    library, _ = load_library(root)
    assert library.sections["s"].title == "Intro"
    assert library.articles["s/README"].title == "Read me"


def test_a_web_page_in_a_site_is_still_extracted(make_library: Callable[..., Path]) -> None:
    root = make_library(
        {"mkdocs.yml": "site_name: S\n", "docs/index.md": "# S\n", "docs/river.html": PAGE}
    )
    library, problems = load_library(root)
    assert problems == []
    body = library.read_body(library.articles["river"])
    assert "## Upstream" in body and "<p>" not in body
