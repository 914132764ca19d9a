"""Markdown that Rich would lose, rewritten into Markdown it shows.

Rich's Markdown (markdown-it) drops HTML blocks, knows no footnotes and runs a
block quote's paragraphs together. Documentation sites are full of all three
(`<details><summary>`, `<div><p>`, `[^1]`), so each unit goes through `prepare`
before it is rendered:

- an HTML block becomes its text, tags removed (`<!-- comments -->`, scripts
  and styles become nothing), one paragraph per block-level element;
- a footnote reference `[^1]` becomes a superscript number (`¹`; a named one
  `[^note]` becomes `⁽note⁾`), and its definition `[^1]: text` a paragraph of
  its own, `¹ text`, under a "Notes" rule where a run of them begins, as a site
  shows them at the end of the page;
- a blank line inside a block quote stays a blank line;
- an admonition (`!!! note "Title"` or `??? tip`, then indented lines) becomes a
  block quote under its title in bold, not a line of `!!!` and a paragraph;
- a fenced code line too long for the width is cut into lines that each begin
  with `↪ ` after the first (Rich wrapped it to column 0, unmarked).

Only the text changes: nothing inside code (fenced or in a code span) is
touched, and an input with none of these comes back as it is, so the cost on
plain prose is a few regex scans.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from rich.cells import cell_len

from reader.library.markdown_blocks import CODE, FENCE, scan

#: Tags that start an HTML block anywhere, even after a paragraph line (CommonMark type 6).
BLOCK_TAGS = frozenset(
    "address article aside base basefont blockquote body caption center col colgroup dd "
    "details dialog dir div dl dt fieldset figcaption figure footer form frame frameset "
    "h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav "
    "noframes ol optgroup option p param search section summary table tbody td tfoot th "
    "thead title tr track ul".split()
)
#: Elements whose content is never text for a reader.
HIDDEN_TAGS = frozenset({"script", "style", "textarea"})

_HTML_START = re.compile(r" {0,3}<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)|\s{0,3}<!--")
_LONE_TAG = re.compile(r" {0,3}</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>\s*$")
_DEFINITION = re.compile(r" {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)")
_REFERENCE = re.compile(r"(`+).+?\1|\[\^([^\]\s]+)\](?!:)")
_QUOTE_BLANK = re.compile(r" {0,3}(>[ >]*?)\s*$")
_QUOTE_TEXT = re.compile(r" {0,3}>[ >]*\S")
_ADMONITION = re.compile(r' {0,3}(?:!!!|\?\?\?\+?)[ \t]*([\w-]*)(?:[ \t]+"([^"]*)")?[ \t]*$')
_FENCE_ONLY = re.compile(r" {0,3}(?:`{3,}|~{3,})\s*$")
#: Cells Rich's code block takes from the width (one of padding each side).
CODE_PADDING = 2
#: What begins the rest of a code line too long for the width.
CONTINUATION = "↪ "
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Anything worth a closer look: most units have none of it.
_WORTH_A_LOOK = re.compile(r"<|\[\^|^ {0,3}(?:>|!!!|\?\?\?)", re.MULTILINE)


def prepare(markdown: str, width: int | None = None) -> str:
    """`markdown` with HTML blocks, footnotes and quote paragraphs made visible, and
    code lines longer than `width` (if given) cut with a continuation mark."""
    long_code = width is not None and _has_long_code(markdown, width)
    if not long_code and not _WORTH_A_LOOK.search(markdown):
        return markdown
    out: list[str] = []
    lines = markdown.split("\n")
    kinds = [kind for _, _, kind, _ in scan(markdown)]
    in_notes = False
    number = 0
    while number < len(lines):
        line, kind = lines[number], kinds[number]
        if kind in (FENCE, CODE):
            if long_code and width is not None and kind == CODE and not _FENCE_ONLY.match(line):
                out += continued(line, width - CODE_PADDING)
            else:
                out.append(line)
            number += 1
            in_notes = False
            continue
        if html := _html_block_end(lines, number, out):
            out += ["", *html_text(lines[number:html]), ""]
            number, in_notes = html, False
            continue
        if admonition := _ADMONITION.match(line):
            number, quoted = _admonition(lines, number + 1)
            kind_name, title = admonition.group(1), admonition.group(2)
            heading = title if title is not None else kind_name.replace("-", " ").capitalize()
            out += ["", f"> **{heading}**" if heading else ">", *quoted, ""]
            in_notes = False
            continue
        if definition := _DEFINITION.match(line):
            label, text = definition.groups()
            number += 1
            while number < len(lines) and _continues_note(lines, number, kinds):
                text += " " + lines[number].strip()
                number += 1
            if not in_notes and any(previous.strip() for previous in out):
                out += ["", "---", "", "**Notes**"]
            out += ["", f"{footnote_mark(label)} {references(text)}", ""]
            in_notes = True
            continue
        if line.strip():
            in_notes = False
        if (blank := _QUOTE_BLANK.match(line)) and _quote_paragraphs_around(lines, number):
            marker = blank.group(1).rstrip()
            out += [marker, f"{marker} &nbsp;", marker]
        else:
            out.append(references(line) if "[^" in line else line)
        number += 1
    return "\n".join(out)


def _admonition(lines: list[str], number: int) -> tuple[int, list[str]]:
    """The admonition body from line `number` (its indented lines, blank lines between
    them) as quoted lines, and the number of the first line after it."""
    quoted: list[str] = []
    end = number
    while end < len(lines) and (lines[end].startswith(("    ", "\t")) or not lines[end].strip()):
        if not lines[end].strip() and not any(
            line.strip() for line in lines[end + 1 : end + 2] if line.startswith(("    ", "\t"))
        ):
            break  # a blank line not followed by more of the body ends it
        quoted.append(">" if not lines[end].strip() else "> " + references(lines[end][4:]))
        end += 1
    if quoted:
        quoted.insert(0, ">")
    return end, quoted


def _has_long_code(markdown: str, width: int) -> bool:
    if "```" not in markdown and "~~~" not in markdown:
        return False
    return any(len(line) > width - CODE_PADDING for line in markdown.split("\n"))


def continued(line: str, width: int) -> list[str]:
    """`line` cut into pieces of at most `width` cells; each piece after the first
    begins with the continuation mark."""
    line = line.expandtabs(4)
    if cell_len(line) <= width or width <= len(CONTINUATION) + 10:
        return [line]
    pieces: list[str] = []
    piece, room = "", width
    for character in line:
        if cell_len(piece) + cell_len(character) > room:
            pieces.append(piece)
            piece, room = CONTINUATION, width
        piece += character
    pieces.append(piece)
    return pieces


def footnote_mark(label: str) -> str:
    """`1` -> `¹`; a named note keeps its name: `note` -> `⁽note⁾`."""
    return label.translate(_SUPERSCRIPT) if label.isdigit() else f"⁽{label}⁾"


def references(text: str) -> str:
    """Footnote references in `text` as superscript marks (code spans untouched)."""
    return _REFERENCE.sub(lambda m: footnote_mark(m.group(2)) if m.group(2) else m.group(0), text)


def _continues_note(lines: list[str], number: int, kinds: list[int]) -> bool:
    line = lines[number]
    if not line.strip() or kinds[number] in (FENCE, CODE) or _DEFINITION.match(line):
        return False
    return line[0].isspace() or bool(lines[number - 1].strip())


def _quote_paragraphs_around(lines: list[str], number: int) -> bool:
    """A bare `>` line with quoted text right above and right below it."""
    return (
        0 < number < len(lines) - 1
        and bool(_QUOTE_TEXT.match(lines[number - 1]))
        and bool(_QUOTE_TEXT.match(lines[number + 1]))
    )


def _html_block_end(lines: list[str], number: int, out: list[str]) -> int:
    """The line after the HTML block starting at `number`, or 0 if none starts there.

    A comment runs to its `-->`, a script or style to its closing tag, any other
    block to the next blank line; a lone tag of another kind (`<span>`) starts a
    block only after a blank line, as in CommonMark.
    """
    line = lines[number]
    start = _HTML_START.match(line)
    if start is None:
        return 0
    name = (start.group(2) or "").lower()
    if not name:  # a comment
        end = number
        while end < len(lines) and "-->" not in lines[end]:
            end += 1
        return min(end + 1, len(lines))
    if name in HIDDEN_TAGS or name == "pre":
        closing = f"</{name}>"
        end = number
        while end < len(lines) and closing not in lines[end].lower():
            end += 1
        return min(end + 1, len(lines))
    after_blank = not out or not out[-1].strip()
    if name not in BLOCK_TAGS and not (after_blank and _LONE_TAG.match(line)):
        return 0
    end = number + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return end


class _TextOf(HTMLParser):
    """The text of some HTML, one paragraph per block-level element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # entities stay for Markdown to decode
        self.paragraphs: list[list[str]] = [[]]
        self.hidden = 0

    def _break(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif tag in BLOCK_TAGS or tag in ("br", "pre"):
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS or tag == "pre":
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.paragraphs[-1].append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def html_text(lines: list[str]) -> list[str]:
    """The text of an HTML block's lines: paragraphs separated by blank lines."""
    parser = _TextOf()
    parser.feed("\n".join(lines))
    parser.close()
    out: list[str] = []
    for pieces in parser.paragraphs:
        text = " ".join("".join(pieces).split())
        if text:
            out += [text, ""]
    return out[:-1]
