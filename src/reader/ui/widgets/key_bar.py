"""`KeyBar`: the keys that work here, one line at the bottom of every screen.

Textual's `Footer` shows the same thing as one widget per key: it composes them
again each time the bindings change (every change of focus), which cost the
first page-down after opening an article 300-500 ms. This bar draws the keys as
one line of text, so a change costs one repaint. It reads the same bindings
(`Screen.active_bindings`: `show=False` ones are left out, one key per action,
keys of a disabled action dimmed) and a click on a key presses it, as in the
Footer. When the line is too narrow, keys are left out from the right, but
help (`?`) always stays: it is where a newcomer finds the rest.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

#: The action whose key is always shown.
HELP_ACTION = "help"


class KeyBar(Widget):
    """One line: `key description` for each binding of the focused widget and screen."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
        }
        & > .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        #: Cells [start, end) of each key drawn, and the key it presses.
        self._places: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def _keys(self) -> list[tuple[str, str, str, bool, bool]]:
        """(key, shown key, description, enabled, is help) for each action, in order."""
        keys: list[tuple[str, str, str, bool, bool]] = []
        actions: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not binding.show or binding.action in actions:
                continue
            actions.add(binding.action)
            keys.append(
                (
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    active.enabled,
                    binding.action == HELP_ACTION,
                )
            )
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        dim = self.get_component_rich_style("key-bar--disabled")
        keys = self._keys()
        # Help last, and always: the others fill the room left, in order.
        keys.sort(key=lambda entry: entry[4])
        room = self.size.width - sum(_width(*entry[1:3]) for entry in keys if entry[4])
        line = Text(no_wrap=True, overflow="crop", end="")
        self._places = []
        for key, shown, description, enabled, is_help in keys:
            if not is_help:
                if _width(shown, description) > room:
                    continue
                room -= _width(shown, description)
            start = line.cell_len
            extra = Style() if enabled else dim
            line.append(f" {shown} ", key_style + extra)
            if description:
                line.append(f"{description} ", description_style + extra)
            self._places.append((start, line.cell_len, key))
        self._palette(line, key_style, description_style)
        return line

    def _palette(self, line: Text, key_style: Style, description_style: Style) -> None:
        """The command palette's key at the right end, as the Footer has it, if there is room."""
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None or not self.app.ENABLE_COMMAND_PALETTE:
            return
        shown = self.app.get_key_display(active.binding)
        size = _width(shown, "palette")  # `▏` in place of the key's left space
        gap = self.size.width - line.cell_len - size
        if gap < 1:
            return
        line.append(" " * gap + "▏")
        start = line.cell_len
        line.append(f"{shown} ", key_style)
        line.append("palette ", description_style)
        self._places.append((start, line.cell_len, active.binding.key))

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._places:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return


def _width(shown: str, description: str) -> int:
    """Cells a key takes: ` key ` and `description `."""
    return cell_len(shown) + 2 + (cell_len(description) + 1 if description else 0)
