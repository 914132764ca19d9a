"""A plain `.txt` file as an article: a title if it has one, paragraphs, nothing more.

The first line is the title when it is short and followed by a blank line
(else the loader names the article after the file). Paragraphs are split on
blank lines and their lines joined, as a hard-wrapped text file means them.
Every character is escaped: a `#`, `*` or `1.` in a text file is text, never
Markdown.
"""

from __future__ import annotations

import re
from typing import Any

from reader.library.formats.errors import FormatError
from reader.library.formats.markdown_writer import escape

#: A first line longer than this is a paragraph, not a title.
TITLE_MAX = 100
_LINE_START = re.compile(r"^(#|>|[-+*](?=\s|$)|=+\s*$|\d+(?=[.)](\s|$)))")


def _line(text: str) -> str:
    text = escape(" ".join(text.split()))
    match = _LINE_START.match(text)
    if match is None:
        return text
    if match.group(0)[0].isdigit():
        return f"{match.group(0)}\\{text[match.end() :]}"
    return "\\" + text


def convert_text(data: bytes) -> tuple[dict[str, Any], str]:
    """(metadata, Markdown body) of a text file; FormatError for a binary file."""
    if b"\x00" in data[:8192]:
        raise FormatError("binary file, not text")
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    meta: dict[str, Any] = {}
    first = lines[0].strip() if lines else ""
    if first and len(first) <= TITLE_MAX and len(lines) > 1 and not lines[1].strip():
        meta["title"] = first
        lines = lines[2:]
    paragraphs = [block for block in re.split(r"\n[ \t]*\n", "\n".join(lines)) if block.strip()]
    body = "\n\n".join(_line(paragraph) for paragraph in paragraphs)
    return meta, body + "\n" if body else ""
