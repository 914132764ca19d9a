"""Links in the reader that lead out of it, or nowhere: say so, and offer the address.

A link to another article is followed by the reading screen (`OpenArticle`).
Everything else ends here: a web link opens in the browser after a question,
and when no browser is known (over SSH, in a container), or when the link is
to a picture or a file that is no article, the reader says what happened and
offers to copy the address, so it is never a dead end.
"""

from __future__ import annotations

import webbrowser
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from rich.text import Text
from textual.screen import Screen

from reader.library.links import slug
from reader.library.markdown_blocks import headings
from reader.library.model import Article, Library
from reader.state.store import Position
from reader.ui.dialogs.confirm_dialog import ConfirmDialog

#: Link targets that are files, not articles: enter offers their address.
FILE_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .svg .webp .bmp .ico .pdf .zip .gz .mp3 .mp4 .webm .csv .json".split()
)


def is_file_link(url: str) -> bool:
    """A link to a picture or another file (by its suffix), not to a page."""
    parts = urlsplit(url)
    return not parts.scheme and PurePosixPath(parts.path).suffix.lower() in FILE_SUFFIXES


def link_status(url: str) -> Text:
    """What the status line says about a focused link: where it leads, what enter does."""
    action = "  enter copies the address" if is_file_link(url) else "  enter opens"
    return Text.assemble(("link: ", "dim"), url, (action, "dim"))


def browser_available() -> bool:
    """Whether Python knows a web browser to open links in (none over SSH, say)."""
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def open_outside(screen: Screen[Any], url: str, *, confirm: bool = True) -> None:
    """Ask (unless `confirm` is off: `confirm_links = false`), then open `url` in the
    web browser; with no browser, offer to copy it."""

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        if browser_available():
            screen.app.open_url(url)
            screen.notify("Opened in the web browser.", markup=False)
        else:
            offer_copy(screen, "No web browser found. Copy the address?", url)

    if confirm:
        screen.app.push_screen(ConfirmDialog("Open outside the reader?", url), answered)
    else:
        answered(True)


def offer_copy(screen: Screen[Any], question: str, url: str) -> None:
    """Say why a link leads nowhere here, and offer its address to paste elsewhere."""

    def copy(yes: bool | None) -> None:
        if yes:
            screen.app.copy_to_clipboard(url)
            screen.notify(f"Copied: {url}", markup=False)

    screen.app.push_screen(ConfirmDialog(question, url), copy)


def heading_place(library: Library, article: Article, fragment: str) -> Position | None:
    """Where the heading a link's `#fragment` names is in `article`, if it is there."""
    if not fragment:
        return None
    try:
        body = library.read_body(article)
    except OSError:
        return None
    for heading in headings(body):
        if slug(heading.title) == fragment:
            return Position.at(body, heading.offset, heading.title)
    return None
