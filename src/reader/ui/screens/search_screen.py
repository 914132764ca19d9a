"""`SearchScreen`: search the whole library as you type (`/` in the browse screen).

Results are ranked by the index (bm25, title and author above the body) and
show the title, author, section path and a snippet with the matched words
highlighted. `enter` opens the article at the first match with the in-text
search already set, so `n` goes on to the next one. The index builds in the
background; until it is done, the status line says how far it has got and the
search covers what is indexed.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.library.model import Library
from reader.resources import styles_dir
from reader.search.index import LibraryIndex
from reader.search.query import QuerySyntaxError, parse
from reader.search.results import Hit, hits
from reader.ui.messages import OpenArticle

#: Wait this long after a keystroke before searching (typing fast searches once).
DEBOUNCE = 0.12


class SearchScreen(Screen[None]):
    """Type a query; `enter` on a result posts `OpenArticle` at its first match."""

    CSS_PATH = styles_dir() / "search.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back"),
        Binding("down", "results", "Results", show=False),
        Binding("ctrl+j,ctrl+n", "move(1)", "Next result", show=False),
        Binding("ctrl+k,ctrl+p", "move(-1)", "Previous result", show=False),
    ]
    #: The query syntax, listed by help.
    HELP_NOTES = [
        ("⏎", "read the first result, at its first match"),
        ("", ""),
        ("Queries:", ""),
        ("harbour boats", "articles with every word (case and accents ignored)"),
        ('"a phrase"', "the words together, in this order"),
        ("-word", "articles without the word"),
        ("author:name", "a word of the author; also title:, section:, series:, tags:"),
    ]

    def __init__(self, library: Library, index: LibraryIndex, query: str = "") -> None:
        super().__init__()
        self.library = library
        self.index = index
        self.initial = query
        #: The query last searched: `/` again starts from it (the browse screen asks).
        self.last_query = query
        self._timer: Timer | None = None
        self._hits: list[Hit] = []
        self._terms: list[str] = []
        #: The results (or status) shown were searched before the index was ready.
        self._partial = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial,
            placeholder='words, "a phrase", -word, author:name, title:word, section:word',
            id="library-query",
        )
        yield Label(id="library-status")
        yield OptionList(id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.screen.set_focus(self.query_one(Input))
        self.set_interval(0.5, self._progress)
        self.run_search(self.initial)  # with no query: says how far indexing has got

    def _progress(self) -> None:
        """While the index builds, search again so new articles show up.

        Also once after it is done, or the last partial answer would stay.
        """
        if self._partial:
            self.run_search(self.query_one(Input).value)

    def _indexing(self) -> str:
        if self.index.ready:
            return ""
        return f" · indexing {self.index.done:,}/{self.index.total:,}…"

    def _status(self, text: str, *, error: bool = False) -> None:
        label = self.query_one("#library-status", Label)
        label.update(Text(text))
        label.set_class(error, "-error")

    @on(Input.Changed, "#library-query")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.run_search(event.value))

    def run_search(self, text: str) -> None:
        """Search now and show the results (or why the query cannot be searched)."""
        if self._timer is not None:  # this is the search the timer was waiting for
            self._timer.stop()
            self._timer = None
        results = self.query_one(OptionList)
        self.last_query = text
        self._partial = not self.index.ready
        if not text.strip():
            results.clear_options()
            self._hits = []
            self._status("Type to search the whole library." + self._indexing())
            return
        try:
            query = parse(text)
            found = hits(self.library, self.index, query)
            total = self.index.count(query)
        except QuerySyntaxError as error:
            self._status(str(error), error=True)
            return
        self._hits, self._terms = found, query.terms
        results.clear_options()
        results.add_options([Option(self._describe(hit)) for hit in found])
        if found:
            results.highlighted = 0
        shown = f" (best {len(found)})" if total > len(found) else ""
        count = f"{total:,} article{'s' * (total != 1)}{shown}" if total else "no match"
        self._status(count + self._indexing(), error=not total)

    @staticmethod
    def _describe(hit: Hit) -> Text:
        text = Text(hit.article.title, style="bold")
        if hit.article.author:
            text.append(f" — {hit.article.byline}", style="italic")
        if hit.section:
            text.append("\n" + " › ".join(hit.section), style="dim")
        snippet = Text("\n" + hit.snippet)
        for start, end in hit.spans:
            snippet.stylize("reverse", start + 1, end + 1)
        text.append_text(snippet)
        text.append("\n")  # a blank line between results
        return text

    @on(Input.Submitted, "#library-query")
    def _open_first(self) -> None:
        results = self.query_one(OptionList)
        if self._timer is not None:  # enter before the debounce fired: search first
            self.run_search(self.query_one(Input).value)
        if self._hits:
            self._open(results.highlighted or 0)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def _open(self, number: int) -> None:
        term = self._terms[0] if self._terms else None
        self.post_message(OpenArticle(self._hits[number].article.id, query=term))

    def action_results(self) -> None:
        if self._hits:
            self.query_one(OptionList).focus()

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        results.action_cursor_down() if step > 0 else results.action_cursor_up()
