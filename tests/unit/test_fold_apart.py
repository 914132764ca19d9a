"""A long article's fold made in a child process is the fold this process makes."""

from __future__ import annotations

import json
import sys

import pytest

from reader.library.sanitize import clean_text
from reader.reading import fold_apart
from reader.reading.fold_apart import FoldApart
from reader.textsearch.fold import fold
from reader.textsearch.folded import FoldedText
from tests.generated_article import generate

#: Expanding letters (ß, ﬁ), one that lowering lengthens (İ), an escape sequence, a
#: Windows line ending, a bidi control, a tab and bytes that are not UTF-8.
ODD = "Straße ﬁle İstanbul \x1b[31mred\x1b[0m a\r\nb \u202egpj.exe\tend ".encode() + b"\xff\xfe"


def _body() -> bytes:
    return (generate(300_000) + "\n").encode() + ODD * 50 + generate(100_000).encode()


def _source(data: bytes) -> str:
    return clean_text(data.decode("utf-8", errors="replace"))  # as `Library.read_body`


def _same(made: FoldedText, wanted: FoldedText) -> None:
    assert made.folded == wanted.folded
    assert (made.exact, made.outputs) == (wanted.exact, wanted.outputs)
    assert (made.inner_starts, made.inner_ends) == (wanted.inner_starts, wanted.inner_ends)
    assert (made.piece, list(made.piece_starts)) == (wanted.piece, list(wanted.piece_starts))
    for offset in range(0, len(wanted.folded), 9_973):  # the map back to the source
        assert made.to_original(offset) == wanted.to_original(offset)


@pytest.mark.parametrize("casefold", [True, False])
def test_the_childs_fold_is_the_fold_of_the_cleaned_body(casefold: bool) -> None:
    data = _body()
    source = _source(data)
    apart = FoldApart.start(memoryview(data), casefold=casefold)
    assert apart is not None
    made = apart.result(source)
    assert made is not None
    _same(made, fold(source, casefold=casefold))


def test_an_answer_for_another_text_is_not_taken() -> None:
    data = _body()
    apart = FoldApart.start(data)
    assert apart is not None
    assert apart.result(_source(data) + "edited since") is None


def test_a_child_that_fails_or_cannot_start_gives_none(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _body()
    monkeypatch.setattr(fold_apart, "CHILD", ("-c", "import sys; sys.exit(3)"))
    apart = FoldApart.start(data)
    assert apart is not None
    assert apart.result(_source(data)) is None
    monkeypatch.setattr(fold_apart, "CHILD", ("-c", "print('not a header')"))
    apart = FoldApart.start(data)
    assert apart is not None
    assert apart.result(_source(data)) is None
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert FoldApart.start(data) is None


def test_a_closed_child_gives_none() -> None:
    data = _body()
    apart = FoldApart.start(data)
    assert apart is not None
    apart.close()
    assert apart.result(_source(data)) is None


def test_an_answer_from_another_version_of_the_child_is_not_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A header without a field this reader checks (a child of another version)
    gives None, not an error in the fold worker."""
    header = {"size": 0, "exact": True, "inner_starts": [], "inner_ends": []}
    header |= {"outputs": {}, "piece": 1, "piece_starts": [0]}
    script = f"import sys; sys.stdout.write({json.dumps(json.dumps(header))} + '\\n')"
    monkeypatch.setattr(fold_apart, "CHILD", ("-c", script))
    data = _body()
    apart = FoldApart.start(data)
    assert apart is not None
    assert apart.result(_source(data)) is None
