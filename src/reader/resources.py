"""Finding the bundled library and the stylesheets, installed or from a checkout.

A wheel carries `library/` and `styles/` inside the package, in `reader/_data/`
(hatch force-include: `reader/library` is the library package);
an editable install leaves them at the repository root. `importlib.resources`
answers the first case, the repository folder the second.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]


def _bundled(name: str) -> Path:
    packaged = Path(str(resources.files("reader"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    return _REPO_ROOT / name


def bundled_library() -> Path:
    """The library `reader` opens when no other is given."""
    return _bundled("library")


def styles_dir() -> Path:
    """The folder of `.tcss` sheets (absolute, so both install modes work)."""
    return _bundled("styles")
