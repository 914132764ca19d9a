"""`BookmarksScreen`: the notes of the library, bookmarks and highlights, by article.

Grouped by article (the article with the newest note first), newest first
inside each group; a highlight shows its quoted text, note, heading and
percent, and is marked orphaned when its passage is no longer in the article.
`1` shows everything, `2` only bookmarks, `3` only highlights.

`enter` opens the article there (it posts `OpenArticle`; the app closes this
screen), `e` edits the note, `d` deletes and `u` undoes the last
delete. A bookmark whose article is gone stays, marked missing; when an article
with the same title exists under another id, `r` re-attaches it there.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList
from textual.widgets.option_list import Option

from reader.library.model import Article, Library
from reader.resources import styles_dir
from reader.state.highlights import Highlight
from reader.state.store import Bookmark, Store
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.messages import OpenArticle
from reader.ui.widgets.key_bar import KeyBar


class BookmarksScreen(Screen[None]):
    """Pick a bookmark to read from, or tidy them up."""

    CSS_PATH = styles_dir() / "bookmarks.tcss"
    BINDINGS = [
        Binding("q,escape", "dismiss(None)", "Back", id="bookmarks.back"),
        Binding("e", "edit", "Edit note", id="bookmarks.edit"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo delete", id="bookmarks.undo"),
        Binding("r", "reattach", "Re-attach", show=False, id="bookmarks.reattach"),
        Binding("1", "only('all')", "All", show=False, id="bookmarks.all"),
        Binding("2", "only('bookmarks')", "Bookmarks only", show=False, id="bookmarks.bookmarks"),
        Binding(
            "3", "only('highlights')", "Highlights only", show=False, id="bookmarks.highlights"
        ),
        Binding("j", "cursor(1)", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor(-1)", "Up", show=False, id="bookmarks.up"),
    ]

    def __init__(self, library: Library, store: Store, article_id: str | None = None) -> None:
        """`article_id`: the article being read, whose bookmarks the cursor starts on."""
        super().__init__()
        self.library = library
        self.store = store
        self.article_id = article_id
        self._bookmarks: dict[str, Bookmark | Highlight] = {}
        self._deleted: list[Bookmark | Highlight] = []
        #: Which notes are listed: "all", "bookmarks" or "highlights" (`1`, `2`, `3`).
        self.showing = "all"

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(id="bookmarks")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"Bookmarks and highlights · {self.library.title}"
        self.refresh_list()
        self.query_one(OptionList).focus()

    def _replacement(self, bookmark: Bookmark | Highlight) -> Article | None:
        """An article with the bookmark's title under another id, if its own is gone."""
        if bookmark.article_id in self.library.articles:
            return None
        return next((a for a in self.library.articles.values() if a.title == bookmark.title), None)

    def _notes(self) -> list[Bookmark | Highlight]:
        """What `showing` selects, newest first."""
        notes: list[Bookmark | Highlight] = []
        if self.showing != "highlights":
            notes += self.store.bookmarks(self.library.path)
        if self.showing != "bookmarks":
            notes += self.store.highlights(self.library.path)
        return sorted(notes, key=lambda note: note.created, reverse=True)

    def refresh_list(self, keep: str | None = None) -> None:
        """Rebuild the list from the store; keep the cursor on the note keyed `keep`."""
        listing = self.query_one(OptionList)
        notes = self._notes()
        groups: dict[str, list[Bookmark | Highlight]] = {}
        for note in notes:
            groups.setdefault(note.article_id, []).append(note)
        options: list[Option] = []
        self._bookmarks = {}
        for article_id, marks in groups.items():
            article = self.library.articles.get(article_id)
            header = Text(article.title if article else marks[0].title, style="bold")
            if article is None:
                replacement = self._replacement(marks[0])
                hint = f" → r re-attaches to {replacement.id}" if replacement else ""
                header.append(f"  (missing: {article_id}{hint})", style="italic")
            options.append(Option(header, disabled=True))
            for note in marks:
                key = _key(note)
                self._bookmarks[key] = note
                options.append(Option(_describe_highlight(note) if isinstance(note, Highlight)
                                      else self._describe(note), id=key))  # fmt: skip
        listing.clear_options()
        listing.add_options(options)
        if not notes:
            empty = {"all": "No bookmarks or highlights yet: press m or v while reading.",
                     "bookmarks": "No bookmarks yet: press m while reading.",
                     "highlights": "No highlights yet: press v while reading."}  # fmt: skip
            listing.add_option(Option(Text(empty[self.showing]), disabled=True))
        if keep is None and self.article_id is not None:  # opened from that article
            mine = (
                key for key, note in self._bookmarks.items() if note.article_id == self.article_id
            )
            keep = next(mine, None)
        if keep in self._bookmarks:
            listing.highlighted = listing.get_option_index(keep)
        elif self._bookmarks:
            listing.highlighted = listing.get_option_index(next(iter(self._bookmarks)))

    def action_only(self, showing: str) -> None:
        """List all notes, or only bookmarks, or only highlights."""
        self.showing = showing
        self.refresh_list(keep=_key(self.current) if self.current else None)

    @staticmethod
    def _describe(bookmark: Bookmark) -> Text:
        # A snippet starts at the offset, which may be inside a word: say so.
        where = bookmark.heading or ("…" + bookmark.snippet.strip() if bookmark.snippet else "")
        where = " ".join(where.split())
        text = Text("  ")
        text.append(bookmark.note or "(no note)", style="" if bookmark.note else "dim")
        if where and where != bookmark.note:
            text.append(f"  · {where}", style="dim")
        created = bookmark.created.astimezone().strftime("%Y-%m-%d %H:%M")
        text.append(f"  · {bookmark.percent:.0f}% · {created}", style="dim")
        return text

    @property
    def current(self) -> Bookmark | Highlight | None:
        listing = self.query_one(OptionList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self._bookmarks.get(option.id or "")

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        bookmark = self._bookmarks.get(event.option.id or "")
        if bookmark is None:
            return
        if bookmark.article_id not in self.library.articles:
            self.notify("That article is missing from the library.", severity="warning")
            return
        place = bookmark if isinstance(bookmark, Highlight) else bookmark.position
        self.post_message(OpenArticle(bookmark.article_id, place))

    def action_cursor(self, step: int) -> None:
        listing = self.query_one(OptionList)
        listing.action_cursor_down() if step > 0 else listing.action_cursor_up()

    def action_edit(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return

        def save(note: str | None) -> None:
            if note is None:
                return
            if isinstance(bookmark, Highlight):
                saved = self.store.update_highlight_note(bookmark.id, note)
            else:
                saved = self.store.update_note(bookmark.id, note)
            if saved:
                self.refresh_list(keep=_key(bookmark))

        where = f"{bookmark.title} · {bookmark.percent:.0f}%"
        self.app.push_screen(NoteDialog("Edit note", where, bookmark.note), save)

    def action_delete(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        keys = list(self._bookmarks)
        position = keys.index(_key(bookmark))
        after = keys[position + 1] if position + 1 < len(keys) else None
        before = keys[position - 1] if position > 0 else None
        neighbour = after or before
        removed: Bookmark | Highlight | None
        if isinstance(bookmark, Highlight):
            removed = self.store.delete_highlight(bookmark.id)
        else:
            removed = self.store.delete_bookmark(bookmark.id)
        if removed is not None:
            self._deleted.append(removed)
            kind = "Highlight" if isinstance(removed, Highlight) else "Bookmark"
            self.notify(f"{kind} deleted: u to undo.")
            self.refresh_list(keep=neighbour)  # the cursor stays where it was

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify("Nothing to undo.")
            return
        bookmark = self._deleted.pop()
        if isinstance(bookmark, Highlight):
            restored, kind = self.store.restore_highlight(bookmark), "Highlight"
        else:
            restored, kind = self.store.restore_bookmark(bookmark), "Bookmark"
        if restored:
            self.notify(f"{kind} restored.")
            self.refresh_list(keep=_key(bookmark))

    def action_reattach(self) -> None:
        bookmark = self.current
        replacement = self._replacement(bookmark) if bookmark else None
        if not isinstance(bookmark, Bookmark) or replacement is None:
            self.notify("Only a missing bookmark with a same-titled article can be re-attached.")
            return
        if self.store.reattach(bookmark.id, replacement.id, replacement.title):
            self.notify(f"Re-attached to {replacement.id}.", markup=False)
            self.refresh_list(keep=_key(bookmark))


def _key(note: Bookmark | Highlight) -> str:
    return f"highlight-{note.id}" if isinstance(note, Highlight) else f"bookmark-{note.id}"


def _describe_highlight(highlight: Highlight) -> Text:
    """A highlight's row: its quoted text, then note, heading, percent and date."""
    words = " ".join(highlight.exact.split())
    text = Text("  ▍", style="bold")
    text.append(f"“{words[:70]}{'…' if len(words) > 70 else ''}”", style="italic")
    if highlight.note:
        text.append(f"  {' '.join(highlight.note.split())}")
    where = " · ".join(part for part in (highlight.heading, f"{highlight.percent:.0f}%") if part)
    created = highlight.created.astimezone().strftime("%Y-%m-%d %H:%M")
    text.append(f"  · {where} · {created}", style="dim")
    if highlight.orphaned:
        text.append("  (orphaned: the passage is no longer in the article)", style="italic")
    return text
