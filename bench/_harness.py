"""What the benchmarks share: run a case in a fresh interpreter, judge a target.

Each case runs in its own process, so its peak RSS and its caches are its own;
it prints its figures as one JSON line, last. Not a benchmark itself: `make
bench` runs only the scripts whose names do not start with `_`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

#: The environment of a user's shell, over this machine's: it sets
#: PYTHONDONTWRITEBYTECODE=1, so every `reader` started here compiled its modules
#: again, where an installed `reader` (pip writes the bytecode) or a checkout
#: (written on first run) does not.
USER_ENV = {"PYTHONDONTWRITEBYTECODE": ""}


def run_case(script: str, args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run `script args` in a fresh interpreter and return the JSON it printed last."""
    output = subprocess.run(
        [sys.executable, script, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if output.returncode != 0:
        sys.exit(f"bench case {' '.join(args)} failed:\n{output.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def cpu_probe() -> float:
    """Seconds a fixed pure-Python loop takes now: the speed of this machine at the
    moment, printed beside the figures (a shared VM varies by a third from minute
    to minute, and every figure with it)."""
    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    return time.perf_counter() - started
