"""`SearchingScreen`: the in-text search round trip of the reading screen.

`ReadScreen` derives from it. `/` opens the `SearchBar`; every change of the
query searches the `ArticleView`, which answers with `SearchChanged`: the bar
shows the counter (or why the query cannot be searched), and the status line
keeps `[2/25]` while the matches are kept. `Esc` in the bar goes back to where
reading was; `n`/`N` move between the matches.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.timer import Timer
from textual.widgets import Label

from reader.textsearch.matcher import Query, QueryError
from reader.ui.screens.read_highlights import HighlightingScreen
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.search_bar import SearchBar

#: Seconds after the last change of the query before it is searched.
SEARCH_DELAY = 0.01


class SearchingScreen(HighlightingScreen):
    """Search in the article being read."""

    _offset_before_search = 0
    _search_timer: Timer | None = None

    def action_back(self) -> None:
        """Leave the article (the reading screen says how)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` typed in the open bar is part of the query, not a new search;
        # `enter` keeps the matches only while the bar is open (else it opens a link).
        if action == "keep_search":
            return self.query_one(SearchBar).is_open
        return not (action == "search" and self.query_one(SearchBar).is_open)

    def action_keep_search(self) -> None:
        self._flush_typed(run=True)
        self.query_one(SearchBar).submit()
        self._submitted()

    def action_search(self) -> None:
        self._offset_before_search = self.view.source_offset
        self.view.document.want_fold()  # the word typed next is counted on the fold
        self.query_one(SearchBar).open()

    @on(SearchBar.Changed)
    def _query_changed(self, event: SearchBar.Changed) -> None:
        # Keys typed at once (a paste, a fast typist) search only for the last of them:
        # counting each prefix in a 20 MB book would hold the total back. So the
        # search runs a moment after the last change, once.
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(
            SEARCH_DELAY, partial(self._run_typed, event.text, event.regex)
        )

    def _run_typed(self, text: str, regex: bool) -> None:
        self._search_timer = None
        if text == self.query_one(SearchBar).value:
            self.run_query(text, regex=regex)

    def _flush_typed(self, *, run: bool) -> None:
        """The query typed last, not searched yet: search it now (`run`) or drop it."""
        timer, self._search_timer = self._search_timer, None
        if timer is not None:
            timer.stop()
            if run:
                bar = self.query_one(SearchBar)
                self.run_query(bar.value, regex=bar.regex)

    def run_query(self, text: str, *, regex: bool) -> None:
        """Search the article for `text` and show the counter (or the error)."""
        bar = self.query_one(SearchBar)
        if not text.strip():
            self.view.search(None)
            bar.set_counter("")
            return
        try:
            query = Query.parse(text, regex=regex)
        except QueryError as error:
            bar.set_counter(str(error), error=True)
            return
        self.view.search(query)

    @on(ArticleView.SearchChanged)
    def _search_changed(self, event: ArticleView.SearchChanged) -> None:
        self._show_search_status(event)
        if not self.view.searching:
            return
        if event.too_slow:
            self.query_one(SearchBar).set_counter("pattern too slow: simplify it", error=True)
            return
        if not event.complete:
            text = "counting…"  # in a worker: a regular expression, or a book just opened
        elif event.count == 0:
            text = "no match"
        elif event.current is None:
            text = f"{event.count} matches"
        else:
            text = f"{event.current + 1}/{event.count}"
        self.query_one(SearchBar).set_counter(text, error=event.count == 0 and event.complete)

    def _show_search_status(self, event: ArticleView.SearchChanged) -> None:
        """`[2/25]` in the status line while matches are kept, as vim shows it."""
        shown = ""
        if self.view.searching and event.count:
            current = "-" if event.current is None else str(event.current + 1)
            shown = f" [{current}/{event.count}] "  # spaced here: empty, it takes no room
        label = self.query_one("#status-search", Label)
        if str(label.content) != shown:  # a new width means a layout pass: only on a change
            label.update(shown)

    @on(SearchBar.Submitted)
    def _submitted(self) -> None:
        self._flush_typed(run=True)
        self.query_one(SearchBar).close()
        self.set_focus(self.view)  # now, not deferred as `focus()` is

    @on(SearchBar.Cancelled)
    def _cancelled(self) -> None:
        self._flush_typed(run=False)
        self.query_one(SearchBar).close()
        self.view.search(None)
        self.view.go_to_offset(self._offset_before_search)
        self.view.focus()

    def action_next_match(self, step: int) -> None:
        if not self.view.searching:
            self.notify("No search: press / to search.")
            return
        wrapped = self.view.next_match(step)
        if wrapped:
            self.notify("Search wrapped to the " + ("top." if step > 0 else "bottom."))

    def action_escape(self) -> None:
        if self.view.searching:
            self.view.search(None)
        else:
            self.action_back()
