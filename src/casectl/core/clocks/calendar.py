"""The business calendar: when the team works, in its own time zone. Pure: no clock, no I/O.

A ``WorkCalendar`` answers the questions SLA clocks ask: is this instant inside working time,
when is the next opening, how much working time lies between two instants, and which instant
comes after a given amount of working time. Without a ``Calendar`` it is a 24x7 clock on which
working time is wall time.

Working intervals are wall-clock times in the team's time zone (``09:00-12:00`` means nine in
the morning there, in winter and in summer); working time itself is measured in real elapsed
time, so an interval that spans a daylight-saving switch is an hour shorter or longer that day.
Every instant returned is timezone-aware and in UTC; callers convert for display.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from casectl.core.durations import Span
from casectl.errors import CasebookError
from casectl.i18n import msg

if TYPE_CHECKING:  # the calendar itself loads no settings model: ``Week`` is what it reads
    from casectl.core.config import Calendar, Config

ZERO = timedelta(0)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MINUTES_A_DAY = 24 * 60
# A calendar that has not opened for ten years never will: stop looking rather than loop.
SEARCH_DAYS = 3660

# The running total of working time starts this many days before the first day asked about.
INDEX_MARGIN_DAYS = 400

Range = tuple[datetime, datetime]
BUSINESS = "business"  # the clock kind that counts on the business calendar (else: calendar)


class CalendarError(CasebookError):
    """The calendar never opens after a given instant (every working day is a holiday)."""


@dataclass(frozen=True)
class Week:
    """What a calendar of casectl.yaml says, as plain values: the working weekdays (Monday 0),
    the working intervals of a day in minutes, the holidays and the make-up working days. Kept
    as JSON (``as_data``) where measuring must not load the settings' model."""

    weekdays: frozenset[int]
    hours: tuple[tuple[int, int], ...]
    holidays: frozenset[date]
    extra: frozenset[date]

    @classmethod
    def of(cls, calendar: Calendar) -> Week:
        return cls(
            frozenset(day.number for day in calendar.workdays),
            tuple((i.start_minute, i.end_minute) for i in calendar.hours),
            frozenset(calendar.holidays),
            frozenset(calendar.extra_workdays),
        )

    def as_data(self) -> dict[str, Any]:
        return {
            "weekdays": sorted(self.weekdays),
            "hours": [list(h) for h in self.hours],
            "holidays": sorted(d.isoformat() for d in self.holidays),
            "extra": sorted(d.isoformat() for d in self.extra),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Week:
        return cls(
            frozenset(data["weekdays"]),
            tuple((start, end) for start, end in data["hours"]),
            frozenset(date.fromisoformat(d) for d in data["holidays"]),
            frozenset(date.fromisoformat(d) for d in data["extra"]),
        )


ALWAYS = Week(frozenset(range(7)), ((0, MINUTES_A_DAY),), frozenset(), frozenset())


class WorkCalendar:
    """Working days and hours in one time zone; ``calendar=None`` means 24x7."""

    def __init__(self, tz: tzinfo, calendar: Calendar | Week | None = None) -> None:
        self.tz = tz
        self.always_open = calendar is None
        self._day_cache: dict[date, tuple[Range, ...]] = {}
        self._base: date | None = None
        self._sums: list[timedelta] = []
        self._positions: dict[datetime, timedelta] = {}  # "now" and a case's start recur
        week = ALWAYS if calendar is None else calendar
        if not isinstance(week, Week):
            week = Week.of(week)
        self._weekdays = week.weekdays
        self._hours = week.hours
        self._holidays = week.holidays
        self._extra = week.extra
        self.day_length = timedelta(minutes=sum(end - start for start, end in self._hours))

    @classmethod
    def for_sla(cls, config: Config) -> WorkCalendar:
        """The calendar SLA targets count on: the business calendar, or 24x7."""
        business = config.sla.clock == BUSINESS
        return cls(config.tz, config.calendar if business else None)

    # --- days -------------------------------------------------------------------------------

    def is_workday(self, day: date) -> bool:
        """A make-up working day (调休) works; a holiday does not; else the weekly pattern."""
        if day in self._extra:
            return True
        if day in self._holidays:
            return False
        return day.weekday() in self._weekdays

    def local_day(self, at: datetime) -> date:
        return at.astimezone(self.tz).date()

    def intervals(self, day: date) -> tuple[Range, ...]:
        """The working intervals of ``day`` as UTC instants, in order; empty on a day off."""
        cached = self._day_cache.get(day)
        if cached is not None:
            return cached
        ranges: list[Range] = []
        if self.is_workday(day):
            for start_minute, end_minute in self._hours:
                start, end = self._instant(day, start_minute), self._instant(day, end_minute)
                if end > start:  # a wall time swallowed by a DST gap can leave nothing
                    ranges.append((start, end))
        result = tuple(ranges)
        self._day_cache[day] = result
        return result

    def _instant(self, day: date, minute: int) -> datetime:
        if minute >= MINUTES_A_DAY:
            day, minute = day + timedelta(days=1), minute - MINUTES_A_DAY
        hour, minute = divmod(minute, 60)
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)
        return local.astimezone(UTC)

    def _walk(self, at: datetime) -> Iterator[Range]:
        """Working intervals from ``at`` on (the first one clipped to start at ``at``)."""
        day = self.local_day(at)
        days_closed = 0
        while True:
            ranges = self.intervals(day)
            if ranges:
                days_closed = 0
            else:
                days_closed += 1
                if days_closed > SEARCH_DAYS:
                    raise CalendarError(
                        msg(
                            "casectl.yaml: calendar: the calendar never opens after {day:%Y-%m-%d} "
                            "(every working day is a holiday)",
                            day=day,
                        )
                    )
            for start, end in ranges:
                if end > at:
                    yield max(start, at), end
            day += timedelta(days=1)

    # --- instants and amounts ---------------------------------------------------------------

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` lies inside working time (intervals include their start, not end)."""
        return self.opening(at) == at

    def opening(self, at: datetime) -> datetime:
        """``at`` itself in working time, else the start of the next working interval."""
        if self.always_open:
            return at.astimezone(UTC)
        return next(self._walk(at))[0]

    def working_between(
        self, start: datetime, end: datetime, excluded: Sequence[Range] = ()
    ) -> timedelta:
        """Working time from ``start`` to ``end``, minus what falls inside ``excluded``."""
        if end <= start:
            return ZERO
        total = self._plain(start, end)
        for hole_start, hole_end in merge_ranges(excluded):
            low, high = max(hole_start, start), min(hole_end, end)
            if high > low:
                total -= self._plain(low, high)
        return total

    def _plain(self, start: datetime, end: datetime) -> timedelta:
        if self.always_open:
            return end - start
        before = self._position(start)  # first: it may move the index's base back
        return self._position(end) - before

    # A running total of working time per day, so that measuring a case that is months old
    # costs two look-ups rather than a walk over every day since.

    def _position(self, at: datetime) -> timedelta:
        """Working time from the start of the index to ``at`` (remembered: the same instants
        come back clock after clock)."""
        known = self._positions.get(at)
        if known is not None:
            return known
        day = self.local_day(at)
        total = self._before(day)
        for start, end in self.intervals(day):
            if at <= start:
                break
            total += min(at, end) - start
        self._positions[at] = total
        return total

    def _before(self, day: date) -> timedelta:
        if self._base is None or day < self._base:
            self._base, self._sums = day - timedelta(days=INDEX_MARGIN_DAYS), [ZERO]
            self._positions.clear()  # counted from another start now
        index, sums = (day - self._base).days, self._sums
        while len(sums) <= index:
            past = self._base + timedelta(days=len(sums) - 1)
            sums.append(sums[-1] + sum((e - s for s, e in self.intervals(past)), ZERO))
        return sums[index]

    def add_working(
        self, start: datetime, amount: timedelta, excluded: Sequence[Range] = ()
    ) -> datetime:
        """The instant at which ``amount`` of working time since ``start`` has passed.

        Time inside ``excluded`` (pauses) does not count. Working time that runs out exactly at
        the end of an interval gives that end (18:00), not the next opening.

        Worked out on the running total rather than day by day: the instant the total reaches
        ``amount`` plus the pauses' working time before it, repeated until no further pause
        starts before it (a pause it lands in counts whole), so a months-long pause costs a
        few look-ups.
        """
        start = start.astimezone(UTC)
        if amount <= ZERO:
            return start
        if self.always_open and not excluded:
            return start + amount
        holes = [(max(a, start), b) for a, b in merge_ranges(excluded) if b > start]
        origin = self._total(start)
        lost = ZERO
        while True:
            at = self._reaching(origin + amount + lost)
            now_lost = sum((self._plain(a, b) for a, b in holes if a < at), ZERO)
            if now_lost == lost:
                return at
            lost = now_lost

    def _total(self, at: datetime) -> timedelta:
        return at - EPOCH if self.always_open else self._position(at)

    def _reaching(self, total: timedelta) -> datetime:
        """The earliest instant at which the running total reaches ``total``."""
        if self.always_open:
            return EPOCH + total
        assert self._base is not None  # _position set it
        sums = self._sums
        closed = 0
        while sums[-1] < total:  # the index does not reach that far yet: grow it a day
            day = self._base + timedelta(days=len(sums) - 1)
            length = sum((e - s for s, e in self.intervals(day)), ZERO)
            closed = closed + 1 if not length else 0
            if closed > SEARCH_DAYS:
                raise CalendarError(
                    msg(
                        "casectl.yaml: calendar: the calendar never opens after "
                        "{value:%Y-%m-%d} (every working day is a holiday)",
                        value=day - timedelta(days=SEARCH_DAYS),
                    )
                )
            sums.append(sums[-1] + length)
        index = bisect_left(sums, total)  # the first day whose start has the total reached
        day = self._base + timedelta(days=index - 1)
        left = total - sums[index - 1]
        for begin, end in self.intervals(day):
            if end - begin >= left:
                return begin + left
            left -= end - begin
        raise AssertionError("unreachable: the running total says the day holds it")

    def span_length(self, span: Span) -> timedelta:
        """How much working time ``span`` stands for: a ``d`` is one working day's hours.

        On the 24x7 clock a day is 24 hours.
        """
        return self.day_length * span.days + timedelta(minutes=span.minutes)

    def add_span(self, start: datetime, span: Span) -> datetime:
        """``start`` plus a target such as ``4h`` or ``2d``.

        On business hours ``h``/``m`` count working time and ``d`` counts whole working days
        (received Monday 10:00, ``1d`` is due Tuesday 10:00). On the 24x7 clock ``d`` is a
        calendar day in the team's time zone (the same wall time the next day, across DST).
        """
        if self.always_open:
            return add_days(start, span.days, self.tz) + timedelta(minutes=span.minutes)
        return self.add_working(start, self.span_length(span))


def add_days(start: datetime, days: int, tz: tzinfo) -> datetime:
    """``days`` calendar days after ``start``: the same wall time in ``tz`` (UTC result)."""
    local = start.astimezone(tz)
    moved = (local + timedelta(days=days)).replace(tzinfo=tz)  # wall-clock arithmetic
    return moved.astimezone(UTC)


def merge_ranges(ranges: Iterable[Range]) -> list[Range]:
    """Sorted, non-overlapping ranges; empty or reversed ones dropped."""
    merged: list[Range] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def subtract(start: datetime, end: datetime, holes: Sequence[Range]) -> Iterator[Range]:
    """The parts of ``[start, end)`` outside ``holes`` (sorted and merged)."""
    cursor = start
    for hole_start, hole_end in holes:
        if hole_end <= cursor:
            continue
        if hole_start >= end:
            break
        if hole_start > cursor:
            yield cursor, hole_start
        cursor = max(cursor, hole_end)
        if cursor >= end:
            return
    if cursor < end:
        yield cursor, end
