"""Splitting a Markdown file into front matter and body.

YAML between `---` lines (Jekyll, Hugo) or TOML between `+++` lines (Hugo). YAML
is read with the safe loader only, so tags such as `!!python/object` are errors,
never code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

import yaml

FENCES = {b"---": "yaml", b"+++": "toml"}
#: The safe loader, in C where PyYAML was built with libyaml (10x faster on a
#: 10,000-article library); both construct plain data only, never objects.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Where tomllib's messages say the error is, relative to the front-matter text.
_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$")


class FrontMatterError(ValueError):
    """Front matter that cannot be read; `line` is 1-based in the file, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Split:
    """Front matter text (still unparsed), its syntax, and where the body starts."""

    syntax: str | None
    text: str
    #: Byte offset of the body in the file.
    body_offset: int
    #: 1-based line of the first front-matter line, for error messages.
    first_line: int = 2


def split(head: bytes) -> Split:
    """Find the front matter at the start of `head` (the file's first bytes).

    Raises FrontMatterError when an opening fence has no closing one in `head`.
    """
    start = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    first_end = head.find(b"\n", start)
    first = head[start : first_end if first_end != -1 else len(head)].rstrip(b"\r \t")
    syntax = FENCES.get(first)
    if syntax is None or first_end == -1:
        return Split(None, "", start)
    fence = first
    position = first_end + 1
    while position <= len(head):
        end = head.find(b"\n", position)
        line_end = end if end != -1 else len(head)
        if head[position:line_end].rstrip(b"\r \t") == fence:
            text = head[first_end + 1 : position].decode("utf-8", errors="replace")
            return Split(syntax, text, end + 1 if end != -1 else len(head))
        if end == -1:
            break
        position = end + 1
    raise FrontMatterError(f"front matter opened with {fence.decode()} is never closed", 1)


def parse(part: Split) -> dict[str, Any]:
    """Parse the front matter into a mapping (empty when there is none)."""
    if part.syntax is None or not part.text.strip():
        return {}
    if part.syntax == "toml":
        try:
            return tomllib.loads(part.text)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            at = _TOML_AT.search(message)
            line = part.first_line + int(at.group(1)) - 1 if at else None
            message = message[: at.start()] if at else message
            raise FrontMatterError(f"invalid TOML front matter: {message}", line) from None
        except Exception as error:  # e.g. RecursionError on absurd nesting: still bad input
            raise FrontMatterError(f"invalid TOML front matter: {error}") from None
    try:
        data = yaml.load(part.text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = part.first_line + mark.line if mark is not None else None
        problem = error.problem or error.context or "syntax error"
        raise FrontMatterError(f"invalid YAML front matter: {problem}", line) from None
    except yaml.reader.ReaderError as error:  # a control character: no mark, a position
        line = part.first_line + part.text.count("\n", 0, error.position)
        message = str(error).splitlines()[0]
        raise FrontMatterError(f"invalid YAML front matter: {message}", line) from None
    except Exception as error:
        # The safe constructors raise plain ValueError, KeyError, ... for values such as
        # `date: 2024-02-30` or `!!bool maybe`; deep nesting raises RecursionError.
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise FrontMatterError(f"invalid YAML front matter: {message}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of fields", part.first_line)
    return {str(key): value for key, value in data.items()}
