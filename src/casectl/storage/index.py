"""The index behind bulk reads: ``.casectl/index.sqlite``, one row a case file, never committed.

A row keeps what ``list``, the ``overdue`` gate and the library need without opening the file:
the list row (with the text ``--text`` searches), whether the case is open or published, its
running SLA clocks once they have settled (``core.settled.Settled``), and the case itself as JSON
for the commands that need whole cases. Rows are written one at a time by the command that
changes a case, and by any bulk read that finds a file changed.

A row is trusted for a file when its signature — size, modification and status-change times
in nanoseconds, inode — is unchanged and the file was not modified within a second of the row
being checked (a same-size rewrite within one timestamp tick could go unseen). Otherwise the
file's bytes are read and hashed as git hashes a blob: the same content is the same case, so
a ``git clone`` or a restored CI cache, where every time is new, costs a read and a hash per
file, not a parse. Only a file whose content changed is parsed again.

Anything odd — a missing, corrupt, foreign or older index — means the rows are built again
from the files. ``CASECTL_NO_CACHE=1`` turns the index off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from casectl.core.clocks.calendar import WorkCalendar
from casectl.core.config import Config
from casectl.core.model import Case
from casectl.errors import CorruptFileError
from casectl.i18n import msg
from casectl.storage.rows import Derived, Entry, read_many
from casectl.version import __version__

FORMAT = "casectl-index-17"  # the rows' shape and the rules that fill them: bump with either
RACY_NS = 1_000_000_000
BUSY_MS = 2000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY,      -- relative to the casebook, with /
  stat TEXT NOT NULL,         -- size:mtime_ns:ctime_ns:inode when the row was checked
  checked_ns INTEGER NOT NULL,
  blob TEXT NOT NULL,         -- git's blob id of the content
  problem TEXT,               -- JSON: why the file cannot be read (then no case below)
  doc TEXT,                   -- the case as JSON
  row TEXT,                   -- the list row as JSON
  open INTEGER,
  published INTEGER,
  settled TEXT,               -- JSON of the running clocks once settled; NULL: measure the case
  checks TEXT,                -- JSON of validate's findings; NULL: not known, read the file
  search TEXT                 -- the text list --text searches, folded
);
"""


# Every column of the files table, read off the schema: an index of another shape is rebuilt.
COLUMNS = set(
    re.findall(r"^  (\w+) ", _SCHEMA.split("CREATE TABLE IF NOT EXISTS files", 1)[1], re.M)
)


def enabled() -> bool:
    return os.environ.get("CASECTL_NO_CACHE", "").strip() not in ("1", "true", "yes")


def blob_id(data: bytes) -> str:
    """The id git gives a file with this content."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def signature(stat: os.stat_result) -> str:
    return f"{stat.st_size}:{stat.st_mtime_ns}:{stat.st_ctime_ns}:{stat.st_ino}"


@dataclass
class Scan:
    """Every case file that reads, as an entry, and the problems of those that do not."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[CorruptFileError] = field(default_factory=list)


def _problem_json(exc: CorruptFileError) -> str:
    return json.dumps(
        [[e.path, e.detail, e.line, e.field] for e in (exc, *exc.more)], ensure_ascii=False
    )


def _problem(text: str) -> CorruptFileError:
    (path, detail, line, where), *rest = json.loads(text)
    error = CorruptFileError(path, detail, line=line, field=where)
    error.more = [CorruptFileError(p, d, line=n, field=w) for p, d, n, w in rest]
    return error


def config_key(config_text: str) -> str:
    """Rows depend on the settings and on this casectl's rules: either changing renews them."""
    return blob_id(f"{FORMAT}\n{__version__}\n{config_text}".encode())


class Index:
    """The index of one casebook; every method is a no-op when it cannot be used."""

    def __init__(self, path: Path, config_key: str) -> None:
        self.path = path
        self.key = config_key
        self.db: sqlite3.Connection | None = None
        if enabled():
            self.db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(exist_ok=True)
                db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
                db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.executescript(_SCHEMA)
                found = dict(db.execute("SELECT key, value FROM meta").fetchall())
                columns = {r[1] for r in db.execute("PRAGMA table_info(files)")}
                if found.get("format") != FORMAT or columns != COLUMNS:  # start the rows anew
                    db.execute("DROP TABLE IF EXISTS files")
                    db.executescript(_SCHEMA)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
                if found.get("config") != self.key:
                    db.execute("UPDATE files SET row = NULL, settled = NULL, checks = NULL")
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('config', ?)", (self.key,))
                return db
            except sqlite3.DatabaseError:  # not a database, or one of another shape: start anew
                if attempt:
                    return None
                for suffix in ("", "-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        Path(f"{self.path}{suffix}").unlink()
            except OSError:  # a read-only casebook goes without
                return None
        return None  # pragma: no cover

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def _rows(self, want: frozenset[str]) -> dict[str, tuple[Any, ...]]:
        """Every row, with the optional columns ``want`` names (settled, checks, search)."""
        if self.db is None:
            return {}
        optional = ", ".join(c if c in want else "NULL" for c in ("settled", "checks", "search"))
        try:
            query = (
                "SELECT path, stat, checked_ns, blob, problem, NULL, row, open, published, "
                f"{optional} FROM files"
            )
            return {r[0]: r for r in self.db.execute(query)}
        except sqlite3.Error:
            return {}

    def scan(
        self,
        files: Iterable[tuple[str, str]],
        config: Config,
        parse: Callable[[str, str], Case],
        config_text: str | None = None,
        want: frozenset[str] = frozenset(),
    ) -> Scan:
        """Entries for ``files`` (relative path, full path), reading only what changed. Many
        changed files (a first run, a clone without an index) are parsed on every core when
        ``config_text`` is given for the workers to read the settings from.

        ``want`` names what the caller needs beyond the list row: ``settled`` clocks, validate's
        ``checks``, the ``search`` text. What is not asked for is left in the index (an entry
        then measures its clocks from the case; validate reads the file)."""
        known = self._rows(want)
        calendar = WorkCalendar.for_sla(config)  # shared: its running total serves every case
        out = Scan()
        writes: list[tuple[Any, ...]] = []
        seen: set[str] = set()
        slots: list[Entry | CorruptFileError | int] = []  # an int: the number of a miss
        misses: list[tuple[str, str, int, str, bytes]] = []  # rel, signature, ns, blob, bytes
        for rel, path in files:
            seen.add(rel)
            try:
                stat = os.stat(path)
            except OSError as exc:
                slots.append(
                    CorruptFileError(rel, msg("cannot read: {strerror}", strerror=exc.strerror))
                )
                continue
            sig = signature(stat)
            hit = known.get(rel)
            now_ns = time.time_ns()
            trusted = hit is not None and hit[1] == sig and stat.st_mtime_ns < hit[2] - RACY_NS
            if not trusted:
                try:
                    with open(path, "rb") as handle:
                        data = handle.read()
                except OSError as exc:
                    slots.append(
                        CorruptFileError(rel, msg("cannot read: {strerror}", strerror=exc.strerror))
                    )
                    continue
                blob = blob_id(data)
                if hit is None or hit[3] != blob:
                    slots.append(len(misses))
                    misses.append((rel, sig, now_ns, blob, data))
                    continue
                writes.append(("stat", sig, now_ns, rel))  # the same content: renew the signature
            assert hit is not None
            if hit[4] is not None:
                slots.append(_problem(hit[4]))
            elif hit[6] is None:  # settings changed since: work the row out again
                doc = self.doc(rel)
                case = Case.model_validate_json(doc)
                derived = Derived.of(case, config, doc, calendar)
                writes.append(("derived", derived, rel))
                slots.append(derived.entry(rel, case))
            else:
                entry = Entry(
                    rel,
                    hit[6],
                    bool(hit[7]),
                    bool(hit[8]),
                    hit[9],
                    partial(self.doc, rel),
                    None,
                    hit[10],
                    "settled" in want,
                    hit[11],
                )
                slots.append(entry)
        read = read_many(misses, config, calendar, parse, config_text)
        keys = [m[:4] for m in misses]  # the files' bytes can go now
        del misses
        fresh: list[Entry] = []
        for slot in slots:
            if isinstance(slot, int):
                rel, sig, now_ns, blob = keys[slot]
                made, error = read[slot]
                if made is not None:
                    writes.append(("new", sig, now_ns, blob, made, rel))
                    slot = made.entry(rel)
                    fresh.append(slot)
                else:
                    assert error is not None
                    writes.append(("bad", sig, now_ns, blob, _problem_json(error), rel))
                    slot = error
            if isinstance(slot, Entry):
                out.entries.append(slot)
            else:
                out.problems.append(slot)
        if self._write(writes, [rel for rel in known if rel not in seen]):
            for entry in fresh:  # kept in the index now: fetch the JSON again if it is needed
                entry.doc = partial(self.doc, entry.path)
        return out

    def open_rows(self, text: str) -> list[dict[str, Any]]:
        """The list rows of open cases whose row holds ``text`` (as the index last saw them:
        for a hint, not a decision)."""
        if self.db is None:
            return []
        try:
            query = "SELECT row FROM files WHERE open = 1 AND instr(row, ?) > 0"
            return [
                json.loads(r[0])
                for r in self.db.execute(query, (json.dumps(text, ensure_ascii=False)[1:-1],))
            ]
        except sqlite3.Error:
            return []

    def doc(self, rel: str) -> str:
        """The case at ``rel`` as JSON, as the index keeps it."""
        assert self.db is not None
        found = self.db.execute("SELECT doc FROM files WHERE path = ?", (rel,)).fetchone()
        if found is None or found[0] is None:  # pragma: no cover - rows are written whole
            raise LookupError(rel)
        return str(found[0])

    def load(self, entries: list[Entry]) -> list[Case]:
        """The cases of ``entries``, built from the kept JSON in one pass."""
        from pydantic import TypeAdapter

        pending = [e for e in entries if e._case is None]
        if pending:
            docs: dict[str, str] = {}
            if self.db is not None and len(pending) > 500:  # most of the book: one pass
                query = "SELECT path, doc FROM files WHERE doc IS NOT NULL"
                docs = dict(self.db.execute(query))
            texts = [docs.get(e.path) or e.doc() for e in pending]
            built = TypeAdapter(list[Case]).validate_json("[" + ",".join(texts) + "]")
            for entry, case in zip(pending, built, strict=True):
                entry._case = case
        return [e.case() for e in entries]

    def put(self, rel: str, path: Path, text: str, case: Case, config: Config) -> None:
        """Record the case just written to ``path``."""
        self.put_many([(rel, path, text, case)], config)

    def put_many(self, written: list[tuple[str, Path, str, Case]], config: Config) -> None:
        """Record the cases just written, in one transaction with one working calendar."""
        calendar = WorkCalendar.for_sla(config) if len(written) > 1 else None
        writes = []
        for rel, path, text, case in written:
            try:
                stat = path.stat()
            except OSError:
                continue
            blob = blob_id(text.encode("utf-8"))
            derived = Derived.of(case, config, calendar=calendar, text=(rel, text))
            writes.append(("new", signature(stat), time.time_ns(), blob, derived, rel))
        self._write(writes)

    def _write(self, writes: list[tuple[Any, ...]], gone: Iterable[str] = ()) -> bool:
        """Apply ``writes`` and forget ``gone`` in one transaction; whether it was kept."""
        gone = list(gone)
        if self.db is None:
            return False
        if not (writes or gone):
            return True
        upsert = (
            "INSERT OR REPLACE INTO files (path, stat, checked_ns, blob, problem, doc, row, open, "
            "published, settled, checks, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                for item in writes:
                    kind = item[0]
                    if kind == "stat":
                        self.db.execute(
                            "UPDATE files SET stat = ?, checked_ns = ? WHERE path = ?", item[1:]
                        )
                    elif kind == "derived":
                        d, rel = item[1], item[2]
                        self.db.execute(
                            "UPDATE files SET row = ?, open = ?, published = ?, settled = ?, "
                            "checks = NULL, search = ? WHERE path = ?",
                            (d.row, d.open, d.published, d.settled, d.search, rel),
                        )
                    elif kind == "new":
                        _, sig, ns, blob, d, rel = item
                        self.db.execute(
                            upsert,
                            (
                                rel,
                                sig,
                                ns,
                                blob,
                                None,
                                d.doc,
                                d.row,
                                d.open,
                                d.published,
                                d.settled,
                                d.checks,
                                d.search,
                            ),
                        )
                    else:  # bad
                        _, sig, ns, blob, problem, rel = item
                        self.db.execute(
                            upsert,
                            (rel, sig, ns, blob, problem, *[None] * 7),
                        )
                self.db.executemany("DELETE FROM files WHERE path = ?", [(g,) for g in gone])
        except sqlite3.Error:  # busy or read-only: the index is only a cache
            return False
        return True
