"""Writing ``casectl export``'s binary files: an .xlsx workbook (openpyxl) and a SQLite database.
Each is written to a temporary file beside the target and moved into place whole, so a reader
never sees half a file and a failed export leaves the old one; the target is checked as every
``--output`` is (``files.output_target``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from casectl.storage.files import output_target, unwritable, write_beside

TIME_FORMAT = "yyyy-mm-dd hh:mm"


def _replacing(path: Path, write: Callable[[Path], None]) -> None:
    """Run ``write`` on a temporary file beside ``path``, then move it into place."""

    def fresh(tmp: Path) -> None:
        tmp.unlink()  # the writers create their own file
        write(tmp)

    target = output_target(path)
    try:
        write_beside(target, fresh)
    except OSError as exc:
        raise unwritable(path, exc) from None


def write_xlsx(path: Path, sheets: Iterable[Any]) -> None:
    """A workbook with one sheet per table: a bold, frozen header row with filters, typed
    cells (times as Excel times, numbers as numbers), and the column widths given."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def write(target: Path) -> None:
        book = Workbook(write_only=True)
        bold = Font(bold=True)
        for sheet in sheets:
            ws = book.create_sheet(sheet.name)
            ws.freeze_panes = "A2"
            for i, size in enumerate(sheet.widths, start=1):
                ws.column_dimensions[get_column_letter(i)].width = size
            header = []
            for name in sheet.columns:
                cell = WriteOnlyCell(ws, name)
                cell.font = bold
                header.append(cell)
            ws.append(header)
            for row in sheet.rows:
                ws.append([_typed(ws, v, WriteOnlyCell) for v in row])
            last = get_column_letter(max(1, len(sheet.columns)))
            ws.auto_filter.ref = f"A1:{last}{len(sheet.rows) + 1}"
        book.save(str(target))

    _replacing(path, write)


def _typed(ws: Any, value: Any, make: Any) -> Any:
    if isinstance(value, datetime):
        cell = make(ws, value)
        cell.number_format = TIME_FORMAT
        return cell
    return value


SQL_TYPES = {bool: "INTEGER", int: "INTEGER", str: "TEXT", datetime: "TEXT"}


def write_sqlite(path: Path, tables: Iterable[Any], keys: Mapping[str, Sequence[str]]) -> None:
    """A SQLite database with one table per table (times as ISO 8601 text with their offset,
    true/false as 1/0), the primary keys ``keys`` names, and an index on ``case_id``.

    The database is a new file under a temporary name until it is whole: SQLite keeps no
    rollback journal and waits on the disk for nothing while it fills it (a failed export
    leaves the old file), and the file is flushed once, before it takes its name."""

    def write(target: Path) -> None:
        db = sqlite3.connect(target, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("BEGIN")
            for table in tables:
                _fill(db, table, keys.get(table.name))
            db.execute("COMMIT")
        finally:
            db.close()

    _replacing(path, write)


def _fill(db: sqlite3.Connection, table: Any, key: Sequence[str] | None) -> None:
    """One table: created, its rows inserted (times as text), its ``case_id`` indexed."""
    kinds = _kinds(table)
    columns = ", ".join(f'"{c}" {kinds[c][0]}' for c in table.columns)
    if key:
        columns += ", PRIMARY KEY (" + ", ".join(f'"{k}"' for k in key) + ")"
    db.execute(f'CREATE TABLE "{table.name}" ({columns})')
    marks = ", ".join("?" for _ in table.columns)
    times = [i for i, c in enumerate(table.columns) if kinds[c][1] is datetime]
    db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', _rows(table.rows, times))
    if "case_id" in table.columns:
        db.execute(f'CREATE INDEX "{table.name}_case" ON "{table.name}" (casebook, case_id)')


def _rows(rows: Iterable[Sequence[Any]], times: list[int]) -> Iterator[Sequence[Any]]:
    """The rows as SQLite takes them: the cells of the ``times`` columns as ISO 8601 text
    (true and false are 1 and 0 to SQLite already)."""
    if not times:
        yield from rows
        return
    for row in rows:
        cells = list(row)
        for i in times:
            if cells[i] is not None:
                cells[i] = _sql(cells[i])
        yield cells


def _kinds(table: Any) -> dict[str, tuple[str, type]]:
    """Each column's SQL type, and the type of its cells (that of its first value)."""
    kinds = {}
    for i, name in enumerate(table.columns):
        found = next((type(r[i]) for r in table.rows if r[i] is not None), str)
        kinds[name] = (SQL_TYPES.get(found, "TEXT"), found)
    return kinds


def _sql(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
