"""`NotesView`: the article view with highlights drawn in the text, and a selection.

The keys and the mouse that make a selection are `SelectableView`'s; this
class draws. Highlights and the selection are source offsets; they are drawn on rendered
lines through `reading.selection.align`, worked out only for the units that
hold one. The status line hint (`StatusHint`) says how many words are selected,
or shows the note of the first highlight on screen.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.message import Message

from reader.reading.fold_apart import FoldApart
from reader.reading.line_map import LineMap
from reader.reading.render import style_cells
from reader.reading.selection import Selection, align, rendered_index
from reader.state.highlights import Highlight
from reader.ui.widgets.article_view import ArticleView


class NotesView(ArticleView):
    """An article with its highlights, and a passage being selected."""

    COMPONENT_CLASSES = {"notes-view--selection", "notes-view--highlight"}

    DEFAULT_CSS = """
    NotesView {
        & > .notes-view--selection { background: $screen-selection-background; }
        & > .notes-view--highlight { background: $reader-highlight-background; }
    }
    """

    @dataclass
    class StatusHint(Message):
        """What the status line should say instead of where the reader is (or None)."""

        view: NotesView
        text: str | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.selection: Selection | None = None
        self.highlights: list[Highlight] = []
        self._aligned: dict[int, list[int]] = {}
        self._starts: list[int] = []
        self._longest = 0
        #: Where the highlights are in each unit's rendered text, by unit index (worked out once).
        self._unit_marks: dict[int, list[tuple[int, int]]] = {}

    def show(self, markdown: str, offset: int = 0, apart: FoldApart | None = None) -> None:
        self.selection = None
        super().show(markdown, offset, apart)

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """Draw these highlights (orphans are not drawn: their passage is gone)."""
        self.highlights = sorted(
            (h for h in highlights if not h.orphaned), key=lambda h: (h.start, h.end)
        )
        self._starts = [h.start for h in self.highlights]
        self._longest = max((h.end - h.start for h in self.highlights), default=0)
        self._unit_marks = {}
        self.refresh()
        self._post_hint()

    # -- drawing ------------------------------------------------------------------

    def _new_layout(self, layout: LineMap) -> None:
        self._aligned = {}
        self._unit_marks = {}
        super()._new_layout(layout)

    def _offsets(self, index: int) -> list[int]:
        """Source offset of each character of unit `index`'s rendered text."""
        found = self._aligned.get(index)
        if found is None:
            assert self._layout is not None
            unit, rendered = self.document.units[index], self._layout.rendered[index]
            text = rendered.search_text if rendered is not None else ""
            local = align(self.document.text(unit), text)
            found = self._aligned[index] = [unit.start + offset for offset in local]
        return found

    def _rendered_spans(self, index: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The source `spans` as spans of unit `index`'s rendered text (empty ones left out)."""
        if not spans:
            return []
        offsets = self._offsets(index)
        found = []
        for source_start, source_end in spans:
            first = rendered_index(offsets, source_start)
            last = rendered_index(offsets, source_end)
            if first < last:
                found.append((first, last))
        return found

    def _spans_on_line(
        self, index: int, line: int, spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Character spans of line `line` of unit `index` showing rendered-text `spans`."""
        assert self._layout is not None
        unit = self._layout.rendered[index]
        if unit is None or line >= len(unit.line_starts):
            return []
        start = unit.line_starts[line]
        stop = start + len(unit.texts[line]) - unit.content_columns[line]
        shift = unit.content_columns[line] - start
        return [
            (max(start, first) + shift, min(stop, last) + shift)
            for first, last in spans
            if first < stop and last > start
        ]

    def _paint(
        self, segments: list[Segment], text: str, spans: list[tuple[int, int]], component: str
    ) -> list[Segment]:
        style = self.get_component_rich_style(component)
        for start, end in spans:
            segments = style_cells(segments, cell_len(text[:start]), cell_len(text[:end]), style)
        return segments

    def _decorate(self, index: int, line: int, segments: list[Segment]) -> list[Segment]:
        layout = self._layout
        unit = layout.rendered[index] if layout is not None else None
        if unit is None or line >= len(unit.texts):
            return super()._decorate(index, line, segments)
        bounds = self.document.units[index]
        marks = self._unit_marks.get(index)
        if marks is None:
            overlapping = [
                (h.start, h.end) for h in self._highlights_between(bounds.start, bounds.end)
            ]
            marks = self._unit_marks[index] = self._rendered_spans(index, overlapping)
        if marks:
            spans = self._spans_on_line(index, line, marks)
            segments = self._paint(segments, unit.texts[line], spans, "notes-view--highlight")
        segments = super()._decorate(index, line, segments)
        selection = self.selection
        if selection is not None and selection.start < bounds.end and selection.end > bounds.start:
            chosen = self._rendered_spans(index, [(selection.start, selection.end)])
            spans = self._spans_on_line(index, line, chosen)
            segments = self._paint(segments, unit.texts[line], spans, "notes-view--selection")
        return segments

    def _highlights_between(self, start: int, end: int) -> list[Highlight]:
        """The highlights overlapping source `[start, end)`.

        `highlights` is sorted by start: only those starting from `start` less the
        longest highlight's length can reach in, found by bisection.
        """
        first = bisect_left(self._starts, start - self._longest)
        last = bisect_left(self._starts, end, lo=first)
        return [h for h in self.highlights[first:last] if h.end > start]

    # -- the status hint ------------------------------------------------------------

    def _post_position(self) -> None:
        super()._post_position()
        if self.selection is not None or self.highlights:
            self._post_hint()

    def post_plain_position(self) -> None:
        """Post where the reader is, without a hint (the status line shows the trail)."""
        super()._post_position()

    def _post_hint(self) -> None:
        if self.selection is not None:
            words = self.selection.words(self.document.source)
            plural = "s" * (words != 1)
            keys = "w b ) ( } { j k o move · enter save · y copy · esc cancel"
            text = f"Selected: {words} word{plural} · {keys}"
            self.post_message(self.StatusHint(self, text))
            return
        note = self._note_on_screen()
        self.post_message(self.StatusHint(self, f"✎ {note}" if note else None))

    def _note_on_screen(self) -> str | None:
        layout = self._layout
        if layout is None or not self.highlights:
            return None
        top = round(self.scroll_y)
        first = layout.offset_of_line(top)
        last = layout.offset_of_line(top + self.scrollable_content_region.height)
        noted = [h for h in self._highlights_between(first, last) if h.note]
        return " ".join(noted[0].note.split()) if noted else None
