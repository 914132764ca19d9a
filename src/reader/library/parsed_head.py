"""`parse_head`: what the loader reads from one Markdown file, and nothing more.

Its front matter (parsed), where its body starts, and its first `# heading` when
the front matter gives no title: a `CachedHead`, which the head cache keeps
between runs. `typed_article` makes the article's typed fields of it. Problems
(an unreadable file, bad front matter, a bad field) are reported through `report`
and the rest is still read, as `reader.library.loader` does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.library import frontmatter, metadata
from reader.library.file_head import Report, read_head
from reader.library.head_cache import CachedHead
from reader.library.markdown_blocks import first_title
from reader.library.model import Article
from reader.library.sanitize import clean_line


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


def typed_article(path: Path, article_id: str, head: CachedHead, report: Report) -> Article:
    """The article with its fields set from `head` (bad values reported and ignored),
    its title left empty when neither its fields nor its heading give one."""
    if head.fields is not None:  # a cached head: no problem, fields typed already
        return Article(article_id, path, *head.fields, head.meta, head.body_offset)
    article = Article(
        id=article_id, path=path, title="", meta=head.meta, body_offset=head.body_offset
    )
    for field_name, message in metadata.apply(article, head.meta):
        report(path, f"field {field_name!r}: {message}")
    if not article.title and head.heading:
        article.title = clean_line(head.heading)
    return article
