"""`ArticleView`: the body of an article, with in-text search and followable links.

Screens use only the public methods and messages here (and those it inherits
from `ArticleLines`, the virtualised engine), so the engine can change without
them noticing. Search highlights come from `ArticleMatches`; `tab` and
`shift+tab` focus the links on screen and `enter` (or a click) follows one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.segment import Segment
from textual import events, work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from reader.reading.line_map import LineMap
from reader.reading.matches import TIME_LIMIT, ArticleMatches, match_units
from reader.reading.render import RenderedUnit, highlight, style_cells
from reader.textsearch.matcher import Query, QueryTooSlow
from reader.ui.widgets.article_lines import ArticleLines


class ArticleView(ArticleLines):
    """One article's text: scroll, search, follow links."""

    BINDINGS = [
        Binding("tab", "link(1)", "Next link", show=False, id="read.next_link"),
        Binding("shift+tab", "link(-1)", "Previous link", show=False, id="read.previous_link"),
        Binding("enter", "open_link", "Open link", show=False, id="read.open_link"),
    ]

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
    class LinkFocused(Message):
        """`tab` moved to a link (its target), or away from all links (None)."""

        view: ArticleView
        url: str | None

    @dataclass
    class LinkSelected(Message):
        """The reader asked to follow a link (`enter` on it, or a click)."""

        view: ArticleView
        url: str

    @dataclass
    class SearchChanged(Message):
        """Matches were found or the current match moved; `complete` once all is rendered."""

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
        self._link: tuple[int, int] | None = None
        #: A search set before the text was laid out: go to its first match once known.
        self._go_to_first = False

    def show(self, markdown: str, offset: int = 0) -> None:
        self._query = None
        self._go_to_first = False
        super().show(markdown, offset)

    # -- engine hooks -----------------------------------------------------------

    def _new_layout(self, layout: LineMap) -> None:
        self._link = None
        if self._search is None:
            self._search = ArticleMatches(layout)
        if self._query is not None and self._search.current is not None:
            # A new layout forgets the current match: find it again from the top line
            # (the first layout after mount can come twice, the second at the start).
            self._go_to_first = True
        self._search.relayout(layout)
        self._search.set_query(self._query)
        if self._query is not None:
            self._post_search()

    def _unit_rendered(self, index: int) -> None:
        if self._search is not None:
            self._search.add_unit(index)

    def _units_arrived(self) -> None:
        if self._query is None:
            return
        if self._go_to_first and self._search is not None:
            self._seek_first()
        else:
            self._post_search()

    def _decorate(self, index: int, line: int, segments: list[Segment]) -> list[Segment]:
        unit = self._layout.rendered[index] if self._layout is not None else None
        if unit is None:
            return segments
        if self._search is not None and self._query is not None:
            spans = self._search.spans(index, line)
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
        """Highlight every match of `query` and go to the first one from here."""
        self._query = query
        self._go_to_first = query is not None
        self.workers.cancel_group(self, "regex")
        if self._search is None:
            return  # no layout yet: `_units_arrived` goes to the first match
        if query is not None and query.regex and self._layout is not None:
            # A regular expression may backtrack: match it in a worker thread (the
            # `regex` package lets go of the GIL), so keys are answered meanwhile.
            self._search.set_query(None)
            units = [(i, u) for i, u in enumerate(self._layout.rendered) if u is not None]
            self._match_regex(query, self._layout, units)
            self.post_message(self.SearchChanged(self, 0, None, False))
            return
        self._search.set_query(query)
        self._seek_first()

    @work(thread=True, exclusive=True, group="regex")
    def _match_regex(
        self, query: Query, layout: LineMap, units: list[tuple[int, RenderedUnit]]
    ) -> None:
        worker = get_current_worker()
        started = time.monotonic()
        try:
            found = match_units(query, units, started + TIME_LIMIT, lambda: worker.is_cancelled)
        except QueryTooSlow:
            found = None
        if not worker.is_cancelled:
            spent = time.monotonic() - started
            self.app.call_from_thread(self._regex_matched, query, layout, found, spent)

    def _regex_matched(
        self,
        query: Query,
        layout: LineMap,
        found: dict[int, list[tuple[int, int]]] | None,
        spent: float,
    ) -> None:
        if query is not self._query or layout is not self._layout or self._search is None:
            return  # another search (or layout) since
        if found is None:
            self._search.give_up(query)
            self._post_search()
        else:
            self._search.install(query, found, spent)
            self._seek_first()

    def _seek_first(self) -> None:
        """Go to the first match from the reading position, once it is known.

        Until the text below is rendered, a match there may still be unknown: wait
        for it (`_units_arrived` calls again) rather than wrap to one above.
        """
        search = self._search
        assert search is not None
        top = round(self.scroll_y)
        first = search.first_from(top)
        found = first is not None and search.line_of(search.match(first)) >= top
        if found or self.rendered_complete:
            self._go_to_first = False
            self._go_to_current(first)
        else:
            self._post_search()

    def next_match(self, step: int = 1) -> bool:
        """Go to the next (`step` 1) or previous (-1) match; True if the search wrapped."""
        self._go_to_first = False
        search = self._search
        if search is None or not search.count:
            return False
        count = search.count
        if search.current is None:
            first = search.first_from(round(self.scroll_y)) or 0
            target = first if step > 0 else first - 1
        else:
            target = search.current + step
        self._go_to_current(target % count)
        return not 0 <= target < count

    def _go_to_current(self, index: int | None) -> None:
        assert self._search is not None
        self._search.current = index
        if index is not None:
            line = self._search.line_of(self._search.match(index))
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
        search = self._search
        self.post_message(
            self.SearchChanged(
                self, search.count, search.current, self.rendered_complete, search.too_slow
            )
        )

    # -- links ----------------------------------------------------------------

    def _links(self) -> list[tuple[int, int, int]]:
        """(article line, unit, index) of every link rendered so far, in order."""
        layout = self._layout
        if layout is None:
            return []
        found = []
        for index, unit in enumerate(layout.rendered):
            if unit is not None:
                top = layout.tops[index]
                found += [(top + link.line, index, n) for n, link in enumerate(unit.links)]
        return found

    def action_link(self, step: int) -> None:
        """Focus the next (or previous) link, from the current one or the screen's top."""
        links = self._links()
        if not links:
            self.notify("No links here.")
            return
        keys = [(unit, number) for _, unit, number in links]
        if self._link in keys:
            target = (keys.index(self._link) + step) % len(links)
        else:
            top = round(self.scroll_y)
            below = [n for n, (line, _, _) in enumerate(links) if line >= top]
            target = below[0] if below and step > 0 else (below[0] - 1 if below else -1)
            target %= len(links)
        line, unit, number = links[target]
        self._link = (unit, number)
        height = self.scrollable_content_region.height
        if not self.scroll_y <= line < self.scroll_y + height:
            self._set_top(max(0, line - height // 3))
        self.refresh()
        self.post_message(self.LinkFocused(self, self._link_url()))

    def _link_url(self) -> str | None:
        if self._link is None or self._layout is None:
            return None
        unit = self._layout.rendered[self._link[0]]
        return unit.links[self._link[1]].url if unit is not None else None

    def action_open_link(self) -> None:
        url = self._link_url()
        if url is not None:
            self.post_message(self.LinkSelected(self, url))

    def on_click(self, event: events.Click) -> None:
        if event.style.link:
            self.post_message(self.LinkSelected(self, event.style.link))
