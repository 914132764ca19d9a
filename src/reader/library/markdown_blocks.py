"""The one scanner of Markdown's block structure: headings and code fences.

Everything in `reader` that needs to know where a heading is, or whether a line
is code, asks here: the render units and the outline (`reading.document`), an
article's title from its first heading (`library.loader`), the heading above a
bookmark (`state.places`). It is a line scan, not a Markdown parse, so it costs
little on a 20 MB book. Front matter is split off before (`library.frontmatter`).

What it follows of CommonMark, because a reader would notice otherwise:
- ATX headings, `## Title`, up to three spaces in; a closing run of `#` counts
  only after a space (`## Notes on C#` keeps its `#`).
- Setext headings: a paragraph followed by a line of `=` (level 1) or `-`
  (level 2). `---` after a blank line is a thematic break, not a heading, and
  a list item, quote or table row followed by `---` is not a heading either.
- Fenced code (three or more backticks or tildes), closed by a fence of the
  same character, at least as long, with nothing after it. Nothing inside code
  is a heading.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reader.library.sanitize import clean_line

#: Kinds of line, as `scan` reports them.
BLANK = 0
TEXT = 1
FENCE = 2  # the opening line of a fenced code block
CODE = 3  # inside a fenced code block, or its closing fence
HEADING = 4  # an ATX heading line, or a setext heading's underline

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_UNDERLINE = re.compile(r" {0,3}(=+|-+)[ \t]*$")
#: Lines that start a block of their own: a following `---` is a rule, not a heading.
_NOT_PARAGRAPH = re.compile(r" {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||<)")
#: A link or image: its label (backslash escapes allowed in it) and its target.
_INLINE_LINK = re.compile(r"!?\[((?:\\.|[^\]\\])*)\]\([^)]*\)|!?\[((?:\\.|[^\]\\])*)\]\[[^\]]*\]")
#: A backslash escaping ASCII punctuation (`\[1\]`): the character itself.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"(?<![\w\\])[*_]{1,3}(?=\S)|(?<=[^\s\\])[*_]{1,3}(?![\w])|~~")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
#: What a line must start with (after up to three spaces) to be more than prose:
#: a heading, fence, underline, list item, quote, table row or HTML block.
_MAYBE_BLOCK = re.compile(r" {0,3}[#`~=\-*+>|<\d]")
#: Inline markup and entities: a title without any is taken as it is.
_INLINE_MARKUP = re.compile(r"[*_`\[\]<>&\\!~]")


@dataclass(frozen=True)
class Heading:
    """A heading: its level (1-6), its plain text, and where its first line starts."""

    level: int
    title: str
    offset: int


def plain_text(inline: str) -> str:
    """Inline Markdown as the plain text a reader sees: `**Part** [one](x) &amp; <b>two</b>`
    -> `Part one & two`; a code span keeps its text, entities decoded (a title reads
    `<border>`, not `&lt;border&gt;`). Used for every title taken from a heading."""
    if not _INLINE_MARKUP.search(inline):
        return clean_line(inline)  # most headings: no regex pass needed
    pieces: list[str] = []
    position = 0
    for span in _CODE_SPAN.finditer(inline):
        pieces += [_plain(inline[position : span.start()]), html.unescape(span.group(2))]
        position = span.end()
    pieces.append(_plain(inline[position:]))
    return clean_line("".join(pieces))  # `&#27;` decodes to a control character


def _plain(text: str) -> str:
    text = _INLINE_LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
    text = _EMPHASIS.sub("", _TAG.sub("", text))
    return html.unescape(_ESCAPED.sub(r"\1", text))


def scan(source: str) -> Iterator[tuple[int, str, int, Heading | None]]:
    """Each line of `source`: (offset, text, kind, heading).

    `heading` is set on the line that completes a heading: the ATX line itself,
    or a setext underline, whose heading starts at its paragraph's first line
    (an offset already passed).
    """
    offset = 0
    fence: str | None = None
    #: The open paragraph: its first line's offset and its lines (None if none open).
    paragraph_start = -1
    paragraph: list[str] = []
    #: Inside a list item, quote, table or HTML block: its lines are no paragraph.
    other_block = False
    for line in source.split("\n"):
        heading: Heading | None = None
        if fence is not None:
            kind = CODE
            match = _FENCE.match(line)
            if (
                match
                and match.group(1)[0] == fence[0]
                and len(match.group(1)) >= len(fence)
                and not line[match.end() :].strip()
            ):
                fence = None
        elif not line.strip():
            kind = BLANK
            paragraph_start, other_block = -1, False
        elif not _MAYBE_BLOCK.match(line):  # prose, most lines: one regex, not four
            kind = TEXT
            if paragraph_start < 0 and not other_block and not line.startswith("    "):
                paragraph_start, paragraph = offset, []
            if paragraph_start >= 0:
                paragraph.append(line)
        elif match := _FENCE.match(line):
            kind, fence, paragraph_start = FENCE, match.group(1), -1
        elif (match := _ATX.match(line)) and not line.startswith("    "):
            kind, paragraph_start = HEADING, -1
            heading = Heading(len(match.group(1)), plain_text(match.group(2) or ""), offset)
        elif paragraph_start >= 0 and (match := _UNDERLINE.match(line)):
            kind = HEADING
            level = 1 if match.group(1)[0] == "=" else 2
            heading = Heading(level, plain_text(" ".join(paragraph)), paragraph_start)
            paragraph_start = -1
        else:
            kind = TEXT
            if _NOT_PARAGRAPH.match(line):
                other_block, paragraph_start = True, -1
            elif (
                paragraph_start < 0
                and not other_block
                and not line.startswith("    ")
                and not _UNDERLINE.match(line)
            ):
                paragraph_start, paragraph = offset, []
            if paragraph_start >= 0:
                paragraph.append(line)
        yield offset, line, kind, heading
        offset += len(line) + 1


def headings(source: str) -> list[Heading]:
    """Every heading of `source`, in order."""
    return [heading for _, _, _, heading in scan(source) if heading is not None]


def first_title(source: str) -> str | None:
    """The plain text of the first level-one heading (an article's title when it has none)."""
    for _, _, _, heading in scan(source):
        if heading is not None and heading.level == 1 and heading.title:
            return heading.title
    return None
