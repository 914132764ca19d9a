"""`ArticleHeader`: the title, byline, date and series above the article's text."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from reader.library.model import Article

#: Said under the title of an article whose file holds only a summary.
EXCERPT_NOTICE = "Only a summary of this article is held in the library."


class ArticleHeader(Static):
    """Who wrote the article and when; says so when only a summary is held."""

    def show(self, article: Article) -> None:
        header = Text(article.title, style="bold")
        details = [part for part in (article.byline, article.date_text, article.series) if part]
        if details:
            header.append("\n" + " · ".join(details), style="dim")
        if article.excerpt:
            header.append("\n" + EXCERPT_NOTICE, style="italic")
        self.update(header)
