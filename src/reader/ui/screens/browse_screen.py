"""`BrowseScreen`: the first screen, a tree of the library beside a preview.

It owns nothing but the view: the library and the store come from the app. The
tree shows each article's reading state from the store, and starts on the
article read last, so `enter` continues reading.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Tree
from textual.worker import get_current_worker

from reader.library.contents import article_facts, contents_page, long_body
from reader.library.files import shown_path
from reader.library.model import Article, Library, Section
from reader.resources import styles_dir
from reader.search.index import LibraryIndex
from reader.state.store import Store
from reader.ui.memory import give_back_memory
from reader.ui.messages import OpenArticle
from reader.ui.screens.bookmarks_screen import BookmarksScreen
from reader.ui.screens.search_screen import SearchScreen
from reader.ui.widgets.key_bar import KeyBar
from reader.ui.widgets.library_tree import LibraryTree, Node, ReadState, reading_marks
from reader.ui.widgets.preview import Preview


class BrowseScreen(Screen[None]):
    """Pick an article: move through the tree, read the preview, press enter."""

    CSS_PATH = styles_dir() / "browse.tcss"
    BINDINGS = [
        Binding("q", "app.quit", "Quit", id="browse.quit"),
        # Priority, so the keys typed right after `/` reach the search field.
        Binding("slash", "search", "Search", priority=True, id="browse.search"),
        Binding("B", "bookmarks", "Bookmarks", id="browse.bookmarks"),
    ]

    def __init__(
        self,
        library: Library,
        store: Store,
        index: LibraryIndex,
    ) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.index = index
        #: Per article id: its word count and first paragraph (read once).
        self._facts: dict[str, tuple[int, str]] = {}
        self._search: SearchScreen | None = None
        #: True once the screen is on the terminal whole (`after_painted`).
        self.painted = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browse"):
            yield LibraryTree(self.library, id="tree")
            yield Preview(id="preview")
        yield KeyBar()

    def on_mount(self) -> None:
        tree = self.query_one(LibraryTree)
        tree.cursor_line = 0
        tree.focus()
        self._show_states()
        self._select_last_read()

    def _select_last_read(self) -> None:
        """The cursor on the article read last; in an outline, on its top section."""
        last = self.store.last_read(self.library.path)
        if last is None:
            return
        item: Node | None = self.library.articles.get(last)
        top = self.library.sections.get(last.partition("/")[0])
        if item is None and top is not None and top.estimated is not None:
            item = top  # its articles come with the full load
        if item is not None:
            self.query_one(LibraryTree).select_item(item)

    def after_painted(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the screen is on the terminal whole (the key bar draws
        its keys in the same frame as the tree)."""

        def painted() -> None:
            self.painted = True
            self.call_after_refresh(callback)

        self.call_after_refresh(painted)

    def library_loaded(self) -> None:
        """The full library replaced its outline (see `ReaderApp`): show it all."""
        tree = self.query_one(LibraryTree)
        self._facts.clear()
        tree.reload()
        self._show_states()
        self._show_preview(tree.current)  # the same line keeps no highlight event
        self._select_last_read()  # input waits for the load: the cursor has not moved

    def _show_states(self) -> None:
        positions = self.store.positions(self.library.path)
        states = {key: ReadState(p.percent, p.finished) for key, p in positions.items()}
        self.query_one(LibraryTree).set_states(states)

    @on(Tree.NodeHighlighted)
    def _preview(self, event: Tree.NodeHighlighted[Node]) -> None:
        self._show_preview(event.node.data)

    def _show_preview(self, item: Node | None) -> None:
        preview = self.query_one(Preview)
        if isinstance(item, Article):
            words, first = self._article_facts(item)
            preview.show_article(item, words, first)
        elif isinstance(item, Section) and item.index is not None:
            introduction = self._read(item.index) or ""
            generated = item.index.generated_body is not None
            if item.estimated is not None:  # an outline: its contents come with the full load
                introduction = "" if generated else introduction
            elif generated or not introduction.strip():
                marks = reading_marks(self.store, self.library.path)
                introduction = contents_page(self.library, item, marks, links=False)
            preview.show_section(item, introduction)

    def _read(self, article: Article) -> str | None:
        try:
            return self.library.read_body(article)
        except OSError as error:
            self._unreadable(article, error)
            return None

    def _unreadable(self, article: Article, error: OSError) -> None:
        self.notify(
            f"Cannot read {shown_path(article.path)}: {error.strerror}",
            severity="error",
            markup=False,
        )

    def _article_facts(self, article: Article) -> tuple[int | None, str]:
        """Its word count, and its first paragraph when it has no summary; for a
        long file, (None, "") while a thread counts it (`_count_apart`): moving
        the cursor over a 20 MB book never waits for its count."""
        facts = self._facts.get(article.id)
        if facts is not None:
            return facts
        if long_body(article):
            self._count_apart(article)
            return None, ""
        try:
            facts = article_facts(self.library, article)
        except OSError as error:
            self._unreadable(article, error)
            facts = (0, "")
        self._facts[article.id] = facts
        return facts

    @work(thread=True, exclusive=True, group="facts", exit_on_error=False)
    def _count_apart(self, article: Article) -> None:
        if get_current_worker().is_cancelled:
            return  # the cursor moved on before this thread started
        try:
            facts, error = article_facts(self.library, article), None
        except OSError as failure:
            facts, error = (0, ""), failure
        give_back_memory()  # the book's bytes, freed in this thread's own heap
        self.app.call_from_thread(self._counted, article, facts, error)

    def _counted(self, article: Article, facts: tuple[int, str], error: OSError | None) -> None:
        self._facts[article.id] = facts
        if error is not None:
            self._unreadable(article, error)
        if self.query_one(LibraryTree).current is article:
            self._show_preview(article)

    @on(LibraryTree.OpenRequested)
    def _open_requested(self, event: LibraryTree.OpenRequested) -> None:
        self._open(event.item)

    @on(Tree.NodeSelected)
    def _clicked(self, event: Tree.NodeSelected[Node]) -> None:
        """A click on the highlighted node: open an article, fold a section."""
        if isinstance(event.node.data, Article):
            self._open(event.node.data)
        else:
            event.node.toggle()

    def _open(self, item: Node) -> None:
        """Read `item` (a section: its introduction), where it was left."""
        self.post_message(OpenArticle(item.id))

    def action_search(self) -> None:
        """The library search, with the query searched last (selected: typing replaces it)."""
        last = self._search.last_query if self._search is not None else ""
        self._search = SearchScreen(self.library, self.index, last)
        self.app.push_screen(self._search)

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(self.library, self.store))

    def returned(self, article: Article | None) -> None:
        """Back from reading: show the new reading states, cursor on what was read last."""
        self._show_states()
        if article is not None:
            target: Node = article.section if article.section is not None else article
            self.query_one(LibraryTree).select_item(target)
