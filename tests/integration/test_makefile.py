"""`make`'s venv: one made by a Python too old is never left behind nor reused.

The Makefile runs on copies in tmp_path with fake interpreters (shell scripts
that play Python 3.10 or 3.12: they answer the version check, make a "venv" by
copying themselves, and log the `pip` calls), so nothing is installed.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FAKE = """#!/bin/sh
VERSION={version}
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin" && cp "$0" "$3/bin/python" && exit 0
fi
if [ "$1" = "-c" ]; then
    [ "$VERSION" -ge 11 ]; exit $?
fi
echo "3.$VERSION $*" >> calls.log
"""

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def fake_python(folder: Path, version: int) -> Path:
    path = folder / f"python3.{version}"
    path.write_text(FAKE.format(version=version))
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "pyproject.toml").write_text("")
    return tmp_path


def make(project: Path, python: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", ".venv/.installed", f"PYTHON={python}"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_python_too_old_fails_with_a_message_and_leaves_no_venv(project: Path) -> None:
    result = make(project, fake_python(project, 10))
    assert result.returncode != 0
    assert "3.11 or newer" in result.stderr
    assert not (project / ".venv").exists()
    assert not (project / "calls.log").exists()


def test_a_venv_left_by_an_old_python_is_rebuilt(project: Path) -> None:
    # What `make run PYTHON=python3.10` left before: a venv of 3.10, installed or not.
    old = fake_python(project, 10)
    (project / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(old, project / ".venv" / "bin" / "python")
    (project / ".venv" / ".installed").touch()

    result = make(project, fake_python(project, 12))
    assert result.returncode == 0, result.stderr
    calls = (project / "calls.log").read_text().splitlines()
    assert calls and all(call.startswith("3.12 -m pip install") for call in calls)
    assert "VERSION=12" in (project / ".venv" / "bin" / "python").read_text()

    # A good venv is reused: nothing is installed again.
    (project / "calls.log").unlink()
    assert make(project, fake_python(project, 12)).returncode == 0
    assert not (project / "calls.log").exists()
