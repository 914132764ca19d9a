"""Attack fixtures: a `run` helper for the command, and hostile libraries made in tmp_path."""

from __future__ import annotations

import pytest

from reader.cli import main


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    """`run(*argv)` -> (exit code, stdout, stderr) of the `reader` command."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
