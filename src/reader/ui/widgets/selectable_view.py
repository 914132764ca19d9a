"""`SelectableView`: the keys and the mouse that select a passage of an article.

`v` starts a selection: the current search match (so `/phrase`, `enter`, `v`
selects the phrase), else the first word of the top line. While selecting,
`w`/`b`, `)`/`(`, `}`/`{` and `j`/`k` move its end by a word, sentence,
paragraph or line (`reading.selection`), `o` swaps the ends, `enter` asks to
keep it (`SelectionSaved`: the screen asks for a note), `y` copies it to the
clipboard (Textual's `copy_to_clipboard`, which works over SSH and tmux) and
`esc` cancels. A mouse drag selects too. Out of a selection the keys do what
they did (`b` pages up, `j`/`k` scroll, `enter` follows a link).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.message import Message

from reader.reading.selection import Selection, move, rendered_index, word_at
from reader.ui.widgets.notes_view import NotesView

#: Actions that mean something only while a passage is selected.
_ONLY_SELECTING = {"extend", "swap", "copy_selection", "cancel_selection"}


class SelectableView(NotesView):
    """`NotesView` with selection keys and mouse dragging."""

    BINDINGS = [
        Binding("v", "select", "Select a passage", show=False),
        Binding("w", "extend('word', 1)", "Selection: next word", show=False),
        # These keys mean one thing in a selection and another out of one: the
        # bindings replace the reading view's for the same keys (Textual keeps one
        # class's bindings per key), so they take over its ids, and a key bound
        # in the config moves both meanings together.
        Binding("b,pageup", "back_or_page", "Page up", show=False, id="read.page_up"),
        Binding("right_parenthesis", "extend('sentence', 1)", "Select: sentence", show=False),
        Binding("left_parenthesis", "extend('sentence', -1)", "Select: sentence back", show=False),
        Binding("right_curly_bracket", "extend('paragraph', 1)", "Select: paragraph", show=False),
        Binding(
            "left_curly_bracket", "extend('paragraph', -1)", "Select: paragraph back", show=False
        ),
        Binding("j,down", "line_or_scroll(1)", "Line down", show=False, id="read.line_down"),
        Binding("k,up", "line_or_scroll(-1)", "Line up", show=False, id="read.line_up"),
        Binding("o", "swap", "Selection: swap ends", show=False),
        Binding("enter", "save_or_link", "Open link", show=False, id="read.open_link"),
        Binding("y", "copy_selection", "Selection: copy", show=False),
        Binding("escape", "cancel_selection", "Selection: cancel", show=False),
    ]

    @dataclass
    class SelectionSaved(Message):
        """`enter` on a selection: keep source `[start, end)` as a highlight."""

        view: SelectableView
        start: int
        end: int

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._press: int | None = None
        self._dragged = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ONLY_SELECTING:
            return self.selection is not None
        return True

    # -- starting and ending --------------------------------------------------------

    def action_select(self) -> None:
        """Select the current search match, else the first word of the top line."""
        found = self._current_match()
        if found is None:
            found = word_at(self.document.source, self.source_offset)
        self._set_selection(Selection(*found))

    def _current_match(self) -> tuple[int, int] | None:
        """The current search match in the source, if a search is on."""
        search = self._search
        if not self.searching or search is None:
            return None
        return search.current_source_span

    def _set_selection(self, selection: Selection | None) -> None:
        self.selection = selection
        self.refresh()
        if selection is not None and self._layout is not None:
            line = self._layout.line_of_offset(selection.head)
            height = self.scrollable_content_region.height
            if not self.scroll_y <= line < self.scroll_y + height:
                self._set_top(max(0, line - height // 2))
        self._post_hint()

    def action_cancel_selection(self) -> None:
        self._set_selection(None)

    def action_save_or_link(self) -> None:
        selection = self.selection
        if selection is None:
            self.action_open_link()
            return
        self._set_selection(None)
        if selection.end > selection.start:
            self.post_message(self.SelectionSaved(self, selection.start, selection.end))

    def action_copy_selection(self) -> None:
        selection = self.selection
        if selection is None:
            return
        self.app.copy_to_clipboard(selection.text(self.document.source))
        words = selection.words(self.document.source)
        self.notify(f"Copied {words} word{'s' * (words != 1)}.")
        self._set_selection(None)

    # -- moving the end -------------------------------------------------------------

    def action_extend(self, kind: str, step: int) -> None:
        if self.selection is not None:
            self._set_selection(move(self.selection, self.document.source, kind, step))

    def action_swap(self) -> None:
        if self.selection is not None:
            self._set_selection(self.selection.swapped())

    def action_back_or_page(self) -> None:
        if self.selection is not None:
            self.action_extend("word", -1)
        else:
            self.action_page_up()

    def action_line_or_scroll(self, step: int) -> None:
        if self.selection is None:
            self._scroll_by(step)
            return
        head = self._line_step(self.selection.head, step)
        if head is not None:
            anchor = self.selection.anchor
            if head == anchor:
                return
            self._set_selection(Selection(anchor, head))

    def _line_step(self, offset: int, step: int) -> int | None:
        """The source offset one rendered line below (above) `offset`, same column."""
        layout = self._layout
        if layout is None:
            return None
        index = self.document.unit_at(offset)
        unit = layout.render(index)
        offsets = self._offsets(index)
        if not unit.line_starts or not offsets:
            return None
        position = min(rendered_index(offsets, offset), len(offsets) - 1)
        line = max(0, bisect_right(unit.line_starts, position) - 1)
        column = position - unit.line_starts[line] + unit.content_columns[line]
        target = layout.tops[index] + line
        for _ in range(4):  # over the blank lines between blocks
            target += step
            if not 0 <= target < layout.height:
                return None
            found, within = layout.locate(target)
            rendered = layout.render(found)
            if within < len(rendered.texts) and rendered.texts[within].strip():
                return self._point(found, within, column)
        return None

    def _point(self, index: int, line: int, column: int) -> int:
        """The source offset of the character at `column` of rendered line `line` of a unit."""
        assert self._layout is not None
        unit = self._layout.render(index)
        offsets = self._offsets(index)
        start = unit.line_starts[line]
        length = len(unit.texts[line]) - unit.content_columns[line]
        position = start + max(0, min(column - unit.content_columns[line], length))
        return offsets[position] if position < len(offsets) else self.document.units[index].end

    # -- the mouse ----------------------------------------------------------------

    def _offset_at(self, x: int, y: int) -> int | None:
        layout = self._layout
        if layout is None:
            return None
        line = round(self.scroll_y) + y
        if not 0 <= line < layout.height:
            return None
        index, within = layout.locate(line)
        unit = layout.render(index)
        if within >= len(unit.texts):
            return None
        margin = max(0, (self.scrollable_content_region.width - layout.style.width) // 2)
        cells, column, text = x - margin, 0, unit.texts[within]
        while column < len(text) and cell_len(text[: column + 1]) <= cells:
            column += 1
        return self._point(index, within, column)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button == 1:
            self._press = self._offset_at(event.x, event.y)
            self._dragged = False

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._press is None or event.button != 1:
            return
        offset = self._offset_at(event.x, event.y)
        if offset is None or (not self._dragged and offset == self._press):
            return
        if not self._dragged:
            self._dragged = True
            self.capture_mouse()
        self._set_selection(Selection(self._press, offset))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._press is not None:
            self._press = None
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        if self._dragged:  # the end of a drag, not a click on a link
            self._dragged = False
            event.prevent_default()
            return
        super().on_click(event)
