"""XHTML to Markdown for the reading engine: what a book's chapter says, not how it looks.

Written here rather than taken from a library because the good ones are GPL
(html2text) and the reading engine needs only a handful of constructs done
well: headings, paragraphs, emphasis, lists, block quotes, tables, code, links
(rewritten by the caller so links between chapters stay in the library),
footnotes (gathered under a "Notes" heading, referenced as `[1]`) and images as
`![alt](src)`. Scripts and styles are dropped; every piece of text is escaped
so that nothing in a book is read as Markdown. Right-to-left and CJK text is
text like any other.

A document can be cut at element ids (a book whose table of contents points
into the middle of one file): `convert` returns the Markdown before the first
cut and after each one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reader.library.formats.htmltree import DROPPED, Node, body_of

BLOCK = frozenset(
    "address article aside blockquote body center dd details div dl dt figcaption figure "
    "footer h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table "
    "ul".split()
)
NOTE_TYPES = frozenset({"footnote", "endnote", "rearnote", "note"})
_CUT = "\x00cut\x00"
_NOTE = "\x00note\x00"
_BREAK = "\x01"
_SPECIAL = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=\s|$)|(\d+)([.)])(?=\s|$)|=+\s*$)")
_LIST_ITEM = re.compile(r"(?:- |\d+\. )")
_URL_UNSAFE = re.compile(r"[\s()<>]")


def escape(text: str) -> str:
    """Text as Markdown that shows exactly this text."""
    return _SPECIAL.sub(r"\\\1", text)


def _escape_line_start(line: str) -> str:
    match = _LINE_START.match(line)
    if not match:
        return line
    if match.group(3):  # `1. ` would start a list: escape the dot
        return f"{match.group(1)}{match.group(3)}\\{line[match.end(3) :]}"
    return f"{match.group(1)}\\{line[len(match.group(1)) :]}"


def _url(url: str) -> str:
    return f"<{url.replace('>', '%3E')}>" if _URL_UNSAFE.search(url) else url


class _Writer:
    def __init__(self, link: Callable[[str], str], notes: set[str], cuts: set[int]) -> None:
        self.link = link
        self.note_ids = notes
        self.cuts = cuts
        self.numbers: dict[str, int] = {}

    def number(self, note_id: str) -> int:
        return self.numbers.setdefault(note_id, len(self.numbers) + 1)

    # -- blocks -------------------------------------------------------------

    def blocks(self, node: Node) -> list[str]:
        out: list[str] = []
        run: list[Node | str] = []
        for child in node.children:
            if isinstance(child, Node) and child.tag in BLOCK:
                out.extend(self.paragraph(run))
                run = []
                out.extend(self.block(child))
            else:
                run.append(child)
        out.extend(self.paragraph(run))
        return out

    def paragraph(self, run: Iterable[Node | str]) -> list[str]:
        text = self.inline_of(run)
        if not text:
            return []
        return ["\n".join(_escape_line_start(line) for line in text.split("\n"))]

    def block(self, node: Node) -> list[str]:
        out = [_CUT + node.get("id")] if id(node) in self.cuts else []
        tag = node.tag
        if tag in DROPPED:
            return out
        if node.types() & NOTE_TYPES and node.get("id"):
            text = "\n\n".join(self.blocks(node)).strip()
            if text:
                out.append(f"{_NOTE}**\\[{self.number(node.get('id'))}\\]** {text}")
            return out
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            text = self.inline_of(node.children).replace("\n", " ")
            if text:
                out.append(f"{'#' * int(tag[1])} {text}")
        elif tag == "p":
            out.extend(self.paragraph(node.children))
        elif tag == "dt":
            out.extend(f"**{text}**" for text in self.paragraph(node.children))
        elif tag in ("ul", "ol"):
            out.extend(self.list_block(node))
        elif tag == "blockquote":
            inner = "\n\n".join(self.blocks(node))
            if inner:
                out.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif tag == "pre":
            out.append(self.code_block(node))
        elif tag == "table":
            out.extend(self.table(node))
        elif tag == "hr":
            out.append("* * *")
        else:
            out.extend(self.blocks(node))
        return out

    def list_block(self, node: Node) -> list[str]:
        items: list[str] = []
        start = node.get("start")
        number = int(start) if start.isdigit() else 1
        for child in node.children:
            if not isinstance(child, Node) or child.tag in DROPPED:
                continue
            parts = self.blocks(child) if child.tag == "li" else self.block(child)
            inner = "".join(
                ("\n" if _LIST_ITEM.match(part) else "\n\n") + part if index else part
                for index, part in enumerate(parts)
            )
            if not inner.strip():
                continue
            marker = f"{number}. " if node.tag == "ol" else "- "
            number += 1
            pad = " " * len(marker)
            lines = inner.split("\n")
            items.append(
                "\n".join([marker + lines[0]] + [pad + line if line else "" for line in lines[1:]])
            )
        loose = any("\n\n" in item for item in items)
        return [("\n\n" if loose else "\n").join(items)] if items else []

    def code_block(self, node: Node) -> str:
        text = _raw_text(node)
        longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}\n{text.strip(chr(10))}\n{fence}"

    def table(self, node: Node) -> list[str]:
        rows: list[list[str]] = []
        for row in node.iter():
            if row.tag != "tr":
                continue
            cells = [child for child in row.children if isinstance(child, Node)]
            texts = [
                self.inline_of(cell.children).replace("\n", " ").replace("|", "\\|")
                for cell in cells
                if cell.tag in ("td", "th")
            ]
            if texts:
                rows.append(texts)
        if not rows:
            return []
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return ["\n".join(lines)]

    # -- inline -------------------------------------------------------------

    def inline_of(self, run: Iterable[Node | str]) -> str:
        text = " ".join("".join(self.inline(item) for item in run).split(" "))
        text = re.sub(r"[ \t\r\n\f\v]+", " ", text)
        text = re.sub(rf" ?{_BREAK} ?", "\\\n", text).strip()
        while text.endswith("\\\n") or text.endswith("\\"):
            text = text.rstrip("\\\n").strip()
        return text

    def inline(self, item: Node | str) -> str:
        if isinstance(item, str):
            return escape(item)
        tag = item.tag
        if tag in DROPPED:
            return ""
        if tag == "br":
            return _BREAK
        if tag == "img":
            alt = escape(" ".join(item.get("alt").split()))
            src = item.get("src")
            return f"![{alt}]({_url(src)})" if src else alt
        inner = "".join(self.inline(child) for child in item.children)
        if tag in ("em", "i", "cite", "dfn", "var"):
            return _wrap(inner, "*")
        if tag in ("strong", "b"):
            return _wrap(inner, "**")
        if tag in ("code", "kbd", "samp", "tt"):
            plain = _raw_text(item).replace("\n", " ")
            ticks = "``" if "`" in plain else "`"
            return f"{ticks}{plain}{ticks}" if plain.strip() else ""
        if tag == "a":
            return self.anchor(item, inner)
        return inner

    def anchor(self, node: Node, inner: str) -> str:
        href = node.get("href")
        fragment = href.partition("#")[2]
        if fragment in self.note_ids and (href.startswith("#") or "noteref" in node.types()):
            return f"[\\[{self.number(fragment)}\\]](#notes)"
        if not href or not inner.strip() or href.startswith("javascript:"):
            return inner
        target = self.link(href)
        return f"[{inner}]({_url(target)})" if target else inner


def _wrap(inner: str, mark: str) -> str:
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def _raw_text(node: Node) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag == "br":
            parts.append("\n")
        elif child.tag not in DROPPED:
            parts.append(_raw_text(child))
    return "".join(parts)


def _finish(blocks: list[str]) -> str:
    notes = [block[len(_NOTE) :] for block in blocks if block.startswith(_NOTE)]
    text = [block for block in blocks if not block.startswith(_NOTE)]
    if notes:
        text += ["## Notes", *notes]
    return "\n\n".join(text) + "\n" if text else ""


def convert(
    document: Node, link: Callable[[str], str] = str, cut_at: Iterable[str] = ()
) -> dict[str | None, str]:
    """Markdown of the document's body: {None: before any cut, cut id: from it on}."""
    body = body_of(document)
    notes = {node.get("id") for node in body.iter() if node.types() & NOTE_TYPES}
    notes.discard("")
    wanted = set(cut_at)
    cuts: set[int] = set()
    for node in body.iter():
        if node.get("id") in wanted:
            holder = node
            while holder.tag not in BLOCK and holder.parent is not None:
                holder = holder.parent
            holder.attrs["id"] = node.get("id")
            cuts.add(id(holder))
    blocks = _Writer(link, notes, cuts).blocks(body)
    pieces: dict[str | None, list[str]] = {None: []}
    current: str | None = None
    for block in blocks:
        if block.startswith(_CUT):
            current = block[len(_CUT) :]
            pieces.setdefault(current, [])
        else:
            pieces[current].append(block)
    return {key: _finish(value) for key, value in pieces.items()}
