"""Rendering one unit of Markdown to terminal lines with Rich.

No Textual here: the function is called from a worker thread as well as the UI
thread, so each call builds its own `Console` and shares nothing mutable.
Links keep their target in the segments' style (`Style.link`), and each unit
lists where its links are, so the view can focus them with `tab` and open them
with `enter` or a click; the reading screen shows the URL of the focused link.
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from rich.cells import cell_len
from rich.console import Console
from rich.markdown import Markdown
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme

from reader.reading.markdown_text import prepare
from reader.textsearch.fold import fold
from reader.textsearch.folded import FoldedText

#: Characters Rich draws around text (quote bars, bullets, table borders):
#: skipped at the start of a line when building searchable text.
DECORATION = " \t▌│┃║•◦▪■●○─━┌┐└┘├┤┬┴┼╭╮╰╯"


@dataclass(frozen=True)
class LinkSpan:
    """A link's text on one line: cells [start, end) of line `line`, and its target."""

    line: int
    start: int
    end: int
    url: str


@dataclass
class RenderedUnit:
    """A unit as lines of segments, with each line's text and searchable text."""

    lines: list[list[Segment]]
    texts: list[str]
    #: The lines' content (decoration stripped) joined by newlines, for search.
    search_text: str = ""
    #: For each line: its offset in `search_text` and its first content column.
    line_starts: list[int] = field(default_factory=list)
    content_columns: list[int] = field(default_factory=list)
    links: list[LinkSpan] = field(default_factory=list)
    _folded: dict[bool, FoldedText] = field(default_factory=dict, repr=False)

    def folded(self, casefold: bool) -> FoldedText:
        """`search_text` folded for search (kept: a unit's text never changes)."""
        folded = self._folded.get(casefold)
        if folded is None:
            folded = self._folded[casefold] = fold(self.search_text, casefold=casefold)
        return folded


@dataclass(frozen=True)
class RenderStyle:
    """What a rendering depends on besides the text: width, theme, code theme."""

    width: int
    theme: Theme
    code_theme: str


def render_unit(markdown: str, style: RenderStyle, *, leading_blank: bool) -> RenderedUnit:
    """Render `markdown` at `style.width`; `leading_blank` separates it from the unit above."""
    console = Console(
        width=style.width,
        file=io.StringIO(),
        color_system="truecolor",
        force_terminal=True,
        theme=style.theme,
        legacy_windows=False,
        emoji=False,
        highlight=False,
    )
    document = _markdown(prepare(markdown, style.width), style.code_theme)
    lines = console.render_lines(document, console.options, pad=False, new_lines=False)
    lines = [list(Segment.simplify(line)) for line in lines]
    while lines and not "".join(seg.text for seg in lines[-1]).strip():
        lines.pop()
    if leading_blank and lines:
        lines.insert(0, [])
    texts = ["".join(segment.text for segment in line).rstrip() for line in lines]
    unit = RenderedUnit(lines, texts)
    pieces: list[str] = []
    offset = 0
    for text in texts:
        column = len(text) - len(text.lstrip(DECORATION))
        content = text[column:]
        unit.line_starts.append(offset)
        unit.content_columns.append(column)
        pieces.append(content)
        offset += len(content) + 1
    unit.search_text = "\n".join(pieces)
    unit.links = _links(lines)
    return unit


_parsers = threading.local()


def _markdown(markup: str, code_theme: str) -> Markdown:
    """Rich's `Markdown`, parsed by one markdown-it parser per thread.

    `Markdown()` builds a parser each time (about 1 ms): a 20 MB book has 10,000
    units. The attributes set are those of `Markdown.__init__` with its defaults.
    """
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = MarkdownIt().enable("strikethrough").enable("table")
    document = Markdown.__new__(Markdown)
    document.markup = markup
    document.parsed = parser.parse(markup)
    document.code_theme = code_theme
    document.justify = None
    document.style = "none"
    document.hyperlinks = True
    document.inline_code_lexer = None
    document.inline_code_theme = code_theme
    return document


#: Every kind of block, with code in the languages books use most: rendered once
#: (`warm_up`) so the lexers and styles are loaded before the first page-down needs them.
_SAMPLE = (
    "# Title\n\nA *paragraph* with **bold**, `code` and a [link](x).\n\n- item\n\n1. one\n\n"
    "> quote\n\n```python\nx = 1\n```\n\n```\nplain\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
)


_warm = threading.Event()


def warm_up(style: RenderStyle) -> None:
    """Render a sample of every block kind, discarding it: Rich and Pygments load their
    lexers, styles and regular expressions on first use, which cost the first
    page-down 300 ms in the UI thread. Once per process; call it from a worker
    thread (the app does, as it starts)."""
    if not _warm.is_set():
        render_unit(_SAMPLE, style, leading_blank=False)
        _warm.set()


def _links(lines: list[list[Segment]]) -> list[LinkSpan]:
    """Where the links are: one span per line a link's text is on."""
    spans: list[LinkSpan] = []
    for number, line in enumerate(lines):
        cell = 0
        for segment in line:
            width = segment.cell_length
            url = segment.style.link if segment.style is not None else None
            if url:
                last = spans[-1] if spans else None
                if last and last.line == number and last.url == url and last.end == cell:
                    spans[-1] = LinkSpan(number, last.start, cell + width, url)
                else:
                    spans.append(LinkSpan(number, cell, cell + width, url))
            cell += width
    return spans


def style_cells(segments: list[Segment], start: int, end: int, style: Style) -> list[Segment]:
    """`segments` with `style` laid over cells [start, end)."""
    head, middle, tail = Segment.divide(segments, [start, end, 10**9])
    return [*head, *Segment.apply_style(middle, post_style=style), *tail]


def highlight(
    segments: list[Segment],
    text: str,
    spans: list[tuple[int, int, bool]],
    match: Style,
    current: Style,
) -> list[Segment]:
    """Lay `match` (or `current`) over the character spans of `text` in `spans`."""
    for start, end, is_current in spans:
        first, last = cell_len(text[:start]), cell_len(text[:end])
        segments = style_cells(segments, first, last, current if is_current else match)
    return segments
