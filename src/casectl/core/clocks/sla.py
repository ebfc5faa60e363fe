"""SLA clocks, computed on read from a case, ``casectl.yaml`` and "now". Pure: nothing stored.

Each clock has a start event, a stop event, a pause rule and a due time (DESIGN §4): a target
from ``casectl.yaml`` that pauses push later (first_response, investigation, update_every,
resolution) or a fixed time the team committed to (each promise and action, follow_up, review).

The view is "as of now": events later than ``now`` are not counted yet. See docs/sla.md.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta, tzinfo

from casectl.core import lifecycle
from casectl.core.clocks import unmeasured
from casectl.core.clocks.calendar import Range, WorkCalendar, add_days
from casectl.core.clocks.levels import State as State
from casectl.core.clocks.meter import Clock as Clock
from casectl.core.clocks.meter import Frame, Meter
from casectl.core.clocks.meter import Spec as Spec
from casectl.core.config import Config, Target
from casectl.core.durations import Span
from casectl.core.model import Case, Promise


class Clocks(Meter):
    """Everything one casebook's clocks need: the calendar (with its cache), config and now;
    measures a case's clocks (``of``) from the specs it works out of the case."""

    def __init__(self, config: Config, now: datetime, calendar: WorkCalendar | None = None) -> None:
        super().__init__(Frame.of(config), now, calendar or WorkCalendar.for_sla(config))
        self.config = config

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
