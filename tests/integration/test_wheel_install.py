"""A bookmark made from the checkout is there after installing the wheel elsewhere.

The bundled library's state is keyed `bundled`, not by the folder it is installed
in: this builds the wheel (offline, with the hatchling of the dev install),
installs it into a second venv in `tmp_path` and asks the installed `reader`,
with the same data dir, for the bookmark the checkout made. The second venv gets
the dependencies from this one through a `.pth` file (not reader itself: the
editable install's own `.pth` is not read from there), so nothing is downloaded.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from reader.cli import main
from reader.resources import bundled_library

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("hatchling") is None,
    reason="hatchling (a dev dependency) is not installed: the wheel cannot be built offline",
)


def _run(*command: str | Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_a_bookmark_made_from_the_checkout_is_found_by_the_installed_wheel(tmp_path, capsys):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    dist = tmp_path / "dist"
    _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "--quiet", "--wheel-dir", dist, ROOT, env=env,
    )  # fmt: skip
    [wheel] = dist.glob("reader-*.whl")

    second = tmp_path / "venv2"
    venv.create(second, with_pip=False)
    python = second / "bin" / "python"
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", env=env)
        .strip()
    )  # fmt: skip
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
        "--quiet", wheel, env=env,
    )  # fmt: skip
    installed = _run(
        python, "-c", "from reader.resources import bundled_library; print(bundled_library())",
        env=env,
    ).strip()  # fmt: skip
    assert Path(installed).is_relative_to(second)  # the wheel's own copy of the library
    assert Path(installed) != bundled_library()

    data_dir = tmp_path / "data"
    article_id = (
        "01-introduction/struggle-against-centrism-and-the-founding-of-the-fourth-international"
    )
    made = ["--data-dir", str(data_dir), "bookmarks", "add", article_id, "--note", "from checkout"]
    assert main(made) == 0
    capsys.readouterr()

    listed = json.loads(
        _run(second / "bin" / "reader", "--data-dir", data_dir, "bookmarks", "--json", env=env)
    )
    assert [(b["library"], b["article_id"], b["note"]) for b in listed] == [
        ("bundled", article_id, "from checkout")
    ]
    # The installed reader counts it in its own library (else the line names the other).
    [line] = _run(
        second / "bin" / "reader", "--data-dir", data_dir, "bookmarks", env=env
    ).splitlines()
    assert line.endswith(f"from checkout  [{article_id}]")
