"""`read_head`: the first bytes of an article file, as much as listing it needs.

Listing a library reads each file's front matter and, when it has no title
there, its first `# heading`; never the whole body. The first 8 KB hold both
for almost every article, so that is one read (`FIRST_BYTES`, not 64 KB: a
library of 50,000 articles is read once at its first start). Only when those
bytes give no title is the file read on to `HEAD_BYTES` for a heading, and
when its front matter is not closed by then, on to `frontmatter.SCAN_BYTES`
(past that it is plain Markdown). A deep read (`reader check`) reads it all.

What is unusable (unreadable, empty, binary) is reported and gives None;
bytes that are not UTF-8 are reported and kept (shown with replacements).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from reader.library import frontmatter
from reader.library.files import read_regular
from reader.library.markdown_blocks import first_title

#: How much of each file is read first when listing: its front matter and title, mostly.
FIRST_BYTES = 8 * 1024
#: How far a file is read for a `# heading` when the first bytes give no title.
HEAD_BYTES = 64 * 1024
#: How far past the head an unclosed front matter is looked for (then it is plain text).
FRONT_MATTER_BYTES = frontmatter.SCAN_BYTES - HEAD_BYTES
#: A front-matter `title` with a value on its line (YAML, TOML or JSON).
_TITLE_FIELD = re.compile(r"""^\s*["']?title["']?\s*[:=][ \t]*(?:["'][^"'\n]|[^\s"'#])""", re.M)

Report = Callable[..., None]


def read_head(path: Path, deep: bool, report: Report) -> bytes | None:
    """The file's first bytes (all of it when `deep`), or None when unusable (reported)."""
    try:
        # Only regular files, never blocking (a FIFO), never past a size limit.
        head = read_regular(path, limit=None if deep else FIRST_BYTES)
        truncated = not deep and len(head) == FIRST_BYTES
        titled = truncated and _titled(head)  # then its front matter is closed too
        if truncated and not titled:  # the title may be further: as far as before
            head += read_regular(path, FIRST_BYTES, HEAD_BYTES - FIRST_BYTES)
            truncated = len(head) == HEAD_BYTES
        if truncated and not titled and _unclosed(head):
            head += read_regular(path, len(head), HEAD_BYTES + FRONT_MATTER_BYTES - len(head))
            truncated = len(head) == HEAD_BYTES + FRONT_MATTER_BYTES
    except OSError as error:
        report(path, f"cannot read file: {error.strerror or error}; skipped")
        return None
    if not head.strip():
        report(path, "empty file; skipped")
        return None
    if b"\x00" in head[:8192]:
        report(path, "binary file, not Markdown text; skipped")
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if not (truncated and error.start >= len(head) - 3):
            line = head.count(b"\n", 0, error.start) + 1
            report(path, "not valid UTF-8; shown with replacement characters", line)
    return head


def _titled(head: bytes) -> bool:
    """True when `head` holds a title: closed front matter with a `title` value,
    or a `# heading` after it."""
    try:
        part = frontmatter.split(head)
    except frontmatter.FrontMatterError:
        return False
    if part.syntax is not None and _TITLE_FIELD.search(part.text):
        return True
    return first_title(head[part.body_offset :].decode("utf-8", errors="replace")) is not None


def _unclosed(head: bytes) -> bool:
    """True when `head` opens front matter that it does not close."""
    try:
        frontmatter.split(head)
    except frontmatter.FrontMatterError:
        return True
    return False
