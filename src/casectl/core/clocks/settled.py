"""Clocks that have settled: kept in the index, measured later without the case. Pure.

A case none of whose events lie ahead of "now" and that does not wait on the customer has
running clocks that measure alike at any later "now": their start, due and budget are fixed.
``settle`` works them out once; ``measure_settled`` measures them with the same code
``Clocks.of`` uses (tests/test_settled_clocks.py holds the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from casectl.core import lifecycle
from casectl.core.clocks.calendar import Range, WorkCalendar
from casectl.core.clocks.sla import Clock, Clocks, Spec
from casectl.core.config import Config
from casectl.core.durations import Span
from casectl.core.model import Case


@dataclass(frozen=True)
class Settled:
    """The running clocks of a case none of whose events lie ahead of ``since`` (its latest
    event) and which does not wait on the customer: for any "now" from ``since`` on, they are
    exactly these specs, measured against these pauses. So they can be worked out once, kept in
    the index, and measured at every later "now" without the case itself."""

    since: datetime
    pauses: tuple[Range, ...]
    specs: tuple[Spec, ...]

    def as_data(self) -> dict[str, Any]:
        """Plain data (numbers and text; instants as microseconds since 1970), to keep."""
        return {
            "since": _us(self.since),
            "pauses": [[_us(a), _us(b)] for a, b in self.pauses],
            "specs": [_spec_data(s) for s in self.specs],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settled:
        return cls(
            since=_instant(data["since"]),
            pauses=tuple((_instant(a), _instant(b)) for a, b in data["pauses"]),
            specs=tuple(_spec_from(s) for s in data["specs"]),
        )


def latest_event(case: Case) -> datetime:
    """The latest time the case records as having happened (due times, which lie ahead on
    purpose, left out): from then on, "now" sees every event of the case."""
    r, inv, rel = case.response, case.investigation, case.relationship
    times: list[datetime | None] = [case.received_at, inv.root_cause_at, case.resolution.at]
    if r is not None:
        times.append(r.at)
        times += [t for p in r.promises for t in (p.made_at, p.kept_at)]
    times += [e.at for e in inv.evidence] + [f.at for f in inv.findings]
    times += [t for a in case.actions for t in (a.added_at, a.done_at, a.cancelled_at)]
    times += [u.at for u in case.updates] + [x.at for x in case.escalations]
    times += [n.at for n in case.notes] + [o.at for o in case.reopenings]
    times += [t for p in case.pauses for t in (p.start, p.end)]
    times += [rel.at, case.review.at, *(s.at for s in rel.surveys)]
    times += [rel.follow_up.done_at if rel.follow_up else None]
    times += [case.closed.at if case.closed else None, *(e.at for e in case.timeline)]
    return max(t for t in times if t is not None)


def settle(case: Case, config: Config, calendar: WorkCalendar | None = None) -> Settled | None:
    """The case's running clocks, settled (see ``Settled``); None while it waits on the
    customer, since its pausable clocks' due times then move with "now"."""
    if lifecycle.is_waiting(case):
        return None
    since = latest_event(case).astimezone(UTC)
    book = Clocks(config, since, calendar)
    pauses = tuple(book.pauses(case))
    specs = []
    for spec in book.specs(case):
        if spec.stopped or spec.unmeasured or spec.start > book.now:
            continue  # stopped, or never flagged
        due, budget = book.timing(spec, pauses)
        specs.append(replace(spec, due=due, budget=budget))
    return Settled(since=since, pauses=pauses, specs=tuple(specs))


def measure_settled(settled: Settled, book: Clocks) -> list[Clock] | None:
    """The settled clocks as of ``book.now``; None when "now" is before they settled."""
    if book.now < settled.since:
        return None
    return [book.measure(spec, settled.pauses) for spec in settled.specs]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def _us(at: datetime) -> int:
    return (at - _EPOCH) // _US


def _instant(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


def _spec_data(spec: Spec) -> list[Any]:
    target = [spec.target.days, spec.target.minutes] if spec.target is not None else None
    return [
        spec.kind,
        _us(spec.start),
        target,
        _us(spec.due) if spec.due is not None else None,
        spec.budget // _US if spec.budget is not None else None,
        spec.pausable,
        spec.ref,
        spec.owner,
        spec.note,
        [[_us(a), _us(b)] for a, b in spec.holes],
        spec.clock,
    ]


def _spec_from(data: list[Any]) -> Spec:
    kind, start, target, due, budget, pausable, ref, owner, note, holes, clock = data
    return Spec(
        kind=kind,
        start=_instant(start),
        target=Span(days=target[0], minutes=target[1]) if target is not None else None,
        due=_instant(due) if due is not None else None,
        pausable=pausable,
        ref=ref,
        owner=owner,
        note=note,
        holes=tuple((_instant(a), _instant(b)) for a, b in holes),
        budget=timedelta(microseconds=budget) if budget is not None else None,
        clock=clock,
    )
