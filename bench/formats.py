"""Books and web pages at scale: 10 EPUB books (about 50 MB) and 1,000 saved web pages.

Generates (in a temp dir, cleaned up) a library of 10 EPUB 3 books, each with
about 4.6 MB of pictures (random bytes, as photographs are to deflate) and
about 40 chapters of generated prose (one book has a 1 MB chapter, the largest),
and 1,000 saved web pages of about 10 KB with page chrome (navigation, cookie
notice, comments, share bar, related links) in 10 folders. The same pages
without the books are a second library: the baseline. Then measures, each
`reader` run a fresh process (process start included):

- cold `reader list --json` on an empty cache: every page extracted and every
  chapter converted (the words of each are counted);
- cold `reader list` (the tree only) on an empty cache;
- warm `reader list`, median of 9 runs with and without the books, interleaved,
  each loading the library from its caches (the output `reader list` keeps for
  an unchanged library is deleted first: it would answer without loading);
- opening the largest chapter (`Library.read_body` and `reading.split`, in
  process, best of 31 interleaved runs: the least disturbed on a shared
  machine; the medians are printed too), warm, against a Markdown article
  holding the same Markdown; the first (cold) open, which converts it, is printed too;
- extraction time per page (`formats.convert_file` on 200 pages, in process).

Targets (issue 10): warm list within 1.2x of the same library without the
books; the largest chapter opens as fast as Markdown of the same size (within
10%, the noise of one run). Prints PASS or MISS; exits 1 on a miss.

    .venv/bin/python bench/formats.py
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import verdict

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.books import PAGE, Doc, write_epub

WORDS = (
    "the of and a to in is that it was for on are with as his they be at one have this from "
    "river harbour winter summer mountain letter congress railway night house garden "
    "Straße İstanbul naïve café Zürich señor"
).split()
BOOKS = 10
CHAPTERS = 40
PICTURE_BYTES = 4_600_000
PAGES = 1000


def prose(rng: random.Random, size: int) -> str:
    parts, total = [], 0
    while total < size:
        text = " ".join(rng.choices(WORDS, k=rng.randint(40, 90))).capitalize() + "."
        parts.append(f"<p>{text} <em>{rng.choice(WORDS)}</em></p>")
        if len(parts) % 12 == 0:
            parts.append(f"<h2>Part {len(parts) // 12}</h2>")
        total += len(text) + 20
    return "".join(parts)


def generate(root: Path, with_books: bool, rng: random.Random) -> None:
    page = PAGE.encode()
    for number in range(PAGES):
        folder = root / "pages" / f"site-{number % 10}"
        folder.mkdir(parents=True, exist_ok=True)
        filler = prose(rng, 6000).encode()
        (folder / f"page-{number:04d}.html").write_bytes(
            page.replace(b"<h2>Upstream</h2>", b"<h2>Upstream</h2>" + filler)
        )
    if not with_books:
        return
    (root / "books").mkdir()
    for book in range(BOOKS):
        docs = []
        for chapter in range(CHAPTERS):
            size = 1_000_000 if (book, chapter) == (0, 5) else 60_000
            body = f"<h1>Chapter {chapter + 1}</h1>" + prose(rng, size)
            docs.append(Doc(f"c{chapter:03d}.xhtml", body, f"Chapter {chapter + 1}"))
        picture = {f"OEBPS/images/plate-{book}.jpg": rng.randbytes(PICTURE_BYTES)}
        write_epub(root / "books" / f"book-{book}.epub", docs, title=f"Book {book}", extra=picture)


def reader(library: Path, cache: Path, *args: str) -> float:
    for kept in cache.glob("*.list-*"):  # `reader.cli.list_cache`: time the load, not it
        kept.unlink()
    env = {**os.environ, "READER_CACHE_DIR": str(cache), "READER_DATA_DIR": str(cache / "d")}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--library", str(library), *args],
        capture_output=True,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"reader {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
    return elapsed


def open_times(books: Path, scratch: Path) -> dict[str, float]:
    from reader.library import load_library
    from reader.reading import split

    os.environ["READER_CACHE_DIR"] = str(scratch / "cold-cache")  # nothing converted yet
    library, _ = load_library(books)
    chapter = library.articles["book-0/chapter-6"]
    start = time.perf_counter()
    markdown = library.read_body(chapter)
    cold = time.perf_counter() - start
    (scratch / "same").mkdir()
    (scratch / "same" / "chapter.md").write_text(markdown, encoding="utf-8")
    plain, _ = load_library(scratch / "same")

    def opening(lib: object, article: object) -> float:
        tick = time.perf_counter()
        split(lib.read_body(article))  # type: ignore[attr-defined]
        return time.perf_counter() - tick

    pairs = [
        (opening(library, chapter), opening(plain, plain.articles["chapter"])) for _ in range(31)
    ]
    return {
        "bytes": len(markdown.encode()),
        "cold": cold,
        "book": min(pair[0] for pair in pairs),
        "md": min(pair[1] for pair in pairs),
        "book_median": statistics.median(pair[0] for pair in pairs),
        "md_median": statistics.median(pair[1] for pair in pairs),
    }


def extraction_per_page(root: Path) -> float:
    from reader.library.formats import convert_file

    pages = sorted((root / "pages").rglob("*.html"))[:200]
    start = time.perf_counter()
    for page in pages:
        convert_file(page)
    return (time.perf_counter() - start) / len(pages)


def main() -> int:
    rng = random.Random(10)
    work = Path(tempfile.mkdtemp(prefix="reader-bench-formats-"))
    try:
        full, bare = work / "full", work / "bare"
        generate(full, True, rng)
        generate(bare, False, random.Random(10))
        book_bytes = sum(p.stat().st_size for p in (full / "books").glob("*.epub"))
        print(f"library: {BOOKS} books, {book_bytes / 2**20:.1f} MB; {PAGES} pages")
        cold_json = reader(full, work / "cache-json", "list", "--json")
        cold_list = reader(full, work / "cache-list", "list")
        reader(bare, work / "cache-bare", "list")  # warm the baseline's cache
        # Interleaved, so that a change in the machine's load hits both alike.
        runs = [
            (reader(full, work / "cache-json", "list"), reader(bare, work / "cache-bare", "list"))
            for _ in range(9)
        ]
        warm = statistics.median(run[0] for run in runs)
        warm_bare = statistics.median(run[1] for run in runs)
        opened = open_times(full / "books", work)
        per_page = extraction_per_page(full)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ratio = warm / warm_bare
    open_ratio = opened["book"] / opened["md"]
    list_ok, open_ok = ratio <= 1.2, open_ratio <= 1.1
    print(f"cold `reader list --json` (all conversions): {cold_json:.2f} s")
    print(f"cold `reader list` (tree only):               {cold_list:.2f} s")
    print(
        f"warm `reader list`: {warm * 1000:.0f} ms; without the books {warm_bare * 1000:.0f} ms; "
        f"{ratio:.2f}x (target <= 1.2x) {verdict(list_ok)}"
    )
    print(
        f"largest chapter ({opened['bytes'] / 1000:.0f} KB of Markdown): first open "
        f"{opened['cold'] * 1000:.0f} ms (conversion); then {opened['book'] * 1000:.1f} ms vs "
        f"{opened['md'] * 1000:.1f} ms for the same Markdown file (best of 31; medians "
        f"{opened['book_median'] * 1000:.1f} vs {opened['md_median'] * 1000:.1f} ms); "
        f"{open_ratio:.2f}x (target <= 1.1x) {verdict(open_ok)}"
    )
    print(f"extraction per web page: {per_page * 1000:.1f} ms")
    return 0 if list_ok and open_ok else 1


if __name__ == "__main__":
    sys.exit(main())
