"""The actions a user may rebind, their default keys, and what a valid key is.

Each `[keys.GROUP]` table of the config maps an action of that group to a list
of keys; the keys replace the action's defaults. The UI gives every binding of
these actions the id `GROUP.ACTION` (`keymap_id`), and Textual's keymap swaps
the keys in, so the footer and the help show the keys in force. This catalogue
is the one list of actions the CLI (`reader config keys`, `check`) knows about;
a test holds it equal to the live bindings.

Keys are written as Textual names them (`j`, `J`, `ctrl+d`, `pagedown`, `f1`,
`question_mark`) or as the character itself (`?`, `+`, `,`): a lone character
is stored under its Textual name, so `,` cannot break the comma-separated
keymap. Nothing here imports Textual.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """A rebindable action: its default keys (Textual names) and what it does."""

    keys: tuple[str, ...]
    description: str
    #: Actions of one group and scope are live at once, so their keys must differ.
    scope: str = ""


def _group(*rows: tuple[str, str, str], scope: str = "") -> dict[str, Action]:
    return {
        name: Action(tuple(keys.split(",")), description, scope) for name, keys, description in rows
    }


#: Group -> action -> default keys. The browse group is the tree screen, read the
#: article screen, search both searches (library and in-article), bookmarks its list.
GROUPS: dict[str, dict[str, Action]] = {
    "browse": _group(
        ("quit", "q", "Quit"),
        ("search", "slash", "Search"),
        ("bookmarks", "B", "Bookmarks"),
        ("open", "enter", "Open"),
        ("down", "j", "Down"),
        ("up", "k", "Up"),
        ("expand", "l,right", "Expand/open"),
        ("collapse", "h,left", "Collapse/parent"),
        ("first", "g,home", "First"),
        ("last", "G,end", "Last"),
    ),
    "read": _group(
        ("back", "q", "Back"),
        ("escape", "escape", "Clear search / back"),
        ("search", "slash", "Search"),
        ("next_match", "n", "Next match"),
        ("previous_match", "N", "Previous match"),
        ("outline", "t", "Outline"),
        ("bookmark", "m", "Bookmark"),
        ("bookmarks", "B", "Bookmarks"),
        ("next_article", "J", "Next article"),
        ("previous_article", "K", "Previous article"),
        ("history_back", "H", "Back (history)"),
        ("history_forward", "L", "Forward (history)"),
        ("line_down", "j,down", "Line down"),
        ("line_up", "k,up", "Line up"),
        ("page_down", "space,f,pagedown", "Page down"),
        ("page_up", "b,pageup", "Page up"),
        ("half_page_down", "d", "Half page down"),
        ("half_page_up", "u", "Half page up"),
        ("top", "g,home", "Top"),
        ("bottom", "G,end", "Bottom"),
        ("narrower", "minus", "Narrower"),
        ("wider", "plus", "Wider"),
        ("reset_width", "equals_sign", "Reset width"),
        ("next_link", "tab", "Next link"),
        ("previous_link", "shift+tab", "Previous link"),
        ("open_link", "enter", "Open link"),
    ),
    "search": _group(
        ("back", "escape", "Back"),
        ("results", "down", "Results"),
        ("next_result", "ctrl+j,ctrl+n", "Next result"),
        ("previous_result", "ctrl+k,ctrl+p", "Previous result"),
        scope="library",
    )
    | _group(
        ("cancel", "escape", "Cancel search"),
        ("regex", "ctrl+r", "Regex on/off"),
        ("earlier_query", "up", "Earlier query"),
        ("later_query", "down", "Later query"),
        scope="article",
    ),
    "bookmarks": _group(
        ("back", "q,escape", "Back"),
        ("edit", "e", "Edit note"),
        ("delete", "d", "Delete"),
        ("undo", "u", "Undo delete"),
        ("reattach", "r", "Re-attach"),
        ("all", "1", "All"),
        ("bookmarks", "2", "Bookmarks only"),
        ("highlights", "3", "Highlights only"),
        ("down", "j", "Down"),
        ("up", "k", "Up"),
    ),
}

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(
    """enter escape tab space backspace delete insert home end pageup pagedown up down left
    right""".split()
    + [f"f{number}" for number in range(1, 25)]
)


#: Textual's short names for some characters (`textual.keys.KEY_NAME_REPLACEMENTS`).
REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def keymap_id(group: str, action: str) -> str:
    """The id of the UI bindings of `action` in `group`: what the keymap addresses."""
    return f"{group}.{action}"


def character_key(character: str) -> str:
    """A lone character as Textual names the key (`?` -> `question_mark`, `J` -> `J`)."""
    if character.isalnum():
        return character
    name = unicodedata.name(character, character).lower().replace("-", "_").replace(" ", "_")
    return REPLACEMENTS.get(name, name)


def normalize_key(key: str) -> str:
    """`key` in Textual's form; ValueError (with the reason) if it is not a key."""
    key = key.strip()
    if not key:
        raise ValueError("an empty key")
    if len(key) == 1:
        if not key.isprintable() or key.isspace():
            raise ValueError(f"not a key: {key!r} (write `space`, `tab`, ...)")
        return character_key(key)
    if key.endswith("++"):  # `ctrl++`: the plus key with a modifier
        modifiers, base = key[:-2].split("+"), "+"
    else:
        *modifiers, base = key.split("+")
    for modifier in modifiers:
        if modifier.lower() not in MODIFIERS:
            raise ValueError(f"unknown modifier {modifier!r} in {key!r}")
    prefix = "".join(f"{modifier.lower()}+" for modifier in modifiers)
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return prefix + character_key(base)
    if base.lower() in NAMED_KEYS:
        return prefix + base.lower()
    if base.lower() in CHARACTER_NAMES:
        return prefix + base.lower()
    raise ValueError(f"unknown key {key!r}")


#: Textual's names of the punctuation keys (`question_mark`, `equals_sign`, `slash`).
CHARACTER_NAMES = frozenset(
    character_key(chr(code)) for code in range(33, 127) if not chr(code).isalnum()
)
