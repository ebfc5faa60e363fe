"""Cases as flat tables, for spreadsheets, SQLite and BI tools (``casectl export``). Pure.

One table of cases and one each of actions, promises, surveys, timeline events and SLA clocks
(as of the export), each row naming its casebook and case. Cells keep their types — times
(aware, in the team's zone), whole numbers, true/false, text — for each writer to store as its
format does best.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casectl.core import lifecycle
from casectl.core.clocks.sla import Clocks, State
from casectl.core.config import Config
from casectl.core.model import Case

Cell = str | int | bool | datetime | None


@dataclass
class Table:
    """One table: its name, column names and rows of typed cells."""

    name: str
    columns: tuple[str, ...]
    rows: list[list[Cell]] = field(default_factory=list)


CASE_COLUMNS = (
    "casebook", "id", "stage", "open", "waiting", "priority", "category", "channel",
    "customer", "contact", "title", "owner", "tags", "received_at", "responded_at",
    "root_cause", "cause", "attribution", "factor", "resolved_at", "resolution",
    "repaired_at", "reviewed_at", "closed_at", "csat", "nps", "breached_clocks",
    "unmeasured_clocks",
    "source_file", "source_sheet", "source_row", "description",
)  # fmt: skip
ACTION_COLUMNS = (
    "casebook", "case_id", "id", "horizon", "what", "owner", "due", "added_at", "done_at",
    "cancelled_at", "status", "verification",
)  # fmt: skip
PROMISE_COLUMNS = ("casebook", "case_id", "id", "what", "made_at", "due", "kept_at")
SURVEY_COLUMNS = ("casebook", "case_id", "id", "at", "nps", "csat", "comment")
EVENT_COLUMNS = ("casebook", "case_id", "seq", "at", "by", "event", "detail")
CLOCK_COLUMNS = (
    "casebook", "case_id", "name", "kind", "state", "breached", "target", "start", "due",
    "stopped_at", "remaining_working_minutes", "owner",
)  # fmt: skip
NAMES = ("cases", "actions", "promises", "surveys", "events", "clocks")


def tables(books: Iterable[tuple[str, Sequence[Case], Config]], now: datetime) -> dict[str, Table]:
    """Every case of every ``(casebook label, cases, settings)`` as the six tables."""
    columns = (
        CASE_COLUMNS, ACTION_COLUMNS, PROMISE_COLUMNS, SURVEY_COLUMNS, EVENT_COLUMNS,
        CLOCK_COLUMNS,
    )  # fmt: skip
    out = {name: Table(name, cols) for name, cols in zip(NAMES, columns, strict=True)}
    for label, cases, config in books:
        clocks = Clocks(config, now)  # one calendar serves every case of the book
        tz = config.tz
        for case in cases:
            measured = clocks.of(case)
            breached = sum(c.state is State.breached for c in measured)
            unmeasured = sum(c.state is State.unmeasured for c in measured)
            out["cases"].rows.append(_case_row(label, case, tz, breached, unmeasured))
            _items(out, label, case, tz)
            for c in measured:
                out["clocks"].rows.append(
                    [
                        label,
                        case.id,
                        c.name,
                        c.kind,
                        c.state.value,
                        c.state is State.breached,
                        c.target,
                        _t(c.start, tz),
                        _t(c.due, tz),
                        _t(c.stopped_at, tz),
                        int(c.remaining_working.total_seconds() // 60),
                        c.owner,
                    ]
                )
    return out


def _t(value: datetime | None, tz: Any) -> datetime | None:
    return value.astimezone(tz) if value is not None else None


def _case_row(label: str, case: Case, tz: Any, breached: int, unmeasured: int) -> list[Cell]:
    inv, rel = case.investigation, case.relationship
    survey = rel.latest_survey()
    resolved = lifecycle.is_resolved(case)
    source = case.source
    return [
        label, case.id, lifecycle.stage(case).value, lifecycle.is_open(case),
        lifecycle.is_waiting(case), case.priority.value, case.category.value,
        case.channel.value, case.customer.name, case.customer.contact, case.title, case.owner,
        ", ".join(case.tags), _t(case.received_at, tz),
        _t(case.response.at, tz) if case.response else None,
        inv.root_cause, inv.cause.value if inv.cause else None,
        inv.attribution.value if inv.attribution else None,
        inv.factor.value if inv.factor else None,
        _t(case.resolution.at, tz) if resolved else None, case.resolution.summary,
        _t(rel.at, tz) if lifecycle.is_repaired(case) else None,
        _t(case.review.at, tz) if lifecycle.is_reviewed(case) else None,
        _t(case.closed.at, tz) if case.closed and lifecycle.is_closed(case) else None,
        survey.csat if survey else None, survey.nps if survey else None, breached, unmeasured,
        source.file if source else None, source.sheet if source else None,
        source.row if source else None, case.description,
    ]  # fmt: skip


def _items(out: dict[str, Table], label: str, case: Case, tz: Any) -> None:
    for a in case.actions:
        status = "done" if a.done_at else "cancelled" if a.cancelled_at else "open"
        out["actions"].rows.append(
            [
                label,
                case.id,
                a.id,
                a.horizon.value,
                a.what,
                a.owner,
                _t(a.due, tz),
                _t(a.added_at, tz),
                _t(a.done_at, tz),
                _t(a.cancelled_at, tz),
                status,
                a.verification,
            ]
        )
    response = case.response
    for p in response.promises if response else []:
        made = p.made_at or (response.at if response else None)
        out["promises"].rows.append(
            [label, case.id, p.id, p.what, _t(made, tz), _t(p.due, tz), _t(p.kept_at, tz)]
        )
    for s in case.relationship.surveys:
        out["surveys"].rows.append([label, case.id, s.id, _t(s.at, tz), s.nps, s.csat, s.comment])
    for n, e in enumerate(case.timeline, start=1):
        out["events"].rows.append([label, case.id, n, _t(e.at, tz), e.by, e.event, e.detail])
