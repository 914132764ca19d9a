"""The domain: a `Library` of nested `Section`s holding `Article`s.

Plain data, no Textual. Front matter is held eagerly; bodies are read on demand
through `Library.read_body`, so listing a large library reads only file heads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.library.files import read_regular
from reader.library.frontmatter import body_start
from reader.library.sanitize import clean_text

#: Words per minute used for the reading-time estimate.
WORDS_PER_MINUTE = 230


@dataclass(eq=False)
class Article:
    """One Markdown file, or a section's `_index.md` read as an article."""

    id: str
    path: Path
    title: str
    author: tuple[str, ...] = ()
    date: dt.date | None = None
    summary: str = ""
    series: str = ""
    tags: tuple[str, ...] = ()
    weight: int | None = None
    draft: bool = False
    excerpt: bool = False
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    #: Byte offset of the body in the file (just after the front matter).
    body_offset: int = 0
    #: Set when the article is a section's introduction (or stands in for one).
    section: Section | None = None
    #: Generated body for a section without `_index.md`.
    generated_body: str | None = None
    #: Produces the Markdown body of a converted file (a book's chapter, a web
    #: page, a text file; see `reader.library.formats`); may raise OSError.
    body_reader: Callable[[], str] | None = None

    @property
    def byline(self) -> str:
        return ", ".join(self.author)

    @property
    def date_text(self) -> str:
        return self.date.isoformat() if self.date else ""


@dataclass(eq=False)
class Section:
    """A folder: a title, an introduction and ordered children."""

    id: str
    path: Path
    title: str
    weight: int | None = None
    date: dt.date | None = None
    #: The `_index.md` read as an article (always present; generated when absent).
    index: Article | None = None
    children: list[Section | Article] = field(default_factory=list)
    parent: Section | None = None
    #: Only in an outline (`reader.library.outline`): the number of files below
    #: this section, counted by name, its children not loaded yet.
    estimated: int | None = None

    def walk_articles(self) -> Iterator[Article]:
        """Every article below this section, in reading order."""
        for child in self.children:
            if isinstance(child, Section):
                yield from child.walk_articles()
            else:
                yield child

    @property
    def article_count(self) -> int:
        if self.estimated is not None:
            return self.estimated
        return sum(1 for _ in self.walk_articles())

    @property
    def trail(self) -> list[str]:
        """Titles of the sections from the root's first child down to this one."""
        titles: list[str] = []
        node: Section | None = self
        while node is not None and node.parent is not None:
            titles.append(node.title)
            node = node.parent
        return titles[::-1]


@dataclass(eq=False)
class Library:
    """The root section plus lookup tables built once by the loader."""

    root: Section
    articles: dict[str, Article] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    #: The folder's `library_stamp` taken just before it was loaded, when the
    #: loader's caller took one (the index remembers it: `reader search` can then
    #: answer without loading an unchanged library); None otherwise.
    stamp: str | None = None

    @property
    def path(self) -> Path:
        return self.root.path

    @property
    def title(self) -> str:
        return self.root.title

    def ordered_articles(self) -> list[Article]:
        """All articles in the tree's order (what `J`/`K` step through)."""
        return list(self.root.walk_articles())

    def section_of(self, article: Article) -> Section:
        parent_id = article.id.rpartition("/")[0]
        return self.sections[parent_id]

    def neighbour(self, article: Article, step: int) -> Article | None:
        """The article `step` places away in reading order, or None past either end."""
        ordered = self.ordered_articles()
        try:
            index = ordered.index(article)
        except ValueError:
            return None
        target = index + step
        return ordered[target] if 0 <= target < len(ordered) else None

    def step(self, article: Article, step: int) -> Article | None:
        """The next (`step` 1) or previous (-1) article in reading order.

        From a section's introduction, next is the section's first article and
        previous the article before it, as the tree shows them.
        """
        section = article.section
        if section is None:
            return self.neighbour(article, step)
        first = next(section.walk_articles(), None)
        if first is None:
            return None
        return first if step > 0 else self.neighbour(first, -1)

    def trail_of(self, article: Article) -> list[str]:
        """Titles of the sections above `article` (above the section, for an intro)."""
        if article.section is not None:
            return article.section.trail[:-1]
        return self.section_of(article).trail

    def read_body(self, article: Article, data: memoryview | None = None) -> str:
        """The article's Markdown body, cleaned of control characters (from `data`, its
        `body_data`, when given).

        Raises OSError if the file went away since loading; callers report it. The
        file may have been edited since: where its body starts is found again, so a
        longer or shorter front matter never makes it start mid-sentence.
        """
        if data is None:
            if article.generated_body is not None:
                return article.generated_body
            if article.body_reader is not None:
                return clean_text(article.body_reader())
            data = self.body_data(article)
            assert data is not None
        return clean_text(str(data, "utf-8", errors="replace"))

    def body_data(self, article: Article) -> memoryview | None:
        """The bytes of the article's body, read now from its file; None when the body
        is not its file's own text (a generated page, a book's chapter, a web page).
        `read_body(article, data)` gives its text. Raises OSError as `read_body`."""
        if article.generated_body is not None or article.body_reader is not None:
            return None
        data = read_regular(article.path)  # a regular file, never a FIFO, size-limited
        article.body_offset = body_start(data)
        return memoryview(data)[article.body_offset :]

    def read_source(self, article: Article) -> str:
        """The whole file, front matter included, cleaned of control characters.

        A converted file (a book's chapter, a web page) gives its Markdown.
        """
        if article.generated_body is not None:
            return article.generated_body
        if article.body_reader is not None:
            return clean_text(article.body_reader())
        return clean_text(read_regular(article.path).decode("utf-8", errors="replace"))


def word_count(text: str) -> int:
    return len(text.split())


def reading_minutes(words: int) -> int:
    return max(1, round(words / WORDS_PER_MINUTE)) if words else 0
