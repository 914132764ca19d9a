"""`SearchScreen`: search the whole library as you type (`/` in the browse screen).

Results are ranked by the index (bm25, title and author above the body) and
show the title, author, section path and a snippet with the matched words
highlighted. `enter` opens the article at the first match with the in-text
search already set, so `n` goes on to the next one. The index builds in the
background; until it is done, the status line says how far it has got and the
search covers what is indexed.

Searching runs in an exclusive thread worker: a keystroke cancels the search
still waiting for the previous one, and a slow query never holds the keys.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.library.model import Library
from reader.resources import styles_dir
from reader.search.index import LibraryIndex
from reader.search.query import QuerySyntaxError, parse
from reader.search.results import Hit, hits
from reader.ui.messages import OpenArticle
from reader.ui.widgets.key_bar import KeyBar

#: Wait this long after a keystroke before searching (typing fast searches once).
DEBOUNCE = 0.12


@dataclass
class Answer:
    """What one search found: the results to show, or why it could not search."""

    text: str
    hits: list[Hit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    total: int = 0
    error: str = ""
    #: Searched before the index was complete: search again when it is.
    partial: bool = False


class SearchScreen(Screen[None]):
    """Type a query; `enter` on a result posts `OpenArticle` at its first match."""

    CSS_PATH = styles_dir() / "search.tcss"
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back", id="search.back"),
        Binding("down", "results", "Results", show=False, id="search.results"),
        Binding("ctrl+j,ctrl+n", "move(1)", "Next result", show=False, id="search.next_result"),
        Binding(
            "ctrl+k,ctrl+p",
            "move(-1)",
            "Previous result",
            show=False,
            id="search.previous_result",
        ),
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
        #: The answer on screen (its `text` is the query the results are for).
        self.answer = Answer("")
        #: The query last typed: `/` again starts from it (the browse screen asks).
        self.last_query = query

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial,
            placeholder='words, "a phrase", -word, author:name, title:word, section:word',
            id="library-query",
        )
        yield Label(id="library-status")
        yield OptionList(id="results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.screen.set_focus(self.query_one(Input))
        self.set_interval(0.5, self._progress)
        self._show(self.search(self.initial))  # with no query: says how far indexing has got

    def _progress(self) -> None:
        """While the index builds, search again so new articles show up.

        Also once after it is done, or the last partial answer would stay.
        """
        if self.answer.partial:
            self._search_later(self.query_one(Input).value, 0.0)

    def _indexing(self) -> str:
        if self.index.ready:
            return ""
        return f" · indexing {self.index.done:,}/{self.index.total:,}…"

    @on(Input.Changed, "#library-query")
    def _typed(self, event: Input.Changed) -> None:
        self.last_query = event.value
        self._search_later(event.value, DEBOUNCE)

    @work(thread=True, exclusive=True, group="library-search")
    def _search_later(self, text: str, wait: float) -> None:
        """Search after `wait` seconds unless a newer keystroke cancelled this worker."""
        worker = get_current_worker()
        threading.Event().wait(wait)  # typing fast searches once: the last query
        if worker.is_cancelled:
            return
        answer = self.search(text)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, answer)

    def search(self, text: str) -> Answer:
        """Search the index for `text` (any thread; shows nothing)."""
        partial = not self.index.ready
        if not text.strip():
            return Answer(text, partial=partial)
        try:
            query = parse(text)
            found = hits(self.library, self.index, query)
            total = self.index.count(query)
        except QuerySyntaxError as error:
            return Answer(text, error=str(error), partial=partial)
        return Answer(text, found, query.terms, total, partial=partial)

    def _show(self, answer: Answer) -> None:
        """Show `answer`: the results, or the reason the query cannot be searched."""
        try:
            typed = self.query_one(Input).value
            label = self.query_one("#library-status", Label)
            results = self.query_one(OptionList)
        except NoMatches:
            return  # the screen was closed (Esc) as the answer came: it crashed the app
        if answer.text != typed:
            return  # typed on since: the worker for the new text will answer
        if answer.error:
            self.answer = replace(self.answer, text=answer.text, partial=answer.partial)
            label.update(Text(answer.error))
            label.set_class(True, "-error")
            return
        self.answer = answer
        results.clear_options()
        results.add_options([Option(self._describe(hit)) for hit in answer.hits])
        if answer.hits:
            results.highlighted = 0
        # While the index builds (a large first build is searchable only once
        # done), what is not found yet may still be: said so, not as an error.
        building = self._indexing()
        if not answer.text.strip():
            status = "Type to search the whole library."
        elif answer.total:
            shown = f" (best {len(answer.hits)})" if answer.total > len(answer.hits) else ""
            so_far = " so far" if building else ""
            status = f"{answer.total:,} article{'s' * (answer.total != 1)}{shown}{so_far}"
        else:
            status = "no match yet" if building else "no match"
        label.update(Text(status + building))
        missed = bool(answer.text.strip()) and not answer.total and not building
        label.set_class(missed, "-error")

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
        text = self.query_one(Input).value
        if self.answer.text != text:  # enter before the worker answered: search now
            self._show(self.search(text))
        if self.answer.hits:
            self._open(self.query_one(OptionList).highlighted or 0)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def _open(self, number: int) -> None:
        terms = self.answer.terms
        self.post_message(
            OpenArticle(self.answer.hits[number].article.id, query=terms[0] if terms else None)
        )

    def action_results(self) -> None:
        if self.answer.hits:
            self.query_one(OptionList).focus()

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        results.action_cursor_down() if step > 0 else results.action_cursor_up()
