"""An import's new case files, written at once: all of them or none, a killed import undone by
its journal (``storage.journal``), each file checked as every case file is (``storage.writes``)
and the disk waited on twice in all rather than twice a file (``files.write_new_files``).

Each case's text, its read-back and its index row take about a millisecond; from
``PARALLEL_FROM`` cases on they are worked out in worker processes forked from this one (they
inherit the cases, so nothing is copied to them), where the system forks.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
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
    from casectl.core.clocks.calendar import WorkCalendar
    from casectl.core.config import Config
    from casectl.core.model import Case
    from casectl.storage.rows import Derived
    from casectl.storage.store import Casebook

PARALLEL_FROM = 200  # cases from which their texts and rows are worked out on every core


@dataclass
class Prepared:
    """One new case file: its text, its temporary written beside it, and — when the text read
    back as the case — its index row (worked out from the text as read back, as a later scan
    would)."""

    text: str
    row: Derived | None
    temporary: Path | None = None


def create_many(book: Casebook, cases: list[Case]) -> list[Path]:
    """Write new cases (an import) under the casebook's lock: all of them, or — when one is
    refused or cannot be written — none; a process killed half-way leaves the journal by which
    the next command undoes it. The index records them in one transaction. The files written."""
    with paused_gc():
        return _create_many(book, cases)


def _create_many(book: Casebook, cases: list[Case]) -> list[Path]:
    with book.lock():
        taken = book.case_files()
        paths = [book.path_for(case) for case in cases]
        rels = [book.relative(path) for path in paths]
        for case, path, rel in zip(cases, paths, rels, strict=True):
            if case.id in taken or path.exists():
                raise CasebookError(msg("{file}: the ID is taken; run again", file=rel))
        inside: dict[Path, bool] = {}
        for path, rel in zip(paths, rels, strict=True):  # before a temporary is written there
            writes.check_inside(book.root, path, rel, inside)
        with journal.importing(book.root, paths):
            try:
                prepared = _prepared(cases, paths, rels, book.config, book.config_text)
                files = [
                    writes.New(path, p.text, rel, _read_back(p, case, rel))
                    for case, path, rel, p in zip(cases, paths, rels, prepared, strict=True)
                ]
                journal.writing(book.root, paths, [p.text for p in prepared])
                made = [p.temporary for p in prepared if p.temporary is not None]
                writes.save_new(book.root, files, kind=reading.CASE, temporaries=made)
            except BaseException:
                clean_temporaries_of(paths)  # the workers' temporaries, when refused or failed
                raise
            book.index.put_derived(
                [
                    (f.shown, f.path, f.text, p.row)
                    for f, p in zip(files, prepared, strict=True)
                    if p.row
                ]
            )
    return paths


def _prepared(
    cases: list[Case], paths: list[Path], rels: list[str], config: Config, config_text: str
) -> list[Prepared]:
    """``prepare``, a folder or a temporary that cannot be made told as ``save_new`` tells
    a file that cannot be written."""
    try:
        return prepare(cases, paths, rels, config, config_text)
    except OSError as exc:
        made = Path(str(exc.filename or ""))
        shown = next(
            (r for p, r in zip(paths, rels, strict=True) if made.name.startswith(f".{p.name}.")),
            next((r for p, r in zip(paths, rels, strict=True) if made in p.parents), rels[0]),
        )
        raise writes.cannot(shown, exc) from None


def _read_back(prepared: Prepared, case: Case, rel: str) -> Callable[[str], bool]:
    """The check that the text reads back as ``case``: done already when it has a row, else
    done again here (for the exact reason ``storage.writes`` gives)."""
    if prepared.row is not None:
        return lambda _text: True
    return writes.reads_as(lambda text: parse_case(text, rel), case_data, case)


def prepare(
    cases: list[Case], paths: list[Path], rels: list[str], config: Config, config_text: str
) -> list[Prepared]:
    """Each case's text, read back, its row worked out and its temporary written beside its
    path (so the disk's work is done on every core too): on every core from ``PARALLEL_FROM``
    cases on where the system forks, else in this process."""
    global _WORK
    make_folders({path.parent for path in paths})
    cores = os.cpu_count() or 1
    if len(cases) < PARALLEL_FROM or cores < 2 or not hasattr(os, "fork"):
        return _prepare_range(cases, paths, rels, config, 0, len(cases))
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from casectl.storage.rows import _die_with

    size = -(-len(cases) // (cores * 4))
    starts = list(range(0, len(cases), size))
    _WORK = (cases, paths, rels, config_text)  # forked workers inherit it: nothing is copied
    try:
        with ProcessPoolExecutor(
            max_workers=cores,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_die_with,
            initargs=(os.getpid(),),
        ) as pool:
            parts = list(pool.map(_prepare_chunk, starts, [size] * len(starts)))
    except Unwritten as exc:  # a worker's temporary: the disk's error, as here
        raise OSError(*exc.args) from None
    except (OSError, RuntimeError):  # no processes to be had here: all in this one
        clean_temporaries_of(paths)  # what a worker wrote before the pool broke
        return _prepare_range(cases, paths, rels, config, 0, len(cases))
    finally:
        _WORK = None
    return [p for part in parts for p in part]


class Unwritten(Exception):
    """A worker could not write a temporary: its ``OSError``'s errno, message and file, told
    apart from a pool that could not start its processes."""


_WORK: tuple[list[Case], list[Path], list[str], str] | None = None


def _prepare_chunk(start: int, size: int) -> list[Prepared]:
    """A worker's share, from the cases it inherited."""
    assert _WORK is not None
    gc.disable()  # many small objects, no cycles: collections would walk the inherited heap
    cases, paths, rels, config_text = _WORK
    try:
        return _prepare_range(cases, paths, rels, parse_config(config_text), start, start + size)
    except OSError as exc:
        raise Unwritten(exc.errno, exc.strerror, exc.filename) from None


def _prepare_range(
    cases: list[Case], paths: list[Path], rels: list[str], config: Config, start: int, stop: int
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
    return Prepared(text, Derived.of(again, config, calendar=calendar, text=(rel, text)), made)
