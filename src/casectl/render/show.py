"""The readable panel of one case (``casectl show``): one function per section, top to bottom.
Each returns rich renderables, or nothing when the case has nothing for that section. Pure:
nothing is printed here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from typing import Any

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from casectl import i18n
from casectl.core import lifecycle
from casectl.core.clocks.sla import Clock
from casectl.core.model import Case, Promise
from casectl.core.sections import size_text
from casectl.i18n import _, pgettext
from casectl.render.clocks import clock_label, remaining_shown, state_label
from casectl.render.events import detail_text, event_text
from casectl.render.text import visible

Section = Callable[[Case, tzinfo], list[Any]]


def _t(value: datetime | None, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def _v(value: Any) -> Text:
    """A value shown as text (never rich markup), with any terminal control written out."""
    return Text(visible(str(value)))


class _Grid(Table):
    """A table whose text cells are shown as text, never as rich markup."""

    def add_row(self, *cells: Any, **options: Any) -> None:
        super().add_row(*[_v(c) if isinstance(c, str) else c for c in cells], **options)


def _grid(*headers: str) -> Table:
    t = _Grid(box=None, pad_edge=False, header_style="bold dim", show_header=bool(headers))
    for h in headers:  # fold, never cut: Chinese has no spaces to wrap at ("300 s" stays whole)
        t.add_column(h, overflow="fold")
    return t


def _fields(*pairs: tuple[str, Any]) -> Table:
    """Label and value, one pair a row; empty values are left out."""
    t = Table.grid(padding=(0, 2))
    t.add_column(style="dim", no_wrap=True)
    t.add_column()
    for label, value in pairs:
        if value not in (None, "", [], False):
            t.add_row(label, _v(value))
    return t


def _by(when: str, who: object) -> str:
    return _("{when} by {who}").format(when=when, who=who)


def _via(when: str, channel: str) -> str:
    return _("{when} via {channel}").format(when=when, channel=channel)


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def head(case: Case, tz: tzinfo) -> list[Any]:
    stage = lifecycle.stage(case).value
    waiting = _(" · waiting on customer") if lifecycle.is_waiting(case) else ""
    status = f"{stage}{waiting}"
    body = _fields(
        (_("customer"), case.customer.name),
        (_("contact"), case.customer.contact),
        (_("received"), _via(_t(case.received_at, tz), case.channel.value)),
        (_("stage"), status),
        (_("priority"), f"{case.priority.value} · {case.category.value}"),
        (_("owner"), case.owner),
        (_("tags"), i18n.list_text(case.tags)),
        (_("people"), i18n.list_text(case.people)),
        (_("impact"), case.impact),
        (_("remedy sought"), case.remedy_sought),
    )
    title = Text(visible(f"{case.id}  {case.title}"), style="bold")
    out: list[Any] = [Panel(body, title=title, title_align="left")]
    if case.description:
        out += [_heading(_("Complaint")), _v(case.description.rstrip())]
    return out


def response(case: Case, tz: tzinfo) -> list[Any]:
    r = case.response
    if r is None:
        return []
    at = _by(_t(r.at, tz), r.by)
    out: list[Any] = [
        _heading(_("Response")),
        _fields(
            (_("at"), _via(at, r.channel.value) if r.channel else at),
            (_("said"), r.summary),
            (_("apology"), _("given") if r.apology else None),
        ),
    ]
    if r.promises:
        t = _grid(_("promise"), _("what"), _("due"), _("ended"))
        for p in r.promises:
            moved = i18n.list_text(_t(n.old_due, tz) for n in p.renegotiations)
            was = _("{due} (was {before})")
            due = was.format(due=_t(p.due, tz), before=moved) if moved else _t(p.due, tz)
            t.add_row(p.id, p.what, due, _promise_end(p, tz))
        out.append(t)
    return out


def _promise_end(p: Promise, tz: tzinfo) -> str:
    if p.kept_at is not None:
        return _("kept {when}").format(when=_t(p.kept_at, tz))
    if p.withdrawn is not None:
        said = _("withdrawn {when}: {reason}")
        return said.format(when=_t(p.withdrawn.at, tz), reason=p.withdrawn.reason)
    return "—"


def investigation(case: Case, tz: tzinfo) -> list[Any]:
    inv = case.investigation
    if not (inv.evidence or inv.findings or inv.root_cause):
        return []
    out: list[Any] = [_heading(_("Investigation"))]
    if inv.evidence:
        t = _grid(_("evidence"), _("kind"), _("ref"), _("note"))
        for e in inv.evidence:
            t.add_row(e.id, e.kind, e.ref, e.note or "")
        out.append(t)
    out += [_v(f"  {f.id}  {f.text}") for f in inv.findings]
    out.append(
        _fields(
            (_("root cause"), inv.root_cause),
            (_("cause"), inv.cause.value if inv.cause else None),
            (_("attribution"), inv.attribution.value if inv.attribution else None),
            (_("factor"), inv.factor.value if inv.factor else None),
        )
    )
    return out


def actions(case: Case, tz: tzinfo) -> list[Any]:
    if not case.actions:
        return []
    t = _grid("id", _("horizon"), _("what"), _("owner"), _("due"), _("status"))
    for a in case.actions:
        if a.done_at:
            status = _("done {when}").format(when=_t(a.done_at, tz))
        elif a.cancelled_at:
            status = _("cancelled: {reason}").format(reason=a.cancel_reason)
        else:
            status = pgettext("action", "open")
        t.add_row(a.id, a.horizon.value, a.what, a.owner or "", _t(a.due, tz), status)
    return [_heading(_("Actions")), t]


def updates(case: Case, tz: tzinfo) -> list[Any]:
    if not case.updates:
        return []
    t = _grid("id", _("at"), _("by"), _("summary"))
    for u in case.updates:
        keeps = _(" (keeps {promises})").format(promises=i18n.list_text(u.keeps)) if u.keeps else ""
        t.add_row(u.id, _t(u.at, tz), u.by, u.summary + keeps)
    return [_heading(_("Updates to the customer")), t]


def mails(case: Case, tz: tzinfo) -> list[Any]:
    """The customer's mails: when each was written, by whom, its subject and its own words."""
    if not case.mails:
        return []
    t = _grid("id", _("written"), _("from"), _("subject"))
    for m in case.mails:
        said = m.subject or ""
        if m.forwarded_by:
            said += "\n" + _("(forwarded by {who})").format(who=m.forwarded_by)
        if m.text:
            said += "\n" + m.text.rstrip()
        t.add_row(m.id, _t(m.at, tz), m.sender, said)
    return [_heading(_("Mails from the customer")), t]


def attachments(case: Case, tz: tzinfo) -> list[Any]:
    """The files kept as evidence: name, size, type, where it lies."""
    if not case.attachments:
        return []
    t = _grid("id", pgettext("attachment", "name"), _("size"), _("type"), _("file"))
    for a in case.attachments:
        came = f" ({a.mail})" if a.mail else ""
        t.add_row(a.id, a.name + came, size_text(a.size), a.type or "", a.path)
    return [_heading(_("Attachments")), t]


def resolution(case: Case, tz: tzinfo) -> list[Any]:
    res = case.resolution
    if not res.at:
        return []
    return [
        _heading(_("Resolution")),
        _fields(
            (_("at"), _by(_t(res.at, tz), res.by)),
            (_("summary"), res.summary),
            (_("confirmed by"), res.confirmed_by),
        ),
    ]


def relationship(case: Case, tz: tzinfo) -> list[Any]:
    rel = case.relationship
    if not (rel.at or rel.surveys or rel.follow_up):
        return []
    follow = rel.follow_up
    apology = f"{rel.apology.kind.value} {rel.apology.ref or ''}".strip() if rel.apology else None
    done = (
        f"{_t(follow.done_at, tz)} {follow.notes or ''}".strip()
        if follow and follow.done_at
        else None
    )
    return [
        _heading(_("Relationship")),
        _fields(
            (_("apology"), apology),
            (_("compensation"), _("; ").join(rel.compensation)),
            (_("follow-up due"), _t(follow.due, tz) if follow else None),
            (_("follow-up done"), done),
            (_("surveys"), _survey(case, tz)),
        ),
    ]


def _survey(case: Case, tz: tzinfo) -> str | None:
    """Every answer, oldest first: NPS, CSAT, the customer's words, when."""
    lines = []
    for s in case.relationship.surveys:
        parts = [
            f"NPS {s.nps}" if s.nps is not None else "",
            f"CSAT {s.csat}" if s.csat is not None else "",
        ]
        text = " · ".join(p for p in parts if p)
        lines.append(f"{text} {s.comment or ''}".strip() + f" ({_t(s.at, tz)})")
    return "\n".join(lines) or None


def review(case: Case, tz: tzinfo) -> list[Any]:
    rev = case.review
    if not rev.at:
        return []
    return [
        _heading(_("Review")),
        _fields(
            (_("at"), _by(_t(rev.at, tz), rev.by)),
            (_("lessons"), "\n".join(f"• {x}" for x in rev.lessons)),
            (_("prevention"), "\n".join(f"• {x}" for x in rev.prevention)),
            (_("case library"), _("published") if rev.publish else None),
        ),
    ]


def around(case: Case, tz: tzinfo) -> list[Any]:
    if not (case.escalations or case.pauses or case.notes or case.reopenings):
        return []
    t = _grid("id", _("at"), _("by"), _("what"))
    for x in case.escalations:
        said = _("escalated to {to}: {reason}").format(to=x.to, reason=x.reason)
        t.add_row(x.id, _t(x.at, tz), x.by, said)
    for w in case.pauses:
        if w.end:
            said = _("waiting on customer until {end}: {reason}")
        else:
            said = _("waiting on customer (still waiting): {reason}")
        t.add_row(
            w.id, _t(w.start, tz), w.by or "", said.format(end=_t(w.end, tz), reason=w.reason)
        )
    for r in case.reopenings:
        t.add_row(r.id, _t(r.at, tz), r.by, _("reopened: {reason}").format(reason=r.reason))
    for n in case.notes:
        t.add_row(n.id, _t(n.at, tz), n.by, n.text)
    return [_heading(_("Around the case")), t]


CLOCK_TONES = {"breached": "red", "warning": "yellow"}


def clocks(items: Sequence[Clock], tz: tzinfo) -> list[Any]:
    if not items:
        return []
    t = _grid(_("clock"), _("state"), _("due"), _("remaining"))
    for c in items:
        cells = (clock_label(c), state_label(c.state.value), _t(c.due, tz), remaining_shown(c))
        t.add_row(*cells, style=CLOCK_TONES.get(c.state.value))  # late red, soon yellow
    return [_heading(_("SLA clocks")), t]


def timeline(case: Case, tz: tzinfo) -> list[Any]:
    t = _grid()
    t.add_column(style="dim", no_wrap=True)
    t.add_column(no_wrap=True)
    t.add_column(overflow="fold")
    for event in sorted(case.timeline, key=lambda e: e.at):  # steps back-dated with --at too
        said = event_text(event.event, event.detail)
        if event.detail:
            detail = detail_text(event.event, event.detail)
            said = _("{event}: {detail}").format(event=said, detail=detail)
        t.add_row(_t(event.at, tz), event.by, said)
    return [_heading(_("Timeline")), t]


SECTIONS: tuple[Section, ...] = (
    head,
    mails,
    attachments,
    response,
    investigation,
    actions,
    updates,
    resolution,
    relationship,
    review,
    around,
)


def panel(case: Case, tz: tzinfo, case_clocks: Sequence[Clock]) -> list[Any]:
    """Every section of the panel, top to bottom; empty sections are left out."""
    out: list[Any] = []
    for section in SECTIONS:
        out += section(case, tz)
    return out + clocks(case_clocks, tz) + timeline(case, tz)
