"""Command palette (`ctrl+p`): open any article of the library by fuzzy title.

Titles and bylines come from files: they are shown as text (`Content(...)`,
`escape`), never read as markup, so `A [/x]` or `[@click=app.quit]` is only text.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

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
                Content(article.title),
                partial(self.reader.open_article, article),
                text=article.title,
                help=escape(article.byline) or None,
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for article in self.reader.library.ordered_articles():
            score = matcher.match(article.title)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, article.title),
                    partial(self.reader.open_article, article),
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
