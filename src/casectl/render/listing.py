"""``casectl list``'s rows as a table, CSV or JSON. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casectl.core.listing import LIST_COLUMNS, public
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
}


def table(rows: Rows) -> Table:
    """The columns people scan; the received time to the minute."""
    shown = [
        [r[h] if h != "received_at" else r[h][:16].replace("T", " ") for h in LIST_COLUMNS]
        for r in rows
    ]
    return Table([_(HEADINGS.get(h, h)) for h in LIST_COLUMNS], shown)


def csv(rows: Rows) -> str:
    return csv_text(LIST_COLUMNS, [[r[h] for h in LIST_COLUMNS] for r in rows])


def json(rows: Rows) -> str:
    return dumps([public(r) for r in rows])


FORMATS = {"table": table, "csv": csv, "json": json}
