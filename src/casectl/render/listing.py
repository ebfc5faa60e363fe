"""``casectl list``'s rows as a table, CSV or JSON. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from casectl.core.views.listing import CSV_COLUMNS, LIST_COLUMNS, TIME_COLUMNS, public
from casectl.i18n import N_, _
from casectl.render.json import dumps
from casectl.render.text import Table, csv_text

Rows = Sequence[dict[str, Any]]
HEADINGS = {
    "stage": N_("stage"),
    "priority": N_("priority"),
    "category": N_("category"),
    "customer": N_("customer"),
    "title": N_("title"),
    "owner": N_("owner"),
    "received_at": N_("received_at"),
    "due": N_("due"),
}


# The table's columns: what people scan, and the next due (the most urgent running clock's, as
# ``task list`` shows Due). Narrowed to a terminal, the title wraps first, then the received
# time, the category, the priority and the owner go; the ID and the due stay whole.
TABLE_COLUMNS = (*LIST_COLUMNS, "due")
TONES = {"breached": "breach", "warning": "warning"}


def table(rows: Rows) -> Table:
    """The columns people scan; times to the minute; each row coloured by its SLA standing."""
    shown = [[_cell(r, h) for h in TABLE_COLUMNS] for r in rows]
    headers = [_(HEADINGS.get(h, h)) for h in TABLE_COLUMNS]
    where = TABLE_COLUMNS.index
    return Table(
        headers,
        shown,
        tones=[TONES.get(r.get("sla", ""), "") for r in rows],
        keep=(where("id"), where("due")),
        wrap=(where("title"),),
        drop=(where("received_at"), where("category"), where("priority"), where("owner")),
    )


def _cell(row: dict[str, Any], column: str) -> str:
    value = row.get(column) or ""
    return value[:16].replace("T", " ") if column in TIME_COLUMNS else str(value)


def _csv_cell(row: dict[str, Any], column: str, excel: bool) -> Any:
    value = row[column]
    if column == "tags":
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if excel and column in TIME_COLUMNS and value:
        return value[:19].replace("T", " ")  # the team's wall time, which Excel reads as a date
    return value


def csv(rows: Rows, *, excel: bool = False) -> str:
    """RFC 4180 CSV: the table's columns, then the SLA standing and tags (``CSV_COLUMNS``)."""
    cells = [[_csv_cell(r, h, excel) for h in CSV_COLUMNS] for r in rows]
    return csv_text(CSV_COLUMNS, cells, excel=excel)


def excel(rows: Rows) -> str:
    """CSV for Excel: byte order mark, CRLF, times as ``2026-11-23 09:15:00`` (team's zone)."""
    return csv(rows, excel=True)


def json(rows: Rows) -> str:
    return dumps([public(r) for r in rows])


FORMATS: dict[str, Callable[[Rows], Any]] = {
    "table": table,
    "csv": csv,
    "json": json,
    "excel": excel,
}
