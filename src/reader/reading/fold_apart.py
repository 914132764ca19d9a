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
import json
import subprocess
import sys
import threading
import time
from array import array

from reader.textsearch.folded import FoldedText

#: Bodies of at least this many bytes are folded in a child process.
FOLD_APART_AT = 2_000_000
#: How long the child may take before its answer is given up (seconds).
ANSWER_WITHIN = 120.0
#: How the child is started (after the interpreter: `sys.executable`).
CHILD = ("-m", "reader.textsearch.fold_child")
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
        command = [sys.executable, *CHILD]
        try:
            child = subprocess.Popen(
                [*command, "casefold" if casefold else "exact"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):
            return None
        # The pipe holds 64 KB: the bytes go in from a thread of their own.
        feed = threading.Thread(target=_feed, args=(child, body), name="fold feed", daemon=True)
        feed.start()
        return cls(child, casefold)

    def result(self, source: str) -> FoldedText | None:
        """The fold of `source` (the text the bytes were cleaned into), or None."""
        child = self._child
        try:
            assert child.stdout is not None
            header = json.loads(child.stdout.readline())
            data = child.stdout.read()
            if child.wait(timeout=ANSWER_WITHIN) != 0:
                return None
            folded = _decode(data)
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
        except (OSError, ValueError, KeyError, TypeError, subprocess.TimeoutExpired):
            self.close()
            return None
        pieces = -(-len(source) // max(1, text.piece))
        if (
            header["length"] != len(source)
            or len(text.piece_starts) != pieces + 1
            or text.piece_starts[-1] != len(folded)
        ):
            return None  # another text: not ours to use
        return text

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


def _feed(child: subprocess.Popen[bytes], body: bytes | memoryview) -> None:
    try:
        assert child.stdin is not None
        child.stdin.write(body)  # the interpreter lock is let go at each write
        child.stdin.close()
    except (OSError, ValueError):
        pass  # the child is gone: `result` says so


def _decode(data: bytes) -> str:
    """`data` as UTF-8, a step at a time: one C call over 20 MB held the lock 20-90 ms."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogatepass")
    view = memoryview(data)
    parts = []
    for begin in range(0, len(data), DECODE_STEP):
        parts.append(decoder.decode(view[begin : begin + DECODE_STEP]))
        time.sleep(0)
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)
