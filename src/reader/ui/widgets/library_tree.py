"""`LibraryTree`: sections and articles as a tree, driven like a file manager.

Built from a `Library` handed down by the screen; it never reads files. `enter`
opens the highlighted node (an article, or a section's introduction), `l`/`→`
open an article or expand a section, `h`/`←` collapse or climb to the parent.
Each article shows its reading state (percent read, or ✓ when finished) and
each section how many of its articles are finished, from `ReadState`s the
screen hands over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from reader.library.model import Article, Library, Section
from reader.state.store import Store

Node = Section | Article


@dataclass(frozen=True)
class ReadState:
    """How far an article has been read: percent, and whether it was finished."""

    percent: float
    finished: bool


def reading_marks(store: Store, library: Path) -> dict[str, str]:
    """Each article's reading mark as the tree shows it (`43%`, `✓`), for contents pages."""
    return {
        key: "✓" if position.finished else f"{position.percent:.0f}%"
        for key, position in store.positions(library).items()
    }


class LibraryTree(Tree[Node]):
    """The library's sections (with article counts) and articles."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="browse.open"),
        Binding("j", "cursor_down", "Down", show=False, id="browse.down"),
        Binding("k", "cursor_up", "Up", show=False, id="browse.up"),
        Binding("l,right", "expand_or_open", "Expand/open", show=False, id="browse.expand"),
        Binding(
            "h,left",
            "collapse_or_parent",
            "Collapse/parent",
            show=False,
            id="browse.collapse",
        ),
        Binding("g,home", "first", "First", show=False, id="browse.first"),
        Binding("G,end", "last", "Last", show=False, id="browse.last"),
    ]

    @dataclass
    class OpenRequested(Message):
        """The user asked to read `item` (an article, or a section's introduction)."""

        tree: LibraryTree
        item: Node

    def __init__(self, library: Library, *, id: str | None = None) -> None:
        # Before Tree.__init__, which already renders the root's label.
        self._suffix_length: dict[int, int] = {}
        super().__init__(Text(library.title), data=library.root, id=id)
        self.library = library
        self.auto_expand = False
        self.show_root = False
        self._node_of: dict[int, TreeNode[Node]] = {}
        #: Section nodes whose children are not built yet (built when first expanded).
        self._unbuilt: dict[int, Section] = {}
        self._states: Mapping[str, ReadState] = {}
        self._build_branch(self.root, library.root)
        self.root.expand()

    def _build_branch(self, parent: TreeNode[Node], section: Section) -> None:
        """Add `section`'s children under `parent`; sub-sections stay closed and empty.

        A library of 10,000 articles would cost Textual a quarter of a second in
        node building at start; only what is expanded is built.
        """
        for child in section.children:
            if isinstance(child, Section):
                node = parent.add(self._label(child), data=child, allow_expand=True)
                self._unbuilt[id(node)] = child
            else:
                node = parent.add_leaf(self._label(child), data=child)
            self._node_of[id(child)] = node

    def _grow(self, node: TreeNode[Node]) -> None:
        """Build `node`'s children if they are not built yet."""
        section = self._unbuilt.pop(id(node), None)
        if section is not None:
            self._build_branch(node, section)

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        self._grow(event.node)

    def _label(self, item: Node) -> Text:
        """The title, then (dim) the article count or reading state."""
        if isinstance(item, Section) and item.estimated is not None:
            suffix = f"  {item.estimated}"  # an outline: counted by name, nothing read yet
        elif isinstance(item, Section):
            total = finished = 0
            for article in item.walk_articles():
                total += 1
                state = self._states.get(article.id)
                finished += bool(state and state.finished)
            suffix = f"  {finished}/{total}" if finished else f"  {total}"
        else:
            state = self._states.get(item.id)
            suffix = "" if state is None else "  ✓" if state.finished else f"  {state.percent:.0f}%"
        self._suffix_length[id(item)] = len(suffix)
        return Text.assemble(item.title, (suffix, "dim"))

    def render_label(self, node: TreeNode[Node], base_style: Style, style: Style) -> Text:
        """The label, its title shortened with … so the count or state stays visible."""
        text = super().render_label(node, base_style, style)
        suffix = self._suffix_length.get(id(node.data), 0)
        depth = -1
        ancestor = node.parent
        while ancestor is not None:
            depth += 1
            ancestor = ancestor.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth - 1
        if text.cell_len <= room or room <= suffix + 4:
            return text
        cut = len(text) - suffix
        head, tail = text[:cut], text[cut:]
        head.truncate(room - suffix, overflow="ellipsis")
        return head + tail

    def reload(self) -> None:
        """Build the tree again from `library` (the full library after its outline).

        The sections that were open are opened again and the cursor goes back to
        the item it was on (or the first one), so nothing moves under the user.
        """
        current = self.current
        opened = [
            node.data.id
            for node in self._node_of.values()
            if isinstance(node.data, Section) and node.is_expanded
        ]
        self.clear()
        self._node_of.clear()
        self._unbuilt.clear()
        self._suffix_length.clear()
        self.root.data = self.library.root
        self._build_branch(self.root, self.library.root)
        for section_id in sorted(opened, key=len):  # parents before their children
            section = self.library.sections.get(section_id)
            if section is not None and (node := self._node_of.get(id(section))) is not None:
                self._grow(node)
                node.expand()
        target = None
        if isinstance(current, Section):
            target = self._node_of.get(id(self.library.sections.get(current.id)))
        elif current is not None:
            target = self._node_of.get(id(self.library.articles.get(current.id)))
        if target is None and self.root.children:
            target = self.root.children[0]
        if target is None:
            return
        # At once, not after a refresh: a key typed meanwhile moves from here.
        self.last_line  # noqa: B018 (lays the new lines out: `target.line` is known)
        self.cursor_line = target.line
        if self.cursor_node is not target:  # the same line: its watcher did not run
            self.watch_cursor_line(-1, target.line)
        self.scroll_to_node(target, animate=False)

    def set_states(self, states: Mapping[str, ReadState]) -> None:
        """Show these reading states (article id -> state) on every node."""
        self._states = states
        for node in self._node_of.values():
            if node.data is not None:
                # Only what changed: each `set_label` queues a refresh callback, and
                # 10,000 of them at start cost more than a second.
                label = self._label(node.data)
                if label != node.label:
                    node.set_label(label)

    def select_item(self, item: Node) -> None:
        """Move the cursor to `item`, expanding the sections above it."""
        sections: list[Section] = []
        parent = item.parent if isinstance(item, Section) else self.library.section_of(item)
        while parent is not None and parent.parent is not None:
            sections.insert(0, parent)
            parent = parent.parent
        for section in sections:  # build the branches down to the item
            if (branch := self._node_of.get(id(section))) is not None:
                self._grow(branch)
        node = self._node_of.get(id(item))
        if node is None:
            return
        ancestor = node.parent
        while ancestor is not None:
            ancestor.expand()
            ancestor = ancestor.parent
        self.call_after_refresh(self._move_cursor_to, node)

    def _move_cursor_to(self, node: TreeNode[Node]) -> None:
        self.move_cursor(node, animate=False)
        self.scroll_to_node(node, animate=False)

    @property
    def current(self) -> Node | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def action_open(self) -> None:
        if (item := self.current) is not None:
            self.post_message(self.OpenRequested(self, item))

    def action_expand_or_open(self) -> None:
        node = self.cursor_node
        if node is None or node.data is None:
            return
        if isinstance(node.data, Article):
            self.post_message(self.OpenRequested(self, node.data))
        elif not node.is_expanded:
            self._grow(node)
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0], animate=False)

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent, animate=False)

    def action_first(self) -> None:
        self.cursor_line = 0
        self.scroll_to_line(self.cursor_line, animate=False)  # the cursor stays on screen

    def action_last(self) -> None:
        self.cursor_line = self.last_line
        self.scroll_to_line(self.cursor_line, animate=False)
