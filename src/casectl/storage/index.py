"""The index behind bulk reads: ``.casectl/index.sqlite``, one row a case file, never committed.

A row keeps what ``list``, the ``overdue`` gate and the library need without opening the file:
the case ID, the list row (with the text ``--text`` searches), whether the case is open or
published, and its running SLA clocks once they have settled (``core.settled.Settled``). Beside
it, in a table of its own that a bulk read never walks, the case itself as compressed JSON for the
commands that need whole cases, and validate's findings. Rows are written one at a time by the
command that changes a case, and by any bulk read that finds a file changed.

A row is used only while its seal matches its columns (``indexsql.seal``: a row changed by hand
in the SQLite file is made again from the file), and trusted for a file when its signature —
size, modification and status-change times in nanoseconds, inode — is unchanged and the file
was not modified within a second of the row being checked (a same-size rewrite within one
timestamp tick could go unseen). Otherwise the file's bytes are read and hashed as git hashes
a blob: the same content is the same case, so a ``git clone`` or a restored CI cache, where
every time is new, costs a read and a hash per file, not a parse. Only a file whose content
changed is parsed again, and only a regular file within the case limit is read at all
(``storage.reading``).

Anything odd — a missing, corrupt, foreign or older index — means the rows are built again
from the files. ``CASECTL_NO_CACHE=1`` turns the index off.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import zlib
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
from casectl.storage import reading, rows
from casectl.storage.indexsql import (
    COLUMNS,
    FORMAT,
    NO_DOC,
    RACY_NS,
    SCHEMA,
    blob_id,
    digest,
    enabled,
    forget_derived,
    frame_entry,
    select_rows,
    signature,
    sound,
    statements,
    unpack,
)
from casectl.storage.rows import Derived, Entry, Miss, read_many

BUSY_MS = 2000
CHECKPOINT_FROM = 1000  # rows written at once from which the write-ahead log is folded in


@dataclass
class Scan:
    """Every case file that reads, as an entry, and the problems of those that do not."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[CorruptFileError] = field(default_factory=list)


class Index:
    """The index of one casebook; every method is a no-op when it cannot be used."""

    def __init__(
        self, path: Path, config_key: str, root: Path | None = None, frame: str | None = None
    ) -> None:
        self.path = path
        self.key = config_key
        self.frame = frame  # what measuring reads of the settings, kept for ``storage.quick``
        self.root = root if root is not None else path.parent.parent
        self.parse: Callable[[str, str], Case] | None = None  # the case reader of the last scan
        self.db: sqlite3.Connection | None = None
        if enabled():
            self.db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        for attempt in range(2):
            try:
                self.path.parent.mkdir(exist_ok=True)
                db = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
                db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                db.execute("PRAGMA page_size = 16384")  # a new index: a few packed cases a page
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.executescript(SCHEMA)
                found = dict(db.execute("SELECT key, value FROM meta").fetchall())
                columns = {r[1] for r in db.execute("PRAGMA table_info(files)")}
                if found.get("format") != FORMAT or columns != COLUMNS:  # start the rows anew
                    db.execute("DROP TABLE IF EXISTS files")
                    db.execute("DROP TABLE IF EXISTS docs")
                    db.execute("VACUUM")  # give the old rows' pages back
                    db.executescript(SCHEMA)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (FORMAT,))
                if found.get("config") != self.key:
                    forget_derived(db)
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('config', ?)", (self.key,))
                kept = frame_entry(self.key, self.frame) if self.frame is not None else None
                if kept is not None and found.get("frame") != kept:
                    db.execute("INSERT OR REPLACE INTO meta VALUES ('frame', ?)", (kept,))
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
        try:
            return {r[0]: r for r in self.db.execute(select_rows(want))}
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
        misses: list[Miss] = []
        taken: list[tuple[str, int]] = []  # each miss's signature and when it was taken
        for rel, path in files:
            seen.add(rel)
            try:
                stat = os.lstat(path)
            except OSError as exc:
                slots.append(
                    CorruptFileError(rel, msg("cannot read: {strerror}", strerror=exc.strerror))
                )
                continue
            refused = reading.refusal(stat, reading.CASE)
            if refused is not None:  # a link, a FIFO, a file past the limit: never opened
                slots.append(CorruptFileError(rel, refused.problem))
                continue
            sig = signature(stat)
            hit = known.get(rel)
            if hit is not None and not sound(hit, want):
                hit = None  # changed by something else than casectl: made again from the file
            now_ns = time.time_ns()
            trusted = hit is not None and hit[1] == sig and stat.st_mtime_ns < hit[2] - RACY_NS
            if hit is None:  # a file the index has not seen: read where it is parsed
                slots.append(len(misses))
                misses.append((rel, path, None))
                taken.append((sig, now_ns))
                continue
            if not trusted:
                try:
                    data = reading.read_bytes(path, reading.CASE, seen=stat)
                except reading.Unreadable as exc:
                    slots.append(CorruptFileError(rel, exc.problem))
                    continue
                except OSError as exc:
                    slots.append(
                        CorruptFileError(rel, msg("cannot read: {strerror}", strerror=exc.strerror))
                    )
                    continue
                if hit[3] != blob_id(data):
                    slots.append(len(misses))
                    misses.append((rel, path, data))
                    taken.append((sig, now_ns))
                    continue
                writes.append(("stat", sig, now_ns, rel))  # the same content: renew the signature
            if hit[4] is not None:
                slots.append(rows.problem_of(hit[4]))
            elif hit[6] is None:  # settings changed since: work the row out again
                doc = self.doc(rel)
                case = Case.model_validate_json(doc)
                derived = Derived.of(case, config, doc, calendar)
                writes.append(("derived", derived, hit[3], rel))
                slots.append(derived.entry(rel, case))
            else:
                slots.append(self._entry(hit, "settled" in want))
        self.parse = parse
        read = read_many(misses, config, calendar, parse, config_text)
        names = [m[0] for m in misses]  # the files' bytes can go now
        del misses
        fresh: list[Entry] = []
        for slot in slots:
            if isinstance(slot, int):
                rel, (sig, now_ns) = names[slot], taken[slot]
                made, error, blob = read[slot]
                if made is not None and blob is not None:
                    writes.append(("new", sig, now_ns, blob, made, rel))
                    slot = made.entry(rel)
                    fresh.append(slot)
                else:
                    assert error is not None
                    if blob is not None:  # read, but not a case: known as such until it changes
                        writes.append(("bad", sig, now_ns, blob, rows.problem_json(error), rel))
                    slot = error
            if isinstance(slot, Entry):
                out.entries.append(slot)
            else:
                out.problems.append(slot)
        if self._write(writes, [rel for rel in known if rel not in seen]):
            for entry in fresh:  # kept in the index now: fetch the JSON again if it is needed
                entry.doc = partial(self.doc, entry.path)
        return out

    def _entry(self, hit: tuple[Any, ...], clocks_known: bool) -> Entry:
        """The entry of a row read by ``_rows`` and found sound."""
        rel = hit[0]
        doc = partial(self.doc, rel)
        return Entry(rel, hit[6], bool(hit[7]), bool(hit[8]), hit[9], doc, None, hit[10],
                     clocks_known, hit[11], hit[5] or "")  # fmt: skip

    def open_rows(self) -> list[dict[str, Any]]:
        """The list rows of open cases (as the index last saw them: for a hint, not a
        decision)."""
        if self.db is None:
            return []
        try:
            query = "SELECT row FROM files WHERE open = 1 AND row IS NOT NULL"
            return [json.loads(r[0]) for r in self.db.execute(query)]
        except sqlite3.Error:
            return []

    def doc(self, rel: str) -> str:
        """The case at ``rel`` as JSON, as the index keeps it (from the file, when the kept JSON
        is not what the row's seal says it is)."""
        assert self.db is not None
        query = "SELECT doc, sums FROM docs JOIN files USING (path) WHERE path = ?"
        found = self.db.execute(query, (rel,)).fetchone()
        if found is None:  # pragma: no cover - rows are written whole
            raise LookupError(rel)
        return self._checked(rel, found[0], found[1])

    def _checked(self, rel: str, kept: bytes, row_sums: str) -> str:
        """The case's JSON when it unpacks to the row's fingerprint; else the case read from
        its file again, and the row forgotten (the next scan makes it anew)."""
        try:
            doc: str | None = unpack(kept)
        except (zlib.error, TypeError, UnicodeDecodeError):
            doc = None
        if doc is not None and digest(doc) == row_sums.split(":", 1)[0]:
            return doc
        from casectl.storage.casefile import parse_case

        parse = self.parse or parse_case
        text = reading.file_text(self.root / rel, reading.CASE, rel)
        fresh = parse(text, rel).model_dump_json()
        with contextlib.suppress(sqlite3.Error):
            assert self.db is not None
            self.db.execute("DELETE FROM files WHERE path = ?", (rel,))
            self.db.execute(NO_DOC, (rel,))
        return fresh

    def texts(self, entries: list[Entry]) -> dict[str, str]:
        """The JSON of each of ``entries``' cases, by path: read in one pass when they are
        many."""
        docs: dict[str, str] = {}
        if self.db is not None and len(entries) > 500:  # most of the book: one pass
            wanted = {e.path for e in entries}
            query = "SELECT path, doc, sums FROM docs JOIN files USING (path)"
            found = self.db.execute(query).fetchall()
            docs = {p: self._checked(p, d, s) for p, d, s in found if p in wanted}
        return {e.path: docs.get(e.path) or e.doc() for e in entries}

    def load(self, entries: list[Entry], texts: dict[str, str] | None = None) -> list[Case]:
        """The cases of ``entries``, built from the kept JSON (``texts``, when read already)
        in one pass."""
        from pydantic import TypeAdapter

        pending = [e for e in entries if e._case is None]
        if pending:
            known = texts if texts is not None else self.texts(pending)
            joined = ",".join(known.get(e.path) or e.doc() for e in pending)
            built = TypeAdapter(list[Case]).validate_json(f"[{joined}]")
            for entry, case in zip(pending, built, strict=True):
                entry._case = case
        return [e.case() for e in entries]

    def put(self, rel: str, path: Path, text: str, case: Case, config: Config) -> None:
        """Record the case just written to ``path``."""
        self.put_many([(rel, path, text, case)], config)

    def put_many(self, written: list[tuple[str, Path, str, Case]], config: Config) -> None:
        """Record the cases just written, in one transaction with one working calendar."""
        calendar = WorkCalendar.for_sla(config) if len(written) > 1 else None
        self.put_derived(
            [
                (rel, path, text, Derived.of(case, config, calendar=calendar, text=(rel, text)))
                for rel, path, text, case in written
            ]
        )

    def put_derived(self, written: list[tuple[str, Path, str, Derived]]) -> None:
        """Record the cases just written whose rows are worked out already (an import works
        them out in worker processes), in one transaction."""
        writes = []
        for rel, path, text, derived in written:
            try:
                stat = path.stat()
            except OSError:
                continue
            blob = blob_id(text.encode("utf-8"))
            writes.append(("new", signature(stat), time.time_ns(), blob, derived, rel))
        self._write(writes)

    def _write(self, writes: list[tuple[Any, ...]], gone: Iterable[str] = ()) -> bool:
        """Apply ``writes`` and forget ``gone`` in one transaction; whether it was kept."""
        gone = list(gone)
        if self.db is None:
            return False
        if not (writes or gone):
            return True
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                for item in writes:
                    for statement in statements(item):
                        self.db.execute(*statement)
                self.db.executemany("DELETE FROM files WHERE path = ?", [(g,) for g in gone])
                self.db.executemany(NO_DOC, [(g,) for g in gone])
        except sqlite3.Error:  # busy or read-only: the index is only a cache
            return False
        if len(writes) >= CHECKPOINT_FROM:  # a first build: fold the log into the file now
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return True
