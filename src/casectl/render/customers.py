"""``casectl customer``: every customer, or one customer's history, as a table or JSON. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
    return Table(["customer", "open", "total", "last nps", "last case"], shown)


def headline(story: dict[str, Any]) -> str:
    nps = story["last_nps"] if story["last_nps"] is not None else "—"
    who = one_line(story["customer"])
    return f"{who}: {story['open']} open of {story['total']} case(s); last NPS {nps}"


def history_table(story: dict[str, Any]) -> Table:
    rows = [[e["at"][:16].replace("T", " "), e["id"], e["event"]] for e in story["events"]]
    return Table(["at", "case", "event"], rows)
