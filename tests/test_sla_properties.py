"""Properties of the calendar and the clocks that must hold for any instant, target and pauses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from casectl.core.clocks.calendar import WorkCalendar
from casectl.core.clocks.sla import clocks
from casectl.core.config import Calendar, Config
from casectl.core.durations import Span
from casectl.core.model import Case

CALENDARS = {
    "shanghai-lunch": WorkCalendar(
        ZoneInfo("Asia/Shanghai"),
        Calendar.model_validate(
            {
                "hours": ["09:00-12:00", "13:30-18:00"],
                "holidays": ["2026-10-01", "2026-10-02", "2026-10-05"],
                "extra_workdays": ["2026-10-10"],
            }
        ),
    ),
    "new-york": WorkCalendar(
        ZoneInfo("America/New_York"), Calendar.model_validate({"hours": ["09:00-17:00"]})
    ),
    "new-york-nights": WorkCalendar(
        ZoneInfo("America/New_York"),
        Calendar.model_validate({"hours": ["00:00-03:00", "22:00-24:00"], "workdays": ["sun"]}),
    ),
    "24x7-new-york": WorkCalendar(ZoneInfo("America/New_York")),
}

BASE = datetime(2026, 1, 1, tzinfo=UTC)
instants = st.integers(min_value=0, max_value=365 * 24 * 60).map(
    lambda m: BASE + timedelta(minutes=m)
)
spans = st.builds(Span, days=st.integers(0, 12), minutes=st.integers(0, 40 * 60))
calendars = st.sampled_from(sorted(CALENDARS)).map(CALENDARS.__getitem__)
pause_lists = st.lists(
    st.tuples(st.integers(-3 * 24 * 60, 20 * 24 * 60), st.integers(0, 5 * 24 * 60)), max_size=4
)

FAST = settings(max_examples=150, deadline=None)


def holes(start: datetime, pauses: list[tuple[int, int]]) -> list[tuple[datetime, datetime]]:
    return [(start + timedelta(minutes=a), start + timedelta(minutes=a + n)) for a, n in pauses]


@FAST
@given(cal=calendars, start=instants, span=spans, pauses=pause_lists)
def test_a_due_never_comes_before_its_start(
    cal: WorkCalendar, start: datetime, span: Span, pauses: list[tuple[int, int]]
) -> None:
    assert cal.add_span(start, span) >= start
    assert cal.add_working(start, cal.span_length(span), holes(start, pauses)) >= start
    assert cal.opening(start) >= start


@FAST
@given(cal=calendars, start=instants, span=spans, pauses=pause_lists, more=pause_lists)
def test_a_pause_never_makes_a_due_earlier(
    cal: WorkCalendar,
    start: datetime,
    span: Span,
    pauses: list[tuple[int, int]],
    more: list[tuple[int, int]],
) -> None:
    amount = cal.span_length(span)
    fewer = cal.add_working(start, amount, holes(start, pauses))
    assert fewer >= cal.add_working(start, amount)
    assert cal.add_working(start, amount, holes(start, pauses + more)) >= fewer


@FAST
@given(cal=calendars, start=instants, length=st.integers(0, 30 * 24 * 60), pauses=pause_lists)
def test_working_elapsed_never_exceeds_wall_elapsed(
    cal: WorkCalendar, start: datetime, length: int, pauses: list[tuple[int, int]]
) -> None:
    end = start + timedelta(minutes=length)
    plain = cal.working_between(start, end)
    assert timedelta(0) <= plain <= end - start
    assert cal.working_between(start, end, holes(start, pauses)) <= plain


@FAST
@given(cal=calendars, start=instants, amount=st.integers(0, 20 * 24 * 60))
def test_adding_working_time_and_measuring_it_agree(
    cal: WorkCalendar, start: datetime, amount: int
) -> None:
    due = cal.add_working(start, timedelta(minutes=amount))
    assert cal.working_between(start, due) == timedelta(minutes=amount)


# --- the same properties through the clocks of a case -------------------------------------

CONFIG = Config.model_validate(
    {"timezone": "Asia/Shanghai", "calendar": {"hours": ["09:00-12:00", "13:30-18:00"]}}
)


def case_with(received: datetime, pauses: list[tuple[int, int]], priority: str) -> Case:
    return Case.model_validate(
        {
            "id": "C-260101-PROP",
            "title": "t",
            "customer": {"name": "c"},
            "received_at": received,
            "category": "process",
            "priority": priority,
            "pauses": [
                {"id": f"w{i}", "start": s, "end": e, "reason": "等客户"}
                for i, (s, e) in enumerate(holes(received, pauses), 1)
            ],
        }
    )


@FAST
@given(
    received=instants,
    pauses=pause_lists,
    later=st.integers(0, 40 * 24 * 60),
    priority=st.sampled_from(["urgent", "high", "medium", "low"]),
)
def test_clocks_of_a_case(
    received: datetime, pauses: list[tuple[int, int]], later: int, priority: str
) -> None:
    now = received + timedelta(minutes=later)
    plain = {c.name: c for c in clocks(case_with(received, [], priority), CONFIG, now)}
    paused = {c.name: c for c in clocks(case_with(received, pauses, priority), CONFIG, now)}
    assert plain.keys() == paused.keys() == {"first_response", "resolution"}
    for name, clock in paused.items():
        assert clock.due >= clock.start
        assert clock.due >= plain[name].due
        assert clock.elapsed_working <= clock.elapsed_wall
        assert clock.elapsed_working + clock.paused == plain[name].elapsed_working


def naive_working(cal: WorkCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time by visiting every day: slow, obviously right."""
    total, day = timedelta(0), cal.local_day(start) - timedelta(days=1)
    while day <= cal.local_day(end):
        for a, b in cal.intervals(day):
            total += max(timedelta(0), min(b, end) - max(a, start))
        day += timedelta(days=1)
    return total


@FAST
@given(cal=calendars, start=instants, length=st.integers(0, 400 * 24 * 60), first=instants)
def test_the_running_total_agrees_with_a_day_by_day_count(
    cal: WorkCalendar, start: datetime, length: int, first: datetime
) -> None:
    cal.working_between(first, first + timedelta(hours=1))  # the index starts somewhere else
    end = start + timedelta(minutes=length)
    assert cal.working_between(start, end) == naive_working(cal, start, end)


def _walked(cal: WorkCalendar, start: datetime, amount: timedelta, excluded: list[Any]) -> datetime:
    """The reference: walk the working intervals day by day, skipping the pauses."""
    from casectl.core.clocks.calendar import merge_ranges, subtract

    start = start.astimezone(UTC)
    if amount <= timedelta(0):
        return start
    if cal.always_open:
        pieces: Any = iter([(start, start + timedelta(days=10_000))])
    else:
        pieces = cal._walk(start)
    left, gaps = amount, merge_ranges(excluded)
    for begin, finish in pieces:
        for piece_start, piece_end in subtract(begin, finish, gaps):
            if piece_end - piece_start >= left:
                return piece_start + left
            left -= piece_end - piece_start
    raise AssertionError("unreachable")


@settings(max_examples=400, deadline=None)
@given(
    cal=calendars,
    start=instants,
    minutes=st.integers(0, 30 * 8 * 60),
    pauses=pause_lists,
)
def test_adding_working_time_on_the_running_total_matches_walking_day_by_day(
    cal: WorkCalendar, start: datetime, minutes: int, pauses: list[tuple[int, int]]
) -> None:
    amount, gaps = timedelta(minutes=minutes), holes(start, pauses)
    assert cal.add_working(start, amount, gaps) == _walked(cal, start, amount, gaps)
