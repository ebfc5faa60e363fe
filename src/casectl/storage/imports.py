"""An import's new case files, written at once: all of them or none, a killed import undone by
its journal (``storage.journal``), each file checked as every case file is (``storage.writes``)
and the disk waited on twice in all rather than twice a file (``files.write_new_files``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.errors import CasebookError
from casectl.i18n import msg
from casectl.storage import journal, reading, writes
from casectl.storage.casefile import case_data, parse_case, render_many

if TYPE_CHECKING:
    from casectl.core.model import Case
    from casectl.storage.store import Casebook


def create_many(book: Casebook, cases: list[Case]) -> list[Path]:
    """Write new cases (an import) under the casebook's lock: all of them, or — when one is
    refused or cannot be written — none; a process killed half-way leaves the journal by which
    the next command undoes it. The index records them in one transaction. The files written."""
    with book.lock():
        taken, texts = book.case_files(), render_many(cases)
        paths = [book.path_for(case) for case in cases]
        files = []
        for case, path, text in zip(cases, paths, texts, strict=True):
            rel = book.relative(path)
            if case.id in taken or path.exists():
                raise CasebookError(msg("{file}: the ID is taken; run again", file=rel))
            files.append(writes.New(path, text, rel, _reads_as(case, rel)))
        with journal.importing(book.root, paths, texts):
            writes.save_new(book.root, files, kind=reading.CASE)
            book.index.put_many(
                [(f.shown, f.path, f.text, c) for f, c in zip(files, cases, strict=True)],
                book.config,
            )
    return paths


def _reads_as(case: Case, rel: str) -> Callable[[str], bool]:
    return writes.reads_as(lambda text: parse_case(text, rel), case_data, case)
