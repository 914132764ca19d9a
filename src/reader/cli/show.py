"""`reader show ID`: an article printed as rendered text, a unit at a time.

Rendering a whole article with one `rich.markdown.Markdown` costs far more than
linear time on long inputs (a 50 MB one-line article never finished). The
reading engine already splits an article into units of a few thousand
characters at block boundaries (breaking endless lines between words) and
renders each on its own (`reader.reading`): `show` prints with the same engine,
unit by unit, so its time grows with the article's length and nothing else.
"""

from __future__ import annotations

import shutil
import sys

from rich.console import Console
from rich.segment import Segment, Segments
from rich.theme import Theme

from reader.library.model import Article
from reader.reading.document import split
from reader.reading.render import RenderStyle, render_unit

#: Rich's own Markdown code theme (what `Markdown` uses when given none).
CODE_THEME = "monokai"


def print_article(article: Article, body: str) -> None:
    """Write `article`'s title, byline and rendered `body` to stdout."""
    console = Console(highlight=False)
    terminal = console.is_terminal
    width = shutil.get_terminal_size((80, 24)).columns if terminal else console.width
    header = [article.title]
    details = " · ".join(part for part in (article.byline, article.date_text) if part)
    if terminal:
        console.print(article.title, style="bold", markup=False)
        if details:
            console.print(details, style="dim", markup=False)
        console.print()
    else:
        header += [details] if details else []
        sys.stdout.write("\n".join(header) + "\n\n")
    style = RenderStyle(width, Theme(), CODE_THEME)
    document = split(body)
    for index, unit in enumerate(document.units):
        rendered = render_unit(document.text(unit), style, leading_blank=index > 0)
        if terminal:
            for line in rendered.lines:  # styled, without links (as before: no OSC 8)
                plain = [
                    Segment(s.text, s.style.update_link(None) if s.style else None) for s in line
                ]
                console.print(Segments(plain), soft_wrap=True)
        else:  # a file or a pipe wants plain lines, unpadded
            sys.stdout.write("".join(text + "\n" for text in rendered.texts))
