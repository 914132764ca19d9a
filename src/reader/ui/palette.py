"""Command palette (`ctrl+p`): open any article of the library by fuzzy title."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from reader.ui.app import ReaderApp


class ArticleCommands(Provider):
    """One command per article: its title, matched fuzzily."""

    @property
    def reader(self) -> ReaderApp:
        from reader.ui.app import ReaderApp

        assert isinstance(self.app, ReaderApp)
        return self.app

    async def discover(self) -> Hits:
        for article in self.reader.library.ordered_articles()[:20]:
            yield DiscoveryHit(
                article.title, partial(self.reader.open_article, article), help=article.byline
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self.reader.library.ordered_articles():
            score = matcher.match(article.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(article.title),
                    partial(self.reader.open_article, article),
                    help=article.byline or article.id,
                )
