"""The fast front-matter path gives exactly what the safe YAML loader gives, or steps aside."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import example, given, settings, strategies as st

from reader.library import simple_yaml
from reader.library.frontmatter import pyyaml

#: Pieces that YAML reads in surprising ways, mixed with arbitrary text.
TRICKY = [
    *"yes No ON off y n null Null ~ true False 0 -0 007 0x1F 1_000 1e3 1.5 .inf .nan".split(),
    *"- 12:30".split(),
    *"2001-02-14 2001-2-14 2024-02-30 #c a,b a?b [a] {a} *x &x !x | > 'q' \"q\"".split(),
    *"Rosa's Straße İstanbul ﬁle a\\b = << %x @x `x".split(),
    *[
        "2001-02-14 10:00",
        "a: b",
        "a #b",
        "a  b",
        "x\t",
        "\u2028",
        "\x85",
        "\ufeff",
        " lead",
        "trail ",
    ],
]
#: Text near what the fast path accepts: letters, digits, its punctuation and a few others.
ALPHABET = "aZy0159 .,'-_()!?/&;+@$%=^*:#\"\\[]{}|>~ßİﬁé\t\x85\u2028\xa0"
piece = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=12),
    st.text(ALPHABET, max_size=12),
    st.builds(lambda a, b: a + b, st.sampled_from(TRICKY), st.text(ALPHABET, max_size=6)),
    st.from_regex(r"[A-Za-zßİ][A-Za-z0-9 .,'_ßé-]{0,10}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,4}(-[0-9]{1,2}){0,2}", fullmatch=True),
)
key = st.one_of(
    st.sampled_from(["title", "author", "date", "tags", "yes", "_k", "a-b", "1", "x y"]), piece
)


def _value() -> st.SearchStrategy[str]:
    plain = piece
    quoted = st.builds(lambda text, quote: f"{quote}{text}{quote}", piece, st.sampled_from("\"'"))
    flow = st.builds(
        lambda items, sep: "[" + sep.join(items) + "]",
        st.lists(piece, max_size=4),
        st.sampled_from([", ", ",", " , "]),
    )
    return st.one_of(plain, quoted, flow, st.just(""))


line = st.builds(
    lambda k, v, gap: f"{k}:{gap}{v}" if v else f"{k}:",
    key,
    _value(),
    st.sampled_from([" ", "", "  "]),
)
document = st.builds(
    lambda lines, end: "\n".join(lines) + end,
    st.lists(st.one_of(line, line, line, piece), min_size=1, max_size=4),
    st.sampled_from(["\n", "", "\n\n"]),
)
#: Documents close to the common shape: mostly accepted, so their values are compared.
near_piece = st.one_of(
    st.from_regex(r"[A-Za-zßİ][A-Za-z0-9 .,'_ßé?:#-]{0,10}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,4}(-[0-9]{1,2}){0,2}", fullmatch=True),
    st.sampled_from(TRICKY),
)
near_value = st.one_of(
    near_piece,
    st.builds(lambda text, quote: f"{quote}{text}{quote}", near_piece, st.sampled_from("\"'")),
    st.builds(lambda items: "[" + ", ".join(items) + "]", st.lists(near_piece, max_size=3)),
)
near_document = st.builds(
    lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs),
    st.lists(
        st.tuples(st.sampled_from(["title", "author", "date", "tags", "No", "k-1"]), near_value),
        min_size=1,
        max_size=4,
    ),
)


def typed(value: Any) -> Any:
    """`value` with every type spelled out (True == 1 in Python, not in YAML)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, value)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(document, near_document))
@example(
    'title: "House winter 31177"\nauthor: Rosa Luxemburg\ndate: 2001-02-14\ntags: [art, politics]\n'
)
def test_fast_path_gives_what_the_safe_loader_gives(text: str) -> None:
    fast = simple_yaml.load(text)
    if fast is None:
        return  # the safe loader reads it
    assert typed(fast) == typed(yaml.load(text, Loader=pyyaml()[1]) or {})


def test_the_common_front_matter_takes_the_fast_path() -> None:
    text = (
        'title: "A: b"\nauthor: Rosa Luxemburg\ndate: 2001-02-14\ntags: [art, politics]\ndraft:\n'
    )
    assert simple_yaml.load(text) == {
        "title": "A: b",
        "author": "Rosa Luxemburg",
        "date": dt.date(2001, 2, 14),
        "tags": ["art", "politics"],
        "draft": None,
    }


def test_what_yaml_reads_otherwise_goes_to_the_safe_loader() -> None:
    for text in ["draft: yes\n", "date: 2024-02-30\n", "a: 1.5\n", "a: b # c\n", "a:\n  - b\n"]:
        assert simple_yaml.load(text) is None, text
