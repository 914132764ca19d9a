"""`ReadScreen`: one article, full screen, with in-text search and an outline.

The screen owns the article's identity, the library order (`J`/`K`) and the
search round trip between `SearchBar` and `ArticleView`; scrolling keys belong
to `ArticleView`. Dismissing returns the article last read so the browse tree
can put its cursor there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from reader.dialogs.outline_dialog import OutlineDialog
from reader.model import Article, Library
from reader.resources import styles_dir
from reader.search.matcher import Query, QueryError
from reader.widgets.article_view import ArticleView
from reader.widgets.search_bar import SearchBar


class ReadScreen(Screen[Article]):
    """Read an article; `J`/`K` step through the library in the tree's order."""

    CSS_PATH = styles_dir() / "read.tcss"
    BINDINGS = [
        Binding("q", "back", "Back"),
        Binding("escape", "escape", "Clear search / back", show=False),
        # Priority: the app runs it as the key arrives, so the focus is on the
        # search field before the keys typed right after `/` are dispatched.
        Binding("slash", "search", "Search", priority=True),
        Binding("n", "next_match(1)", "Next match", show=False),
        Binding("N", "next_match(-1)", "Previous match", show=False),
        Binding("t", "outline", "Outline"),
        Binding("J", "step(1)", "Next article"),
        Binding("K", "step(-1)", "Previous article"),
    ]

    def __init__(
        self,
        library: Library,
        article: Article,
        *,
        offset: int = 0,
        query: str | None = None,
        history: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.article = article
        self._start_offset = offset
        self._start_query = query
        self._history = history if history is not None else []
        self._offset_before_search = 0
        self._searching = False

    def compose(self) -> ComposeResult:
        yield Static(id="article-header")
        yield ArticleView(id="article")
        yield SearchBar(self._history, id="search")
        with Horizontal(id="status"):
            yield Label(id="status-where")
            yield Label(id="status-percent")
        yield Footer()

    def on_mount(self) -> None:
        self.load(self.article, self._start_offset)
        if self._start_query:
            self.run_query(self._start_query, regex=False)

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def load(self, article: Article, offset: int = 0) -> None:
        """Show `article` at source `offset`: header, body, status line."""
        self.article = article
        try:
            body = self.library.read_body(article)
        except OSError as error:
            self.notify(
                f"Cannot read {article.path}: {error.strerror}", severity="error", markup=False
            )
            body = ""
        header = Text(article.title, style="bold")
        details = [part for part in (article.byline, article.date_text, article.series) if part]
        if details:
            header.append("\n" + " · ".join(details), style="dim")
        if article.excerpt:
            header.append("\nOnly a summary of this article is held in the library.", "italic")
        self.query_one("#article-header", Static).update(header)
        self._searching = False
        self.view.show(body, offset)
        self.view.focus()

    def _trail(self, article: Article) -> list[str]:
        if article.section is not None:
            return article.section.trail[:-1]
        return self.library.section_of(article).trail

    @on(ArticleView.PositionChanged)
    def _position(self, event: ArticleView.PositionChanged) -> None:
        where = [*self._trail(self.article), self.article.title]
        if event.heading is not None and event.heading.title != self.article.title:
            where.append(event.heading.title)
        self.query_one("#status-where", Label).update(Text(" › ".join(where)))
        self.query_one("#status-percent", Label).update(f"{event.percent:3.0f}%")

    # -- search ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` typed in the open bar is part of the query, not a new search.
        return not (action == "search" and self.query_one(SearchBar).is_open)

    def action_search(self) -> None:
        self._offset_before_search = self.view.source_offset
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        self.run_query(event.text, regex=event.regex)

    def run_query(self, text: str, *, regex: bool) -> None:
        """Search the article for `text` and show the counter (or the error)."""
        bar = self.query_one(SearchBar)
        if not text.strip():
            self._searching = False
            self.view.search(None)
            bar.set_counter("")
            return
        try:
            query = Query.parse(text, regex=regex)
        except QueryError as error:
            bar.set_counter(str(error), error=True)
            return
        self._searching = True
        self.view.search(query)

    @on(ArticleView.SearchChanged)
    def _search_changed(self, event: ArticleView.SearchChanged) -> None:
        if not self._searching:
            return
        more = "" if event.complete else "…"
        if event.count == 0:
            text = f"no match{more}"
        elif event.current is None:
            text = f"{event.count}{more} matches"
        else:
            text = f"{event.current + 1}/{event.count}{more}"
        self.query_one(SearchBar).set_counter(text, error=event.count == 0 and event.complete)

    @on(SearchBar.Submitted)
    def _submitted(self) -> None:
        self.query_one(SearchBar).close()
        self.view.focus()

    @on(SearchBar.Cancelled)
    def _cancelled(self) -> None:
        self.query_one(SearchBar).close()
        self._clear_search()
        self.view.go_to_offset(self._offset_before_search)
        self.view.focus()

    def _clear_search(self) -> None:
        self._searching = False
        self.view.search(None)

    def action_next_match(self, step: int) -> None:
        if not self._searching:
            self.notify("No search: press / to search.")
            return
        wrapped = self.view.next_match(step)
        if wrapped:
            self.notify("Search wrapped to the " + ("top." if step > 0 else "bottom."))

    def action_escape(self) -> None:
        if self._searching:
            self._clear_search()
        else:
            self.action_back()

    # -- outline and navigation -------------------------------------------------

    def action_outline(self) -> None:
        headings = self.view.document.headings
        if not headings:
            self.notify("This article has no headings.")
            return

        def jump(offset: int | None) -> None:
            if offset is not None:
                self.view.go_to_offset(offset)

        self.app.push_screen(OutlineDialog(headings, self.view.heading), jump)

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
