"""What a reader sees of HTML blocks, footnotes and quotes (rendered as the view does)."""

from __future__ import annotations

from rich.theme import Theme

from reader.reading.markdown_text import prepare
from reader.reading.render import RenderStyle, render_unit


def shown(markdown: str) -> list[str]:
    """The rendered lines, right-trimmed, as the reading view shows them."""
    unit = render_unit(markdown, RenderStyle(60, Theme(), "default"), leading_blank=False)
    return [text.rstrip() for text in unit.texts]


def test_the_text_of_html_blocks_is_shown_without_tags() -> None:
    lines = shown(
        "Before.\n\n<details>\n<summary>Click &amp; see</summary>\n\nInside *it*.\n\n"
        '</details>\n\n<div class="x"><p>Para in div</p>\n<p>Second &lt;b&gt;</p></div>\n\n'
        "After.\n"
    )
    assert lines == [
        "Before.", "", "Click & see", "", "Inside it.", "", "Para in div", "",
        "Second <b>", "", "After.",
    ]  # fmt: skip


def test_comments_scripts_and_styles_show_nothing() -> None:
    lines = shown("One.\n\n<!-- a\ncomment -->\n\n<script>\nvar x = 1;\n</script>\n\nTwo.\n")
    assert [line for line in lines if line] == ["One.", "Two."]


def test_footnotes_are_superscript_marks_with_the_notes_listed_apart() -> None:
    lines = shown(
        "A note[^1] and a named one[^why], not `[^2]`.\n\n"
        "[^1]: The first note.\n[^why]: The second,\n    continued.\n"
    )
    assert lines[0] == "A note¹ and a named one⁽why⁾, not [^2]."
    text = "\n".join(lines)
    assert "Notes" in text
    notes = [line for line in lines if line and line[0] in "¹⁽"]
    assert notes == ["¹ The first note.", "⁽why⁾ The second, continued."]
    assert lines.index("Notes") < lines.index("¹ The first note.")


def test_a_blank_line_inside_a_block_quote_keeps_the_paragraphs_apart() -> None:
    lines = [line for line in shown("> Para one.\n>\n> Para two.\n") if line]
    assert lines[0].endswith("Para one.")
    assert lines[1].strip("▌ \xa0") == ""
    assert lines[2].endswith("Para two.")


def test_code_is_left_alone_and_plain_prose_comes_back_unchanged() -> None:
    code = "```\n<div>[^1]: not a note</div>\n> quote\n>\n> quote\n```\n"
    assert prepare(code) == code
    prose = "Plain words, a [link](x) and *emphasis*.\n\nMore.\n"
    assert prepare(prose) is prose
    lines = [line.strip() for line in shown(code) if line.strip()]
    assert lines == ["<div>[^1]: not a note</div>", "> quote", ">", "> quote"]


def test_a_code_line_too_long_for_the_width_continues_with_a_mark() -> None:
    code = "x = call(" + ", ".join(f"arg{n}" for n in range(30)) + ")"
    lines = [line.strip() for line in shown(f"```python\n{code}\ny = 1\n```\n") if line.strip()]
    assert lines[0].startswith("x = call(arg0")
    assert len(lines) > 3 and all(line.startswith("↪") for line in lines[1:-1])
    assert lines[-1] == "y = 1"
    assert "".join(line.removeprefix("↪ ") for line in lines[:-1]).replace(" ", "") == (
        code.replace(" ", "")
    )


def test_an_admonition_is_a_quote_under_its_title() -> None:
    lines = shown(
        'Intro.\n\n!!! note "Before you begin"\n    You need *Python*.\n\n    And a terminal.\n\n'
        "??? tip\n    Tip text.\n\nAfter.\n"
    )
    text = [line.strip() for line in lines if line.strip()]
    assert "!!!" not in "\n".join(text) and "???" not in "\n".join(text)
    assert text[0] == "Intro."
    assert text[1].endswith("Before you begin") and text[1].startswith("▌")
    assert any(line.endswith("You need Python.") and line.startswith("▌") for line in text)
    assert any(line.endswith("And a terminal.") and line.startswith("▌") for line in text)
    assert any(line.endswith("Tip") and line.startswith("▌") for line in text)
    assert text[-1] == "After."
