"""Making untrusted article text safe to show in a terminal.

Articles come from any folder on disk. Escape sequences (CSI, OSC, ...) and other
control characters in them must never reach the terminal, so everything read from
a file goes through `clean_text` before any widget or the CLI sees it.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST),
# DCS/SOS/PM/APC (ESC P/X/^/_ ... ST) and two-character escapes.
_ESCAPES = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]            # CSI
  | \x1b[\]PX^_].*?(?:\x07|\x1b\\|$)   # OSC, DCS, SOS, PM, APC
  | \x1b[@-Z\\-_]                      # other Fe escapes
  | \x9b[0-?]*[ -/]*[@-~]              # 8-bit CSI
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 controls but tab and newline, DEL, and C1 controls. Carriage returns are
# handled first so that Windows line endings survive as newlines. Bidi controls
# (embeddings, overrides, isolates, marks) go too: U+202E turns `gpj.exe` around,
# so a title could show text other than what it holds.
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # bidi marks, embeddings, isolates
)


def clean_text(text: str) -> str:
    """Drop escape sequences and control characters; keep tabs and newlines."""
    if text.isprintable():  # the common case, checked in C: nothing to drop
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """`clean_text` for one-line fields (titles, authors): newlines become spaces."""
    if text.isprintable() and "  " not in text and text == text.strip():
        return text
    return " ".join(clean_text(text).split())
