"""Reading what the app shows, as plain text, for assertions."""

from __future__ import annotations

from textual.app import App
from textual.widget import Widget

#: The terminal size every Pilot test runs at.
SIZE = (100, 30)


def screen_lines(app: App[object]) -> list[str]:
    """Every row of the current screen as it would be drawn (toasts included)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


def widget_lines(widget: Widget) -> list[str]:
    """The rows of the screen inside `widget`'s region, right-trimmed."""
    region = widget.region
    strips = widget.screen._compositor.render_strips()[region.y : region.bottom]
    return [strip.crop(region.x, region.right).text.rstrip(" ▕▏") for strip in strips]


def widget_text(widget: Widget) -> str:
    return "\n".join(widget_lines(widget))
