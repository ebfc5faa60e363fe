"""What the index keeps of one case file, worked out from the case: its ``Derived`` row, and
the reading of changed files — in this process, or spread over every core when many changed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from casectl.core import lifecycle
from casectl.core.clocks import settled as kept
from casectl.core.clocks import sla
from casectl.core.clocks.calendar import WorkCalendar
from casectl.core.config import Config
from casectl.core.loop import checks
from casectl.core.model import Case
from casectl.core.views import listing
from casectl.core.views.gate import Subject
from casectl.core.views.listing import Row
from casectl.errors import CorruptFileError
from casectl.i18n import msg
from casectl.storage import reading, yamlio
from casectl.storage.indexsql import blob_id, digest, pack, seal, sums_of, unpack


@dataclass
class Entry:
    """One case file as the index knows it. Implements the gate's ``Source``."""

    path: str
    raw_row: Row | str  # the list row, or its JSON until it is first read
    open: bool
    published: bool
    settled_json: str | None
    doc: Callable[[], str] = field(repr=False)
    _case: Case | None = field(default=None, repr=False)
    checks: str | None = None  # validate's findings (``findings``) as JSON; None: not known
    clocks_known: bool = True  # False: the settled clocks were not read from the index
    search: str | None = None  # the folded text ``list --text`` searches, when it was read
    cid: str = ""  # the case's ID in capitals, as the file holds it: "" until the row is read

    @property
    def row(self) -> Row:
        """The list row (read from its JSON on first use: most commands skip most rows)."""
        if isinstance(self.raw_row, str):
            row: Row = json.loads(self.raw_row)
            if self.search is not None:
                row["_search"] = self.search
            self.raw_row = row
        return self.raw_row

    @property
    def id(self) -> str:
        return str(self.row["id"])

    def files(self) -> list[list[Any]]:
        """Its attachments, ``[path, sha256, size]`` each (the row's ``_files``), without
        reading the row when it has none."""
        if isinstance(self.raw_row, str) and '"_files": []' in self.raw_row:
            return []
        return list(self.row.get("_files", []))

    @property
    def key(self) -> str:
        """The case's ID in capitals, without reading the list row when the index keeps it:
        two files that hold one key are twins (``Casebook.entries``)."""
        return self.cid or self.id.upper()

    @property
    def subject(self) -> Subject:
        r = self.row
        return Subject(r["id"], r["title"], r["customer"], r["priority"])

    def case(self) -> Case:
        if self._case is None:
            self._case = Case.model_validate_json(self.doc())
        return self._case

    def running(self, book: sla.Clocks) -> list[sla.Clock]:
        if self.settled_json is not None and self.clocks_known:
            clocks = kept.Settled.from_data(json.loads(self.settled_json))
            measured = kept.measure_settled(clocks, book)
            if measured is not None:
                return measured
        return [c for c in book.of(self.case()) if not c.stopped]


@dataclass
class Derived:
    """What a row holds about a case, worked out from the case and the settings: the case's
    JSON packed as the index keeps it (where many files are read, by the process that read
    them) with its fingerprint."""

    packed: bytes
    doc_sum: str
    row: str
    open: bool
    published: bool
    settled: str | None
    checks: str | None  # validate's findings as JSON [[line, field, message]]; None: not known
    search: str
    cid: str  # the case's ID in capitals

    @classmethod
    def of(
        cls,
        case: Case,
        config: Config,
        doc: str | None = None,
        calendar: WorkCalendar | None = None,
        text: tuple[str, str] | None = None,
        cross_checked: bool = False,
    ) -> Derived:
        """The row of ``case``; with ``text`` (its path and file text) validate's findings too
        (``cross_checked``: the case is known to pass ``checks.check_case``, which is not run
        again)."""
        row = listing.row(case, config.tz)
        search = row.pop("_search")
        settled = kept.settle(case, config, calendar)
        doc = doc if doc is not None else case.model_dump_json()
        return cls(
            packed=pack(doc),
            doc_sum=digest(doc),
            row=json.dumps(row, ensure_ascii=False),
            open=lifecycle.is_open(case),
            published=case.review.publish and lifecycle.is_reviewed(case),
            settled=json.dumps(settled.as_data()) if settled is not None else None,
            checks=json.dumps(findings(case, config, *text, cross_checked=cross_checked))
            if text is not None
            else None,
            search=search,
            cid=case.id.upper(),
        )

    def sealed(self, path: str, blob: str, *, checks: bool) -> tuple[str, str]:
        """This row's fingerprints (``sums``) and seal (``seal``) for the file at ``path``
        holding ``blob``; ``checks``: validate's findings kept too."""
        found = self.checks if checks else None
        kept = sums_of(self.doc_sum, self.settled, found, self.search, self.row)
        return kept, seal(path, blob, None, self.cid, self.open, self.published, kept)

    def entry(self, path: str, case: Case | None = None) -> Entry:
        packed = self.packed
        row = json.loads(self.row)
        row["_search"] = self.search
        return Entry(
            path,
            row,
            self.open,
            self.published,
            self.settled,
            lambda: unpack(packed),
            case,
            self.checks,
            cid=self.cid,
        )


def findings(
    case: Case, config: Config, rel: str, text: str, *, cross_checked: bool = False
) -> list[list[Any]]:
    """What ``casectl validate`` finds in one case file at ``rel`` beyond what its model checks:
    ``[line, field, message]`` each (line None where unknown); ``cross_checked``: the case is
    known to pass ``checks.check_case``."""
    found = [] if cross_checked else list(checks.check_case(case))
    found += checks.check_id_form(case)
    found += checks.check_place(case, PurePosixPath(rel), config.tz, config.timezone)
    if not found:
        return []
    doc = yamlio.rt_load(text)
    return [
        [yamlio.line_of(doc, checks.loc_of(loc)) if loc else None, loc or None, message]
        for loc, message in found
    ]


def problem_json(exc: CorruptFileError) -> str:
    """Why a file cannot be read, as the index keeps it."""
    return json.dumps(
        [[e.path, e.detail, e.line, e.field] for e in (exc, *exc.more)], ensure_ascii=False
    )


def problem_of(text: str) -> CorruptFileError:
    """``problem_json`` read back."""
    (path, detail, line, where), *rest = json.loads(text)
    error = CorruptFileError(path, detail, line=line, field=where)
    error.more = [CorruptFileError(p, d, line=n, field=w) for p, d, n, w in rest]
    return error


PARALLEL_FROM = 200  # changed files from which parsing is spread over the cores
# What reading a file gives: its row, or why it cannot be read; and the blob id of the bytes
# read (None: nothing was read).
Read = tuple[Derived | None, CorruptFileError | None, str | None]
# A file to read: its path in the casebook, its full path, and its bytes when the caller has
# read them already (to compare them with the index's); else the reader reads them.
Miss = tuple[str, str, bytes | None]


def _read_one(
    rel: str, data: bytes, config: Config, calendar: WorkCalendar, parse: Callable[[str, str], Case]
) -> tuple[Derived | None, CorruptFileError | None]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, CorruptFileError(rel, msg("not UTF-8 text"))
    try:
        case = parse(text, rel)
        return Derived.of(case, config, calendar=calendar, text=(rel, text)), None
    except CorruptFileError as exc:
        return None, exc
    except Exception as exc:  # one odd file is that file's problem, never the whole command's
        return None, CorruptFileError(rel, msg("cannot be read ({name})", name=type(exc).__name__))


def _read_miss(
    miss: Miss, config: Config, calendar: WorkCalendar, parse: Callable[[str, str], Case]
) -> Read:
    """One file read (unless its bytes came with it), parsed and its row worked out."""
    rel, path, data = miss
    if data is None:
        try:
            data = reading.read_bytes(path, reading.CASE)
        except reading.Unreadable as exc:
            return None, CorruptFileError(rel, exc.problem), None
        except OSError as exc:
            said = msg("cannot read: {strerror}", strerror=exc.strerror)
            return None, CorruptFileError(rel, said), None
    made, error = _read_one(rel, data, config, calendar, parse)
    return made, error, blob_id(data)


def _read_chunk(config_text: str, items: list[Miss]) -> list[Read]:
    """A worker's share: read, parse and work out the rows of these files."""
    from casectl.storage.casefile import parse_case, parse_config

    config = parse_config(config_text)
    calendar = WorkCalendar.for_sla(config)
    return [_read_miss(item, config, calendar, parse_case) for item in items]


def _die_with(parent: int) -> None:
    """Started in each worker: end it as soon as its parent is gone. A parent killed with
    SIGKILL closes no pipe the workers notice (they hold both ends), so without this they would
    wait for work forever."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="casectl-parent-watch").start()


def read_many(
    misses: list[Miss],
    config: Config,
    calendar: WorkCalendar,
    parse: Callable[[str, str], Case],
    config_text: str | None,
) -> list[Read]:
    """Each of ``misses`` read (a file without its bytes by the reader: a first run holds no
    file's bytes in this process), parsed and its row worked out; on every core when many."""
    cores = os.cpu_count() or 1
    if config_text is None or len(misses) < PARALLEL_FROM or cores < 2:
        return [_read_miss(m, config, calendar, parse) for m in misses]
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(misses) // (cores * 4))
    chunks = [misses[i : i + size] for i in range(0, len(misses), size)]
    try:
        with ProcessPoolExecutor(
            max_workers=cores, initializer=_die_with, initargs=(os.getpid(),)
        ) as pool:
            parts = list(pool.map(_read_chunk, [config_text] * len(chunks), chunks))
    except (OSError, RuntimeError):  # no processes to be had here: read them in this one
        return [_read_miss(m, config, calendar, parse) for m in misses]
    return [read for part in parts for read in part]
