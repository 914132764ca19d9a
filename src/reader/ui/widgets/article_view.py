"""`ArticleView`: the body of an article, with in-text search and followable links.

Screens use only the public methods and messages here (and those it inherits
from `ArticleKeys` and `ArticleLines`, the virtualised engine), so the engine can change without
them noticing. Search highlights come from `ArticleMatches`; `tab` and
`shift+tab` focus the links on screen and `enter` (or a click) follows one.

A regular expression may backtrack for minutes: it is counted in a worker
thread (the `regex` package lets go of the GIL, so keys are answered
meanwhile), every step has a deadline, and a pattern past it is given up with
"pattern too slow" rather than freezing the reader. A word typed before the
source is folded (a long book just opened) is counted in that worker too, so
the keys are never held up by the fold.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from reader.reading.fold_apart import FoldApart
from reader.reading.line_map import LineMap
from reader.reading.matches import ArticleMatches
from reader.reading.render import highlight, style_cells
from reader.reading.source_matches import deadline
from reader.textsearch.matcher import Query, QueryTooSlow
from reader.ui.widgets.article_links import ArticleLinks


class ArticleView(ArticleLinks):
    """One article's text: scroll, search, follow links."""

    COMPONENT_CLASSES = {
        "article-view--match",
        "article-view--current-match",
        "article-view--link-focus",
    }

    DEFAULT_CSS = """
    ArticleView {
        & > .article-view--match { background: $warning 35%; }
        & > .article-view--current-match { background: $accent; color: $background; }
        & > .article-view--link-focus { background: $primary; color: $text; }
    }
    """

    @dataclass
    class SearchChanged(Message):
        """Matches were found or the current match moved (`complete` is False while
        they are being counted in a worker)."""

        view: ArticleView
        count: int
        current: int | None
        complete: bool
        #: The regular expression was given up: it took too long.
        too_slow: bool = False

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._search: ArticleMatches | None = None
        self._query: Query | None = None
        #: A search set before the text was laid out: go to its first match once known.
        self._go_to_first = False

    def show(self, markdown: str, offset: int = 0, apart: FoldApart | None = None) -> None:
        self._query = None
        self._go_to_first = False
        self.workers.cancel_group(self, "count")
        if self._search is not None:
            self._search.set_query(None)
        super().show(markdown, offset, apart)

    # -- engine hooks -----------------------------------------------------------

    def _new_layout(self, layout: LineMap) -> None:
        self._link = None
        if self._search is None:
            self._search = ArticleMatches(layout)
            query = self._query
            if query is not None and self._counted_later(query):
                self._count_later(query)  # `_counted` goes to the first match
            else:
                self._search.set_query(query)
        else:  # the numbering (source) stays; the highlights are redone
            self._search.relayout(layout)

    def _relayout(self, offset: int | None = None, *, force: bool = False) -> None:
        super()._relayout(offset, force=force)
        if self._go_to_first and self._layout is not None:
            self._seek_first()  # a search set before the text was laid out

    def _unit_rendered(self, index: int) -> None:
        if self._search is not None:
            self._search.add_unit(index)

    def _decorate(self, index: int, line: int, segments: list[Segment]) -> list[Segment]:
        unit = self._layout.rendered[index] if self._layout is not None else None
        if unit is None:
            return segments
        if self._search is not None and self._query is not None:
            try:
                spans = self._search.spans(index, line)
            except QueryTooSlow:
                spans = []
                self.call_later(self._give_up)
            if spans:
                segments = highlight(
                    segments,
                    unit.texts[line],
                    spans,
                    self.get_component_rich_style("article-view--match"),
                    self.get_component_rich_style("article-view--current-match"),
                )
        if self._link is not None and self._link[0] == index:
            link = unit.links[self._link[1]]
            if link.line == line:
                focus = self.get_component_rich_style("article-view--link-focus")
                segments = style_cells(segments, link.start, link.end, focus)
        return segments

    # -- search -------------------------------------------------------------

    @property
    def searching(self) -> bool:
        """True while a query's matches are highlighted (the one place that knows)."""
        return self._query is not None

    def search(self, query: Query | None) -> None:
        """Highlight every match of `query` and go to the first one from here.

        Counted and found on the source text at once, whatever is rendered yet.
        """
        self._query = query
        self._go_to_first = query is not None
        self.workers.cancel_group(self, "count")
        if self._search is None or self._layout is None:
            return  # no layout yet: `_relayout` goes to the first match
        if query is not None and self._counted_later(query):
            self._search.set_query(None)
            self.refresh()
            self.post_message(self.SearchChanged(self, 0, None, False))
            self._count_later(query)
            return
        self._search.set_query(query)
        if query is None:
            self.refresh()
            self._post_search()
        else:
            self._seek_first()

    def _counted_later(self, query: Query) -> bool:
        """A regular expression, any query while the source is still being folded, and
        a word that needs the letters inside expansions (`ß` -> `ss`) not yet found."""
        document = self.document
        if query.regex or not document.folded_ready(query.casefold):
            return True
        folded = document.folded(query.casefold)
        return (
            query.literal is not None and not folded.inner_ready and folded.may_split(query.literal)
        )

    @work(thread=True, exclusive=True, group="count", description="count the matches")
    def _count_later(self, query: Query) -> None:
        """Count a query's matches in the source, off the UI thread."""
        worker = get_current_worker()
        try:
            count: int | None = query.count(self.document.folded(query.casefold), deadline(query))
        except QueryTooSlow:
            count = None
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted, query, count)

    def _counted(self, query: Query, count: int | None) -> None:
        if query is not self._query or self._search is None:
            return  # another search (or none) since
        if count is None:
            self._give_up()
            return
        self._search.set_query(query, count)
        self._seek_first()

    def _give_up(self) -> None:
        """The pattern was too slow: no matches shown, and the screen says why."""
        if self._search is not None:
            self._search.set_query(None)
        self._go_to_first = False
        self.refresh()
        self.post_message(self.SearchChanged(self, 0, None, True, too_slow=True))

    def _seek_first(self) -> None:
        """Go to the first match shown at or after the top line (wrapping round)."""
        search = self._search
        assert search is not None
        self._go_to_first = False
        if self._query is not None and search.query is None:
            return  # still being counted: `_counted` goes to the first match
        try:
            search.go_from_line(round(self.scroll_y), 1)
        except QueryTooSlow:
            self._give_up()
            return
        self._go_to_current()

    def next_match(self, step: int = 1) -> bool:
        """Go to the next (`step` 1) or previous (-1) match; True if the search wrapped.

        From the current match while it is on screen; otherwise from the top of the
        screen, as in less: after paging away, `n` finds the first match below the
        top line and `N` the last one above it.
        """
        self._go_to_first = False
        search = self._search
        if search is None or not search.count:
            return False
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        try:
            line = search.line_of_current()
            if line is not None and top <= line < top + height:
                wrapped = search.step(step)
            else:
                wrapped = search.go_from_line(top, step)
        except QueryTooSlow:
            self._give_up()
            return False
        self._go_to_current()
        return wrapped

    def _go_to_current(self) -> None:
        assert self._search is not None
        try:
            line = self._search.line_of_current()
        except QueryTooSlow:
            self._give_up()
            return
        if line is not None:
            height = self.scrollable_content_region.height
            if not self.scroll_y <= line < self.scroll_y + height:
                self._set_top(max(0, line - height // 3))
                self._ensure_visible()
        self.refresh()
        self._post_search()

    def _post_search(self) -> None:
        if self._search is None or self._query is None:
            self.post_message(self.SearchChanged(self, 0, None, True))
            return
        self.post_message(self.SearchChanged(self, self._search.count, self._search.current, True))
