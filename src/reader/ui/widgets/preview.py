"""`Preview`: what the browse tree's cursor is on, before opening it.

For an article: title, byline, date, series, summary, length and reading time;
for a section: its introduction. The screen hands over the text it read; this
widget never opens a file.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.library.model import Article, Section, reading_minutes
from reader.ui.widgets.article_header import EXCERPT_NOTICE


class Preview(VerticalScroll, can_focus=False):
    """A scrollable card describing one article or section."""

    DEFAULT_CSS = """
    Preview > Static { width: 1fr; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="preview-body")

    def show_article(self, article: Article, words: int | None, first_paragraph: str = "") -> None:
        """The article's card; `first_paragraph` stands in for a missing summary;
        `words` is None while a long article is being counted."""
        lines: list[RenderableType] = []
        if article.series:
            lines.append(Text(article.series.upper(), style="dim"))
        lines.append(Text(article.title, style="bold"))
        details = [part for part in (article.byline, article.date_text) if part]
        if details:
            lines.append(Text(" · ".join(details), style="italic"))
        lines.append(Text())
        if article.summary or first_paragraph:
            lines += [Text(article.summary or first_paragraph), Text()]
        if words is None:
            length = "counting words…"
        elif words:
            length = f"{words:,} word{'s' * (words != 1)} · {reading_minutes(words)} min read"
        else:
            length = "empty"
        lines.append(Text(length, style="dim"))
        if article.excerpt:
            lines.append(Text(EXCERPT_NOTICE, "dim"))
        if article.tags:
            lines.append(Text("Tags: " + ", ".join(article.tags), style="dim"))
        if article.draft:
            lines.append(Text("Draft", style="bold"))
        self._set(Group(*lines))

    def show_section(self, section: Section, introduction: str) -> None:
        count = section.article_count
        header = Text.assemble(
            (section.title, "bold"), "\n", (f"{count} article{'s' * (count != 1)}", "dim"), "\n"
        )
        self._set(Group(header, Markdown(introduction, hyperlinks=False)))

    def _set(self, renderable: RenderableType) -> None:
        self.query_one("#preview-body", Static).update(renderable)
        self.scroll_home(animate=False)
