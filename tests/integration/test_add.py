"""`reader add`: pages fetched from a real HTTP server on 127.0.0.1, books and files copied in."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
import yaml

from reader.cli import fetch, main
from reader.library import load_library
from tests.books import PAGE, sample_docs, write_epub

#: Set when a test ends: the handler of `/slow` holds its answer until then.
RELEASE = threading.Event()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        redirects = {"/moved": "/article.html", "/to-file": "file:///etc/passwd"}
        if self.path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[self.path])
            self.end_headers()
            return
        if self.path == "/slow":
            RELEASE.wait(30)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A web server on 127.0.0.1 serving pages the test wrote; yields its base URL."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "article.html").write_text(PAGE, encoding="utf-8")
    (site / "data.json").write_text('{"a": 1}', encoding="utf-8")
    (site / "big.html").write_bytes(b"<html><body><p>" + b"x" * 4096 + b"</p></body></html>")
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_Handler, directory=str(site))
    )
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    RELEASE.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    RELEASE.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "library"
    root.mkdir()
    (root / "first.md").write_text("# First\n")
    return root


def add(capsys: pytest.CaptureFixture[str], library: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), "add", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_page_is_fetched_and_saved_as_a_markdown_article(
    capsys: pytest.CaptureFixture[str], library: Path, server: str
) -> None:
    code, out, err = add(capsys, library, f"{server}/moved", "--section", "saved")
    assert (code, err) == (0, "")
    assert out == "saved/the-long-river\n"
    text = (library / "saved" / "the-long-river.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "The Long River"
    assert front["author"] == "Jane Doe"
    assert str(front["date"]) == "2024-03-05"
    assert front["source"] == f"{server}/article.html"  # the redirect was followed
    assert "added" in front
    assert "Share on" not in text and "cookies" not in text
    loaded, problems = load_library(library)
    assert problems == []
    assert loaded.articles["saved/the-long-river"].author == ("Jane Doe",)
    # Nothing is overwritten: the same page again gets `-2`.
    code, out, _ = add(
        capsys, library, f"{server}/article.html", "--section", "saved", "--title", "Mine"
    )
    assert out == "saved/mine\n"
    code, out, _ = add(capsys, library, f"{server}/article.html", "--section", "saved")
    assert out == "saved/the-long-river-2\n"
    assert front == yaml.safe_load(
        (library / "saved" / "the-long-river.md").read_text(encoding="utf-8").split("---\n")[1]
    )


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing.html", "the server answered 404 File not found"),
        ("/data.json", "is not a web page (it is application/json)"),
    ],
)
def test_fetch_failures_are_one_line(
    capsys: pytest.CaptureFixture[str], library: Path, server: str, path: str, message: str
) -> None:
    code, out, err = add(capsys, library, f"{server}{path}")
    assert (code, out) == (2, "")
    assert err.startswith("reader: ") and message in err and err.count("\n") == 1
    assert sorted(p.name for p in library.iterdir()) == ["first.md"]


def test_too_big_refused_and_dns_failures(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch, "LIMIT", 1000)
    code, _, err = add(capsys, library, f"{server}/big.html")
    assert code == 2 and "is too big" in err
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = add(capsys, library, f"http://127.0.0.1:{port}/x.html")
    assert (code, err) == (2, "reader: 127.0.0.1 refused the connection\n")

    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    code, _, err = add(capsys, library, "http://no-such-host.example/page")
    assert (code, err) == (2, "reader: cannot find the host 'no-such-host.example' (DNS)\n")


def test_files_and_books_are_copied_in_never_over_anything(
    capsys: pytest.CaptureFixture[str], library: Path, tmp_path: Path
) -> None:
    book = write_epub(tmp_path / "novel.epub", sample_docs(), title="A Novel")
    text = tmp_path / "first.txt"
    text.write_text("Notes\n\nSome notes.\n")
    assert add(capsys, library, str(book), "--section", "books")[:2] == (0, "books/novel\n")
    assert add(capsys, library, str(text))[:2] == (0, "first-2\n")  # `first.md` has that id
    loaded, problems = load_library(library)
    assert problems == []
    assert loaded.sections["books/novel"].title == "A Novel"
    assert loaded.articles["first-2"].title == "Notes"
    assert (library / "first.md").read_text() == "# First\n"
    broken = write_epub(tmp_path / "broken.epub", sample_docs(), no_opf=True)
    code, _, err = add(capsys, library, str(broken))
    assert code == 2 and "the OPF package OEBPS/content.opf is missing" in err
    code, _, err = add(capsys, library, str(tmp_path / "nothing.md"))
    assert (code, err) == (2, f"reader: no such file: {tmp_path / 'nothing.md'}\n")


def test_the_bundled_library_is_read_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "p.txt"
    page.write_text("Hello\n")
    code = main(["add", str(page)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("reader: the bundled library is read-only; add to your own library")


def test_the_installed_command_adds_a_page(library: Path, server: str) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "--library",
            str(library),
            "add",
            f"{server}/article.html",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "the-long-river\n", "")


def test_a_server_that_does_not_answer_times_out(
    capsys: pytest.CaptureFixture[str],
    library: Path,
    server: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    code, _, err = add(capsys, library, f"{server}/slow")
    assert (code, err) == (
        2,
        f"reader: {server}/slow: no answer within 0.5 s\n",
    )


def test_a_redirect_to_a_local_file_is_refused(
    capsys: pytest.CaptureFixture[str], library: Path, server: str
) -> None:
    code, out, err = add(capsys, library, f"{server}/to-file")
    assert (code, out) == (2, "")
    assert "302" in err
    assert sorted(p.name for p in library.iterdir()) == ["first.md"]


def test_a_file_added_to_a_documentation_site_goes_into_its_docs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    site = tmp_path / "site-library"
    (site / "pages").mkdir(parents=True)
    (site / "mkdocs.yml").write_text("site_name: Docs\ndocs_dir: pages\n")
    note = tmp_path / "note.md"
    note.write_text("# A note\n")
    assert add(capsys, site, str(note), "--section", "guide")[:2] == (0, "guide/note\n")
    library, _ = load_library(site)
    assert library.articles["guide/note"].title == "A note"
