"""A book's table of contents (EPUB 3 nav or EPUB 2 NCX) and its plan of chapters.

The table of contents decides what a reader sees as chapters; the spine decides
the reading order. `plan` cuts the spine at every place the table of contents
points to: a chapter runs from its entry to the next one, so spine documents
no entry points to join the chapter before them, and documents before the
first entry (a cover, a title page) become "Front matter". Entries with
entries below them become sections, their own text the section's introduction.
Ids are slugs of the labels (the manifest id when a label has no letters),
made unique with `-2`, so they stay the same from run to run.
"""

from __future__ import annotations

import posixpath
import zipfile
from typing import Any
from xml.etree.ElementTree import Element

from reader.library.formats import htmltree
from reader.library.formats.epub import (
    NCX,
    Package,
    TocEntry,
    parse_xml,
    read_entry,
    resolve_href,
)
from reader.library.formats.errors import FormatError
from reader.library.links import slug

FRONT_MATTER = "Front matter"


def read_toc(book: zipfile.ZipFile, package: Package) -> list[TocEntry]:
    """The nav document's `toc`, else the NCX's navMap, else nothing."""
    manifest = package.manifest
    names = set(book.namelist())
    for path, _, properties in manifest.values():
        if "nav" in properties.split() and path in names:
            entries = _from_nav(read_entry(book, path), path)
            if entries:
                return entries
    ncx = manifest.get(package.ncx_id) or next(
        (item for item in manifest.values() if item[1] == "application/x-dtbncx+xml"), None
    )
    if ncx is not None and ncx[0] in names:
        root = parse_xml(read_entry(book, ncx[0]), ncx[0])
        nav_map = root.find(f"{NCX}navMap")
        return _from_ncx(nav_map, ncx[0]) if nav_map is not None else []
    return []


def _from_nav(data: bytes, path: str) -> list[TocEntry]:
    document = htmltree.parse(data.decode("utf-8", errors="replace"))
    navs = [node for node in document.iter() if node.tag == "nav"]
    nav = next((node for node in navs if "toc" in node.types()), navs[0] if navs else None)
    listing = nav.find("ol") if nav is not None else None
    return _nav_list(listing, path) if listing is not None else []


def _nav_list(listing: htmltree.Node, path: str) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for item in listing.children:
        if not isinstance(item, htmltree.Node) or item.tag != "li":
            continue
        link = next(
            (n for n in item.children if isinstance(n, htmltree.Node) and n.tag in ("a", "span")),
            None,
        )
        sublist = next(
            (n for n in item.children if isinstance(n, htmltree.Node) and n.tag == "ol"), None
        )
        href = link.get("href") if link is not None else ""
        doc, fragment = resolve_href(path, href) if href else (None, None)
        entry = TocEntry(link.text() if link is not None else "", doc, fragment)
        entry.children = _nav_list(sublist, path) if sublist is not None else []
        entries.append(entry)
    return entries


def _from_ncx(parent: Element, path: str) -> list[TocEntry]:
    entries: list[TocEntry] = []
    for point in parent.findall(f"{NCX}navPoint"):
        label = point.find(f"{NCX}navLabel/{NCX}text")
        content = point.find(f"{NCX}content")
        href = content.get("src", "") if content is not None else ""
        doc, fragment = resolve_href(path, href) if href else (None, None)
        text = " ".join("".join(label.itertext()).split()) if label is not None else ""
        entries.append(TocEntry(text, doc, fragment, _from_ncx(point, path)))
    return entries


def plan(package: Package) -> dict[str, Any]:
    """The book as JSON-ready data: nodes (the tree), chapters (their parts), link targets."""
    spine = package.spine
    order = {doc: index for index, doc in enumerate(spine)}
    ids_of = {path: item_id for item_id, (path, _, _) in package.manifest.items()}
    toc = package.toc or [
        TocEntry(posixpath.splitext(posixpath.basename(doc))[0], doc, None) for doc in spine
    ]
    used: set[str] = set()
    starts: list[tuple[int, str | None, dict[str, Any]]] = []

    def build(entries: list[TocEntry], parent_id: str) -> list[dict[str, Any]]:
        nodes = []
        for entry in entries:
            name = slug(entry.label) or slug(ids_of.get(entry.doc or "", "")) or "part"
            node_id = f"{parent_id}/{name}".lstrip("/")
            number = 2
            while node_id in used:
                node_id = f"{parent_id}/{name}-{number}".lstrip("/")
                number += 1
            used.add(node_id)
            label = entry.label or name
            node: dict[str, Any] = {"label": label, "id": node_id, "chapter": None}
            if entry.doc in order:
                starts.append((order[entry.doc], entry.fragment, node))
            node["children"] = build(entry.children, node_id)
            if node["children"] or entry.doc in order:
                nodes.append(node)
        return nodes

    nodes = build(toc, "")
    starts.sort(key=lambda start: start[0])
    if not starts or (starts[0][0], starts[0][1]) != (0, None):
        front: dict[str, Any] = {"label": FRONT_MATTER, "chapter": None, "children": []}
        front["id"] = "front-matter" if "front-matter" not in used else "front-matter-0"
        starts.insert(0, (0, None, front))
        nodes.insert(0, front)
    chapters: list[list[tuple[str, str | None, str | None]]] = []
    targets: dict[str, str] = {}
    for number, (doc_index, fragment, node) in enumerate(starts):
        end = starts[number + 1][:2] if number + 1 < len(starts) else (len(spine), None)
        parts = _parts(spine, (doc_index, fragment), end)
        if not parts:
            continue
        node["chapter"] = len(chapters)
        chapters.append(parts)
        targets[f"{spine[doc_index]}#{fragment or ''}"] = node["id"]
        targets.setdefault(spine[doc_index], node["id"])
    for number, parts in enumerate(chapters):  # documents no entry starts in
        for doc, _, _ in parts:
            targets.setdefault(doc, _chapter_id(nodes, number) or "")
    nodes = _prune(nodes)
    if not chapters:
        raise FormatError("the book has no chapter with any content")
    return {"nodes": nodes, "chapters": chapters, "targets": targets}


def _parts(
    spine: list[str], start: tuple[int, str | None], end: tuple[int, str | None]
) -> list[tuple[str, str | None, str | None]]:
    parts: list[tuple[str, str | None, str | None]] = []
    doc, fragment = start
    while doc < len(spine):
        if doc == end[0]:
            if end[1] is not None and fragment != end[1]:
                parts.append((spine[doc], fragment, end[1]))
            break
        parts.append((spine[doc], fragment, None))
        doc, fragment = doc + 1, None
    return parts


def _chapter_id(nodes: list[dict[str, Any]], number: int) -> str | None:
    for node in nodes:
        if node["chapter"] == number:
            return str(node["id"])
        found = _chapter_id(node["children"], number)
        if found:
            return found
    return None


def _prune(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop entries with neither a chapter nor entries below them."""
    kept = []
    for node in nodes:
        node["children"] = _prune(node["children"])
        if node["chapter"] is not None or node["children"]:
            kept.append(node)
    return kept
