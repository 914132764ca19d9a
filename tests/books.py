"""Small EPUB books and a saved web page for the tests: EPUB 3 (nav) or EPUB 2 (NCX).

`write_epub(path, docs, toc=...)` writes a real zip with `mimetype`,
`META-INF/container.xml`, an OPF (metadata, manifest, spine) and the table of
contents; the keyword arguments break it in the ways a real book breaks.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path


@dataclass
class Doc:
    """One XHTML document of the spine: its file name and the inside of its `<body>`."""

    name: str
    body: str
    title: str = ""


@dataclass
class Entry:
    """One table-of-contents line: a label, an href (`ch1.xhtml#part`), entries below."""

    label: str
    href: str
    children: list[Entry] = field(default_factory=list)


XHTML = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>{title}</title><style>p {{ color: red }}</style></head>
<body>{body}</body></html>
"""
CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""


def _nav(entries: list[Entry]) -> str:
    items = "".join(
        f'<li><a href="{escape(e.href)}">{escape(e.label)}</a>'
        + (f"<ol>{_nav(e.children)}</ol>" if e.children else "")
        + "</li>"
        for e in entries
    )
    return items


def _ncx(entries: list[Entry], counter: list[int]) -> str:
    out = []
    for e in entries:
        counter[0] += 1
        out.append(
            f'<navPoint id="p{counter[0]}" playOrder="{counter[0]}">'
            f"<navLabel><text>{escape(e.label)}</text></navLabel>"
            f'<content src="{escape(e.href)}"/>{_ncx(e.children, counter)}</navPoint>'
        )
    return "".join(out)


def write_epub(
    path: Path,
    docs: list[Doc],
    toc: list[Entry] | None = None,
    *,
    version: int = 3,
    title: str = "A Test Book",
    authors: tuple[str, ...] = ("Ann Author",),
    date: str = "1869-01-01",
    language: str = "en",
    description: str = "A <b>short</b> book made by a test.",
    missing: tuple[str, ...] = (),
    extra: dict[str, bytes] | None = None,
    no_container: bool = False,
    no_opf: bool = False,
    truncate: bool = False,
) -> Path:
    """Write the book at `path`; `missing` names documents left out of the zip."""
    toc = toc if toc is not None else [Entry(d.title or d.name, d.name) for d in docs]
    creators = "".join(f"<dc:creator>{escape(a)}</dc:creator>" for a in authors)
    manifest = "".join(
        f'<item id="{d.name.split(".")[0]}" href="{d.name}" media-type="application/xhtml+xml"/>'
        for d in docs
    )
    spine = "".join(f'<itemref idref="{d.name.split(".")[0]}"/>' for d in docs)
    if version == 3:
        manifest += (
            '<item id="nav" href="nav.xhtml" properties="nav" media-type="application/xhtml+xml"/>'
        )
    else:
        manifest += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{version}.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="id">urn:test:{escape(title)}</dc:identifier><dc:title>{escape(title)}</dc:title>
{creators}<dc:date>{date}</dc:date><dc:language>{language}</dc:language>
<dc:description>{escape(description)}</dc:description></metadata>
<manifest>{manifest}</manifest><spine toc="ncx">{spine}</spine></package>"""
    nav = XHTML.format(
        title="Contents", body=f'<nav epub:type="toc"><h1>Contents</h1><ol>{_nav(toc)}</ol></nav>'
    )
    ncx = (
        '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">'
        f"<navMap>{_ncx(toc, [0])}</navMap></ncx>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        if not no_container:
            book.writestr("META-INF/container.xml", CONTAINER)
        if not no_opf:
            book.writestr("OEBPS/content.opf", opf)
        book.writestr(
            "OEBPS/nav.xhtml" if version == 3 else "OEBPS/toc.ncx", nav if version == 3 else ncx
        )
        for doc in docs:
            if doc.name not in missing:
                book.writestr(
                    f"OEBPS/{doc.name}", XHTML.format(title=escape(doc.title), body=doc.body)
                )
        for name, data in (extra or {}).items():
            book.writestr(name, data)
    if truncate:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    return path


def sample_docs() -> list[Doc]:
    """A cover, two chapters (the second in two parts), and notes: for most tests."""
    return [
        Doc("cover.xhtml", '<p><img src="cover.jpg" alt="The cover"/></p>', "Cover"),
        Doc(
            "ch1.xhtml",
            '<h1>Chapter One</h1><p>It was a <em>dark</em> night.<a epub:type="noteref" '
            'href="#n1">1</a></p><p>Go to <a href="ch2.xhtml">the next chapter</a>.</p>'
            '<aside epub:type="footnote" id="n1"><p>A footnote.</p></aside>',
            "Chapter One",
        ),
        Doc(
            "ch2.xhtml",
            '<h1 id="a">Chapter Two</h1><p>First part.</p><h2 id="b">Second part</h2>'
            "<p>The end of the tale.</p><script>alert(1)</script>",
            "Chapter Two",
        ),
        Doc("colophon.xhtml", "<p>Set in a fine typeface.</p>", "Colophon"),
    ]


#: A saved page with everything a page carries besides its article.
PAGE = """<!doctype html><html><head><title>Example Site | The Long River</title>
<meta property="og:title" content="The Long River">
<meta property="og:site_name" content="Example Site">
<meta name="author" content="Jane Doe">
<meta name="description" content="A piece about rivers.">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"The Long River",
"author":{"@type":"Person","name":"Jane Doe"},"datePublished":"2024-03-05"}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> Site navigation menu</nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article><h1>The Long River</h1>
<p>Rivers carry water from the mountains to the sea, and along the way they shape valleys,
feed farms and carry boats laden with goods. This is the opening of a long article.</p>
<h2>Upstream</h2>
<p>In the mountains the river is young and fast. It cuts deep gorges through the rock
and falls in <em>white</em> cascades, as the <a href="https://example.org/x">survey</a> shows.</p>
<p>On the plains it slows down and meanders through fields and towns for many miles.</p>
</article>
<div class="share">Share on Twitter Share on Facebook</div>
<section class="comments"><h3>Comments</h3><p>Great article! Comment by a reader.</p></section>
<aside class="related"><h3>Related articles</h3>
<ul><li><a href="/a">Other story</a></li></ul></aside>
<footer>Copyright Example Site</footer></body></html>
"""

#: Encryption of the text (not only fonts): a DRM-protected book.
DRM = (
    b'<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    b'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod '
    b'Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/></enc:EncryptedData></encryption>'
)
