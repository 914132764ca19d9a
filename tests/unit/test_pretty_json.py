"""`reader list --json` writes its rows with `cli.pretty_json`: the same text as
`json.dumps(..., ensure_ascii=False, indent=2)`, byte for byte, whatever the values."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from reader.cli.pretty_json import dumps, iter_dumps

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


def _expected(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_any_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    assert dumps(value) == _expected(value)
    items = value if isinstance(value, list) else [value]
    assert "".join(iter_dumps(iter(items))) == _expected(items)  # in pieces, the same


def test_a_list_row_with_escapes_and_empty_lists_is_written_the_same() -> None:
    row: dict[str, Any] = {
        "id": "a/b",
        "title": 'Quote " back\\slash \x1b[31m tab\t Café ✓ \u2028',
        "author": [],
        "date": None,
        "section": ["Topic", "Sub"],
        "tags": ("x",),
        "words": 12,
        "draft": False,
        "ratio": 0.5,
        "nested": {"empty": {}, "list": [[]]},
    }
    assert dumps([row, row]) == _expected([row, row])
    assert dumps([]) == "[]"


def test_keys_that_are_not_text_are_refused() -> None:
    with pytest.raises(TypeError):
        dumps({1: "one"})
