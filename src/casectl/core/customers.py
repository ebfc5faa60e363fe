"""Customers across their cases: who complains, how often, how they feel now. Pure.

Cases belong to the same customer when their names match ignoring case and spacing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from casectl.core import lifecycle
from casectl.core.figures import customer_key
from casectl.core.model import Case
from casectl.errors import UnknownCustomerError, UsageError


def _groups(cases: Iterable[Case]) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = {}
    for case in sorted(cases, key=lambda c: (c.received_at, c.id)):
        groups.setdefault(customer_key(case.customer.name), []).append(case)
    return groups


def _last_survey(cases: Sequence[Case], score: str) -> int | None:
    answered = [s for c in cases for s in c.relationship.surveys if getattr(s, score) is not None]
    if not answered:
        return None
    value: int = getattr(max(answered, key=lambda s: s.at), score)
    return value


def summary(cases: Iterable[Case], tz: Any) -> list[dict[str, Any]]:
    """Every customer: open and total cases, the last NPS and CSAT answers, the last case."""
    rows = []
    for group in _groups(cases).values():
        rows.append(
            {
                "customer": group[-1].customer.name,
                "open": sum(1 for c in group if lifecycle.is_open(c)),
                "total": len(group),
                "last_nps": _last_survey(group, "nps"),
                "last_csat": _last_survey(group, "csat"),
                "last_case": group[-1].received_at.astimezone(tz).date().isoformat(),
            }
        )
    return sorted(rows, key=lambda r: (-r["open"], -r["total"], r["customer"]))


def find(cases: Iterable[Case], name: str) -> list[Case]:
    """The cases of the one customer whose name contains ``name`` (case-insensitive).

    An exact name wins over partial matches; several partial matches are an error naming them.
    """
    wanted = customer_key(name)
    groups = _groups(cases)
    if wanted in groups:
        return groups[wanted]
    matching = {k: g for k, g in groups.items() if wanted in k}
    if not matching:
        raise UnknownCustomerError(f"no customer matches {name!r}")
    if len(matching) > 1:
        names = ", ".join(sorted(g[-1].customer.name for g in matching.values()))
        raise UsageError(f"{name!r} matches {len(matching)} customers: {names}; be more precise")
    return next(iter(matching.values()))


def _event(at: datetime, case: Case, what: str, tz: Any) -> dict[str, Any]:
    return {"at": at.astimezone(tz).isoformat(), "id": case.id, "event": what}


def history(cases: Iterable[Case], name: str, tz: Any) -> dict[str, Any]:
    """One customer's cases and their milestones, in time order."""
    mine = find(cases, name)
    rows, events = [], []
    for case in mine:
        survey = case.relationship.latest_survey()
        rows.append(
            {
                "id": case.id,
                "received": case.received_at.astimezone(tz).isoformat(),
                "title": case.title,
                "stage": lifecycle.stage(case).value,
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
        events.append(_event(case.received_at, case, f"received: {case.title}", tz))
        if case.response:
            events.append(_event(case.response.at, case, "first response", tz))
        if case.investigation.root_cause and case.investigation.root_cause_at:
            events.append(
                _event(
                    case.investigation.root_cause_at,
                    case,
                    f"root cause: {case.investigation.root_cause.strip()}",
                    tz,
                )
            )
        for update in case.updates:
            events.append(_event(update.at, case, f"update: {update.summary}", tz))
        if case.resolution.at:
            events.append(
                _event(
                    case.resolution.at,
                    case,
                    f"resolved: {case.resolution.summary or ''}".strip(": "),
                    tz,
                )
            )
        for answer in case.relationship.surveys:  # every answer: the trend shows
            events.append(
                _event(answer.at, case, f"survey: NPS {answer.nps}, CSAT {answer.csat}", tz)
            )
        if case.closed and lifecycle.is_closed(case):
            events.append(_event(case.closed.at, case, "closed", tz))
    events.sort(key=lambda e: (datetime.fromisoformat(e["at"]), e["id"]))
    return {
        "customer": mine[-1].customer.name,
        "contact": mine[-1].customer.contact,
        "open": sum(1 for c in mine if lifecycle.is_open(c)),
        "total": len(mine),
        "last_nps": _last_survey(mine, "nps"),
        "cases": rows,
        "events": events,
    }
