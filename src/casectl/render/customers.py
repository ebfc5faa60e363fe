"""``casectl customer``: every customer, or one customer — its profile, key people, cases,
NPS/CSAT trend, touchpoints and contact rhythm — as a table, JSON or a self-contained HTML
page. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from casectl.i18n import _
from casectl.render.report_html import STYLE, _table
from casectl.render.text import Table, grid, one_line


def summary_table(rows: Sequence[dict[str, Any]]) -> Table:
    shown = [
        [
            r["customer"],
            str(r["open"]),
            str(r["total"]),
            "" if r["last_nps"] is None else str(r["last_nps"]),
            r["last_case"] or "",
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


def _at(text: str | None) -> str:
    return (text or "")[:16].replace("T", " ")


def _score(value: Any) -> str:
    return "—" if value is None else str(value)


def rhythm_line(view: dict[str, Any]) -> str:
    """The contact rhythm's state in words."""
    last = _at(view.get("last_contact")) or "never"
    rhythm = view.get("rhythm")
    if rhythm is None:
        return f"last contact {last}; no contact rhythm (no tier with a rhythm in casectl.yaml)"
    state = {"breached": "OVERDUE", "warning": "due soon"}.get(rhythm["state"], "on track")
    return f"last contact {last}; every {rhythm['target']}: {state}, due {_at(rhythm['due'])}"


def _profile_lines(view: dict[str, Any]) -> list[str]:
    p = view["profile"]
    prefs = p.get("preferences") or {}
    pairs = [
        ("aliases", ", ".join(p.get("aliases") or [])),
        ("industry", p.get("industry")),
        ("tier", p.get("tier")),
        ("lifecycle", p.get("lifecycle")),
        ("owner", p.get("owner")),
        ("prefers", " · ".join(v for v in (prefs.get(k) for k in prefs) if v)),
    ]
    return [f"{k}: {one_line(str(v))}" for k, v in pairs if v]


def _sections(view: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each section as (title, headers, rows) of plain text, for the table and the page."""
    cases = view["cases"]
    case_rows = [
        [c["id"], c["stage"], c["priority"], _at(c["received"]), c["title"]] for c in cases
    ]
    return [
        (
            "Key people",
            ["name", "role", "influence", "attitude", "contact"],
            [
                [
                    p["name"],
                    p.get("role") or "",
                    p.get("influence") or "",
                    p.get("attitude") or "",
                    p.get("contact") or "",
                ]
                for p in view.get("people", [])
            ],
        ),
        (
            "Open cases",
            ["case", "stage", "priority", "received", "title"],
            [r for r, c in zip(case_rows, cases, strict=True) if c["open"]],
        ),
        (
            "Past cases",
            ["case", "stage", "priority", "received", "title"],
            [r for r, c in zip(case_rows, cases, strict=True) if not c["open"]],
        ),
        (
            "NPS / CSAT trend",
            ["at", "case", "nps", "csat", "comment"],
            [
                [_at(s["at"]), s["case"], _score(s["nps"]), _score(s["csat"]), s["comment"] or ""]
                for s in view["surveys"]
            ],
        ),
        (
            "Touchpoints",
            ["id", "at", "by", "channel", "summary"],
            [
                [t["id"], _at(t["at"]), t["by"], t["channel"], t["summary"]]
                for t in view.get("touchpoints", [])
            ],
        ),
    ]


def view_text(view: dict[str, Any]) -> str:
    """One customer with a profile, as text for people."""
    lines = [one_line(view["customer"]), *_profile_lines(view)]
    notes = view["profile"].get("notes")
    if notes:
        lines.append(f"notes: {one_line(notes.strip())}")
    lines.append(rhythm_line(view))
    for title, headers, rows in _sections(view):
        lines += ["", f"{title}:"]
        lines.append(grid(headers, rows, max_width=48) if rows else "  none")
    return "\n".join(lines) + "\n"


def view_html(view: dict[str, Any]) -> str:
    """One customer as a self-contained HTML page (no script, no network); every text escaped."""
    name = escape(view["customer"])
    body = [f"<h1>{name}</h1>"]
    if "profile" in view:
        body.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in _profile_lines(view)))
        notes = view["profile"].get("notes")
        if notes:
            body.append(f"<li>notes: {escape(notes.strip())}</li>")
        body.append(f"<li>{escape(rhythm_line(view))}</li></ul>")
    else:
        body.append(f'<p class="lead">{escape(headline(view))}</p>')
    for title, headers, rows in _sections(view):
        if title in ("Key people", "Touchpoints") and "profile" not in view:
            continue
        body.append(f"<h2>{escape(title)}</h2>")
        body.append(_table(headers, rows) if rows else "<p>None.</p>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{name}</title><style>{STYLE}</style></head>"
        "<body>\n" + "\n".join(body) + "\n</body></html>\n"
    )
