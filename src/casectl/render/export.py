"""``casectl export``'s text formats, and its tables made ready for a workbook. Pure.

* csv: one table (the cases by default) for Excel: a BOM so Excel reads UTF-8, and every cell
  that a spreadsheet would run as a formula neutralised (``csv_cell``);
* jsonl: one case a line, as ``show --format json`` gives it, for scripts;
* ``sheets``: the tables for an .xlsx file: text neutralised the same way, times without their
  offset (Excel has no time zones; they are in the casebook's zone), column widths measured in
  display columns so Chinese text fits.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casectl.core.clocks.sla import Clocks
from casectl.core.config import Config
from casectl.core.model import Case
from casectl.core.transfer.tables import Cell, Table
from casectl.render.case import case_json
from casectl.render.text import csv_text, formula_safe, visible, width

MAX_WIDTH = 60  # display columns: longer text wraps in the cell
SAMPLE = 2000  # rows measured for a column's width


def cell_text(value: Cell) -> str:
    """A cell as CSV text: times in ISO 8601 with their offset, true/false, numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def csv(table: Table) -> str:
    """One table as Excel-safe CSV: a BOM, then RFC 4180 with formulas neutralised."""
    return "\ufeff" + csv_text(table.columns, [[cell_text(c) for c in r] for r in table.rows])


def jsonl(books: Iterable[tuple[str, Sequence[Case], Config, Sequence[str]]], now: datetime) -> str:
    """One case a line (``show --format json``'s object plus its ``casebook``)."""
    lines = []
    for label, cases, config, paths in books:
        clocks = Clocks(config, now)
        for case, path in zip(cases, paths, strict=True):
            data = {"casebook": label, **case_json(case, config, now, path, clocks)}
            lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str))
    return "".join(line + "\n" for line in lines)


@dataclass
class Sheet:
    """A table ready for a workbook: cells safe to store, and each column's width."""

    name: str
    columns: Sequence[str]
    rows: list[list[Any]]
    widths: list[int]


def _xlsx_cell(value: Cell) -> Any:
    if isinstance(value, str):
        return formula_safe(visible(value))
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def sheets(tables: Iterable[Table]) -> list[Sheet]:
    out = []
    for table in tables:
        rows = [[_xlsx_cell(c) for c in r] for r in table.rows]
        widths = []
        for i, name in enumerate(table.columns):
            sample = [cell_text(r[i]) for r in table.rows[:SAMPLE]]
            longest = max((width(s.split("\n")[0]) for s in sample), default=0)
            longest = max(longest, width(name))
            widths.append(min(MAX_WIDTH, longest + 2))
        out.append(Sheet(table.name, table.columns, rows, widths))
    return out
