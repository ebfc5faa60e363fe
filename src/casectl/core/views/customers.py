"""Customers across their cases: who complains, how often, how they feel now. Pure.

Cases belong to the same customer when their names fold the same (``core.names.fold``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypedDict

from casectl.core import events, lifecycle
from casectl.core.clocks.sla import Clock
from casectl.core.customers.profile import Profile
from casectl.core.model import Case, plain
from casectl.core.names import fold
from casectl.errors import UsageError, not_found
from casectl.i18n import listed, msg


class CustomerRow(TypedDict):
    """One customer in the list of every customer (``casectl customer``)."""

    customer: str
    open: int
    total: int
    last_nps: int | None
    last_csat: int | None
    last_case: str | None  # the day the last case came in (ISO), None for a profile alone


def _groups(cases: Iterable[Case]) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = {}
    for case in sorted(cases, key=lambda c: (c.received_at, c.id)):
        groups.setdefault(fold(case.customer.name), []).append(case)
    return groups


def _last_survey(cases: Sequence[Case], score: str) -> int | None:
    answered = [s for c in cases for s in c.relationship.surveys if getattr(s, score) is not None]
    if not answered:
        return None
    value: int = getattr(max(answered, key=lambda s: s.at), score)
    return value


def summary(cases: Iterable[Case], tz: Any, profiles: Sequence[Profile] = ()) -> list[CustomerRow]:
    """Every customer: open and total cases, the last NPS and CSAT answers, the last case.
    A customer with a profile is one row under its profile's name, whatever name or alias its
    cases use; a profile with no case yet has a row too."""
    canonical = {k: p.name for p in profiles for k in sorted(p.folded())}
    rows: list[CustomerRow] = []
    groups: dict[str, list[Case]] = {}
    for key, group in _groups(cases).items():
        owner = canonical.get(fold(group[-1].customer.name))
        groups.setdefault(fold(owner) if owner else key, []).extend(group)
    for group in groups.values():
        group.sort(key=lambda c: (c.received_at, c.id))
        owner = canonical.get(fold(group[-1].customer.name))
        rows.append(
            {
                "customer": owner or group[-1].customer.name,
                "open": sum(1 for c in group if lifecycle.is_open(c)),
                "total": len(group),
                "last_nps": _last_survey(group, "nps"),
                "last_csat": _last_survey(group, "csat"),
                "last_case": group[-1].received_at.astimezone(tz).date().isoformat(),
            }
        )
    named = {fold(r["customer"]) for r in rows}
    for profile in profiles:
        if fold(profile.name) not in named:
            rows.append(
                {
                    "customer": profile.name,
                    "open": 0,
                    "total": 0,
                    "last_nps": None,
                    "last_csat": None,
                    "last_case": None,
                }
            )
    return sorted(rows, key=lambda r: (-r["open"], -r["total"], r["customer"]))


def find(cases: Iterable[Case], name: str) -> list[Case]:
    """The cases of the one customer whose name contains ``name`` (both folded).

    An exact name wins over partial matches; several partial matches are an error naming them.
    """
    wanted = fold(name)
    groups = _groups(cases)
    if wanted in groups:
        return groups[wanted]
    matching = {k: g for k, g in groups.items() if wanted in k}
    if not matching:
        raise not_found("customer", name)
    if len(matching) > 1:
        names = listed(sorted(g[-1].customer.name for g in matching.values()))
        raise UsageError(
            msg(
                "{name!r} matches {matching} customers: {names}; be more precise",
                name=name,
                matching=len(matching),
                names=names,
            )
        )
    return next(iter(matching.values()))


def _event(at: datetime, case: Case, what: events.Event, tz: Any) -> dict[str, Any]:
    return {"at": at.astimezone(tz).isoformat(), "id": case.id, "event": what.text}


def _milestones(case: Case, tz: Any) -> list[dict[str, Any]]:
    """A case's lines in its customer's history (``core.events``' history kinds)."""
    out = [_event(case.received_at, case, events.CaseReceived(title=case.title), tz)]
    if case.response:
        out.append(_event(case.response.at, case, events.FirstResponse(), tz))
    root_cause, found_at = case.investigation.root_cause, case.investigation.root_cause_at
    if root_cause and found_at:
        out.append(_event(found_at, case, events.RootCauseFound(root_cause=root_cause.strip()), tz))
    for update in case.updates:
        out.append(_event(update.at, case, events.UpdateGiven(summary=update.summary), tz))
    if case.resolution.at:
        summary = (case.resolution.summary or "").rstrip(": ")
        resolved = events.ResolvedAs(summary=summary) if summary else events.Resolved()
        out.append(_event(case.resolution.at, case, resolved, tz))
    for answer in case.relationship.surveys:  # every answer: the trend shows
        scores = events.SurveyAnswered(nps=answer.nps, csat=answer.csat)
        out.append(_event(answer.at, case, scores, tz))
    if case.closed and lifecycle.is_closed(case):
        out.append(_event(case.closed.at, case, events.Closed(), tz))
    return out


def history(cases: Iterable[Case], name: str, tz: Any) -> dict[str, Any]:
    """One customer's cases and their milestones, in time order (no profile: the customer
    whose name contains ``name``)."""
    return story(find(cases, name), tz)


def story(
    mine: Sequence[Case], tz: Any, name: str | None = None, *, milestones: bool = True
) -> dict[str, Any]:
    """The cases of one customer (in time order) and their milestones, in time order (with
    ``milestones`` False, none: ``events`` is empty)."""
    rows: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    for case in mine:
        survey = case.relationship.latest_survey()
        rows.append(
            {
                "id": case.id,
                "received": case.received_at.astimezone(tz).isoformat(),
                "title": case.title,
                "stage": lifecycle.stage(case).value,
                "open": lifecycle.is_open(case),
                "priority": case.priority.value,
                "category": case.category.value,
                "cause": case.investigation.cause.value if case.investigation.cause else None,
                "owner": case.owner,
                "resolved": case.resolution.at.astimezone(tz).isoformat()
                if case.resolution.at
                else None,
                "nps": survey.nps if survey else None,
                "csat": survey.csat if survey else None,
            }
        )
        if milestones:
            lines += _milestones(case, tz)
    lines.sort(key=lambda e: (datetime.fromisoformat(e["at"]), e["id"]))
    return {
        "customer": name or mine[-1].customer.name,
        "contact": mine[-1].customer.contact if mine else None,
        "open": sum(1 for c in mine if lifecycle.is_open(c)),
        "total": len(mine),
        "last_nps": _last_survey(mine, "nps"),
        "cases": rows,
        "events": lines,
        "surveys": trend(mine, tz),
    }


def trend(mine: Iterable[Case], tz: Any) -> list[dict[str, Any]]:
    """Every survey answer of these cases, oldest first: the NPS/CSAT trend."""
    answers = [(s, c) for c in mine for s in c.relationship.surveys]
    answers.sort(key=lambda pair: (pair[0].at, pair[1].id))
    return [
        {
            "at": s.at.astimezone(tz).isoformat(),
            "case": c.id,
            "nps": s.nps,
            "csat": s.csat,
            "comment": s.comment,
        }
        for s, c in answers
    ]


def view(
    profile: Profile,
    mine: Sequence[Case],
    tz: Any,
    last: datetime | None,
    rhythm: Clock | None,
    *,
    milestones: bool = True,
) -> dict[str, Any]:
    """One customer with a profile: ``story`` and the profile, its key people, touchpoints
    and the contact rhythm's state (``last``: the last contact; ``rhythm``: its clock)."""
    data = story(mine, tz, profile.name, milestones=milestones)
    details = plain(profile.model_dump(mode="json", exclude={"people", "touchpoints"}))
    data["profile"] = {k: v for k, v in details.items() if k != "schema_version"}
    data["people"] = [plain(p.model_dump(mode="json")) for p in profile.people]
    data["touchpoints"] = [
        {**plain(t.model_dump(mode="json")), "at": t.at.astimezone(tz).isoformat()}
        for t in sorted(profile.touchpoints, key=lambda t: t.at)
    ]
    data["last_contact"] = last.astimezone(tz).isoformat() if last else None
    data["rhythm"] = (
        None
        if rhythm is None
        else {
            "target": rhythm.target,
            "state": rhythm.state.value,
            "since": rhythm.start.astimezone(tz).isoformat(),
            "due": rhythm.due.astimezone(tz).isoformat(),
            "remaining_hours": round(rhythm.remaining_working.total_seconds() / 3600, 1),
        }
    )
    return data
