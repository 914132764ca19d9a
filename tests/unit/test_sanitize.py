"""Untrusted text: nothing that a terminal would act on may survive `clean_text`."""

from __future__ import annotations

import pytest

from reader.library.sanitize import clean_line, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # CSI colour
        ("a\x1b[2Jb", "ab"),  # CSI clear screen
        ("a\x1b[?1049hb", "ab"),  # CSI private mode (alternate screen)
        ("a\x1b[1;31;4mb", "ab"),  # CSI with several parameters
        ("a\x1b]0;new title\x07b", "ab"),  # OSC ended by BEL
        ("a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8 with ST
        ("a\x1b]52;c;ZXZpbA==", "a"),  # unterminated OSC (clipboard write) eats the rest
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel) ended by ST
        ("a\x1b_apc\x1b\\b", "ab"),  # APC
        ("a\x1bMb", "ab"),  # two-character escape (reverse index)
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x9d0;title\x07b", "a0;titleb"),  # 8-bit OSC: the introducer goes, text stays
        ("a\x00b\x07c\x08d\x0be\x0cf\x7fg", "abcdefg"),  # C0 controls and DEL
        ("a\x85b\x9fc", "abc"),  # C1 controls
        ("lone \x1b escape", "lone  escape"),
    ],
)
def test_clean_text_strips_escapes_and_controls(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    "raw",
    [
        "\x1b[31m",
        "\x1b]0;x\x07",
        "\x1bPdata\x1b\\",
        "\x9b1m",
        "".join(chr(code) for code in range(0x20)),
        "".join(chr(code) for code in range(0x7F, 0xA0)),
        "\x1b\x1b[[31m",
    ],
)
def test_no_escape_or_control_character_survives(raw):
    cleaned = clean_text(raw)
    assert not [char for char in cleaned if ord(char) < 0x20 and char not in "\t\n"]
    assert not [char for char in cleaned if 0x7F <= ord(char) <= 0x9F]


def test_tabs_and_newlines_are_kept():
    assert clean_text("a\tb\nc\n\n\td") == "a\tb\nc\n\n\td"


def test_windows_and_old_mac_line_endings_become_newlines():
    assert clean_text("one\r\ntwo\r\n") == "one\ntwo\n"
    assert clean_text("one\rtwo") == "one\ntwo"
    assert clean_text("a\r\n\r\nb") == "a\n\nb"


def test_ordinary_text_is_untouched():
    text = "Café — “quoted” [bold]not markup[/bold] 日本語 🙂 & <b>html</b>\n"
    assert clean_text(text) == text


def test_clean_line_makes_one_line():
    assert clean_line("  a\nb\r\nc\t d  ") == "a b c d"
    assert clean_line("\x1b[1mTitle\x1b[0m\n") == "Title"
