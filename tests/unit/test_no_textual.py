"""The domain, the loader and the screenless CLI commands never import Textual.

Scripts run `reader list` / `show` / `check` in loops; importing Textual would cost
them its start-up time. Checked in a fresh interpreter, where nothing else has
imported Textual already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BADLIB = Path(__file__).resolve().parent.parent / "fixtures" / "badlib"

SCRIPT = """
import contextlib, io, json, sys

import reader.cli
import reader.fields
import reader.frontmatter
import reader.loader
import reader.model
import reader.settings
import reader.text

report = {"after_import": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}
codes = {}
for command in (["list"], ["list", "--json"], ["show", "good-one"], ["check"]):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        codes[" ".join(command)] = reader.cli.main(["--library", sys.argv[1], *command])
report["codes"] = codes
report["after_commands"] = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
print(json.dumps(report))
"""


def test_model_loader_and_cli_commands_do_not_import_textual():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(BADLIB)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    # The commands really ran (check finds the fixture's problems), so the
    # absence of Textual below is not the absence of work.
    assert report["codes"] == {"list": 0, "list --json": 0, "show good-one": 0, "check": 1}
    assert report["after_import"] == []
    assert report["after_commands"] == []
