"""`ReadScreen`: one article, full screen, with its place in the library.

The screen owns the article's identity and the library order (`J`/`K`); the
scrolling keys belong to `ArticleView`. Dismissing returns the article last read
so the browse tree can put its cursor there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from reader.model import Article, Library
from reader.resources import styles_dir
from reader.widgets.article_view import ArticleView


class ReadScreen(Screen[Article]):
    """Read an article; `J`/`K` step through the library in the tree's order."""

    CSS_PATH = styles_dir() / "read.tcss"
    BINDINGS = [
        Binding("q,escape", "back", "Back"),
        Binding("J", "step(1)", "Next article"),
        Binding("K", "step(-1)", "Previous article"),
    ]

    def __init__(self, library: Library, article: Article) -> None:
        super().__init__()
        self.library = library
        self.article = article

    def compose(self) -> ComposeResult:
        yield Static(id="article-header")
        yield ArticleView(id="article")
        with Horizontal(id="status"):
            yield Label(id="status-where")
            yield Label(id="status-percent")
        yield Footer()

    def on_mount(self) -> None:
        self.load(self.article)

    def load(self, article: Article) -> None:
        """Show `article`: header, body from the start, status line."""
        self.article = article
        try:
            body = self.library.read_body(article)
        except OSError as error:
            self.notify(f"Cannot read {article.path}: {error.strerror}", severity="error")
            body = ""
        header = Text(article.title, style="bold")
        details = [part for part in (article.byline, article.date_text, article.series) if part]
        if details:
            header.append("\n" + " · ".join(details), style="dim")
        if article.excerpt:
            header.append("\nOnly a summary of this article is held in the library.", "italic")
        self.query_one("#article-header", Static).update(header)
        where = [*self._trail(article), article.title]
        self.query_one("#status-where", Label).update(Text(" › ".join(where)))
        view = self.query_one(ArticleView)
        view.show(body)
        view.focus()

    def _trail(self, article: Article) -> list[str]:
        if article.section is not None:
            return article.section.trail[:-1]
        return self.library.section_of(article).trail

    @on(ArticleView.PositionChanged)
    def _position(self, event: ArticleView.PositionChanged) -> None:
        self.query_one("#status-percent", Label).update(f"{event.percent:3.0f}%")

    def action_back(self) -> None:
        self.dismiss(self.article)

    def action_step(self, step: int) -> None:
        target = self._neighbour(step)
        if target is None:
            self.notify("This is the last article." if step > 0 else "This is the first article.")
        else:
            self.load(target)

    def _neighbour(self, step: int) -> Article | None:
        """The next/previous article in tree order; a section intro leads into its articles."""
        section = self.article.section
        if section is None:
            return self.library.neighbour(self.article, step)
        first = next(section.walk_articles(), None)
        if first is None:
            return None
        return first if step > 0 else self.library.neighbour(first, -1)
