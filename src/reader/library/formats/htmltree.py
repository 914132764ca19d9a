"""A forgiving HTML/XHTML parser into a small element tree.

EPUB chapters are meant to be XHTML, but real books carry HTML entities
(`&nbsp;`) that an XML parser rejects, unclosed tags and stray markup. The
standard library's `html.parser` reads all of that without ever fetching or
expanding anything, and this module turns its events into `Node`s that the
Markdown writer (`markdown_writer`) and the EPUB navigation reader walk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements that never have content.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements whose content is never text for a reader.
DROPPED = frozenset("script style template noscript head iframe object button select".split())


@dataclass(eq=False)
class Node:
    """An element: its tag (lower case), attributes, and children (nodes or text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    def get(self, name: str) -> str:
        return self.attrs.get(name) or ""

    def iter(self) -> Iterator[Node]:
        """This node and every element below it, in document order."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(child for child in reversed(node.children) if isinstance(child, Node))

    def find(self, tag: str) -> Node | None:
        return next((node for node in self.iter() if node.tag == tag), None)

    def text(self) -> str:
        """All text below this node, whitespace collapsed."""
        parts: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                parts.append(item)
            elif item.tag not in DROPPED:
                stack.extend(reversed(item.children))
        return " ".join("".join(parts).split())

    def types(self) -> set[str]:
        """Semantic types: `epub:type` and ARIA `role` values (`noteref`, `doc-footnote`)."""
        values = f"{self.get('epub:type')} {self.get('role')}".split()
        return {value.removeprefix("doc-") for value in values}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack: list[Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.stack[-1]
        node = Node(tag, {name: value or "" for name, value in attrs}, parent=parent)
        parent.children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    """The document's tree; never raises for bad markup."""
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root


def body_of(document: Node) -> Node:
    return document.find("body") or document
