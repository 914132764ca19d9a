"""The settings model and its validation: what each key of `config.toml` may hold.

`validate(data, line_of)` turns the parsed TOML into `Settings`, keeping the
default for every value that is wrong and reporting it as a `Problem` (with the
line `line_of(key path)` gives), so a bad value never stops `reader`. The
themes are Textual's built-in ones, listed here so that the command line checks
a theme without importing Textual (a test holds the list equal to Textual's).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.config.keys import CHARACTER_NAMES, GROUPS, keymap_id, normalize_key

THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "dracula",
    "tokyo-night", "monokai", "flexoki", "catppuccin-latte", "catppuccin-frappe",
    "catppuccin-macchiato", "solarized-light", "solarized-dark", "rose-pine", "rose-pine-moon",
    "rose-pine-dawn", "atom-one-dark", "atom-one-light", "ansi-dark", "ansi-light",
)  # fmt: skip
DEFAULT_THEME = "textual-dark"
#: The reading width (the widest the text column may be, in cells) and its bounds.
DEFAULT_WIDTH = 88
MIN_WIDTH = 30
MAX_WIDTH = 500

KeyPath = tuple[str, ...]
Keys = Mapping[str, Mapping[str, tuple[str, ...]]]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the config file, at `line` (1-based)."""

    line: int
    message: str


@dataclass(frozen=True)
class Settings:
    """The settings in force: defaults, overlaid with what the file says correctly."""

    #: The library opened when neither `--library` nor `READER_LIBRARY` says.
    library: Path | None = None
    theme: str = DEFAULT_THEME
    width: int = DEFAULT_WIDTH
    #: Ask before a web link opens in the browser.
    confirm_links: bool = True
    #: The user's keys: group -> action -> keys (Textual names); only what the file sets.
    keys: Keys = field(default_factory=dict)

    def keys_for(self, group: str, action: str) -> tuple[str, ...]:
        """The keys in force for `action` of `group`."""
        return self.keys.get(group, {}).get(action) or GROUPS[group][action].keys

    def keymap(self) -> dict[str, str]:
        """Textual's keymap: binding id -> comma-separated keys, for every rebound action."""
        return {
            keymap_id(group, action): ",".join(keys)
            for group, actions in self.keys.items()
            for action, keys in actions.items()
        }


def validate(
    data: Mapping[str, Any], line_of: Callable[[KeyPath], int]
) -> tuple[Settings, list[Problem]]:
    """Settings from parsed TOML, with a `Problem` for each value left at its default."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def problem(path: KeyPath, message: str) -> None:
        problems.append(Problem(line_of(path), message))

    for name, value in data.items():
        check = _CHECKS.get(name)
        if check is None:
            problem((name,), f"unknown setting {name!r} (known: {', '.join(_CHECKS)})")
            continue
        try:
            values[name] = check(value)
        except ValueError as error:
            problem((name,), f"{name}: {error}; the default is used")
    keys = data.get("keys")
    values["keys"] = _keys(keys, problem) if isinstance(keys, Mapping) else {}
    return Settings(**values), problems


def _library(value: Any) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a folder path is expected, not {value!r}")
    return Path(value).expanduser()


def _theme(value: Any) -> str:
    if value not in THEMES:
        raise ValueError(f"unknown theme {value!r} (one of: {', '.join(THEMES)})")
    return str(value)


def _width(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not MIN_WIDTH <= value <= MAX_WIDTH:
        raise ValueError(
            f"a whole number from {MIN_WIDTH} to {MAX_WIDTH} is expected, not {value!r}"
        )
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"true or false is expected, not {value!r}")
    return value


def _table(value: Any) -> None:
    if not isinstance(value, Mapping):
        raise ValueError("a table of [keys.GROUP] tables is expected")


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "library": _library,
    "theme": _theme,
    "width": _width,
    "confirm_links": _flag,
    "keys": _table,
}


def _keys(
    data: Mapping[str, Any], problem: Callable[[KeyPath, str], None]
) -> dict[str, dict[str, tuple[str, ...]]]:
    keys: dict[str, dict[str, tuple[str, ...]]] = {}
    for group, actions in data.items():
        if group not in GROUPS:
            problem(
                ("keys", group), f"unknown key group [keys.{group}] (known: {', '.join(GROUPS)})"
            )
            continue
        if not isinstance(actions, Mapping):
            problem(("keys", group), f"[keys.{group}] must be a table of action = [keys]")
            continue
        for action, value in actions.items():
            where = ("keys", group, action)
            if action not in GROUPS[group]:
                listed = "`reader config keys` lists them"
                problem(where, f"unknown action {action!r} in [keys.{group}] ({listed})")
                continue
            try:
                chosen = parse_keys(value)
                if group == "search" and (typed := [key for key in chosen if is_typed(key)]):
                    raise ValueError(f"{typed[0]!r} would be typed into the search field")
                keys.setdefault(group, {})[action] = chosen
            except ValueError as error:
                problem(where, f"keys.{group}.{action}: {error}; the default keys are used")
    _clashes(keys, problem)
    return keys


def _clashes(keys: Keys, problem: Callable[[KeyPath, str], None]) -> None:
    """Report a key given to an action that another action of its screen has too."""
    reported: set[frozenset[str]] = set()
    for group, actions in keys.items():
        for action, chosen in actions.items():
            for other, spec in GROUPS[group].items():
                pair = frozenset((action, other))
                if other == action or spec.scope != GROUPS[group][action].scope:
                    continue
                shared = [key for key in chosen if key in (keys[group].get(other) or spec.keys)]
                if shared and pair not in reported:
                    reported.add(pair)
                    message = f"keys.{group}.{action}: {shared[0]!r} is also the key of {other!r}"
                    problem(("keys", group, action), f"{message} in [keys.{group}]")


def is_typed(key: str) -> bool:
    """A key that an input field takes as text (a letter, a digit, punctuation)."""
    return len(key) == 1 or key in CHARACTER_NAMES or key == "space"


def parse_keys(value: Any) -> tuple[str, ...]:
    """A list of keys (or one key as a string) in Textual's form; ValueError if any is wrong."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise ValueError(f'a list of keys is expected, such as ["j", "down"], not {value!r}')
    keys: list[str] = []
    for key in value:
        if not isinstance(key, str):
            raise ValueError(f"a key is a string, not {key!r}")
        normal = normalize_key(key)
        if normal not in keys:
            keys.append(normal)
    return tuple(keys)
