"""`HighlightingScreen`: the part of the reading screen that keeps highlights.

`ReadScreen` derives from it. When an article opens, its highlights come from
the store, anchored in the text as it is now (`Store.highlights_of`: a passage
that moved is found again, one that is gone is kept as orphaned, and a notice
says so), and the view draws them. A selection saved with `enter` (`SelectableView.SelectionSaved`)
asks for an optional note and becomes a highlight; the status line shows what
the view hints (the words selected, the note of a highlight on screen).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.screen import Screen
from textual.widgets import Label

from reader.library.model import Article, Library
from reader.library.sanitize import clean_text
from reader.state.highlights import Highlight
from reader.state.session import ReadingSession
from reader.state.store import Store
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.widgets.notes_view import NotesView
from reader.ui.widgets.selectable_view import SelectableView


class HighlightingScreen(Screen[Article]):
    """Highlights of the article being read: loaded, drawn, added."""

    library: Library
    article: Article
    store: Store
    session: ReadingSession | None
    view: SelectableView
    _hint_shown = False

    def show_highlights(self) -> None:
        """Draw the current article's highlights (none for a section's introduction)."""
        session = self.session
        if session is None or not session.keeps_place:
            self.view.set_highlights([])
            return
        found = self.store.highlights_of(self.library.path, self.article.id, session.body)
        self.view.set_highlights(found)
        orphans = sum(h.orphaned for h in found)
        if orphans:
            self.notify(
                f"{orphans} highlight{'s' * (orphans != 1)} of this article no longer "
                "found in its text (orphaned, kept): see B.",
                severity="warning",
            )

    @on(SelectableView.SelectionSaved)
    def _save_selection(self, event: SelectableView.SelectionSaved) -> None:
        session, article = self.session, self.article
        if session is None or not session.keeps_place:
            self.notify("Highlights are for articles, not section introductions.")
            return
        highlight = Highlight.of(
            self.library.path, article.id, article.title, session.body, event.start, event.end, ""
        )

        def save(note: str | None) -> None:
            if note is None:
                return
            added = self.store.add_highlight(Highlight.of(
                self.library.path, article.id, article.title, session.body, event.start,
                event.end, clean_text(note),
            ))  # fmt: skip
            if added is not None:
                self.show_highlights()
                self.notify(f"Highlight saved at {added.percent:.0f}%.")

        words = " ".join(highlight.exact.split())
        where = f"“{words[:70]}{'…' if len(words) > 70 else ''}” · {highlight.percent:.0f}%"
        self.app.push_screen(NoteDialog("Add highlight", where, ""), save)

    @on(NotesView.StatusHint)
    def _hint(self, event: NotesView.StatusHint) -> None:
        label = self.query_one("#status-where", Label)
        if event.text is not None:
            label.update(Text(event.text), layout=False)
            self._hint_shown = True
        elif self._hint_shown:
            self._hint_shown = False
            self.view.post_plain_position()  # the trail comes back
