"""`dumps`: the text of `json.dumps(value, ensure_ascii=False, indent=2)`, faster.

With `indent`, the standard library encodes in pure Python (its C encoder is
only used for compact output): `reader list --json` spent more time writing
50,000 rows than loading the library. This writes the same text (byte for
byte; a test compares the two): strings go through the C string encoder,
other scalars through a compact `JSONEncoder`, and only the layout is done here.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

_OTHER = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_STEP = "  "


def dumps(value: Any) -> str:
    """`value` (dicts with text keys, lists, text, numbers, booleans, None) as indented JSON."""
    return _text(value, "\n")


def _text(value: Any, newline: str) -> str:
    """`value` as JSON; `newline` is a newline and the indent of the line it starts on."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    inner = newline + _STEP
    if kind is dict:
        if not value:
            return "{}"
        items = [
            f"{encode_basestring(_key(key))}: {_text(item, inner)}" for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return (
            "[" + inner + ("," + inner).join([_text(item, inner) for item in value]) + newline + "]"
        )
    return _OTHER(value)


def _key(key: Any) -> str:
    """A dict key: only text keys are written here (the rows have nothing else)."""
    if type(key) is not str:
        raise TypeError(f"keys must be str, not {type(key).__name__}")
    return key
