"""What a reader sees of an article or a section before reading it.

- `lead(body)`: an article's first paragraph as plain text, for the preview of
  an article with no `summary` (a title and a word count say little).
- `contents_page(library, section, marks)`: a section's contents as Markdown,
  for a section whose introduction is missing or empty (it opened as an empty
  page): each article with its byline, reading mark and summary, each
  sub-section with its size, every title a link the reader can follow.

No Textual and no state here: the reading marks (`43%`, `✓`) come from the
caller, who knows the store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import quote

from reader.library.markdown_blocks import TEXT, plain_text, scan
from reader.library.model import Library, Section

#: About how long a lead is: a paragraph, cut at a word.
LEAD_LENGTH = 300
#: Lines that are source syntax rather than prose: HTML, admonitions, includes,
#: tables, reference definitions, images alone on their line.
_NOT_PROSE = re.compile(r"\s*(?:<|!!!|\?\?\?|-{1,2}8<|\||\[[^\]]+\]:|!\[[^\]]*\]\([^)]*\)\s*$)")
_LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s?)+")


def lead(body: str, length: int = LEAD_LENGTH) -> str:
    """The first paragraph of prose in `body`, plain, cut near `length` at a word with `…`."""
    lines: list[str] = []
    for offset, line, kind, heading in scan(body):
        if kind == TEXT and not _NOT_PROSE.match(line):
            lines.append(_LIST_OR_QUOTE.sub("", line, count=1))
        elif heading is not None and heading.offset < offset:
            lines.clear()  # a setext heading: its text was no paragraph
        elif lines:
            break  # the paragraph ended (a blank line, a heading, code)
        if sum(len(text) for text in lines) > 4 * length:
            break
    text = plain_text(" ".join(lines))
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > length // 2 else length].rstrip(" ,;:") + "…"


def contents_page(
    library: Library,
    section: Section,
    marks: Mapping[str, str] | None = None,
    *,
    links: bool = True,
) -> str:
    """`section`'s contents as Markdown; `marks` maps article ids to `43%` or `✓`.

    With `links`, each title links to its article (for the reader, which follows
    links); without, titles are plain (for a preview, where a link shows its URL).
    """
    marks = marks or {}
    lines: list[str] = []
    for child in section.children:
        title = _escaped(child.title)
        if links:
            title = f"[{title}](/{quote(child.path.relative_to(library.path).as_posix())})"
        if isinstance(child, Section):
            count = child.article_count
            lines.append(f"- **{title}** · {count} article{'s' * (count != 1)}")
            continue
        details = " · ".join(part for part in (child.byline, marks.get(child.id, "")) if part)
        lines.append(f"- **{title}**" + (f" · {_escaped(details)}" if details else ""))
        if child.summary:  # on a line of its own (a hard break)
            lines[-1] += "\\"
            lines.append(f"  {_escaped(' '.join(child.summary.split()))}")
    return "\n".join(lines) + "\n" if lines else "This section is empty.\n"


def _escaped(text: str) -> str:
    """`text` shown as it is inside Markdown: its punctuation is not syntax."""
    return re.sub(r"([\\`*_\[\]<>#|~!])", r"\\\1", text)
