"""An import's new case files, written as the import plans them: all of them or none, a killed
import undone by its journal (``storage.journal``), each file checked as every case file is
(``storage.writes``) and the disk waited on twice in all rather than twice a file
(``files.write_new_files``).

Each case's text, its read-back, its index row and its temporary take about a millisecond; from
``PARALLEL_FROM`` cases on they are worked out in worker processes forked from this one while it
plans the next rows (``Writer.add`` hands them the cases in batches), where the system forks.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.errors import CasebookError, CorruptFileError
from casectl.i18n import msg
from casectl.storage import journal, reading, writes
from casectl.storage.bulk import paused_gc
from casectl.storage.casefile import case_data, parse_case, parse_config, render_case
from casectl.storage.files import clean_temporaries_of, make_folders, new_temporary

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from casectl.core.clocks.calendar import WorkCalendar
    from casectl.core.config import Config
    from casectl.core.model import Case
    from casectl.storage.rows import Derived
    from casectl.storage.store import Casebook

PARALLEL_FROM = 200  # cases from which their texts and rows are worked out on every core
BATCH = 250  # cases handed to a worker at once


@dataclass
class Prepared:
    """One new case file: its text, its temporary written beside it, and — when the text read
    back as the case — its index row (worked out from the text as read back, as a later scan
    would)."""

    text: str
    row: Derived | None
    temporary: Path | None = None


@contextlib.contextmanager
def writing(book: Casebook) -> Iterator[Writer]:
    """A ``Writer`` of new cases under the casebook's lock, its journal begun; whatever it
    has not placed when the block ends (refused, failed, or never finished) is removed. The
    cases pass ``checks.check_case`` (an import's plan refuses a row whose case does not):
    the index rows keep validate's findings without running it again."""
    with paused_gc(), book.lock(), journal.importing(book.root):
        writer = Writer(book)
        try:
            yield writer
        except BaseException:
            writer.abandon()
            raise


class Writer:
    """New cases written as they are planned (``add``), then placed all at once
    (``finish``): their texts, read-backs, rows and temporaries worked out by forked workers
    from ``PARALLEL_FROM`` cases on, in this process below that."""

    def __init__(self, book: Casebook) -> None:
        self.book = book
        self.taken = set(book.case_files())
        self.cases: list[Case] = []
        self.paths: list[Path] = []
        self.rels: list[str] = []
        self._inside: dict[Path, bool] = {}
        self._folders: set[Path] = set()
        self._sent = 0  # cases handed to the workers so far
        self._pool: ProcessPoolExecutor | None = None
        self._parts: list[Future[list[Prepared]]] = []

    def add(self, case: Case) -> None:
        """A new case to write: its file checked (a new ID, a folder inside the casebook),
        its folder made, and from ``PARALLEL_FROM`` cases on handed to the workers."""
        book = self.book
        path = book.path_for(case)
        rel = book.relative(path)
        if case.id in self.taken or path.exists():
            raise CasebookError(msg("{file}: the ID is taken; run again", file=rel))
        writes.check_inside(book.root, path, rel, self._inside)  # before a temporary is there
        if path.parent not in self._folders:
            try:
                make_folders({path.parent})
            except OSError as exc:  # a file where the month's folder goes, a read-only disk
                raise writes.cannot(rel, exc) from None
            self._folders.add(path.parent)
        self.taken.add(case.id)
        self.cases.append(case)
        self.paths.append(path)
        self.rels.append(rel)
        if len(self.cases) >= PARALLEL_FROM and len(self.cases) - self._sent >= BATCH:
            self._send()

    def finish(self, cases: list[Case]) -> list[Path]:
        """Place the new cases added, which are ``cases``: the index records them in one
        transaction. The files written."""
        if [c.id for c in cases] != [c.id for c in self.cases]:
            raise AssertionError("the cases planned are not the cases added")
        book = self.book
        if len(self.cases) >= PARALLEL_FROM and self._sent < len(self.cases):
            self._send()  # the last batch
        prepared = self._prepared()
        files = [
            writes.New(path, p.text, rel, _read_back(p, case, rel))
            for case, path, rel, p in zip(self.cases, self.paths, self.rels, prepared, strict=True)
        ]
        journal.writing(book.root, self.paths, [p.text for p in prepared])
        made = [p.temporary for p in prepared if p.temporary is not None]
        writes.save_new(book.root, files, kind=reading.CASE, temporaries=made)
        book.index.put_derived(
            [
                (f.shown, f.path, f.text, p.row)
                for f, p in zip(files, prepared, strict=True)
                if p.row
            ]
        )
        return list(self.paths)

    def abandon(self) -> None:
        """Stop the workers and remove every temporary written (an import refused or failed:
        no case file has taken its name)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        clean_temporaries_of(self.paths)

    def _send(self) -> None:
        """Hand the cases added since the last batch to the workers (started the first time;
        where they cannot be, the rest is worked out here by ``_prepared``)."""
        start, stop = self._sent, len(self.cases)
        pool = self._pool if self._pool is not None else self._start()
        if pool is None:
            return
        journal.expecting(self.book.root, self.paths[start:stop])
        batch = (self.cases[start:stop], self.paths[start:stop], self.rels[start:stop])
        try:
            self._parts.append(pool.submit(_prepare_batch, *batch, self.book.config_text))
        except RuntimeError:  # the pool broke: what is left is worked out here
            return
        self._sent = stop

    def _start(self) -> ProcessPoolExecutor | None:
        cores = os.cpu_count() or 1
        if cores < 2 or not hasattr(os, "fork"):
            return None
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from casectl.storage.rows import _die_with

        try:
            self._pool = ProcessPoolExecutor(
                max_workers=cores,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_die_with,
                initargs=(os.getpid(),),
            )
        except (OSError, RuntimeError):
            return None
        return self._pool

    def _prepared(self) -> list[Prepared]:
        """Every case's ``Prepared``: the workers' batches, then the rest worked out here; a
        folder or a temporary that cannot be made told as ``save_new`` tells a file that
        cannot be written."""
        done: list[Prepared] = []
        try:
            try:
                for part in self._parts:
                    done += part.result()
            except RuntimeError:  # a worker died (killed, out of memory): all done here
                clean_temporaries_of(self.paths)
                done = []
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            start = len(done)
            journal.expecting(self.book.root, self.paths[start:])
            done += _prepare_range(self.cases, self.paths, self.rels, self.book.config, start, None)
        except Unwritten as exc:
            raise self._cannot(OSError(*exc.args)) from None
        except OSError as exc:
            raise self._cannot(exc) from None
        return done

    def _cannot(self, exc: OSError) -> CasebookError:
        made = Path(str(exc.filename or ""))
        pairs = list(zip(self.paths, self.rels, strict=True))
        shown = next(
            (r for p, r in pairs if made.name.startswith(f".{p.name}.")),
            next((r for p, r in pairs if made in p.parents), self.rels[0] if self.rels else ""),
        )
        return writes.cannot(shown, exc)


def _read_back(prepared: Prepared, case: Case, rel: str) -> Callable[[str], bool]:
    """The check that the text reads back as ``case``: done already when it has a row, else
    done again here (for the exact reason ``storage.writes`` gives)."""
    if prepared.row is not None:
        return lambda _text: True
    return writes.reads_as(lambda text: parse_case(text, rel), case_data, case)


class Unwritten(Exception):
    """A worker could not write a temporary: its ``OSError``'s errno, message and file, told
    apart from a pool that could not start its processes."""


_CONFIG: dict[str, Config] = {}  # a worker's settings, read once from their text


def _prepare_batch(
    cases: list[Case], paths: list[Path], rels: list[str], config_text: str
) -> list[Prepared]:
    """A worker's batch."""
    gc.disable()  # many small objects, no cycles: collections would walk the inherited heap
    config = _CONFIG.get(config_text)
    if config is None:
        config = _CONFIG[config_text] = parse_config(config_text)
    try:
        return _prepare_range(cases, paths, rels, config, 0, None)
    except OSError as exc:
        raise Unwritten(exc.errno, exc.strerror, exc.filename) from None


def _prepare_range(
    cases: list[Case],
    paths: list[Path],
    rels: list[str],
    config: Config,
    start: int,
    stop: int | None,
) -> list[Prepared]:
    from casectl.core.clocks.calendar import WorkCalendar

    calendar = WorkCalendar.for_sla(config)
    return [
        _prepare_one(c, p, r, config, calendar)
        for c, p, r in zip(cases[start:stop], paths[start:stop], rels[start:stop], strict=True)
    ]


def _prepare_one(
    case: Case, path: Path, rel: str, config: Config, calendar: WorkCalendar
) -> Prepared:
    """The case's text, written to a temporary beside ``path``; its row when the text reads
    back, with the reader every command reads case files with, as the case
    (``writes.reads_as``)."""
    from casectl.storage.rows import Derived

    text = render_case(case)
    made = new_temporary(path, text.encode("utf-8"))
    try:
        again = parse_case(text, rel)
        if not writes.reads_as(lambda _t: again, case_data, case)(text):
            return Prepared(text, None, made)
    except CorruptFileError:
        return Prepared(text, None, made)
    # The plan refuses a row whose case has a cross-field problem (``importing._case``), and
    # the text read back as that case: ``check_case`` would find nothing in it.
    row = Derived.of(again, config, calendar=calendar, text=(rel, text), cross_checked=True)
    return Prepared(text, row, made)
