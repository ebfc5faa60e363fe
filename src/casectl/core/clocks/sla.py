"""SLA clocks, computed on read from a case, ``casectl.yaml`` and "now". Pure: nothing stored.

Each clock has a start event, a stop event, a pause rule and a due time (DESIGN §4): a target
from ``casectl.yaml`` that pauses push later (first_response, investigation, update_every,
resolution) or a fixed time the team committed to (each promise and action, follow_up, review).

The view is "as of now": events later than ``now`` are not counted yet. See docs/sla.md.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from casectl.core import lifecycle
from casectl.core.clocks import levels, unmeasured
from casectl.core.clocks.calendar import ZERO, Range, WorkCalendar, add_days
from casectl.core.clocks.levels import State as State
from casectl.core.config import ClockKind, Config, Target
from casectl.core.durations import Span
from casectl.core.model import Case, Promise


@dataclass(frozen=True)
class Clock:
    """One clock of one case, as of ``now``. Instants are UTC; durations are signed."""

    name: str  # first_response, promise:p1, action:a2, ...
    kind: str  # first_response, promise, investigation, update_every, action, ...
    ref: str | None  # the promise or action id
    target: str | None  # "4h"; None when the due is a fixed time the team committed to
    state: State
    start: datetime
    due: datetime
    stopped: bool
    stopped_at: datetime | None
    elapsed_working: timedelta  # counted time: working time minus pauses
    elapsed_wall: timedelta
    remaining_working: timedelta  # negative once breached
    remaining_wall: timedelta
    paused: timedelta  # working time the pauses took out
    owner: str | None = None
    note: str | None = None
    counts_on: str = "business"  # the clock whose time it counts: business or calendar


@dataclass(frozen=True)
class Spec:
    """How to measure one clock: its start and stop events, and its target or fixed due."""

    kind: str
    start: datetime
    stop: datetime | None = None
    target: Span | None = None
    done: bool = False  # stopped, but the stop event carries no time
    due: datetime | None = None
    pausable: bool = False
    ref: str | None = None
    owner: str | None = None
    note: str | None = None
    holes: tuple[Range, ...] = ()
    budget: timedelta | None = None  # with ``due``: measured once, for a clock that ``settled``
    withdrawn: bool = False  # a promise's clock stopped by its withdrawal
    unmeasured: bool = False  # a start or stop the imported log gives no time for
    clock: str | None = None  # the target's own clock (business, calendar); None: sla.clock

    @property
    def stopped(self) -> bool:
        return self.stop is not None or self.done


class Clocks:
    """Everything one casebook's clocks need: the calendar (with its cache), config and now."""

    def __init__(self, config: Config, now: datetime, calendar: WorkCalendar | None = None) -> None:
        self.config = config
        self.now = now.astimezone(UTC)
        # one calendar (and its running total) serves many cases: pass it on to save rebuilding
        self.calendar = calendar or WorkCalendar.for_sla(config)
        self.clock = ClockKind(config.sla.clock).value
        self._calendars = {self.clock: self.calendar}

    # --- measuring one clock ----------------------------------------------------------------

    def calendar_of(self, clock: str | None) -> WorkCalendar:
        """The calendar a clock counts on: its target's own (``24h calendar``), else the
        casebook's ``sla.clock``."""
        kind = clock or self.clock
        if kind not in self._calendars:
            config = self.config
            business = config.calendar if kind == ClockKind.business.value else None
            self._calendars[kind] = WorkCalendar(config.tz, business)
        return self._calendars[kind]

    def warn_threshold(self, target: timedelta, clock: str | None = None) -> timedelta:
        warn = self.config.warn_before
        if warn.percent is not None:
            return target * (warn.percent / 100)
        return self.calendar_of(clock).span_length(warn.span) if warn.span else ZERO

    def length(self, span: Span, clock: str | None = None) -> timedelta:
        """How much counted time a duration such as ``4h`` stands for on a clock (the
        casebook's by default)."""
        return self.calendar_of(clock).span_length(span)

    def timing(self, spec: Spec, pauses: Sequence[Range]) -> tuple[datetime, timedelta]:
        """A clock's due instant and its budget of counted time."""
        cal = self.calendar_of(spec.clock)
        start = spec.start.astimezone(UTC)
        if spec.budget is not None and spec.due is not None:  # measured before (``settled``)
            return spec.due.astimezone(UTC), spec.budget
        if spec.target is not None:
            holes = (*pauses, *spec.holes) if spec.pausable else spec.holes
            if cal.always_open:  # a day is a calendar day: 23 or 25 hours across a DST switch
                budget = cal.add_span(start, spec.target) - start
            else:
                budget = cal.span_length(spec.target)
            return cal.add_working(start, budget, holes), budget
        assert spec.due is not None
        due = spec.due.astimezone(UTC)
        return due, cal.working_between(start, due)

    def measure(self, spec: Spec, pauses: Sequence[Range], waiting: bool = False) -> Clock:
        cal, now = self.calendar_of(spec.clock), self.now
        start = spec.start.astimezone(UTC)
        if spec.stop is not None:  # a pause after the clock stopped cannot move its due
            stop = spec.stop.astimezone(UTC)
            pauses = [(a, min(b, stop)) for a, b in pauses if a < stop]
        holes = (*pauses, *spec.holes) if spec.pausable else spec.holes
        due, budget = self.timing(spec, pauses)
        stopped = spec.stopped
        end = start if spec.stop is None else max(start, spec.stop.astimezone(UTC))
        if not stopped:
            end = max(start, now)
        elapsed = cal.working_between(start, end, holes)
        paused = cal.working_between(start, end) - elapsed if holes else ZERO
        remaining = budget - elapsed
        if spec.unmeasured:
            state = State.unmeasured
        elif stopped and spec.withdrawn:
            state = State.withdrawn
        elif stopped:
            state = State.met if end <= due else State.breached
        else:
            warn = self.warn_threshold(budget, spec.clock)
            halted = spec.pausable and waiting
            state = levels.state(now=now, due=due, remaining=remaining, warn=warn, paused=halted)
        return Clock(
            name=f"{spec.kind}:{spec.ref}" if spec.ref else spec.kind,
            kind=spec.kind,
            ref=spec.ref,
            target=str(spec.target) if spec.target is not None else None,
            state=state,
            start=start,
            due=due,
            stopped=stopped,
            stopped_at=spec.stop.astimezone(UTC) if stopped and spec.stop else None,
            elapsed_working=elapsed,
            elapsed_wall=end - start,
            remaining_working=remaining,
            remaining_wall=due - end,
            paused=paused,
            owner=spec.owner,
            note=spec.note,
            counts_on=spec.clock or self.clock,
        )

    # --- the clocks of a case ---------------------------------------------------------------

    def pauses(self, case: Case) -> list[Range]:
        """The case's pauses as UTC ranges; a pause still open runs until now."""
        ranges = []
        for pause in case.pauses:
            start = pause.start.astimezone(UTC)
            end = self.now if pause.end is None else min(pause.end.astimezone(UTC), self.now)
            if end > start:
                ranges.append((start, end))
        return ranges

    def waiting(self, case: Case) -> bool:
        """Whether the case waits on the customer right now."""
        return any(p.start <= self.now and (p.end is None or p.end > self.now) for p in case.pauses)

    def of(self, case: Case) -> list[Clock]:
        """Every clock of ``case`` that has started by now, in the loop's order."""
        pauses = self.pauses(case)
        waiting = self.waiting(case)
        result = []
        for spec in self.specs(case):
            if spec.start > self.now:
                continue  # not started yet, as of now
            if spec.stop is not None and spec.stop > self.now:
                spec = replace(spec, stop=None)
            result.append(self.measure(spec, pauses, waiting))
        return result

    def _seen(self, at: datetime | None) -> datetime | None:
        return at if at is not None and at <= self.now else None

    def specs(self, case: Case) -> list[Spec]:
        targets = self.config.sla.targets(case.priority.value)
        seen, owner, response = self._seen, case.owner, case.response
        closed = seen(case.closed.at) if case.closed and lifecycle.is_closed(case) else None
        resolved = seen(case.resolution.at) if lifecycle.is_resolved(case) else None
        specs: list[Spec] = []
        if targets.first_response:
            answered = seen(response.at) if response else None
            specs.append(
                _sla("first_response", case.received_at, answered, targets.first_response, owner)
            )
        for promise in response.promises if response else []:
            made = promise.made_at or (response.at if response else case.received_at)
            kept = seen(promise.kept_at) or _kept_by_update(case, promise.id, self.now)
            withdrawn = seen(promise.withdrawn.at) if promise.withdrawn else None
            specs.append(
                Spec(
                    "promise",
                    made,
                    kept or withdrawn,
                    due=promise.due,
                    ref=promise.id,
                    owner=owner,
                    note=_promise_note(promise, withdrawn is not None and kept is None),
                    withdrawn=withdrawn is not None and kept is None,
                )
            )
        if targets.investigation and response is not None:
            root = case.investigation
            untimed = bool(root.root_cause) and root.root_cause_at is None
            found = seen(root.root_cause_at)
            note = "root cause recorded without a time" if untimed else None
            if found is None and not untimed and resolved is not None:
                # resolved (forced) without a root cause: the investigation ended there
                found, note = resolved, "resolved without a root cause"
            specs.append(
                _sla(
                    "investigation",
                    response.at,
                    found,
                    targets.investigation,
                    owner,
                    done=untimed,
                    note=note,
                )
            )
        if targets.update_every and response is not None:
            specs.append(self._update_spec(case, targets.update_every, resolved))
        for action in case.actions:
            if action.due is None:
                continue
            ended = seen(action.done_at) or seen(action.cancelled_at)
            note = "cancelled" if ended is not None and action.done_at is None else None
            specs.append(
                Spec(
                    "action",
                    action.added_at or case.received_at,
                    ended,
                    due=action.due,
                    ref=action.id,
                    owner=action.owner or owner,
                    note=note,
                )
            )
        if targets.resolution:
            specs.append(
                _sla(
                    "resolution",
                    case.received_at,
                    resolved,
                    targets.resolution,
                    owner,
                    holes=_resolved_gap(case),
                )
            )
        if resolved is not None:
            specs.extend(self._after_resolution(case, resolved))
        if closed is not None:  # a closed case's clocks stop when it closed
            specs = [s if s.stopped else replace(s, stop=closed, note="case closed") for s in specs]
        return _marked(case, specs)

    def _update_spec(self, case: Case, every: Target, resolved: datetime | None) -> Spec:
        assert case.response is not None
        limit = resolved or self.now
        updates, reopenings = (u.at for u in case.updates), (r.at for r in case.reopenings)
        contacts = sorted(at for at in (case.response.at, *updates, *reopenings) if at <= limit)
        cal = self.calendar_of(every.clock.value if every.clock else None)
        pauses, budget = self.pauses(case), cal.span_length(every.within)
        missed = sum(
            after > cal.add_working(before, budget, pauses)
            for before, after in itertools.pairwise(contacts)
        )
        last = contacts[-1] if contacts else case.response.at
        note = f"{missed} earlier update(s) late" if missed else None
        return _sla("update_every", last, resolved, every, case.owner, note=note)

    def _after_resolution(self, case: Case, resolved: datetime) -> list[Spec]:
        seen, owner = self._seen, case.owner
        follow = case.relationship.follow_up
        visited = seen(follow.done_at) if follow else None
        after, within = self.config.follow_up_after, self.config.review_within
        set_by_hand = follow is not None and follow.due is not None
        due = follow_up_due(case, self.config, since=resolved)
        note = None if set_by_hand else f"{after} after resolution"
        reviewed = seen(case.review.at) if lifecycle.is_reviewed(case) else None
        review_due = after_days(resolved, within, self.config.tz)
        return [
            Spec("follow_up", resolved, visited, due=due, owner=owner, note=note),
            Spec(
                "review",
                resolved,
                reviewed,
                due=review_due,
                owner=owner,
                note=f"{within} after resolution",
            ),
        ]


def _marked(case: Case, specs: list[Spec]) -> list[Spec]:
    """An imported step without its time leaves the clocks it starts or stops unmeasured."""
    unknown, note = unmeasured.kinds(case), unmeasured.NOTE
    return [replace(s, unmeasured=True, note=note) if s.kind in unknown else s for s in specs]


def after_days(start: datetime, span: Span, tz: tzinfo) -> datetime:
    """``span`` after ``start`` counted in calendar days (the same wall time in ``tz``, so 23
    or 25 hours across a DST switch) plus its hours and minutes."""
    return add_days(start, span.days, tz) + timedelta(minutes=span.minutes)


def follow_up_due(case: Case, config: Config, *, since: datetime | None = None) -> datetime | None:
    """When the follow-up visit is due — the one rule for it: the due set by ``repair``, else
    ``follow_up_after`` (calendar days) past the resolution, or past ``since`` for a case that
    has none; None when there is neither."""
    follow = case.relationship.follow_up
    if follow is not None and follow.due is not None:
        return follow.due
    start = case.resolution.at or since
    if start is None:
        return None
    return after_days(start, config.follow_up_after, config.tz).astimezone(config.tz)


def follow_up_earliest(
    case: Case, config: Config, *, since: datetime | None = None
) -> datetime | None:
    """The earliest time the follow-up visit counts as a follow-up: ``follow_up_tolerance``
    before its due (``follow_up_due``); None when it has no due."""
    due = follow_up_due(case, config, since=since)
    if due is None:
        return None
    tolerance = config.follow_up_tolerance
    earliest = add_days(due, -tolerance.days, config.tz) - timedelta(minutes=tolerance.minutes)
    return earliest.astimezone(config.tz)


def follow_up_early(case: Case, config: Config) -> bool:
    """Whether the follow-up visit was done before it counts as one."""
    follow = case.relationship.follow_up
    if follow is None or follow.done_at is None:
        return False
    earliest = follow_up_earliest(case, config)
    return earliest is not None and follow.done_at < earliest


def _sla(
    kind: str,
    start: datetime,
    stop: datetime | None,
    target: Target,
    owner: str | None,
    *,
    done: bool = False,
    note: str | None = None,
    holes: tuple[Range, ...] = (),
) -> Spec:
    """A clock with a target from casectl.yaml, on the target's own clock when it names one:
    pauses push its due later."""
    return Spec(
        kind,
        start,
        stop,
        target.within,
        done=done,
        pausable=True,
        owner=owner,
        note=note,
        holes=holes,
        clock=target.clock.value if target.clock else None,
    )


def _promise_note(promise: Promise, withdrawn: bool) -> str | None:
    """How a promise ended or moved, for its clock."""
    if withdrawn and promise.withdrawn is not None:
        return f"withdrawn: {promise.withdrawn.reason}"
    if promise.renegotiations:
        first = promise.renegotiations[0].old_due
        missed = ", after it was missed" if promise.missed_then_renegotiated else ""
        return f"renegotiated from {first.isoformat(timespec='minutes')}{missed}"
    return None


def _kept_by_update(case: Case, promise_id: str, now: datetime) -> datetime | None:
    kept = [u.at for u in case.updates if promise_id in u.keeps and u.at <= now]
    return min(kept, default=None)


def _resolved_gap(case: Case) -> tuple[Range, ...]:
    """A case resolved and then reopened: the time it stood resolved does not count."""
    reopened, resolved = lifecycle.last_reopened(case), case.resolution.at
    if reopened is None or resolved is None or resolved >= reopened:
        return ()
    return ((resolved.astimezone(UTC), reopened.astimezone(UTC)),)


def clocks(case: Case, config: Config, now: datetime) -> list[Clock]:
    """The clocks of one case as of ``now``."""
    return Clocks(config, now).of(case)
