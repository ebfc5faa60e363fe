"""The readable panel of one case, for ``casectl show``."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from casectl.core.model import Case


def _t(value: datetime | None, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def renderables(case: Case, tz: tzinfo, clocks: list[dict[str, Any]]) -> list[Any]:
    """The sections of the panel, top to bottom; empty sections are left out."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from casectl.core import lifecycle

    def grid(*headers: str) -> Table:
        t = Table(box=None, pad_edge=False, header_style="bold dim", show_header=bool(headers))
        for h in headers:
            t.add_column(h)
        return t

    def fields(*pairs: tuple[str, Any]) -> Table:
        t = Table.grid(padding=(0, 2))
        t.add_column(style="dim", no_wrap=True)
        t.add_column()
        for label, value in pairs:
            if value not in (None, "", [], False):
                t.add_row(label, str(value))
        return t

    out: list[Any] = []
    stage = lifecycle.stage(case).value
    status = f"{stage}{' · waiting on customer' if lifecycle.is_waiting(case) else ''}"
    head = fields(
        ("customer", case.customer.name),
        ("contact", case.customer.contact),
        ("received", f"{_t(case.received_at, tz)} via {case.channel.value}"),
        ("stage", status),
        ("priority", f"{case.priority.value} · {case.category.value}"),
        ("owner", case.owner),
        ("tags", ", ".join(case.tags)),
        ("people", ", ".join(case.people)),
        ("impact", case.impact),
        ("remedy sought", case.remedy_sought),
    )
    out.append(
        Panel(head, title=Text(f"{case.id}  {case.title}", style="bold"), title_align="left")
    )
    if case.description:
        out += [Text("Complaint", style="bold"), Text(case.description.rstrip())]

    if case.response:
        r = case.response
        out.append(Text("Response", style="bold"))
        out.append(
            fields(
                (
                    "at",
                    f"{_t(r.at, tz)} by {r.by}" + (f" via {r.channel.value}" if r.channel else ""),
                ),
                ("said", r.summary),
                ("apology", "given" if r.apology else None),
            )
        )
        if r.promises:
            t = grid("promise", "what", "due", "kept")
            for p in r.promises:
                t.add_row(p.id, p.what, _t(p.due, tz), _t(p.kept_at, tz) or "—")
            out.append(t)

    inv = case.investigation
    if inv.evidence or inv.findings or inv.root_cause:
        out.append(Text("Investigation", style="bold"))
        if inv.evidence:
            t = grid("evidence", "kind", "ref", "note")
            for e in inv.evidence:
                t.add_row(e.id, e.kind, e.ref, e.note or "")
            out.append(t)
        for f in inv.findings:
            out.append(Text(f"  {f.id}  {f.text}"))
        out.append(
            fields(
                ("root cause", inv.root_cause),
                ("cause", inv.cause.value if inv.cause else None),
                ("attribution", inv.attribution.value if inv.attribution else None),
                ("factor", inv.factor.value if inv.factor else None),
            )
        )

    if case.actions:
        out.append(Text("Actions", style="bold"))
        t = grid("id", "horizon", "what", "owner", "due", "status")
        for a in case.actions:
            status_text = (
                f"done {_t(a.done_at, tz)}"
                if a.done_at
                else f"cancelled: {a.cancel_reason}"
                if a.cancelled_at
                else "open"
            )
            t.add_row(a.id, a.horizon.value, a.what, a.owner or "", _t(a.due, tz), status_text)
        out.append(t)

    if case.updates:
        out.append(Text("Updates to the customer", style="bold"))
        t = grid("id", "at", "by", "summary")
        for u in case.updates:
            keeps = f" (keeps {', '.join(u.keeps)})" if u.keeps else ""
            t.add_row(u.id, _t(u.at, tz), u.by, u.summary + keeps)
        out.append(t)

    if case.resolution.at:
        res = case.resolution
        out.append(Text("Resolution", style="bold"))
        out.append(
            fields(
                ("at", f"{_t(res.at, tz)} by {res.by}"),
                ("summary", res.summary),
                ("confirmed by", res.confirmed_by),
            )
        )

    rel = case.relationship
    if rel.at or rel.survey or rel.follow_up:
        out.append(Text("Relationship", style="bold"))
        follow = rel.follow_up
        out.append(
            fields(
                (
                    "apology",
                    f"{rel.apology.kind.value} {rel.apology.ref or ''}".strip()
                    if rel.apology
                    else None,
                ),
                ("compensation", "; ".join(rel.compensation)),
                ("follow-up due", _t(follow.due, tz) if follow else None),
                (
                    "follow-up done",
                    f"{_t(follow.done_at, tz)} {follow.notes or ''}".strip()
                    if follow and follow.done_at
                    else None,
                ),
                ("survey", _survey(case)),
            )
        )

    rev = case.review
    if rev.at:
        out.append(Text("Review", style="bold"))
        out.append(
            fields(
                ("at", f"{_t(rev.at, tz)} by {rev.by}"),
                ("lessons", "\n".join(f"• {x}" for x in rev.lessons)),
                ("prevention", "\n".join(f"• {x}" for x in rev.prevention)),
                ("case library", "published" if rev.publish else None),
            )
        )

    if case.escalations or case.pauses or case.notes or case.reopenings:
        out.append(Text("Around the case", style="bold"))
        t = grid("id", "at", "by", "what")
        for x in case.escalations:
            t.add_row(x.id, _t(x.at, tz), x.by, f"escalated to {x.to}: {x.reason}")
        for w in case.pauses:
            until = f" until {_t(w.end, tz)}" if w.end else " (still waiting)"
            t.add_row(w.id, _t(w.start, tz), w.by or "", f"waiting on customer{until}: {w.reason}")
        for r2 in case.reopenings:
            t.add_row(r2.id, _t(r2.at, tz), r2.by, f"reopened: {r2.reason}")
        for n in case.notes:
            t.add_row(n.id, _t(n.at, tz), n.by, n.text)
        out.append(t)

    if clocks:
        out.append(Text("SLA clocks", style="bold"))
        t = grid("clock", "state", "due", "remaining")
        for c in clocks:
            t.add_row(
                str(c.get("name", "")),
                str(c.get("state", "")),
                _fmt_due(c.get("due"), tz),
                str(c.get("remaining", "") or ""),
            )
        out.append(t)

    out.append(Text("Timeline", style="bold"))
    t = grid()
    t.add_column(style="dim", no_wrap=True)
    t.add_column(no_wrap=True)
    t.add_column()
    for event in case.timeline:
        detail = f": {event.detail}" if event.detail else ""
        t.add_row(_t(event.at, tz), event.by, event.event + detail)
    out.append(t)
    return out


def _survey(case: Case) -> str | None:
    s = case.relationship.survey
    if s is None:
        return None
    parts = [
        f"NPS {s.nps}" if s.nps is not None else "",
        f"CSAT {s.csat}" if s.csat is not None else "",
    ]
    text = " · ".join(p for p in parts if p)
    return f"{text} {s.comment or ''}".strip()


def _fmt_due(value: Any, tz: tzinfo) -> str:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return str(value)
    return _t(value, tz) if isinstance(value, datetime) else ""
