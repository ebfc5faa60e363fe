"""``casectl customer``: every customer, or one customer — its profile, key people, cases,
NPS/CSAT trend, touchpoints and contact rhythm — as a table, JSON or a self-contained HTML
page. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casectl.core.views.customers import CustomerRow
from casectl.i18n import N_, _, list_text
from casectl.render.events import event_text
from casectl.render.html import escape, heading, page, table
from casectl.render.text import Table, grid, one_line


def summary_table(rows: Sequence[CustomerRow]) -> Table:
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
    rows = [
        [e["at"][:16].replace("T", " "), e["id"], event_text(e["event"])] for e in story["events"]
    ]
    return Table([_("at"), _("case"), _("event")], rows, keep=(1,))


def _at(text: str | None) -> str:
    return (text or "")[:16].replace("T", " ")


def _score(value: Any) -> str:
    return "—" if value is None else str(value)


def rhythm_line(view: dict[str, Any]) -> str:
    """The contact rhythm's state in words."""
    last = _at(view.get("last_contact")) or _("never")
    rhythm = view.get("rhythm")
    if rhythm is None:
        said = _("last contact {last}; no contact rhythm (no tier with a rhythm in casectl.yaml)")
        return said.format(last=last)
    states = {"breached": N_("OVERDUE"), "warning": N_("due soon"), "running": N_("on track")}
    state = _(states.get(rhythm["state"], states["running"]))
    said = _("last contact {last}; every {target}: {state}, due {due}")
    return said.format(last=last, target=rhythm["target"], state=state, due=_at(rhythm["due"]))


def _profile_lines(view: dict[str, Any]) -> list[str]:
    p = view["profile"]
    prefs = p.get("preferences") or {}
    pairs = [
        (N_("aliases"), list_text(p.get("aliases") or [])),
        (N_("industry"), p.get("industry")),
        (N_("tier"), p.get("tier")),
        (N_("lifecycle"), p.get("lifecycle")),
        (N_("owner"), p.get("owner")),
        (N_("prefers"), " · ".join(v for v in (prefs.get(k) for k in prefs) if v)),
        (N_("notes"), (p.get("notes") or "").strip()),
    ]
    return [_("{label}: {value}").format(label=_(k), value=one_line(str(v))) for k, v in pairs if v]


def _sections(view: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each section as (title, headers, rows) of plain text, for the table and the page."""
    cases = view["cases"]
    case_rows = [
        [c["id"], c["stage"], c["priority"], _at(c["received"]), c["title"]] for c in cases
    ]
    return [
        (
            N_("Key people"),
            [_("name"), _("role"), _("influence"), _("attitude"), _("contact")],
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
            N_("Open cases"),
            [_("case"), _("stage"), _("priority"), _("received"), _("title")],
            [r for r, c in zip(case_rows, cases, strict=True) if c["open"]],
        ),
        (
            N_("Past cases"),
            [_("case"), _("stage"), _("priority"), _("received"), _("title")],
            [r for r, c in zip(case_rows, cases, strict=True) if not c["open"]],
        ),
        (
            N_("NPS / CSAT trend"),
            [_("at"), _("case"), _("nps"), _("csat"), _("comment")],
            [
                [_at(s["at"]), s["case"], _score(s["nps"]), _score(s["csat"]), s["comment"] or ""]
                for s in view["surveys"]
            ],
        ),
        (
            N_("Touchpoints"),
            [_("id"), _("at"), _("by"), _("channel"), _("summary")],
            [
                [t["id"], _at(t["at"]), t["by"], t["channel"], t["summary"]]
                for t in view.get("touchpoints", [])
            ],
        ),
    ]


def view_text(view: dict[str, Any]) -> str:
    """One customer with a profile, as text for people."""
    lines = [one_line(view["customer"]), *_profile_lines(view), rhythm_line(view)]
    for title, headers, rows in _sections(view):
        heading = _(title)
        lines += ["", _("{title}:").format(title=heading)]
        lines.append(grid(headers, rows, max_width=48) if rows else "  " + _("none"))
    return "\n".join(lines) + "\n"


def view_html(view: dict[str, Any]) -> str:
    """One customer as a self-contained HTML page (``render.html``'s shell); every text
    escaped."""
    body = [heading(view["customer"], 1)]
    if "profile" in view:
        shown = [*_profile_lines(view), rhythm_line(view)]
        body.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in shown) + "</ul>")
    else:
        body.append(f'<p class="lead">{escape(headline(view))}</p>')
    for title, headers, rows in _sections(view):
        if title in ("Key people", "Touchpoints") and "profile" not in view:
            continue
        nothing = escape(_("none"))
        body.append(heading(_(title)))
        body.append(table(headers, rows) if rows else f"<p>{nothing}</p>")
    return page(view["customer"], body)
