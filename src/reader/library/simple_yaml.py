"""A fast path for the front matter almost every article has: flat `key: value` lines.

`yaml.load` with the C parser still builds each value with PyYAML's Python
constructors: 40% of a first load of 50,000 articles went there, for headers
such as

    title: "House winter 31177"
    author: Rosa Luxemburg
    date: 2001-02-14
    tags: [art, politics]

`load` reads exactly such text and gives what the safe loader gives for it, or
None whenever anything is not plainly one of these shapes (a comment, an
indented line, an escape, a value YAML would read as a bool, a null or a
number other than a plain whole number, a date that does not exist): then the
caller uses the safe loader, which also reports any error with its own words.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

#: `key:` or `key: value`, a key that is a plain word (no indentation, no comment).
_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: (.+))?")
#: A date as YAML 1.1 resolves it (`2001-02-14`), and a plain whole number.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
#: Plain scalars YAML 1.1 reads as bools or nulls, not as text.
_NOT_TEXT = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
    "null Null NULL".split()
)
#: What a plain text value may hold here: letters and digits (`\w` is `str.isalnum` and
#: `_`) and this punctuation; no `:` or `#`, no brackets or braces, no `"` or backslash.
_PLAIN = re.compile(r"[\w .,'()!?/&;+@$%=^*-]*")


def load(text: str) -> dict[str, Any] | None:
    """The mapping the safe loader gives for `text`, or None: use the safe loader."""
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line:
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, value = match.groups()
        if key in _NOT_TEXT:
            return None
        if value is None:
            data[key] = None
            continue
        parsed = _value(value)
        if parsed is None:
            return None
        data[key] = parsed
    return data


def _value(value: str) -> Any:
    """The value of one `key: value` line, or None when unsure."""
    first = value[0]
    if first == '"' or first == "'":
        inner = value[1:-1]
        if (
            len(value) < 2
            or value[-1] != first
            or first in inner
            or "\\" in inner
            or not inner.isprintable()
        ):
            return None
        return inner
    if first == "[":
        if value[-1] != "]":
            return None
        inner = value[1:-1].strip(" ")
        if not inner:
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        # `?` ends a plain scalar inside brackets in some YAML parsers.
        if all(_text(item) and "?" not in item for item in items):
            return items
        return None
    if first.isdigit() or first == "-":
        if _INT.fullmatch(value):
            return int(value)
        if _DATE.fullmatch(value):
            try:
                return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                return None  # not a real date: the safe loader says why
        return None
    return value if _text(value) else None


def _text(value: str) -> bool:
    """True when YAML reads `value` as this very text (a plain scalar)."""
    if not value or not value[0].isalpha() or value[-1] == " " or value in _NOT_TEXT:
        return False
    return _PLAIN.fullmatch(value) is not None
