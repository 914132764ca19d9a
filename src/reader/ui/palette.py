"""Command palette (`ctrl+p`): open any article of the library by fuzzy title.

Choosing one posts `OpenArticle` to the app, like every other way to an article.
Titles and bylines come from files: they are shown as text (`Content(...)`,
`escape`), never read as markup, so `A [/x]` or `[@click=app.quit]` is only text.
"""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from reader.library.model import Library
from reader.ui.messages import OpenArticle


class _HasLibrary(Protocol):
    library: Library


class ArticleCommands(Provider):
    """One command per article: its title, matched fuzzily."""

    @property
    def library(self) -> Library:
        return cast(_HasLibrary, self.app).library

    def _open(self, article_id: str) -> None:
        self.app.post_message(OpenArticle(article_id))

    async def discover(self) -> Hits:
        for article in self.library.ordered_articles()[:20]:
            yield DiscoveryHit(
                Content(article.title),
                partial(self._open, article.id),
                text=article.title,
                help=escape(article.byline) or None,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self.library.ordered_articles():
            score = matcher.match(article.title)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, article.title),
                    partial(self._open, article.id),
                    text=article.title,
                    help=escape(article.byline or article.id),
                )


def _highlight(matcher: Matcher, title: str) -> Content:
    """`Matcher.highlight` without reading `title` as markup."""
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if score:
        for offset in offsets:
            if not title[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
