"""Command palette (`ctrl+p`): open any article of the library by fuzzy title.

Choosing one posts `OpenArticle` to the app, like every other way to an article.
"""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
            yield DiscoveryHit(article.title, partial(self._open, article.id), help=article.byline)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self.library.ordered_articles():
            score = matcher.match(article.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(article.title),
                    partial(self._open, article.id),
                    help=article.byline or article.id,
                )
