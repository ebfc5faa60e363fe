"""Writing ``casectl export``'s binary files: an .xlsx workbook (openpyxl) and a SQLite database.
Each is written to a temporary file beside the target and moved into place whole, so a reader
never sees half a file and a failed export leaves the old one; the target is checked as every
``--output`` is (``files.output_target``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
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
    true/false as 1/0), the primary keys ``keys`` names, and an index on ``case_id``."""

    def write(target: Path) -> None:
        db = sqlite3.connect(target)
        try:
            for table in tables:
                kinds = _kinds(table)
                columns = ", ".join(f'"{c}" {kinds[c]}' for c in table.columns)
                key = keys.get(table.name)
                if key:
                    columns += ", PRIMARY KEY (" + ", ".join(f'"{k}"' for k in key) + ")"
                db.execute(f'CREATE TABLE "{table.name}" ({columns})')
                marks = ", ".join("?" for _ in table.columns)
                db.executemany(
                    f'INSERT INTO "{table.name}" VALUES ({marks})',
                    ([_sql(v) for v in row] for row in table.rows),
                )
                if "case_id" in table.columns:
                    db.execute(
                        f'CREATE INDEX "{table.name}_case" ON "{table.name}" (casebook, case_id)'
                    )
            db.commit()
        finally:
            db.close()

    _replacing(path, write)


def _kinds(table: Any) -> dict[str, str]:
    kinds = {}
    for i, name in enumerate(table.columns):
        found = next((type(r[i]) for r in table.rows if r[i] is not None), str)
        kinds[name] = SQL_TYPES.get(found, "TEXT")
    return kinds


def _sql(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value
