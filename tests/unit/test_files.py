"""`read_regular`: reads sized to the file, whatever its size says meanwhile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.library.files import read_regular


def _shrunk_stat(real: os.stat_result, size: int) -> os.stat_result:
    values = list(real)
    values[6] = size  # st_size
    return os.stat_result(values)


@pytest.mark.parametrize("said", [0, 1, 100, 4095])
def test_a_file_larger_than_its_size_said_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, said: int
) -> None:
    # A file appended to between `fstat` and the reads: all of it comes back.
    data = bytes(range(256)) * 40 + b"tail"
    path = tmp_path / "growing.md"
    path.write_bytes(data)
    real_fstat = os.fstat
    monkeypatch.setattr(os, "fstat", lambda fd: _shrunk_stat(real_fstat(fd), said))
    assert read_regular(path) == data
    assert read_regular(path, 10, 5000) == data[10:5010]


def test_parts_of_a_file_are_read_as_asked(tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 7)
    path = tmp_path / "book.md"
    path.write_bytes(data)
    assert read_regular(path) == data
    assert read_regular(path, limit=8192) == data[:8192]
    assert (
        read_regular(path, 1024 * 1024 - 3, 2 * 1024 * 1024)
        == data[1024 * 1024 - 3 :][: 2 * 1024 * 1024]
    )
    assert read_regular(path, len(data) + 10) == b""
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert read_regular(empty) == b""
