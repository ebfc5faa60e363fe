"""``casectl customer``: every customer, or one customer's history, as a table or JSON. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casectl.i18n import _
from casectl.render.text import Table, one_line


def summary_table(rows: Sequence[dict[str, Any]]) -> Table:
    shown = [
        [
            r["customer"],
            str(r["open"]),
            str(r["total"]),
            "" if r["last_nps"] is None else str(r["last_nps"]),
            r["last_case"],
        ]
        for r in rows
    ]
    return Table([_("customer"), _("open"), _("total"), _("last nps"), _("last case")], shown)


def headline(story: dict[str, Any]) -> str:
    nps = story["last_nps"] if story["last_nps"] is not None else "—"
    who = one_line(story["customer"])
    said = _("{customer}: {open} open of {total} case(s); last NPS {nps}")
    return said.format(customer=who, open=story["open"], total=story["total"], nps=nps)


def history_table(story: dict[str, Any]) -> Table:
    rows = [[e["at"][:16].replace("T", " "), e["id"], e["event"]] for e in story["events"]]
    return Table([_("at"), _("case"), _("event")], rows)
