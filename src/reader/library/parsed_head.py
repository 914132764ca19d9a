"""`parse_head`: what the loader reads from one Markdown file, and nothing more.

Its front matter (parsed), where its body starts, and its first `# heading` when
the front matter gives no title: a `CachedHead`, which the head cache keeps
between runs. Problems (an unreadable file, bad front matter) are reported
through `report` and the rest is still read, as `reader.library.loader` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library import frontmatter
from reader.library.file_head import Report, read_head
from reader.library.head_cache import CachedHead
from reader.library.markdown_blocks import first_title


def parse_head(path: Path, deep: bool, report: Report) -> CachedHead | None:
    """The parsed head of the file at `path`, or None when it is unusable (reported)."""
    head = read_head(path, deep, report)
    if head is None:
        return None
    try:
        part = frontmatter.split(head)
    except frontmatter.FrontMatterError as error:
        report(path, f"{error}; read as plain Markdown", error.line)
        part = frontmatter.Split(None, "", 0)
    meta: dict[str, Any] = {}
    try:
        meta = frontmatter.parse(part)
    except frontmatter.FrontMatterError as error:
        report(path, f"{error}; fields ignored", error.line)
    heading = None
    if not str(meta.get("title") or "").strip():
        heading = first_title(head[part.body_offset :].decode("utf-8", errors="replace"))
    return CachedHead(meta, part.body_offset, heading)
