"""`ArticleLinks`: the links of the article view: focused with `tab`, followed with `enter`.

`tab` and `shift+tab` focus the next or previous link rendered (from the focused
one, or from the top of the screen), scrolling to it; `enter` or a click asks
to follow it (`LinkSelected`). Where a link leads is the reading screen's
business (`ui.links`): this layer only knows the links on the rendered lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message

from reader.ui.widgets.article_keys import ArticleKeys


class ArticleLinks(ArticleKeys):
    """The reading view's links: focus, follow."""

    BINDINGS = [
        Binding("tab", "link(1)", "Next link", show=False, id="read.next_link"),
        Binding("shift+tab", "link(-1)", "Previous link", show=False, id="read.previous_link"),
        Binding("enter", "open_link", "Open link", show=False, id="read.open_link"),
    ]

    @dataclass
    class LinkFocused(Message):
        """`tab` moved to a link (its target), or away from all links (None)."""

        view: ArticleLinks
        url: str | None

    @dataclass
    class LinkSelected(Message):
        """The reader asked to follow a link (`enter` on it, or a click)."""

        view: ArticleLinks
        url: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: The focused link: (unit index, link number in the unit), or None.
        self._link: tuple[int, int] | None = None

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
