"""Rich styles for rendered Markdown, taken from the current Textual theme.

Rich's Markdown looks styles up by name (`markdown.h1`, `markdown.link`, ...).
Building those names from the theme's variables keeps headings, quotes, code and
links readable in every built-in theme, light or dark.
"""

from __future__ import annotations

from rich.style import Style
from rich.theme import Theme
from textual.color import Color, ColorParseError


def _colour(variables: dict[str, str], name: str, fallback: str) -> str:
    """A theme variable as an opaque hex colour (alpha blended onto the background)."""
    background = Color.parse(variables.get("background", "#000000"))
    try:
        colour = Color.parse(variables.get(name, fallback))
    except ColorParseError:  # "auto 87%" and friends: contrast colours, not fixed ones
        colour = Color.parse(fallback)
    if colour.a < 1:
        colour = background.blend(colour.with_alpha(1.0), colour.a)
    return colour.with_alpha(1.0).hex


def markdown_theme(variables: dict[str, str]) -> Theme:
    """The Rich theme for article text under the Textual theme `variables`."""
    foreground = _colour(variables, "foreground", "#e0e0e0")
    primary = _colour(variables, "text-primary", foreground)
    secondary = _colour(variables, "text-secondary", foreground)
    accent = _colour(variables, "text-accent", foreground)
    muted = _colour(variables, "foreground-muted", foreground)
    surface = _colour(variables, "surface", "#1e1e1e")
    styles = {
        "markdown.h1": Style(color=primary, bold=True),
        "markdown.h1.border": Style(color=primary),
        "markdown.h2": Style(color=primary, bold=True, underline=True),
        "markdown.h3": Style(color=secondary, bold=True),
        "markdown.h4": Style(color=secondary, bold=True, italic=True),
        "markdown.h5": Style(color=secondary, italic=True),
        "markdown.h6": Style(color=muted, italic=True),
        "markdown.block_quote": Style(color=muted, italic=True),
        "markdown.code": Style(color=accent, bgcolor=surface),
        "markdown.code_block": Style(bgcolor=surface),
        "markdown.link": Style(color=accent, underline=True),
        "markdown.link_url": Style(color=muted, underline=True),
        "markdown.item.bullet": Style(color=accent, bold=True),
        "markdown.item.number": Style(color=accent),
        "markdown.hr": Style(color=muted),
        "markdown.table.border": Style(color=muted),
        "markdown.table.header": Style(color=primary, bold=True),
        "markdown.em": Style(italic=True),
        "markdown.strong": Style(bold=True),
    }
    return Theme(styles, inherit=True)
