"""Clocks that have settled: kept in the index, measured later without the case. Pure.

A case none of whose events lie ahead of "now" has running clocks that measure alike at any
later "now": their start, due and budget are fixed — but for the clocks a pause stops while
the case waits on the customer, whose due moves on with "now" and is worked out then.
``settle`` works them out once; ``measure_settled`` measures them with the same code
``Clocks.of`` uses (tests/test_settled_clocks.py holds the two equal).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from casectl.core.clocks.calendar import Range
from casectl.core.clocks.meter import Clock, Meter, Spec
from casectl.core.durations import Span

if TYPE_CHECKING:  # measuring what is kept loads no model: only settling reads a case
    from casectl.core.clocks.calendar import WorkCalendar
    from casectl.core.config import Config
    from casectl.core.model import Case


@dataclass(frozen=True)
class Settled:
    """The running clocks of a case none of whose events lie ahead of ``since`` (its latest
    event): for any "now" from ``since`` on, they are exactly these specs, measured against
    these pauses and the pauses still open (``waiting``: they run until "now"). So they can be
    worked out once, kept in the index, and measured at every later "now" without the case
    itself. A pausable clock of a waiting case keeps no due: it moves with "now"."""

    since: datetime
    pauses: tuple[Range, ...]
    specs: tuple[Spec, ...]
    waiting: tuple[datetime, ...] = ()  # the starts of the pauses still open

    def as_data(self) -> dict[str, Any]:
        """Plain data (numbers and text; instants as microseconds since 1970), to keep."""
        return {
            "since": _us(self.since),
            "pauses": [[_us(a), _us(b)] for a, b in self.pauses],
            "specs": [_spec_data(s) for s in self.specs],
            "waiting": [_us(a) for a in self.waiting],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settled:
        return cls(
            since=_instant(data["since"]),
            pauses=tuple((_instant(a), _instant(b)) for a, b in data["pauses"]),
            specs=tuple(_spec_from(s) for s in data["specs"]),
            waiting=tuple(_instant(a) for a in data.get("waiting", ())),
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


def settle(case: Case, config: Config, calendar: WorkCalendar | None = None) -> Settled:
    """The case's running clocks, settled (see ``Settled``)."""
    from casectl.core.clocks.sla import Clocks

    since = latest_event(case).astimezone(UTC)
    book = Clocks(config, since, calendar)
    waiting = tuple(p.start.astimezone(UTC) for p in case.pauses if p.end is None)
    pauses = tuple(
        (p.start.astimezone(UTC), p.end.astimezone(UTC))
        for p in case.pauses
        if p.end is not None and p.end > p.start
    )
    specs = []
    for spec in book.specs(case):
        if spec.stopped or spec.unmeasured or spec.start > book.now:
            continue  # stopped, or never flagged
        if waiting and spec.pausable:
            specs.append(spec)  # its due moves on with "now" while the pause runs
            continue
        due, budget = book.timing(spec, pauses)
        specs.append(replace(spec, due=due, budget=budget))
    return Settled(since=since, pauses=pauses, specs=tuple(specs), waiting=waiting)


def measure_settled(settled: Settled, book: Meter) -> list[Clock] | None:
    """The settled clocks as of ``book.now``; None when "now" is before they settled."""
    now = book.now
    if now < settled.since:
        return None
    running = tuple((start, now) for start in settled.waiting if now > start)
    pauses = settled.pauses + running
    waiting = bool(settled.waiting)
    return [book.measure(spec, pauses, waiting) for spec in settled.specs]


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
