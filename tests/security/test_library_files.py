"""Hostile library files: alias bombs, symlinks out, FIFOs, devices, deep folders, bidi, escapes.

Each attack once made `reader` hang, exhaust memory, crash, read outside the
library or print control characters (issue 14, items 3, 4, 5, 11, 12, 13).
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from reader.library import frontmatter
from reader.library.loader import MAX_DEPTH, load_library
from reader.search.index import index_file

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def alias_bomb(levels: int = 9, field: str = "unknown") -> str:
    """The billion laughs: each level lists the one before nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        previous, current = chr(ord("a") + level - 1), chr(ord("a") + level)
        lines.append(f"{current}: &{current} [" + ", ".join([f"*{previous}"] * 9) + "]")
    lines.append(f"{field}: *{chr(ord('a') + levels - 1)}")
    return "---\n" + "\n".join(lines) + "\n---\n# Bomb\n\nBody.\n"


@pytest.mark.parametrize("field", ["unknown", "title", "tags"])
def test_a_yaml_alias_bomb_is_refused_quickly(make_library, run, field):
    root = make_library({"bomb.md": alias_bomb(field=field), "ok.md": "# Fine\n"})
    started = time.perf_counter()
    library, problems = load_library(root)
    assert time.perf_counter() - started < 2
    assert [problem.path.name for problem in problems] == ["bomb.md"]
    assert "aliases" in problems[0].message
    assert library.articles["bomb"].title == "Bomb"  # the file still opens, fields ignored
    code, _out, _ = run("--library", str(root), "search", "lol")
    assert code in (0, 1)
    assert time.perf_counter() - started < 5


def test_a_field_too_large_even_without_aliases_is_refused(make_library):
    summary = "word " * (frontmatter.MAX_VALUE_CHARS // 4)
    root = make_library({"big.md": f"---\ntitle: Big\nsummary: {summary}\n---\nBody.\n"})
    library, problems = load_library(root)
    assert ["too large" in problem.message for problem in problems] == [True]
    assert library.articles["big"].summary == ""


def test_a_small_anchor_reused_is_fine(make_library):
    root = make_library({"a.md": "---\nx: &x [1, 2]\ny: *x\ntitle: Fine\n---\nBody.\n"})
    library, problems = load_library(root)
    assert problems == []
    assert library.articles["a"].meta["y"] == [1, 2]


yaml_values = st.recursive(
    st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        st.text(alphabet=st.sampled_from("&*ab:-[]{}, \n'\"!|>#%@`\t1\x00\u202e"), max_size=120),
        st.builds(
            lambda levels, field: alias_bomb(levels, field).split("---\n")[1],
            st.integers(1, 12),
            st.sampled_from(["title", "author", "tags", "date", "x"]),
        ),
    )
)
def test_any_front_matter_is_read_or_refused_never_raised(text):
    started = time.perf_counter()
    try:
        fields = frontmatter.parse(frontmatter.Split("yaml", text, 0))
    except frontmatter.FrontMatterError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(fields, dict)
    assert time.perf_counter() - started < 1


def test_a_symlink_out_of_the_library_is_reported_and_never_read(make_library, tmp_path, run):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nroot:password-hash\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "more.md").write_text("# Also secret\n\nroot:hash\n")
    root = make_library({"ok.md": "# Fine\n", "inner/target.md": "# Inner\n"})
    (root / "leak.md").symlink_to(secret)
    (root / "folder").symlink_to(tmp_path / "outside")
    (root / "inside.md").symlink_to(root / "inner" / "target.md")  # stays inside: fine
    library, problems = load_library(root)
    assert sorted(library.articles) == ["inner/target", "inside", "ok"]
    assert sorted((p.path.name, p.message) for p in problems) == [
        ("folder", "symlink leads outside the library; skipped"),
        ("leak.md", "symlink leads outside the library; skipped"),
    ]
    _code, out, _ = run("--library", str(root), "search", "hash")
    assert "hash" not in out
    cached = index_file(tmp_path / "reader-cache", root)
    assert b"password" not in cached.read_bytes()


def test_cache_and_state_files_are_private(make_library, tmp_path, run):
    root = make_library({"ok.md": "# Fine\n\nwords\n"})
    run("--library", str(root), "search", "words")
    run("--library", str(root), "bookmarks", "add", "ok")
    cached = index_file(tmp_path / "reader-cache", root)
    state = tmp_path / "reader-data" / "state.sqlite3"
    for path in (cached, state):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


@pytest.mark.parametrize("command", ["list", "check", "search"])
def test_fifo_and_device_articles_never_block_or_exhaust_memory(make_library, run, command):
    root = make_library({"ok.md": "# Fine\n\nwords\n"})
    os.mkfifo(root / "x.md")
    if Path("/dev/zero").exists():
        (root / "zero.md").symlink_to("/dev/zero")
    started = time.perf_counter()
    argv = [command, "words"] if command == "search" else [command]
    _code, out, _err = run("--library", str(root), *argv)
    assert time.perf_counter() - started < 5
    assert "Fine" in out or command == "check"
    if command == "check":
        assert "x.md: cannot read file: not a regular file; skipped" in out
    library, _problems = load_library(root, deep=True)
    assert sorted(library.articles) == ["ok"]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(make_library, monkeypatch):
    from reader.library import files

    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(files.read_regular, "__kwdefaults__", {"max_bytes": 1000})
    root = make_library({"big.md": "# Big\n" + "word " * 1000, "ok.md": "# Fine\n"})
    library, problems = load_library(root, deep=True)
    assert sorted(library.articles) == ["ok"]
    assert "too large" in problems[0].message


@pytest.fixture
def deep_library(tmp_path):
    """1,200 nested folders (2,400 characters: within PATH_MAX), taken down again without
    recursion: pytest's own clean-up would hit the recursion limit on them."""
    root = tmp_path / "library"
    root.mkdir()
    (root / "top.md").write_text("# Top\n")
    folder = root
    for _ in range(1200):
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.md").write_text("# Deep\n")
    yield root
    here = os.getcwd()
    try:  # from the bottom up, each step relative: no long path, no recursion
        os.chdir(folder)
        os.remove("deep.md")
        for _ in range(1200):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_folders_nested_too_deep_are_reported_not_a_recursion_error(deep_library, run):
    library, problems = load_library(deep_library)
    assert "top" in library.articles
    assert [p.message for p in problems] == [f"folders nested deeper than {MAX_DEPTH}; skipped"]
    code, out, _err = run("--library", str(deep_library), "list")
    assert code == 0 and "Top" in out


def test_bidi_controls_never_reach_stdout(make_library, run):
    title = f"Invoice {BIDI}fdp.exe"
    root = make_library(
        {"a.md": f"---\ntitle: '{title}'\nauthor: 'Ann{BIDI}'\n---\nBody {BIDI} text.\n"}
    )
    for argv in (["list"], ["list", "--json"], ["show", "a"], ["show", "a", "--raw"]):
        code, out, _ = run("--library", str(root), *argv)
        assert code == 0
        assert not set(BIDI) & set(out), argv
    library, _ = load_library(root)
    assert library.articles["a"].title == "Invoice fdp.exe"


def test_a_library_path_with_escapes_is_printed_escaped(tmp_path, run):
    root = tmp_path / "lib\x1b]0;owned\x07\x1b[2J"
    root.mkdir()
    (root / "bad.md").write_bytes(b"\x00\x01binary")
    code, out, err = run("--library", str(root), "check")
    assert code == 1
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b]0;owned" in out
    code, out, err = run("--library", str(root), "show", "nothing")
    assert code == 2 and "\x1b" not in err
    code, out, err = run("--library", str(tmp_path / "gone\x1b[2J"), "list")
    assert code == 2 and "\x1b" not in err and "\\x1b[2J" in err
