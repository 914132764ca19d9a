"""An EPUB book's structure: metadata, table of contents and chapters, read safely.

A book is a zip of XHTML documents; `open_book` reads only its container, OPF
package and navigation (EPUB 3 nav, else EPUB 2 NCX), never the chapters, so
listing a library of books stays quick; `epub_chapters` converts a chapter
when it is read. Everything untrusted is bounded: XML goes through
`defusedxml` (no entity expansion, no network), every entry is read with a
size limit that holds even when the zip's header lies (a zip bomb), and the
whole book's declared size is capped. A book that cannot be read raises
`FormatError` with the reason; a missing chapter is a problem, not a failure.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from reader.library.formats.errors import FormatError

#: The largest single document (chapter, OPF, nav) read from a book.
MAX_ENTRY = 64 * 1024 * 1024
#: The largest total a book's entries may declare when uncompressed.
MAX_BOOK = 1024 * 1024 * 1024
#: Encryption that only obfuscates embedded fonts: the text is readable.
FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
DC = "{http://purl.org/dc/elements/1.1/}"
OPF = "{http://www.idpf.org/2007/opf}"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
ENC = "{http://www.w3.org/2001/04/xmlenc#}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
XHTML_TYPES = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}


@dataclass
class TocEntry:
    """One line of the table of contents: where it points, and the lines below it."""

    label: str
    doc: str | None
    fragment: str | None
    children: list[TocEntry] = field(default_factory=list)


@dataclass
class Package:
    """What the OPF says: metadata, manifest (id -> path, type) and spine."""

    meta: dict[str, Any]
    manifest: dict[str, tuple[str, str, str]]  # id -> (zip path, media type, properties)
    spine: list[str]  # zip paths of the documents in reading order
    ncx_id: str  # the spine's `toc`: the NCX's manifest id (EPUB 2)
    missing: list[str]  # problems: spine documents that are not in the zip
    toc: list[TocEntry] = field(default_factory=list)


def open_zip(path: Path) -> zipfile.ZipFile:
    """The book's zip, checked as a whole; FormatError when it cannot be one."""
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FormatError("not a readable EPUB: the zip file is damaged or truncated") from None
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}") from None
    declared = sum(info.file_size for info in book.infolist())
    if declared > MAX_BOOK:
        book.close()
        limit = MAX_BOOK // 2**20
        raise FormatError(f"unpacks to {declared // 2**20} MB, over {limit} MB (a zip bomb?)")
    return book


def read_entry(book: zipfile.ZipFile, name: str) -> bytes:
    """One entry's bytes, at most MAX_ENTRY whatever its header claims."""
    try:
        info = book.getinfo(name)
    except KeyError:
        raise FormatError(f"{name} is missing from the book") from None
    limit_text = f"{name} unpacks to over {MAX_ENTRY // 2**20} MB (a zip bomb?)"
    if info.file_size > MAX_ENTRY:
        raise FormatError(limit_text)
    try:
        with book.open(info) as stream:
            data = stream.read(MAX_ENTRY + 1)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise FormatError(f"{name} cannot be unpacked ({error})") from None
    if len(data) > MAX_ENTRY:
        raise FormatError(limit_text)
    return data


def parse_xml(data: bytes, name: str) -> Element:
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException:
        raise FormatError(f"{name} declares entities or external references; refused") from None
    except SafeET.ParseError as error:
        raise FormatError(f"{name} is not well-formed XML ({error})") from None


def resolve_href(base: str, href: str) -> tuple[str, str | None]:
    """(zip path, fragment) of `href` found in the document at zip path `base`."""
    target, _, fragment = href.partition("#")
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(target)))
    return (base if not target else path.lstrip("/")), (unquote(fragment) or None)


def _text(element: Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def check_drm(book: zipfile.ZipFile) -> None:
    if "META-INF/encryption.xml" not in book.namelist():
        return
    root = parse_xml(read_entry(book, "META-INF/encryption.xml"), "META-INF/encryption.xml")
    methods = {item.get("Algorithm", "") for item in root.iter(f"{ENC}EncryptionMethod")}
    if methods - FONT_OBFUSCATION or not methods:
        raise FormatError("DRM-encrypted (META-INF/encryption.xml): the text cannot be read")


def read_package(book: zipfile.ZipFile) -> Package:
    """The OPF of an open book, with its table of contents."""
    check_drm(book)
    container = parse_xml(read_entry(book, "META-INF/container.xml"), "META-INF/container.xml")
    rootfile = container.find(f".//{CONTAINER}rootfile")
    opf_path = (rootfile.get("full-path") or "") if rootfile is not None else ""
    if not opf_path:
        raise FormatError("META-INF/container.xml names no OPF package")
    if opf_path not in book.namelist():
        raise FormatError(f"the OPF package {opf_path} is missing from the book")
    opf = parse_xml(read_entry(book, opf_path), opf_path)
    manifest: dict[str, tuple[str, str, str]] = {}
    for item in opf.iter(f"{OPF}item"):
        href = item.get("href")
        if item.get("id") and href:
            path = resolve_href(opf_path, href)[0]
            manifest[item.get("id", "")] = (
                path,
                item.get("media-type", ""),
                item.get("properties", ""),
            )
    names = set(book.namelist())
    spine_element = opf.find(f"{OPF}spine")
    spine: list[str] = []
    missing: list[str] = []
    for ref in spine_element.iter(f"{OPF}itemref") if spine_element is not None else ():
        entry = manifest.get(ref.get("idref", ""))
        if entry is None:
            missing.append(f"spine item {ref.get('idref')!r} is not in the manifest; skipped")
        elif entry[0] not in names:
            missing.append(f"manifest item {entry[0]} is not in the book; skipped")
        elif entry[1] in XHTML_TYPES and entry[0] not in spine:
            spine.append(entry[0])
    if not spine:
        raise FormatError("the book's spine lists no readable document")
    ncx_id = spine_element.get("toc", "") if spine_element is not None else ""
    return Package(_metadata(opf), manifest, spine, ncx_id, missing)


def _metadata(opf: Element) -> dict[str, Any]:
    meta_element = opf.find(f"{OPF}metadata")
    if meta_element is None:
        return {}
    found: dict[str, Any] = {}
    title = _text(meta_element.find(f"{DC}title"))
    if title:
        found["title"] = title
    authors = [_text(item) for item in meta_element.iter(f"{DC}creator")]
    if any(authors):
        found["author"] = [name for name in authors if name]
    for name in ("date", "language", "description"):
        value = _text(meta_element.find(f"{DC}{name}"))
        if value:
            found[name] = value
    return found
