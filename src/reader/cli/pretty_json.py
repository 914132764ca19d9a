"""`dumps`: the text of `json.dumps(value, ensure_ascii=False, indent=2)`, faster.

With `indent`, the standard library encodes in pure Python (its C encoder is
only used for compact output): `reader list --json` spent more time writing
50,000 rows than loading the library. This writes the same text (byte for
byte; a test compares the two): strings go through the C string encoder,
other scalars through a compact `JSONEncoder`, and only the layout is done here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

_OTHER = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_STEP = "  "


def dumps(value: Any) -> str:
    """`value` (dicts with text keys, lists, text, numbers, booleans, None) as indented JSON."""
    return _text(value, "\n")


def iter_dumps(items: Iterable[Any]) -> Iterator[str]:
    """`dumps(list(items))` in pieces, one per item: written as the items come,
    a long list is never held whole, neither as values nor as text."""
    inner = "\n" + _STEP
    opening = "[" + inner
    for item in items:
        yield opening + _text(item, inner)
        opening = "," + inner
    yield "[]" if opening.startswith("[") else "\n]"


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
        return "{" + inner + ("," + inner).join(_items(value, inner)) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        return (
            "[" + inner + ("," + inner).join([_text(item, inner) for item in value]) + newline + "]"
        )
    return _OTHER(value)


def _items(value: dict[Any, Any], newline: str) -> list[str]:
    """`"key": value` for each item; a row's common values (text, None, a whole
    number, a list of text) inline, as this runs 500,000 times for 50,000 rows."""
    items = []
    encode, step = encode_basestring, newline + _STEP
    for key, item in value.items():
        kind = type(item)
        if kind is str:
            text = encode(item)
        elif item is None:
            text = "null"
        elif kind is int:
            text = int.__repr__(item)
        elif kind is list and item and all(type(each) is str for each in item):
            text = "[" + step + ("," + step).join(map(encode, item)) + newline + "]"
        else:
            text = _text(item, newline)
        items.append(f"{_KEYS.get(key) or _key(key)}: {text}")
    return items


_KEYS: dict[str, str] = {}


def _key(key: Any) -> str:
    """A dict key, encoded (once: rows repeat their keys); only text keys are written."""
    if type(key) is not str:
        raise TypeError(f"keys must be str, not {type(key).__name__}")
    encoded = _KEYS.get(key)
    if encoded is None:
        encoded = encode_basestring(key)
        if len(_KEYS) < 1000:
            _KEYS[key] = encoded
    return encoded
