"""Reading `config.toml`: never fails, reports every problem as `PATH:LINE: message`.

A missing file is no problem (the defaults). A file that cannot be read or is
not valid TOML gives one problem and the defaults, and is marked `writable =
False`: the app then never rewrites it (it tells the user instead), so a typo
never costs the user the rest of their file. Values of the wrong kind keep
their defaults one by one (`settings.validate`).

`tomllib` gives no positions for keys, so `line_of` finds the line of a key
path by reading the file's table headers and `key =` lines: good enough to
point at the line to fix in any file a person writes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reader.config.settings import KeyPath, Settings, validate

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=")


@dataclass(frozen=True)
class ConfigProblem:
    """A problem in the file at `path`, printed as `PATH:LINE: message`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Config:
    """The config file at `path`: the settings in force and what was wrong."""

    path: Path
    settings: Settings = field(default_factory=Settings)
    problems: list[ConfigProblem] = field(default_factory=list)
    #: False when the file could not be read or parsed: it must not be rewritten.
    writable: bool = True


def load_config(path: Path) -> Config:
    """The config at `path`; the defaults (and a problem) for whatever is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path)
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        return Config(
            path, problems=[ConfigProblem(path, 1, f"cannot read: {reason}")], writable=False
        )
    return parse_config(path, text)


def parse_config(path: Path, text: str) -> Config:
    """The config in `text` (the contents of `path`)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(path, problems=[toml_problem(path, error)], writable=False)
    settings, problems = validate(data, line_finder(text))
    return Config(path, settings, [ConfigProblem(path, p.line, p.message) for p in problems])


def toml_problem(path: Path, error: tomllib.TOMLDecodeError) -> ConfigProblem:
    """A TOML syntax error as a problem at its line; settings from the file are ignored."""
    found = _TOML_AT.search(str(error))
    reason = _TOML_AT.sub("", str(error))
    if found:
        reason = f"{reason} (column {found.group(2)})"
    message = f"invalid TOML: {reason}; every setting is at its default until this is fixed"
    return ConfigProblem(path, int(found.group(1)) if found else 1, message)


def line_finder(text: str) -> Callable[[KeyPath], int]:
    """`line_of(key path)`: the line where the key (else its table) is set, else 1."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    for number, line in enumerate(text.splitlines(), 1):
        if header := _HEADER.match(line):
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
        elif assignment := _ASSIGNMENT.match(line):
            path = table + _dotted(assignment.group(1))
            for end in range(len(table) + 1, len(path) + 1):
                lines.setdefault(path[:end], number)

    def line_of(path: KeyPath) -> int:
        for end in range(len(path), 0, -1):
            if path[:end] in lines:
                return lines[path[:end]]
        return 1

    return line_of


def _dotted(name: str) -> KeyPath:
    return tuple(part.strip().strip("\"'") for part in name.split("."))
