"""The fold of a long article's body, made in a child process (`reader.reading.fold_apart`).

Run as `python -m reader.textsearch.fold_child casefold|exact`: reads the body's
bytes on stdin, cleans and folds them exactly as the reading view's own
`clean_text(data.decode("utf-8", errors="replace"))` and `fold` would, and writes
one JSON line (the `FoldedText` fields but the texts) followed by the folded
text in UTF-8. This is the one module of `textsearch` that does I/O: it is a
process's entry point, not a function the rest of reader calls.
"""

from __future__ import annotations

import json
import sys

from reader.library.sanitize import clean_text
from reader.textsearch.fold import fold


def _keep_going() -> None:
    """No other thread here: the fold does not give way between pieces."""


def main(argv: list[str]) -> int:
    if argv != ["casefold"] and argv != ["exact"]:
        print("usage: python -m reader.textsearch.fold_child casefold|exact", file=sys.stderr)
        return 2
    text = clean_text(sys.stdin.buffer.read().decode("utf-8", errors="replace"))
    folded = fold(text, casefold=argv[0] == "casefold", between=_keep_going)
    answer = folded.folded.encode("utf-8", errors="surrogatepass")
    header = {
        "length": len(text),
        "size": len(answer),
        "exact": folded.exact,
        "inner_starts": sorted(folded.inner_starts),
        "inner_ends": sorted(folded.inner_ends),
        "outputs": folded.outputs,
        "piece": folded.piece,
        "piece_starts": list(folded.piece_starts),
    }
    out = sys.stdout.buffer
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    out.write(answer)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
