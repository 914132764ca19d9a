"""A first load asks the disk for its files at once: only regular files, only when
they are not in memory already, and never by waiting on a FIFO."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from reader.library import prefetch, readahead

pytestmark = pytest.mark.skipif(
    not hasattr(os, "posix_fadvise") or not hasattr(os, "RWF_NOWAIT"), reason="Linux calls"
)


def _files(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"{number:03d}.md"
        path.write_text(f"---\ntitle: A{number}\n---\n" + "words " * 2000, encoding="utf-8")
        paths.append(str(path))
    return paths


def _no_process(*args: object, **kwargs: object) -> None:
    raise OSError("no process here")


def _evicted(paths: list[str]) -> bool:
    """Push the files out of the page cache; False where this file system keeps
    them (tmpfs: its pages are the files)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return not readahead.cached(paths)


def test_files_just_written_are_taken_as_cached_and_not_asked_for(tmp_path: Path) -> None:
    paths = _files(tmp_path / "lib", 40)
    assert readahead.read_ahead(paths) is None


@pytest.mark.parametrize("asker", ["child process", "thread: no process", "thread: no interpreter"])
def test_files_pushed_out_of_memory_are_read_back_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, asker: str
) -> None:
    paths = _files(tmp_path / "lib", 40)
    if not _evicted(paths):
        pytest.skip("this file system keeps its files in memory")
    if asker == "thread: no process":  # where no process can start, a thread asks
        monkeypatch.setattr(subprocess, "Popen", _no_process)
    elif asker == "thread: no interpreter":  # an embedded Python: no `sys.executable`
        monkeypatch.setattr(sys, "executable", None)
    thread = readahead.read_ahead(paths)
    assert thread is not None
    thread.join(timeout=60)
    assert not thread.is_alive()  # the child was waited for
    deadline = time.monotonic() + 60  # the kernel reads on after the calls return
    while not readahead.cached(paths) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert readahead.cached(paths)


def test_the_child_is_given_every_path_and_asks_for_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [*_files(tmp_path / "lib", 3), str(tmp_path / "lib" / "naïve é.md")]
    received = tmp_path / "received"
    program = f"import sys; open({str(received)!r}, 'wb').write(sys.stdin.buffer.read())"
    monkeypatch.setattr(readahead, "cached", lambda paths: False)
    monkeypatch.setattr(readahead, "_CHILD", program)
    thread = readahead.read_ahead(paths)
    assert thread is not None
    thread.join(timeout=60)
    asked: list[list[str]] = []
    monkeypatch.setattr(readahead, "_advise", asked.append)
    with received.open("rb") as stream:
        readahead.advise_from(stream)
    assert asked == [paths]


def test_the_child_never_imports_a_reader_from_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `python -c` puts the current folder first on its path: a `reader.py` there
    # (a user's own, or a library's) would have run instead of the real one.
    planted = tmp_path / "here"
    planted.mkdir()
    ran = tmp_path / "ran"
    (planted / "reader.py").write_text(f"open({str(ran)!r}, 'w').close()\n")
    monkeypatch.chdir(planted)
    monkeypatch.setattr(readahead, "cached", lambda paths: False)
    thread = readahead.read_ahead(_files(tmp_path / "lib", 3))
    assert thread is not None
    thread.join(timeout=60)
    assert not ran.exists()


def test_a_fifo_or_a_missing_file_named_like_an_article_is_passed_over(tmp_path: Path) -> None:
    paths = _files(tmp_path / "lib", 3)
    fifo = tmp_path / "lib" / "pipe.md"
    os.mkfifo(fifo)  # opening it to read would wait for a writer forever
    listed = [str(fifo), str(tmp_path / "gone.md"), *paths]
    done = threading.Event()

    def run() -> None:
        readahead.cached(listed)
        readahead._advise(listed)
        done.set()

    threading.Thread(target=run, daemon=True).start()
    assert done.wait(timeout=30), "reading ahead waited on a FIFO"


def test_a_first_load_of_many_files_asks_for_them_in_the_loaders_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _files(tmp_path / "lib" / "section", prefetch.POOL_AT)
    asked: list[list[str]] = []
    monkeypatch.setattr(prefetch, "read_ahead", asked.append)
    monkeypatch.setattr(prefetch, "_pool", lambda: (_ for _ in ()).throw(OSError("no pool")))
    prefetch.Prefetch.start(tmp_path / "lib", (".md",), 8)
    assert asked == [paths]
