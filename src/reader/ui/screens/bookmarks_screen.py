"""`BookmarksScreen`: every bookmark of the library, newest first, by article.

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
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from reader.library.model import Article, Library
from reader.resources import styles_dir
from reader.state.store import Bookmark, Store
from reader.ui.dialogs.note_dialog import NoteDialog
from reader.ui.messages import OpenArticle


class BookmarksScreen(Screen[None]):
    """Pick a bookmark to read from, or tidy them up."""

    CSS_PATH = styles_dir() / "bookmarks.tcss"
    BINDINGS = [
        Binding("q,escape", "dismiss(None)", "Back"),
        Binding("e", "edit", "Edit note"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo delete"),
        Binding("r", "reattach", "Re-attach", show=False),
        Binding("j", "cursor(1)", "Down", show=False),
        Binding("k", "cursor(-1)", "Up", show=False),
    ]

    def __init__(self, library: Library, store: Store, article_id: str | None = None) -> None:
        """`article_id`: the article being read, whose bookmarks the cursor starts on."""
        super().__init__()
        self.library = library
        self.store = store
        self.article_id = article_id
        self._bookmarks: dict[str, Bookmark] = {}
        self._deleted: list[Bookmark] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(id="bookmarks")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Bookmarks · {self.library.title}"
        marks = self.store.bookmarks(self.library.path) if self.article_id else []
        first = next((b.id for b in marks if b.article_id == self.article_id), None)
        self.refresh_list(keep=first)
        self.query_one(OptionList).focus()

    def _replacement(self, bookmark: Bookmark) -> Article | None:
        """An article with the bookmark's title under another id, if its own is gone."""
        if bookmark.article_id in self.library.articles:
            return None
        return next((a for a in self.library.articles.values() if a.title == bookmark.title), None)

    def refresh_list(self, keep: int | None = None) -> None:
        """Rebuild the list from the store; keep the cursor on bookmark `keep`."""
        listing = self.query_one(OptionList)
        bookmarks = self.store.bookmarks(self.library.path)
        groups: dict[str, list[Bookmark]] = {}
        for bookmark in bookmarks:
            groups.setdefault(bookmark.article_id, []).append(bookmark)
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
            for bookmark in marks:
                key = f"bookmark-{bookmark.id}"
                self._bookmarks[key] = bookmark
                options.append(Option(self._describe(bookmark), id=key))
        listing.clear_options()
        listing.add_options(options)
        if not bookmarks:
            listing.add_option(
                Option(Text("No bookmarks yet: press m while reading."), disabled=True)
            )
        target = f"bookmark-{keep}" if keep is not None else None
        if target in self._bookmarks:
            listing.highlighted = listing.get_option_index(target)
        elif self._bookmarks:
            listing.highlighted = listing.get_option_index(next(iter(self._bookmarks)))

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
    def current(self) -> Bookmark | None:
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
        self.post_message(OpenArticle(bookmark.article_id, bookmark.position))

    def action_cursor(self, step: int) -> None:
        listing = self.query_one(OptionList)
        listing.action_cursor_down() if step > 0 else listing.action_cursor_up()

    def action_edit(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return

        def save(note: str | None) -> None:
            if note is not None and self.store.update_note(bookmark.id, note):
                self.refresh_list(keep=bookmark.id)

        where = f"{bookmark.title} · {bookmark.percent:.0f}%"
        self.app.push_screen(NoteDialog("Edit note", where, bookmark.note), save)

    def action_delete(self) -> None:
        bookmark = self.current
        if bookmark is None:
            return
        keys = list(self._bookmarks)
        position = keys.index(f"bookmark-{bookmark.id}")
        after = keys[position + 1] if position + 1 < len(keys) else None
        before = keys[position - 1] if position > 0 else None
        near = after or before
        neighbour = self._bookmarks[near].id if near is not None else None
        removed = self.store.delete_bookmark(bookmark.id)
        if removed is not None:
            self._deleted.append(removed)
            self.notify("Bookmark deleted: u to undo.")
            self.refresh_list(keep=neighbour)  # the cursor stays where it was

    def action_undo(self) -> None:
        if not self._deleted:
            self.notify("Nothing to undo.")
            return
        bookmark = self._deleted.pop()
        if self.store.restore_bookmark(bookmark):
            self.notify("Bookmark restored.")
            self.refresh_list(keep=bookmark.id)

    def action_reattach(self) -> None:
        bookmark = self.current
        replacement = self._replacement(bookmark) if bookmark else None
        if bookmark is None or replacement is None:
            self.notify("Only a missing bookmark with a same-titled article can be re-attached.")
            return
        if self.store.reattach(bookmark.id, replacement.id, replacement.title):
            self.notify(f"Re-attached to {replacement.id}.")
            self.refresh_list(keep=bookmark.id)
