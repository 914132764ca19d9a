"""Names and generated text for what a folder does not say itself.

A folder or file without a title is titled from its name (`01-popular-front`
is "Popular front", ordered by its 01); a folder without an introduction gets
a contents page. Used by the loader; no I/O.
"""

from __future__ import annotations

import re

from reader.library.model import Section
from reader.library.sanitize import clean_line

_NUMBER_PREFIX = re.compile(r"^(\d+)[-_. ]*")


def title_from_name(name: str) -> str:
    """`01-popular-front` -> `Popular front`: a leading number only orders."""
    stem = _NUMBER_PREFIX.sub("", name) or name
    words = clean_line(re.sub(r"[-_]+", " ", stem))
    return words[:1].upper() + words[1:] if words else clean_line(name)


def number_prefix(name: str) -> int | None:
    match = _NUMBER_PREFIX.match(name)
    return int(match.group(1)) if match and match.end() < len(name) else None


def plain_contents(section: Section) -> str:
    """The introduction kept for a folder without one: its contents, as plain Markdown.

    The screens and `reader show` show the richer `contents.contents_page` (summaries,
    reading state) when an introduction is empty; this one is what is indexed.
    """
    lines: list[str] = []
    for child in section.children:
        if isinstance(child, Section):
            lines.append(f"- {child.title} ({child.article_count} articles)")
        else:
            by = f" — {child.byline}" if child.author else ""
            lines.append(f"- {child.title}{by}")
    if not section.children:
        lines.append("This section is empty.")
    return "\n".join(lines) + "\n"
