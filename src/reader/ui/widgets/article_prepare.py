"""`ArticlePrepared`: the article view's background preparation, bounded in time and memory.

A 20 MB book would take minutes of CPU and half a gigabyte to render whole, and
nothing needs it whole: search and jumps work on the source. So the worker
prepares only `PREPARE_REACH` characters either side of the view (again when
the view moves far), pauses while keys arrive, and lines further than
`KEEP_REACH` from the view are dropped (their heights stay; they are rendered
again if the reader comes back). Farther units keep an estimated height.

Another worker folds the source for search (`Document.folded`) as soon as the
article is shown, so the `i/N` total of a search typed right after opening a
long book is known within a fraction of a second, whatever is rendered.
"""

from __future__ import annotations

import time

from textual import work
from textual.worker import get_current_worker

from reader.reading.document import Document
from reader.reading.fold_apart import FoldApart
from reader.reading.line_map import LineMap
from reader.reading.render import RenderedUnit, render_unit, warm_up
from reader.ui.memory import give_back_memory
from reader.ui.widgets.article_lines import ArticleLines

#: Source characters either side of the view the worker renders ahead.
PREPARE_REACH = 150_000
#: Rendered lines further than this from the view are dropped (memory stays bounded).
KEEP_REACH = 250_000
#: The worker waits until no key has moved the view for this long (seconds).
QUIET = 0.25
#: Articles up to this many characters are folded for search at once, not in a worker.
FOLD_AT_ONCE = 200_000
#: Seconds after a key before the worker renders again (the screen is painted meanwhile).
PAINT = 0.04
#: Seconds after a key before the fold goes on (a page-down is handled and painted
#: meanwhile; a search typed since still gets its total soon).
FOLD_PAUSE = 0.02
#: Screens below the view the worker renders even while keys come.
NEAR_SCREENS = 3
#: Units the worker hands over at a time.
BATCH = 8


class ArticlePrepared(ArticleLines):
    """`ArticleLines` with a worker that renders around the view."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: When the view last moved (the worker waits for quiet) and around which unit
        #: it last prepared.
        self._moved_at = 0.0
        self._prepared_around = 0
        #: The layout `_prepared_around` is a unit of (a new article or width has others).
        self._prepared_for: LineMap | None = None
        self._prepared = False
        #: The fold of the article shown, under way in a child process (long ones).
        self._apart: FoldApart | None = None

    def show(self, markdown: str, offset: int = 0, apart: FoldApart | None = None) -> None:
        """Show `markdown`; `apart` is its fold under way in a child process, if any."""
        if self._apart is not None:
            self._apart.close()  # the last article's, not needed any more
        self._apart = apart
        super().show(markdown, offset)
        if len(markdown) <= FOLD_AT_ONCE:
            self.document.folded(True)  # a millisecond: a search right away is counted now
        else:  # once the first screen is painted: it would share the interpreter lock
            self.call_after_refresh(self._fold_if_shown, self.document, apart)

    def _fold_if_shown(self, document: Document, apart: FoldApart | None) -> None:
        if document is self.document:
            self._fold_source(document, apart)

    def on_unmount(self) -> None:
        if self._apart is not None:
            self._apart.close()

    # A description: by default Textual describes a worker with the repr of its
    # arguments, and the repr of a 20 MB document took half a second.
    @work(thread=True, exclusive=True, group="fold", description="fold the source")
    def _fold_source(self, document: Document, apart: FoldApart | None) -> None:
        """Fold the source for search, off the UI thread (the map back to the source
        is built a piece at a time, as matches are gone to): take the child process's
        fold, or fold here, pausing while a key is handled and painted."""
        document.fold_in_background(lambda: not self._quiet(FOLD_PAUSE), apart=apart)

    @property
    def prepared(self) -> bool:
        """True once the worker has rendered everything it will around the view."""
        return self._prepared

    def _prepare_around(self, index: int) -> None:
        """(Re)start the worker around unit `index`, dropping lines far from it."""
        layout = self._layout
        assert layout is not None
        self._prepared_around = index
        self._prepared_for = layout
        self._prepared = False
        layout.drop_far(index, KEEP_REACH)
        self._render_rest(layout, index)

    def _follow_view(self) -> None:
        """The view moved: note when (the worker waits), and prepare around it if far."""
        self._moved_at = time.monotonic()
        layout = self._layout
        if layout is None:
            return
        index, _ = layout.locate(round(self.scroll_y))
        if self._prepared_for is not layout:
            return  # a new layout: `_relayout` starts its worker around the view
        units = layout.document.units
        if abs(units[index].start - units[self._prepared_around].start) > PREPARE_REACH // 2:
            self._prepare_around(index)

    def _quiet(self, quiet: float = QUIET) -> bool:
        """True once no key has come and the view has not moved for `quiet` seconds."""
        last = max(self._moved_at, getattr(self.app, "input_at", 0.0))
        return time.monotonic() - last >= quiet

    def _next_near(self, layout: LineMap, pending: set[int]) -> int | None:
        """A unit of the next screens (two below, one above) still to render: the
        next page-down needs it, so it is rendered even while keys come."""
        top = round(self.scroll_y)
        height = max(1, self.scrollable_content_region.height)
        first, _ = layout.locate(max(0, top - height))
        last, _ = layout.locate(top + NEAR_SCREENS * height)
        for index in range(first, last + 1):
            if index in pending and layout.rendered[index] is None:
                return index
        return None

    @work(thread=True, exclusive=True, group="render", description="render around the view")
    def _render_rest(self, layout: LineMap, start: int) -> None:
        """Render the units near `start` in a worker thread, nearest first.

        While keys come, only the units of the next screens are rendered (so a
        page-down finds its text ready); the rest waits for a pause."""
        worker = get_current_worker()
        batch: list[tuple[int, RenderedUnit]] = []
        warm_up(layout.style)
        order = layout.order_from(start, PREPARE_REACH)
        pending = set(order)
        order.reverse()  # popped from the end: nearest first
        while order and not worker.is_cancelled and layout is self._layout:
            # Not while the UI thread paints what a key asked for: near units a moment
            # after it, far ones after a pause.
            index = self._next_near(layout, pending) if self._quiet(PAINT) else None
            if index is None and not (self._quiet() and layout.document.folded_ready()):
                # Far units wait for a pause in the keys, and for the fold: a search
                # needs it, and it gets the interpreter lock less while we render.
                time.sleep(PAINT / 2)
                continue
            if index is None:
                index = order.pop()
                if index not in pending or layout.rendered[index] is not None:
                    continue  # rendered already (near the view, or on screen)
            pending.discard(index)
            text = layout.document.text(layout.document.units[index])
            batch.append((index, render_unit(text, layout.style, leading_blank=index > 0)))
            time.sleep(0)  # let the UI thread have the GIL between units
            if len(batch) >= BATCH or not self._quiet():  # wanted now: hand it over now
                self.app.call_from_thread(self._accept, layout, batch)
                batch = []
        if not worker.is_cancelled and layout is self._layout:
            self.app.call_from_thread(self._accept, layout, batch, last=True)
            give_back_memory()  # what rendering, and folding the source, freed

    def _accept(
        self, layout: LineMap, batch: list[tuple[int, RenderedUnit]], last: bool = False
    ) -> None:
        """Take units rendered by the worker without moving the text on screen."""
        if layout is not self._layout:
            return
        self._prepared = last
        top = round(self.scroll_y)
        first_visible, _ = layout.locate(top)
        last_visible, _ = layout.locate(top + self.scrollable_content_region.height)
        shift, seen = 0, False
        for index, unit in batch:
            delta = layout.accept(index, unit)
            if index < first_visible:
                shift += delta
            seen = seen or first_visible <= index <= last_visible
            self._unit_rendered(index)
        self._resize_virtual()
        if shift:
            self._set_top(top + shift)
        elif seen:
            self.refresh()  # units off screen change nothing on it (but the scrollbar)
        self._units_arrived()
