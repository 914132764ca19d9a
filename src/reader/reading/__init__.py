"""The reading engine, without a screen: units, rendering, line map, matches.

An article's Markdown is split into units at block boundaries (`document`), each
unit rendered to terminal lines with Rich (`render`), and the lines placed in a
`LineMap` that converts between source offsets and rows while rendering is
still under way (`line_map`). `SourceMatches` counts and steps through a
query's matches on the folded source at once (`source_matches`);
`ArticleMatches` adds the highlights of the rendered units on screen
(`matches`). `Selection` is a passage being selected, moved by words,
sentences and paragraphs, and `align` maps rendered text back to its source
(`selection`). The reading widget in `ui` drives all of it; nothing here
imports Textual, so each piece is tested (and benchmarked) on its own.
"""

from reader.library.markdown_blocks import Heading
from reader.reading.document import Document, Unit, split
from reader.reading.line_map import LineMap
from reader.reading.matches import ArticleMatches
from reader.reading.render import LinkSpan, RenderedUnit, RenderStyle, render_unit
from reader.reading.selection import Selection, align
from reader.reading.source_matches import SourceMatches

__all__ = [
    "ArticleMatches",
    "Document",
    "Heading",
    "LineMap",
    "LinkSpan",
    "RenderStyle",
    "RenderedUnit",
    "Selection",
    "SourceMatches",
    "Unit",
    "align",
    "render_unit",
    "split",
]
