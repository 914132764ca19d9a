"""`ReadScreen`: one article, full screen, with in-text search and an outline.

The screen shows the article the app hands it (`open`; every way to another
article posts `OpenArticle`, which only the app handles), runs the search round
trip between `SearchBar` and `ArticleView` (`SearchingScreen`), and tells its `ReadingSession`
where the view is: the session decides where an article opens ("Resumed at
43%") and when the position is saved (on leaving, on resize, a few seconds
after scrolling stops, and when the app is told to stop). Scrolling keys
belong to `ArticleView`. Dismissing returns the article last read so the
browse tree can put its cursor there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Label

from reader.library.contents import contents_page
from reader.library.files import shown_path
from reader.library.links import resolve, slug
from reader.library.model import Article, Library
from reader.reading.fold_apart import FOLD_APART_AT, FoldApart
from reader.resources import styles_dir
from reader.state.history import History, Visit
from reader.state.places import Anchored
from reader.state.session import SAVE_EVERY, ReadingSession
from reader.state.store import Position, Store
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.dialogs.outline_dialog import OutlineDialog
from reader.ui.links import heading_place, link_status, offer_copy, open_outside
from reader.ui.messages import OpenArticle
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.read_search import SearchingScreen
from reader.ui.widgets.article_header import ArticleHeader
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.library_tree import reading_marks
from reader.ui.widgets.search_bar import SearchBar
from reader.ui.widgets.selectable_view import SelectableView

#: Seconds the "Resumed at N%" notice stays.
RESUMED_NOTICE = 3.0


class ReadScreen(SearchingScreen):
    """Read an article; `J`/`K` step through the library in the tree's order."""

    CSS_PATH = styles_dir() / "read.tcss"
    BINDINGS = [
        Binding("q", "back", "Back", id="read.back"),
        Binding("escape", "escape", "Clear search / back", show=False, id="read.escape"),
        # Priority: the app runs it as the key arrives, so the focus is on the
        # search field before the keys typed right after `/` are dispatched.
        Binding("slash", "search", "Search", priority=True, id="read.search"),
        # Priority too: the focus is back on the article before the next key
        # (`G` typed right after `enter` went to the search field).
        Binding("enter", "keep_search", "Keep matches", show=False, priority=True),
        Binding("n", "next_match(1)", "Next match", show=False, id="read.next_match"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="read.previous_match"),
        Binding("t", "outline", "Outline", id="read.outline"),
        Binding("m", "bookmark", "Bookmark", id="read.bookmark"),
        Binding("B", "bookmarks", "Bookmarks", id="read.bookmarks"),
        # Not in the footer: at 80 columns it would push `? Help` off (help lists them).
        Binding("J", "step(1)", "Next article", show=False, id="read.next_article"),
        Binding("K", "step(-1)", "Previous article", show=False, id="read.previous_article"),
        Binding("H", "history(-1)", "Back (history)", show=False, id="read.history_back"),
        Binding("L", "history(1)", "Forward (history)", show=False, id="read.history_forward"),
    ]
    #: The search bar's keys, listed by help (they are bound only while it has focus).
    HELP_NOTES = [
        ("In the search bar:", ""),
        ("⏎", "keep the matches (n, N move between them)"),
        ("esc", "cancel, back to where reading was"),
        ("^r", "regular expression on/off"),
        ("↑, ↓", "earlier / later queries"),
    ]

    def __init__(
        self,
        library: Library,
        article: Article,
        store: Store,
        *,
        place: Anchored | None = None,
        query: str | None = None,
        history: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.article = article
        self.store = store
        self._start_place = place
        self._start_query = query
        self._history = history if history is not None else []
        self._offset_before_search = 0
        self.session: ReadingSession | None = None
        self._save_timer: Timer | None = None
        #: The articles left for others (`H`/`L`); `_moving` is set while one is reopened.
        self.history = History()
        self._moving: Visit | None = None
        #: Kept, not queried: the position is still read from it while unmounting.
        self.view = SelectableView(id="article")

    def compose(self) -> ComposeResult:
        yield ArticleHeader(id="article-header")
        yield self.view
        yield SearchBar(self._history, id="search")
        with Horizontal(id="status"):
            yield Label(id="status-where")
            yield Label(id="status-search")
            yield Label(id="status-percent")
        yield KeyBar()

    def on_mount(self) -> None:
        self.open(self.article, self._start_place, self._start_query)

    def on_unmount(self) -> None:
        self.save_position()

    def on_resize(self) -> None:
        self.save_position()

    def open(
        self, article: Article, place: Anchored | None = None, query: str | None = None
    ) -> None:
        """Show `article`: at `place`, else at the first match of `query`, else where it
        was left. Called by the app only (`OpenArticle`), and once on mount."""
        self.save_position()
        left = self._current_visit()
        if left is not None and left.article_id != article.id and self._moving is None:
            self.history.left(left)
        self._moving = None
        self.article = article
        apart = None
        try:
            data = self.library.body_data(article)
            if data is not None and len(data) >= FOLD_APART_AT:
                apart = FoldApart.start(data)  # folds for search while this decodes and paints
            body = self.library.read_body(article, data)
        except OSError as error:
            self.notify(
                f"Cannot read {shown_path(article.path)}: {error.strerror}",
                severity="error",
                markup=False,
            )
            body = ""
        if article.section is not None and (article.generated_body is not None or not body.strip()):
            marks = reading_marks(self.store, self.library.path)  # an empty introduction
            body = contents_page(self.library, article.section, marks)
        self.session = ReadingSession(
            self.store, self.library.path, article.id, body, keeps_place=article.section is None
        )
        opening = self.session.open_at(place, resume=query is None)
        if opening.resumed_percent is not None:
            self.notify(f"Resumed at {opening.resumed_percent:.0f}%.", timeout=RESUMED_NOTICE)
        self.query_one(ArticleHeader).show(article)
        self._show_where()  # at once: not the last article's place until the view reports
        self.query_one(SearchBar).close()
        self.view.show(body, opening.offset, apart)
        self.show_highlights()
        self.view.focus()
        if query:
            self.run_query(query, regex=False)

    def save_position(self) -> None:
        """Save where the reader is in the current article.

        Not before the view has laid the text out: its percent is 0 until then, and
        a resize arriving first would save the resumed place as 0%. Nor while the
        screen is being taken down, when the view has no size: the app saves
        before it quits (`ReaderApp.action_quit`), and `q` before it dismisses.
        """
        view = self.view
        if self.session is None or not view.first_screen_ready or not view.size.height:
            return
        heading = view.heading.title if view.heading else ""
        self.session.save(view.source_offset, view.percent, heading)

    def _show_where(self, heading: str | None = None) -> None:
        where = [*self.library.trail_of(self.article), self.article.title]
        if heading and heading != self.article.title:
            where.append(heading)
        # Same size (1fr): no layout pass, which would repaint the whole screen on every
        # scroll step (the footer and header included).
        self.query_one("#status-where", Label).update(Text(" › ".join(where)), layout=False)

    @on(ArticleView.PositionChanged)
    def _position(self, event: ArticleView.PositionChanged) -> None:
        self._show_where(event.heading.title if event.heading is not None else None)
        self.query_one("#status-percent", Label).update(f"{event.percent:3.0f}%", layout=False)
        if self.session is not None and self.session.save_due:
            self.save_position()
        else:  # save once scrolling has settled
            if self._save_timer is not None:
                self._save_timer.stop()
            self._save_timer = self.set_timer(SAVE_EVERY, self.save_position)

    # -- links ------------------------------------------------------------------

    @on(ArticleView.LinkFocused)
    def _link_focused(self, event: ArticleView.LinkFocused) -> None:
        if event.url is not None:
            self.query_one("#status-where", Label).update(link_status(event.url), layout=False)

    @on(ArticleView.LinkSelected)
    def _follow(self, event: ArticleView.LinkSelected) -> None:
        target = resolve(self.library, self.article, event.url)
        if target.external is not None:
            open_outside(self, target.external, confirm=getattr(self.app, "confirm_links", True))
        elif target.article is self.article:
            heading = next(
                (h for h in self.view.document.headings if slug(h.title) == target.fragment), None
            )
            if heading is not None:
                self.view.go_to_offset(heading.offset)
        elif target.article is not None:
            place = heading_place(self.library, target.article, target.fragment)
            self.post_message(OpenArticle(target.article.id, place or Position(0, 0.0)))
        else:
            offer_copy(self, "Not an article of the library. Copy the address?", event.url)

    # -- bookmarks --------------------------------------------------------------

    def action_bookmark(self) -> None:
        view, session = self.view, self.session
        if session is None or not session.keeps_place:
            self.notify("Bookmarks are for articles, not section introductions.")
            return
        article = self.article
        heading = view.heading.title if view.heading else ""
        position = session.position(view.source_offset, view.percent, heading)

        def save(note: str | None) -> None:
            if note is None:
                return
            added = self.store.add_bookmark(
                self.library.path, article.id, article.title, position, note
            )
            if added is not None:
                kept = "" if self.store.writable else " for this session only (not saved)"
                self.notify(f"Bookmark added at {position.percent:.0f}%{kept}.")

        where = f"{article.title} · {position.percent:.0f}%"
        self.app.push_screen(NoteDialog("Add bookmark", where, heading or article.title), save)

    def action_bookmarks(self) -> None:
        self.save_position()
        self.app.push_screen(BookmarksScreen(self.library, self.store, self.article.id))

    # -- outline and navigation -------------------------------------------------

    def action_outline(self) -> None:
        headings, highlights = self.view.document.headings, self.view.highlights
        if not headings and not highlights:
            self.notify("This article has no headings.")
            return

        def jump(offset: int | None) -> None:
            if offset is not None:
                self.view.go_to_offset(offset)

        self.app.push_screen(OutlineDialog(headings, self.view.heading, highlights), jump)

    def action_back(self) -> None:
        self.save_position()
        self.dismiss(self.article)

    def _current_visit(self) -> Visit | None:
        """The article shown and the place in it, once it is on screen."""
        view, session = self.view, self.session
        if session is None or not view.first_screen_ready:
            return None
        heading = view.heading.title if view.heading else ""
        return Visit(self.article.id, session.position(view.source_offset, view.percent, heading))

    def action_history(self, step: int) -> None:
        """`H`: back to the article read before, where it was left; `L`: forward again."""
        current = self._current_visit()
        if current is None:
            return
        visit = self.history.back(current) if step < 0 else self.history.forward(current)
        if visit is None:
            self.notify("No earlier article in the history." if step < 0 else "No later article.")
            return
        self._moving = visit
        self.post_message(OpenArticle(visit.article_id, visit.place))

    def action_step(self, step: int) -> None:
        target = self.library.step(self.article, step)
        if target is None:
            self.notify("This is the last article." if step > 0 else "This is the first article.")
        else:
            self.post_message(OpenArticle(target.id))
