"""The index's tables in SQL: their shape, the seal check of a row read, and the statements
that write rows (``storage.index`` holds the index itself). Packing keeps each case's JSON
compressed in a table of its own, so a bulk read never walks it."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import zlib
from typing import Any

from casectl.version import __version__

FORMAT = "casectl-index-21"  # the rows' shape and the rules that fill them: bump with either

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,      -- relative to the casebook, with /
  stat TEXT NOT NULL,         -- size:mtime_ns:ctime_ns:inode when the row was checked
  checked_ns INTEGER NOT NULL,
  blob TEXT NOT NULL,         -- git's blob id of the content
  problem TEXT,               -- JSON: why the file cannot be read (then no case below)
  cid TEXT,                   -- the case's ID in capitals
  open INTEGER,
  published INTEGER,
  sums TEXT NOT NULL,         -- fingerprints of doc, settled, checks, search (sums)
  seal TEXT NOT NULL,         -- binds the row to blob (seal)
  row TEXT,                   -- the list row as JSON
  settled TEXT,               -- JSON of the running clocks once settled; NULL: measure the case
  search TEXT                 -- the text list --text searches, folded
);
CREATE TABLE IF NOT EXISTS docs (
  path TEXT PRIMARY KEY,      -- the row of files it belongs to
  doc BLOB NOT NULL,          -- the case as JSON, zlib-compressed
  checks TEXT                 -- JSON of validate's findings; NULL: not known, read the file
);
"""


# Every column of the files table, read off the schema: an index of another shape is rebuilt.
COLUMNS = set(
    re.findall(
        r"^  (\w+) ",
        SCHEMA.split("CREATE TABLE IF NOT EXISTS files", 1)[1].split("CREATE TABLE", 1)[0],
        re.M,
    )
)
OPTIONAL = ("settled", "checks", "search")  # read only when a command asks for them


def digest(text: str | None) -> str:
    """A short fingerprint of one column's text ("" for none)."""
    if text is None:
        return ""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def sums(
    doc: str | None, settled: str | None, checks: str | None, search: str | None, row: str | None
) -> str:
    """The fingerprints of a row's larger columns, each checked when it is read: the case's
    JSON, the settled clocks, validate's findings, the searched text, the list row. An empty
    column says "not known" and is worked out again anyway."""
    return sums_of(digest(doc), settled, checks, search, row)


def sums_of(
    doc_sum: str, settled: str | None, checks: str | None, search: str | None, row: str | None
) -> str:
    """``sums`` with the case's JSON fingerprinted already (by whoever packed it)."""
    return ":".join([doc_sum, *(digest(part) for part in (settled, checks, search, row))])


def seal(
    path: str,
    blob: str,
    problem: str | None,
    cid: str | None,
    is_open: object,
    published: object,
    row_sums: str,
) -> str:
    """What binds a row to its file's content (``blob``): its case ID, its two flags and the
    fingerprints of its larger columns (``sums``: each column is checked against its own when
    it is read). A row that something but casectl changed (a hand edit of the SQLite file) no
    longer matches it, and is made again from the file. A check against slips, not a lock
    against someone who can write the casebook anyway."""
    flags = f"{int(bool(is_open))}{int(bool(published))}"
    parts = (path, blob, problem or "", cid or "", flags, row_sums)
    return hashlib.blake2b("\0".join(parts).encode("utf-8"), digest_size=16).hexdigest()


ROW = 4  # the list row's place among the fingerprints (``sums``)


RACY_NS = 1_000_000_000  # a file changed this close to its row's check may have changed unseen


def signature(stat: os.stat_result) -> str:
    """What tells a file changed without reading it: size, modification and status-change
    times in nanoseconds, inode."""
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


def enabled() -> bool:
    return os.environ.get("CASECTL_NO_CACHE", "").strip() not in ("1", "true", "yes")


def blob_id(data: bytes) -> str:
    """The id git gives a file with this content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def config_key(config_text: str) -> str:
    """Rows depend on the settings and on this casectl's rules: either changing renews them."""
    return blob_id(f"{FORMAT}\n{__version__}\n{config_text}".encode())


def frame_entry(key: str, frame: str) -> str:
    """The meta entry that keeps what measuring reads of the settings (``meter.Frame``, as
    JSON) with the settings it was read from (``config_key``)."""
    return f"{key}\n{frame}"


def select_rows(want: frozenset[str]) -> str:
    """The query of every row of ``files``, with the optional columns ``want`` names
    (``OPTIONAL``; the others read as NULL), in the order ``sound`` checks."""
    optional = ", ".join(c if c in want else "NULL" for c in OPTIONAL)
    joined = " LEFT JOIN docs USING (path)" if "checks" in want else ""
    return (
        "SELECT path, stat, checked_ns, blob, problem, cid, row, open, published, "
        f"{optional}, sums, seal FROM files{joined}"
    )


def sound(hit: tuple[Any, ...], want: frozenset[str]) -> bool:
    """Whether a row read by ``Index._rows`` matches its seal, and each larger column read with
    it that is not empty its fingerprint (the JSON is checked when it is fetched: ``_checked``).
    """
    if hit[13] != seal(hit[0], hit[3], hit[4], hit[5], hit[7], hit[8], hit[12]):
        return False
    kept = hit[12].split(":")
    if hit[6] is not None and digest(hit[6]) != kept[ROW]:
        return False
    return all(
        hit[9 + i] is None or digest(hit[9 + i]) == kept[1 + i]
        for i, name in enumerate(OPTIONAL)
        if name in want
    )


def forget_derived(db: sqlite3.Connection) -> None:
    """The settings changed: every list row, settled clock and finding is worked out again
    (from the kept JSON), and each seal now says so."""
    resealed = []
    query = "SELECT path, blob, problem, cid, open, published, sums FROM files"
    for path, blob, problem, cid, is_open, published, kept in db.execute(query):
        parts = kept.split(":")
        anew = f"{parts[0]}:::{parts[3]}:" if len(parts) == 5 else "::::"
        sealed = seal(path, blob, problem, cid, is_open, published, anew)
        resealed.append((anew, sealed, path))
    with db:
        db.execute("BEGIN IMMEDIATE")
        db.execute("UPDATE files SET row = NULL, settled = NULL")
        db.execute("UPDATE docs SET checks = NULL")
        db.executemany("UPDATE files SET sums = ?, seal = ? WHERE path = ?", resealed)


UPSERT = (
    "INSERT OR REPLACE INTO files (path, stat, checked_ns, blob, problem, cid, open, published, "
    "sums, seal, row, settled, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
DOC = "INSERT OR REPLACE INTO docs (path, doc, checks) VALUES (?, ?, ?)"
NO_DOC = "DELETE FROM docs WHERE path = ?"
DERIVED = (
    "UPDATE files SET row = ?, open = ?, published = ?, settled = ?, search = ?, sums = ?, "
    "seal = ? WHERE path = ?"
)
NO_CHECKS = "UPDATE docs SET checks = NULL WHERE path = ?"


def pack(doc: str) -> bytes:
    """A case's JSON as the index keeps it: compressed (a third of the size, read back in
    microseconds)."""
    return zlib.compress(doc.encode("utf-8"), 1)


def unpack(kept: bytes) -> str:
    return zlib.decompress(kept).decode("utf-8")


def statements(item: tuple[Any, ...]) -> list[tuple[str, tuple[Any, ...]]]:
    """The SQL of one write ``Index.scan`` or ``put_many`` asks for, and its values."""
    kind = item[0]
    if kind == "stat":  # the same content: a new signature
        return [("UPDATE files SET stat = ?, checked_ns = ? WHERE path = ?", item[1:])]
    if kind == "derived":  # the same case under new settings
        d, blob, rel = item[1:]
        kept, sealed = d.sealed(rel, blob, checks=False)
        made: tuple[Any, ...] = (d.row, d.open, d.published, d.settled, d.search)
        return [(DERIVED, (*made, kept, sealed, rel)), (NO_CHECKS, (rel,))]
    if kind == "new":
        _, sig, ns, blob, d, rel = item
        kept, sealed = d.sealed(rel, blob, checks=True)
        made = (None, d.cid, d.open, d.published, kept, sealed, d.row, d.settled, d.search)
        return [(UPSERT, (rel, sig, ns, blob, *made)), (DOC, (rel, d.packed, d.checks))]
    _, sig, ns, blob, problem, rel = item  # a file that cannot be read
    kept = sums(None, None, None, None, None)
    sealed = seal(rel, blob, problem, None, None, None, kept)
    made = (problem, None, None, None, kept, sealed, None, None, None)
    return [(UPSERT, (rel, sig, ns, blob, *made)), (NO_DOC, (rel,))]
