"""What a reader sees of an article or a section before reading it.

- `lead(body)`: an article's first paragraph as plain text, for the preview of
  an article with no `summary` (a title and a word count say little).
- `article_facts(library, article)`: its word count and lead, a long file read
  as bytes (counted in C) and decoded only as far as its lead; `long_body`
  tells the caller it takes a moment (a 20 MB book: a quarter of a second).
- `contents_page(library, section, marks)`: a section's contents as Markdown,
  for a section whose introduction is missing or empty (it opened as an empty
  page): each article with its byline, reading mark and summary, each
  sub-section with its size, every title a link the reader can follow.

No Textual and no state here: the reading marks (`43%`, `✓`) come from the
caller, who knows the store.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Mapping
from urllib.parse import quote

from reader.library.markdown_blocks import TEXT, plain_text, scan
from reader.library.model import Article, Library, Section, word_count
from reader.library.sanitize import clean_text
from reader.library.words import body_pieces, words_of_pieces

#: About how long a lead is: a paragraph, cut at a word.
LEAD_LENGTH = 300
#: Lines that are source syntax rather than prose: HTML, admonitions, includes,
#: tables, reference definitions, images alone on their line.
_NOT_PROSE = re.compile(r"\s*(?:<|!!!|\?\?\?|-{1,2}8<|\||\[[^\]]+\]:|!\[[^\]]*\]\([^)]*\)\s*$)")
_LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|>\s?)+")


#: A file at least this long is counted apart from the screen (`long_body`).
LONG_BODY = 512 * 1024
#: Bytes of a body its lead is looked for in first.
OPENING = 64 * 1024


def long_body(article: Article) -> bool:
    """True when `article` is a file long enough for `article_facts` to take a moment."""
    if article.generated_body is not None or article.body_reader is not None:
        return False
    try:
        return os.stat(article.path).st_size >= LONG_BODY
    except OSError:
        return False  # `article_facts` says what is wrong


def article_facts(library: Library, article: Article) -> tuple[int, str]:
    """Its word count (as `word_count(library.read_body(article))`) and, when it has
    no summary, its first paragraph (`lead`). Raises OSError as `read_body`.

    A file is read a piece at a time (`body_pieces`), its lead found in the first
    piece: counting a 20 MB book in a thread never holds the book whole, which
    left 20 MB in that thread's heap for good.
    """
    if article.generated_body is None and article.body_reader is None:
        pieces = body_pieces(article)
        first = next(pieces)
        words = words_of_pieces(itertools.chain([first], pieces))
        if words is not None:
            return words, "" if article.summary else _lead_of(library, article, first)
    body = library.read_body(article)  # converted, or decoding and cleaning could change it
    return word_count(body), "" if article.summary else lead(body)


def _lead_of(library: Library, article: Article, start: bytes) -> str:
    """`lead` of a plain article from `start`, the beginning of its body, decoding
    no more than it needs: its first 64 KB cut at their last blank line (a
    paragraph, a heading underlined on the next line or a character never runs
    across one), when a paragraph of prose ends before it; else all of it."""
    opening = start[: OPENING + 1]
    cut = max(opening.rfind(b"\n\n"), opening.rfind(b"\n\r\n"))
    if len(opening) > OPENING and cut > 0:
        first = lead(clean_text(opening[:cut].decode("utf-8", errors="replace")))
        if first:
            return first
    return lead(library.read_body(article))


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
