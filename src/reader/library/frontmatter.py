"""Splitting a Markdown file into front matter and body.

YAML between `---` lines (Jekyll, Hugo) or TOML between `+++` lines (Hugo). YAML
is read with the safe loader only, so tags such as `!!python/object` are errors,
never code. Aliases are counted before anything is built: front matter that
would expand beyond `MAX_NODES` nodes (a "billion laughs") is refused, and so is
a field whose value holds more than `MAX_VALUE_CHARS` characters in all.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from reader.library import simple_yaml

if TYPE_CHECKING:
    from types import ModuleType

FENCES = {b"---": "yaml", b"+++": "toml"}
#: The most nodes YAML front matter may expand to, each alias counted at full size.
MAX_NODES = 10_000
#: The most characters one field may hold (nested values and repeats included).
MAX_VALUE_CHARS = 256 * 1024
#: Where tomllib's messages say the error is, relative to the front-matter text.
_TOML_AT = re.compile(r"\s*\(at line (\d+), column \d+\)$")


#: How far into a file front matter is looked for (the loader's head and its extension).
SCAN_BYTES = (64 + 1024) * 1024


def body_start(data: bytes) -> int:
    """Where the body of the file holding `data` starts, as the loader would find it."""
    try:
        return split(data[:SCAN_BYTES]).body_offset
    except FrontMatterError:
        return 0  # never closed: the loader reads it all as Markdown


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
    # Only lines that start with the fence can close it: found by `find`, not line by line.
    newline = head.find(b"\n" + fence, first_end)
    while newline != -1:
        position = newline + 1
        end = head.find(b"\n", position)
        line_end = end if end != -1 else len(head)
        if head[position:line_end].rstrip(b"\r \t") == fence:
            text = head[first_end + 1 : position].decode("utf-8", errors="replace")
            return Split(syntax, text, end + 1 if end != -1 else len(head))
        newline = head.find(b"\n" + fence, position)
    raise FrontMatterError(f"front matter opened with {fence.decode()} is never closed", 1)


def parse(part: Split) -> dict[str, Any]:
    """Parse the front matter into a mapping (empty when there is none)."""
    if part.syntax is None or not part.text.strip():
        return {}
    if part.syntax == "toml":
        try:
            return _fields(tomllib.loads(part.text), part)
        except tomllib.TOMLDecodeError as error:
            message = str(error)
            at = _TOML_AT.search(message)
            line = part.first_line + int(at.group(1)) - 1 if at else None
            message = message[: at.start()] if at else message
            raise FrontMatterError(f"invalid TOML front matter: {message}", line) from None
        except FrontMatterError:
            raise
        except Exception as error:  # e.g. RecursionError on absurd nesting: still bad input
            raise FrontMatterError(f"invalid TOML front matter: {error}") from None
    simple = simple_yaml.load(part.text)  # most front matter: no PyYAML constructors
    if simple is not None:
        return _fields(simple, part)
    yaml, loader = pyyaml()
    try:
        if "&" in part.text and "*" in part.text:  # an alias needs an anchor
            _check_expansion(part.text)
        data = yaml.load(part.text, Loader=loader)
    except FrontMatterError:
        raise
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
    return _fields(data, part)


@cache
def pyyaml() -> tuple[ModuleType, Any]:
    """PyYAML and its safe loader, imported for the first front matter that
    `simple_yaml` leaves to it (not at every start: 15 ms). The loader is the C
    one where PyYAML was built with libyaml (10x faster on a 10,000-article
    library); both construct plain data only, never objects."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _fields(data: Any, part: Split) -> dict[str, Any]:
    """The parsed mapping with text keys; each value's size checked."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a mapping of fields", part.first_line)
    fields = {str(key)[:200]: value for key, value in data.items()}
    for name, value in fields.items():
        if _too_large(value):
            raise FrontMatterError(
                f"field {name!r} is too large (over {MAX_VALUE_CHARS} characters)", part.first_line
            )
    return fields


def _check_expansion(text: str) -> None:
    """Refuse YAML whose aliases would expand beyond `MAX_NODES`, from its events alone.

    Each anchored node's expanded size is remembered; an alias adds that size to
    the collection it is in. Nothing is built, so a bomb costs one pass over text.
    """
    sizes: dict[str, int] = {}
    open_nodes: list[list[Any]] = []  # per open collection: [anchor, expanded size]
    total = 0
    yaml, loader = pyyaml()
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            open_nodes.append([event.anchor, 1])
            continue
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            anchor, size = open_nodes.pop()
            if anchor:
                sizes[anchor] = size
        else:
            continue
        if open_nodes:
            open_nodes[-1][1] += size
        else:
            total += size
        if total > MAX_NODES or (open_nodes and open_nodes[-1][1] > MAX_NODES):
            raise FrontMatterError(
                f"front matter expands to more than {MAX_NODES} values (aliases); refused"
            )


def _too_large(value: Any) -> bool:
    """True when `value` holds more than `MAX_VALUE_CHARS` characters (walked without recursion)."""
    if type(value) is str:  # the common case, at once
        return len(value) > MAX_VALUE_CHARS
    budget = MAX_VALUE_CHARS
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
            budget -= len(item) + 1
        elif isinstance(item, list | tuple | set):
            pending.extend(item)
            budget -= len(item) + 1
        else:
            budget -= len(item) if isinstance(item, str | bytes) else 8
        if budget < 0:
            return True
    return False
