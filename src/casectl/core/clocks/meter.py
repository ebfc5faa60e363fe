"""Measuring one clock, whatever case it belongs to: its due, its counted time and its state as
of "now", on a working calendar. Pure, and light: it loads no model of a case or of the
settings, so a command that measures only the clocks the index keeps (``settled``) loads
neither.

``Frame`` is what measuring reads of the settings; a ``Meter`` measures ``Spec``s within one
frame at one "now". ``sla.Clocks`` is the meter that also works out a case's specs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from casectl.core.clocks import levels
from casectl.core.clocks.calendar import BUSINESS, ZERO, Range, Week, WorkCalendar
from casectl.core.clocks.levels import State
from casectl.core.durations import Span

if TYPE_CHECKING:
    from casectl.core.config import Config


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


@dataclass(frozen=True)
class Frame:
    """What measuring a clock reads of the settings: the time zone, the clock SLA targets
    count on (``business`` or ``calendar``), the business calendar's week (None: 24x7), and how
    early a clock warns (a share of its target, or a duration)."""

    timezone: str
    clock: str
    week: Week | None
    warn_percent: float | None
    warn_span: Span | None

    @classmethod
    def of(cls, config: Config) -> Frame:
        """The frame of ``config`` (worked out once per settings object: a command measures
        thousands of cases against the same)."""
        kept = _FRAMES.get(id(config))
        if kept is not None and kept[0] is config:
            return kept[1]
        frame = cls._of(config)
        if len(_FRAMES) > 16:
            _FRAMES.clear()
        _FRAMES[id(config)] = (config, frame)
        return frame

    @classmethod
    def _of(cls, config: Config) -> Frame:
        calendar = config.calendar
        week = Week.of(calendar) if calendar is not None else None
        warn = config.warn_before
        return cls(config.timezone, str(config.sla.clock), week, warn.percent, warn.span)

    @property
    def tz(self) -> tzinfo:
        return ZoneInfo(self.timezone)

    def as_data(self) -> dict[str, Any]:
        """Plain data (text and numbers), to keep beside the index's rows."""
        return {
            "timezone": self.timezone,
            "clock": self.clock,
            "week": self.week.as_data() if self.week is not None else None,
            "warn": [self.warn_percent, str(self.warn_span) if self.warn_span else None],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Frame:
        week = Week.from_data(data["week"]) if data["week"] is not None else None
        percent, span = data["warn"]
        warned = Span.parse(span) if span is not None else None
        return cls(data["timezone"], data["clock"], week, percent, warned)


_FRAMES: dict[int, tuple[Config, Frame]] = {}  # by the settings object's identity, kept alive


class Meter:
    """Measures clocks within one frame as of one "now" (instants in UTC)."""

    def __init__(self, frame: Frame, now: datetime, calendar: WorkCalendar | None = None) -> None:
        self.frame = frame
        self.now = now.astimezone(UTC)
        self.clock = frame.clock
        # one calendar (and its running total) serves many cases: pass it on to save rebuilding
        if calendar is None:
            calendar = WorkCalendar(frame.tz, frame.week if frame.clock == BUSINESS else None)
        self.calendar = calendar
        self._calendars = {self.clock: self.calendar}

    # --- measuring one clock ----------------------------------------------------------------

    def calendar_of(self, clock: str | None) -> WorkCalendar:
        """The calendar a clock counts on: its target's own (``24h calendar``), else the
        casebook's ``sla.clock``."""
        kind = clock or self.clock
        if kind not in self._calendars:
            week = self.frame.week if kind == BUSINESS else None
            self._calendars[kind] = WorkCalendar(self.frame.tz, week)
        return self._calendars[kind]

    def warn_threshold(self, target: timedelta, clock: str | None = None) -> timedelta:
        frame = self.frame
        if frame.warn_percent is not None:
            return target * (frame.warn_percent / 100)
        return self.calendar_of(clock).span_length(frame.warn_span) if frame.warn_span else ZERO

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


URGENCY = {State.breached: 0, State.warning: 1, State.running: 2, State.paused: 3}


def most_urgent(running: Iterable[Clock]) -> Clock | None:
    """The running clock a case is judged by in a list: breached before warning before running
    before paused, then the earliest due; None when no clock runs (a closed case)."""
    live = [c for c in running if c.state in URGENCY]
    return min(live, key=lambda c: (URGENCY[c.state], c.due, c.name), default=None)
