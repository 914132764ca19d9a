"""Folding a long article in a child process while the UI thread opens it.

The fold of a 20 MB book for search is a quarter of a second of CPU. In a
thread of the app it holds the interpreter lock the UI thread needs: a
page-down painted in 15 ms took 30-70 ms beside it, and pausing it while keys
come left a search typed soon after waiting for it. A child process
(`reader.textsearch.fold_child`) gets the file's bytes as soon as they are read
and folds them on another core while this process decodes, splits and paints
the first screen; the fold is ready about when the first screen is.

Anything wrong with the child (it cannot start, fails, answers for another
text) gives None, and the caller folds in a thread as before.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import subprocess
import sys
import threading
from array import array
from collections.abc import Callable
from typing import cast

from reader.textsearch.fold import give_way
from reader.textsearch.folded import FoldedText

#: Bodies of at least this many bytes are folded in a child process.
FOLD_APART_AT = 2_000_000
#: How long the child may take before its answer is given up (seconds).
ANSWER_WITHIN = 120.0
#: How the child is started (after the interpreter: `sys.executable`).
CHILD = ("-m", "reader.textsearch.fold_child")
#: How many bytes the pipes to and from the child hold (Linux lets anyone ask 1 MB).
PIPE_BYTES = 1 << 20
#: The answer is decoded this many bytes at a time (the UI thread gets the lock between).
DECODE_STEP = 1 << 20


class FoldApart:
    """One child folding one body; `result` waits for it and checks it."""

    def __init__(self, child: subprocess.Popen[bytes], casefold: bool) -> None:
        self._child = child
        self.casefold = casefold

    @classmethod
    def start(cls, body: bytes | memoryview, casefold: bool = True) -> FoldApart | None:
        """Start folding `body` (a file's body bytes), or None when no child starts."""
        try:
            child = subprocess.Popen(
                [sys.executable, *CHILD, "casefold" if casefold else "exact"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):
            return None
        _widen(child)
        # A pipe holds 1 MB at most: the bytes go in from a thread of their own.
        feed = threading.Thread(target=_feed, args=(child, body), name="fold feed", daemon=True)
        feed.start()
        return cls(child, casefold)

    def result(self, source: str, between: Callable[[], None] = give_way) -> FoldedText | None:
        """The fold of `source` (the text the bytes were cleaned into), or None.

        The answer is read and decoded a step at a time, `between` called between
        steps (the reading view waits there while a key is handled)."""
        child = self._child
        try:
            assert child.stdout is not None
            header = json.loads(child.stdout.readline())
            data = bytearray(int(header["size"]))  # read into its place: no copy as it grows
            view, filled = memoryview(data), 0
            stdout = cast(io.BufferedReader, child.stdout)
            while filled < len(data) and (got := stdout.readinto(view[filled:])):
                filled += got
                between()
            view.release()
            if filled != len(data) or child.wait(timeout=ANSWER_WITHIN) != 0:
                return None
            folded = _decode(data, between)
            text = FoldedText(
                source,
                folded,
                exact=bool(header["exact"]),
                inner_starts=frozenset(header["inner_starts"]),
                inner_ends=frozenset(header["inner_ends"]),
                outputs=dict(header["outputs"]),
                piece=int(header["piece"]),
                piece_starts=array("q", header["piece_starts"]),
            )
            pieces = -(-len(source) // max(1, text.piece))
            ours = (
                header["length"] == len(source)
                and len(text.piece_starts) == pieces + 1
                and text.piece_starts[-1] == len(folded)
            )
        except (OSError, ValueError, KeyError, TypeError, subprocess.TimeoutExpired):
            self.close()
            return None
        return text if ours else None  # else the fold of another text: not ours to use

    def close(self) -> None:
        """Stop the child (the article was closed before its fold was needed)."""
        with contextlib.suppress(OSError):
            self._child.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self._child.wait(timeout=5)
        for stream in (self._child.stdin, self._child.stdout):
            with contextlib.suppress(OSError, ValueError):
                if stream is not None:
                    stream.close()


def _widen(child: subprocess.Popen[bytes]) -> None:
    """Pipes of 1 MB, not 64 KB: 20 MB each way in 20 turns between the processes, not 300."""
    try:
        import fcntl

        widen = fcntl.F_SETPIPE_SZ  # Linux only
    except (ImportError, AttributeError):
        return
    for stream in (child.stdin, child.stdout):
        with contextlib.suppress(OSError, ValueError):
            if stream is not None:
                fcntl.fcntl(stream.fileno(), widen, PIPE_BYTES)


def _feed(child: subprocess.Popen[bytes], body: bytes | memoryview) -> None:
    try:
        assert child.stdin is not None
        child.stdin.write(body)  # the interpreter lock is let go at each write
        child.stdin.close()
    except (OSError, ValueError):
        pass  # the child is gone: `result` says so


def _decode(data: bytearray, between: Callable[[], None]) -> str:
    """`data` as UTF-8, a step at a time: one C call over 20 MB held the lock 20-90 ms."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
    view = memoryview(data)
    parts = []
    for begin in range(0, len(data), DECODE_STEP):
        parts.append(decoder.decode(view[begin : begin + DECODE_STEP]))
        between()
    parts.append(decoder.decode(b"", final=True))
    view.release()
    return "".join(parts)
