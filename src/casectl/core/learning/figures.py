"""The figures the retrospective and the team's scorecard share, each over a set of cases:
SLA clocks met, promises kept, NPS and CSAT, follow-up visits. Pure (docs/retrospective.md
says which cases each counts)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from casectl.core.clocks import sla
from casectl.core.clocks.calendar import Range, WorkCalendar
from casectl.core.config import Config
from casectl.core.learning.periods import Period, percent, rounded
from casectl.core.model import Case
from casectl.core.names import fold

CLOCK_ORDER = (
    "first_response",
    "investigation",
    "update_every",
    "resolution",
    "promise",
    "action",
    "follow_up",
    "review",
)


class Dated:
    """Cases found by an instant of theirs (``instants`` gives each case's) in a period: what
    ``[c for c in cases if <instant> in period]`` picks, found by halving the instants sorted
    once rather than by a look at every case for every period."""

    def __init__(self, cases: Sequence[Case], instants: Callable[[Case], Iterable[datetime]]):
        pairs = sorted((at, i) for i, case in enumerate(cases) for at in instants(case))
        self.cases = cases
        self.times = [at for at, _ in pairs]
        self.places = [i for _, i in pairs]

    def within(self, period: Period) -> list[Case]:
        """The cases with an instant in ``period``, in their order among ``cases``."""
        times = self.times
        chosen = self.places[bisect_left(times, period.start) : bisect_left(times, period.end)]
        return [self.cases[i] for i in sorted(set(chosen))]

    def before(self, end: datetime) -> list[Case]:
        """The cases with an instant before ``end``, by that instant (in their order among
        ``cases`` at the same instant)."""
        return [self.cases[i] for i in self.places[: bisect_left(self.times, end)]]


class Context:
    def __init__(self, cases: Sequence[Case], config: Config, now: datetime) -> None:
        self.cases = cases
        self.config = config
        self.now = now
        self.calendar = WorkCalendar(config.tz, config.calendar)
        self.clocks = sla.Clocks(config, now)
        self._clocks: dict[int, list[sla.Clock]] = {}
        self.periods: dict[Period, dict[str, Any]] = {}  # each period's figures (report)
        self.counted: dict[Period, dict[str, Any]] = {}  # each period's counts (report.trend)
        self._first: dict[str, datetime] | None = None
        self._follow_ups: dict[int, datetime | None] = {}
        self._dated: dict[str, Dated] = {}
        self.kept: dict[str, Any] = {}  # what a report works out once for every period

    def within(self, kind: str, period: Period) -> list[Case]:
        """The cases with an instant of ``kind`` in ``period``, in their order among
        ``cases`` (``Dated.within``). ``kind``: ``received``, ``resolved``, ``closed``,
        ``reviewed``, ``surveyed`` (any answer), ``follow_up`` (the visit's due)."""
        return self._dates(kind).within(period)

    def received_before(self, end: datetime) -> list[Case]:
        """The cases received before ``end``, oldest first (``Dated.before``)."""
        return self._dates("received").before(end)

    def _dates(self, kind: str) -> Dated:
        found = self._dated.get(kind)
        if found is None:
            instants = _INSTANTS[kind]
            found = self._dated[kind] = Dated(self.cases, lambda case: instants(self, case))
        return found

    def first_complaints(self) -> dict[str, datetime]:
        """When each customer (by folded name) first complained, measured once."""
        if self._first is None:
            first: dict[str, datetime] = {}
            for case in self.cases:
                key = fold(case.customer.name)
                if key not in first or case.received_at < first[key]:
                    first[key] = case.received_at
            self._first = first
        return self._first

    def clocks_of(self, case: Case) -> list[sla.Clock]:
        """The case's clocks as of now, measured once for every figure that reads them."""
        found = self._clocks.get(id(case))
        if found is None:
            found = self._clocks[id(case)] = self.clocks.of(case)
        return found

    def follow_up_due(self, case: Case) -> datetime | None:
        """When the case's follow-up visit is due (``sla.follow_up_due``), measured once."""
        key = id(case)
        if key not in self._follow_ups:
            self._follow_ups[key] = sla.follow_up_due(case, self.config)
        return self._follow_ups[key]

    def working_minutes(self, case: Case, start: datetime, end: datetime) -> float:
        pauses: list[Range] = [(p.start, p.end or end) for p in case.pauses]
        worked = self.calendar.working_between(start, end, pauses)
        return worked.total_seconds() / 60


def _given(*instants: datetime | None) -> tuple[datetime, ...]:
    return tuple(at for at in instants if at is not None)


_INSTANTS: dict[str, Callable[[Context, Case], tuple[datetime, ...]]] = {
    "received": lambda ctx, c: (c.received_at,),
    "resolved": lambda ctx, c: _given(c.resolution.at),
    "closed": lambda ctx, c: _given(c.closed.at if c.closed is not None else None),
    "reviewed": lambda ctx, c: _given(c.review.at),
    "surveyed": lambda ctx, c: tuple(s.at for s in c.relationship.surveys),
    "follow_up": lambda ctx, c: _given(ctx.follow_up_due(c)),
}

COUNTED = ("met", "breached", "unmeasured")


def sla_figures(ctx: Context, received: Iterable[Case]) -> list[dict[str, Any]]:
    """Each kind of clock: how many met, breached, still running, and unmeasured (an imported
    step without its time: neither met nor breached, left out of ``met_rate`` and counted
    apart); ``total`` is how many clocks of the kind there are in all."""
    tally: dict[str, Counter[str]] = {}
    for case in received:
        for clock in ctx.clocks_of(case):
            if clock.state is sla.State.withdrawn:
                continue  # neither met nor breached: the promise line counts it
            state = clock.state.value if clock.state.value in COUNTED else "running"
            tally.setdefault(clock.kind, Counter())[state] += 1
    rows = []
    for kind in sorted(tally, key=lambda k: (*CLOCK_ORDER, k).index(k)):
        met, breached, running, unmeasured = (
            tally[kind][s] for s in ("met", "breached", "running", "unmeasured")
        )
        rows.append(
            {
                "clock": kind,
                "met": met,
                "breached": breached,
                "running": running,
                "unmeasured": unmeasured,
                "total": met + breached + running + unmeasured,
                "met_rate": percent(met, met + breached),
            }
        )
    return rows


PROMISE_ENDS = (
    "kept_on_time",
    "kept_late",
    "overdue",
    "pending",
    "withdrawn",
    "missed_then_renegotiated",
)


def promise_figures(ctx: Context, received: Iterable[Case]) -> dict[str, Any]:
    """Each promise counted once, by how it stands: withdrawn, missed then renegotiated (a due
    moved after it had passed, whatever came after), else by its clock; ``renegotiated``
    counts every promise whose due moved."""
    states: Counter[str] = Counter()
    renegotiated = 0
    for case in received:
        for clock in ctx.clocks_of(case):
            promise = case.promise(clock.ref or "") if clock.kind == "promise" else None
            if promise is None:
                continue
            renegotiated += bool(promise.renegotiations)
            if promise.withdrawn is not None and promise.kept_at is None and clock.stopped:
                states["withdrawn"] += 1
            elif promise.missed_then_renegotiated:
                states["missed_then_renegotiated"] += 1
            elif clock.stopped:
                states["kept_on_time" if clock.state is sla.State.met else "kept_late"] += 1
            else:
                states["overdue" if clock.state is sla.State.breached else "pending"] += 1
    total = sum(states.values())
    out: dict[str, Any] = {"made": total}
    out.update({k: states[k] for k in PROMISE_ENDS})
    out["renegotiated"] = renegotiated
    out["on_time_rate"] = percent(states["kept_on_time"], total)
    return out


def nps_figures(cases: Iterable[Case], period: Period) -> dict[str, Any]:
    scores = [
        s.nps
        for c in cases
        if c.relationship.surveys
        and (s := c.relationship.latest_survey(period)) is not None
        and s.nps is not None
    ]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    score = rounded(100 * (promoters - detractors) / len(scores)) if scores else None
    return {
        "score": score,
        "answers": len(scores),
        "promoters": promoters,
        "passives": len(scores) - promoters - detractors,
        "detractors": detractors,
    }


def csat_figures(cases: Iterable[Case], period: Period) -> dict[str, Any]:
    scores = [
        s.csat
        for c in cases
        if c.relationship.surveys
        and (s := c.relationship.latest_survey(period)) is not None
        and s.csat is not None
    ]
    return {
        "average": rounded(sum(scores) / len(scores), 2) if scores else None,
        "answers": len(scores),
    }


def follow_up_figures(
    ctx: Context, period: Period, cases: Iterable[Case] | None = None
) -> dict[str, Any]:
    """Follow-up visits due in the period (of ``cases``, else of every case)."""
    states: Counter[str] = Counter()
    for case in ctx.within("follow_up", period) if cases is None else cases:
        due = ctx.follow_up_due(case)
        if due is None or due not in period:
            continue
        follow = case.relationship.follow_up
        done = follow.done_at if follow else None
        if done is not None and sla.follow_up_early(case, ctx.config):
            states["early"] += 1
        elif done is not None:
            states["on_time" if done <= due else "late"] += 1
        else:
            states["overdue" if due < ctx.now else "not_yet"] += 1
    due_count = sum(states.values())
    out: dict[str, Any] = {"due": due_count}
    out.update({k: states[k] for k in ("on_time", "early", "late", "overdue", "not_yet")})
    out["on_time_rate"] = percent(states["on_time"], due_count)
    return out
