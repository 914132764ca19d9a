"""Moving FTS5 segments built in other databases into the index's table.

A first build writes one FTS5 table per worker process (`building`), each in its
own file, and this module makes them one table: FTS5 keeps an index as segments
(rows of `fts_data` whose id holds the segment id above bit 37, plus the
`fts_idx` b-tree of each), a structure record (id 10) listing the segments by
level, and an averages record (id 1: rows and tokens per column). Copying the
segments under fresh ids, summing the averages and listing the segments in the
structure gives exactly the table one writer would have built (same doclists,
same statistics, so the same bm25 ranks), without tokenizing anything again.

The record layouts are FTS5's documented on-disk format (fts5_index.c). Anything
unexpected (the newer structure layout of contentless_delete tables, a merge left
half done, a table that is not empty) raises `Unmergeable`: the caller builds
the plain way instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

#: Bits of an `fts_data` id below the segment id.
SEGMENT_SHIFT = 37
AVERAGES, STRUCTURE = 1, 10
MAX_SEGMENT = 2000


class Unmergeable(ValueError):
    """The tables cannot be combined by copying segments."""


def get_varint(data: bytes, at: int) -> tuple[int, int]:
    """SQLite's varint at `at`: (value, offset after it)."""
    value = 0
    for n in range(8):
        byte = data[at + n]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + n + 1
    return (value << 8) | data[at + 8], at + 9


def put_varint(value: int) -> bytes:
    if value < 0 or value >= 1 << 64:
        raise Unmergeable(f"no varint for {value}")
    if value >= 1 << 56:  # nine bytes: the last one holds eight bits
        out = [value & 0xFF]
        value >>= 8
        for _ in range(8):
            out.append((value & 0x7F) | 0x80)
            value >>= 7
        return bytes(reversed(out))
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    return bytes(reversed(out))


def varints(data: bytes) -> list[int]:
    values, at = [], 0
    while at < len(data):
        value, at = get_varint(data, at)
        values.append(value)
    return values


@dataclass
class Structure:
    """FTS5's structure record: segments (id, first page, last page) by level."""

    cookie: bytes
    writes: int
    levels: list[list[tuple[int, int, int]]] = field(default_factory=list)

    @classmethod
    def decode(cls, data: bytes) -> Structure:
        if len(data) < 4 or data[:4] == b"\xff\x00\x00\x01":
            raise Unmergeable("not the structure layout this module knows")
        try:
            count, at = get_varint(data, 4)
            _, at = get_varint(data, at)
            writes, at = get_varint(data, at)
            structure = cls(data[:4], writes)
            for _ in range(count):
                merging, at = get_varint(data, at)
                segments, at = get_varint(data, at)
                if merging:
                    raise Unmergeable("a merge is under way")
                level = []
                for _ in range(segments):
                    segid, at = get_varint(data, at)
                    first, at = get_varint(data, at)
                    last, at = get_varint(data, at)
                    level.append((segid, first, last))
                structure.levels.append(level)
        except IndexError:
            raise Unmergeable("a truncated structure record") from None
        if at != len(data):
            raise Unmergeable("trailing bytes after the structure record")
        return structure

    def encode(self) -> bytes:
        out = bytearray(self.cookie)
        out += put_varint(len(self.levels)) + put_varint(sum(map(len, self.levels)))
        out += put_varint(self.writes)
        for level in self.levels:
            out += put_varint(0) + put_varint(len(level))
            for segment in level:
                out += b"".join(map(put_varint, segment))
        return bytes(out)


def _record(db: sqlite3.Connection, schema: str, rowid: int) -> bytes | None:
    row = db.execute(f"SELECT block FROM {schema}.fts_data WHERE id = ?", (rowid,)).fetchone()
    return None if row is None else bytes(row[0])


@contextmanager
def attached(db: sqlite3.Connection, shards: Sequence[Path]) -> Iterator[list[str]]:
    """The shard files attached to `db` (outside a transaction: SQLite's rule), by name."""
    names: list[str] = []
    try:
        for number, shard in enumerate(shards):
            db.execute(f"ATTACH DATABASE ? AS shard{number}", (str(shard),))
            names.append(f"shard{number}")
        yield names
    finally:
        for name in names:
            with suppress(sqlite3.Error):
                db.execute(f"DETACH DATABASE {name}")


def absorb(db: sqlite3.Connection, shards: Sequence[str]) -> None:
    """Move the FTS5 segments of each attached shard's `fts` table into `db`'s empty one.

    Runs in the caller's transaction (the structure record is written last: a crash
    before the commit leaves the table as it was). The shards' rowids must be
    distinct. The segments go to the top level, as FTS5's own 'optimize' puts its
    result, so later small updates merge among themselves and not into them.
    """
    target = Structure.decode(_record(db, "main", STRUCTURE) or b"\0\0\0\0\0\0\0")
    if any(target.levels):
        raise Unmergeable("the index is not empty")
    totals: list[int] = []
    moved: list[tuple[int, tuple[int, int, int]]] = []
    next_id = 1
    for shard in shards:
        structure = Structure.decode(_record(db, shard, STRUCTURE) or b"")
        averages = varints(_record(db, shard, AVERAGES) or b"")
        if averages:
            if totals and len(totals) != len(averages):
                raise Unmergeable("shards of different columns")
            totals = [a + b for a, b in zip(totals, averages, strict=True)] if totals else averages
        target.writes += structure.writes
        for depth, level in enumerate(structure.levels):
            for segid, first, last in level:
                if next_id > MAX_SEGMENT:
                    raise Unmergeable("too many segments")
                _copy_segment(db, shard, segid, next_id)
                moved.append((depth, (next_id, first, last)))
                next_id += 1
        db.execute(f"INSERT INTO main.fts_docsize SELECT * FROM {shard}.fts_docsize")
    if moved:
        top = max(depth for depth, _ in moved)
        target.levels = [[] for _ in range(top)] + [[segment for _, segment in moved]]
    db.execute("INSERT OR REPLACE INTO fts_data VALUES (?, ?)", (STRUCTURE, target.encode()))
    if totals:
        averages_record = b"".join(map(put_varint, totals))
        db.execute("INSERT OR REPLACE INTO fts_data VALUES (?, ?)", (AVERAGES, averages_record))


def _copy_segment(db: sqlite3.Connection, shard: str, old: int, new: int) -> None:
    """Copy one segment's pages (leaves and doclist indexes) and its b-tree rows."""
    start, end = old << SEGMENT_SHIFT, (old + 1) << SEGMENT_SHIFT
    db.execute(
        f"INSERT INTO main.fts_data (id, block) SELECT id - ? + ?, block FROM {shard}.fts_data "
        "WHERE id >= ? AND id < ?",
        (start, new << SEGMENT_SHIFT, start, end),
    )
    db.execute(
        f"INSERT INTO main.fts_idx (segid, term, pgno) SELECT ?, term, pgno FROM {shard}.fts_idx "
        "WHERE segid = ?",
        (new, old),
    )
