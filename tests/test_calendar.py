"""The business calendar, table-driven: weekends, lunch, holidays, make-up days, nights, DST."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casectl.core.clocks.calendar import CalendarError, WorkCalendar, add_days, merge_ranges
from casectl.core.config import Calendar, Config
from casectl.core.durations import Span

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")

# Mon-Fri with a lunch break; the 2026 National Day week off, made up on two weekend days.
CN = Calendar.model_validate(
    {
        "hours": ["09:00-12:00", "13:30-18:00"],
        "holidays": [f"2026-10-0{d}" for d in (1, 2, 5, 6, 7, 8)],
        "extra_workdays": ["2026-09-27", "2026-10-10"],  # a Sunday and a Saturday (调休)
    }
)
US = Calendar.model_validate({"hours": ["09:00-17:00"]})


def cn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def ny(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=NEW_YORK)


@pytest.fixture(scope="module")
def china() -> WorkCalendar:
    return WorkCalendar(SHANGHAI, CN)


@pytest.mark.parametrize(
    ("start", "span", "due"),
    [
        ("2026-11-23 10:00", "1h", "2026-11-23 11:00"),  # Monday, inside the morning
        ("2026-11-23 11:30", "1h", "2026-11-23 14:00"),  # lunch break does not count
        ("2026-11-23 12:15", "30m", "2026-11-23 14:00"),  # received over lunch
        ("2026-11-23 09:00", "7h30m", "2026-11-23 18:00"),  # a full day ends at closing time
        ("2026-11-27 17:00", "2h", "2026-11-30 10:00"),  # Friday evening to Monday
        ("2026-11-28 03:00", "1h", "2026-11-30 10:00"),  # Saturday night: next opening
        ("2026-11-24 22:00", "1h", "2026-11-25 10:00"),  # a weekday night
        ("2026-11-25 07:59", "1m", "2026-11-25 09:01"),  # early morning
        ("2026-09-30 17:00", "2h", "2026-10-09 10:00"),  # over the holiday week
        ("2026-09-25 17:00", "2h", "2026-09-27 10:00"),  # Sunday make-up day works
        ("2026-11-23 10:00", "1d", "2026-11-24 10:00"),  # a working day
        ("2026-11-27 15:00", "1d", "2026-11-30 15:00"),  # Friday + 1d is Monday
        ("2026-11-23 09:00", "1d", "2026-11-23 18:00"),  # from opening: closing time
        ("2026-11-28 20:00", "1d", "2026-11-30 18:00"),  # received on the weekend
        ("2026-10-09 10:00", "1d", "2026-10-10 10:00"),  # Friday to a make-up Saturday
        ("2026-09-30 10:00", "2d", "2026-10-10 10:00"),  # holidays skipped, make-up counted
        ("2026-11-23 10:00", "1d2h", "2026-11-24 12:00"),
        ("2026-11-23 10:00", "0m", "2026-11-23 10:00"),
    ],
)
def test_add_span_on_business_hours(china: WorkCalendar, start: str, span: str, due: str) -> None:
    assert china.add_span(cn(start), Span.parse(span)) == cn(due)


@pytest.mark.parametrize(
    ("start", "end", "working"),
    [
        ("2026-11-23 08:00", "2026-11-23 20:00", "7h30m"),
        ("2026-11-23 11:00", "2026-11-23 14:00", "1h30m"),
        ("2026-11-27 17:00", "2026-11-30 10:00", "2h"),
        ("2026-11-28 00:00", "2026-11-29 23:59", "0m"),  # weekend
        ("2026-10-01 00:00", "2026-10-09 00:00", "0m"),  # holidays and weekend
        ("2026-09-27 00:00", "2026-09-28 00:00", "7h30m"),  # make-up Sunday
        ("2026-11-23 15:00", "2026-11-23 10:00", "0m"),  # end before start
    ],
)
def test_working_between(china: WorkCalendar, start: str, end: str, working: str) -> None:
    expected = Span.parse(working).as_timedelta()
    assert china.working_between(cn(start), cn(end)) == expected


@pytest.mark.parametrize(
    ("at", "opening"),
    [
        ("2026-11-23 10:00", "2026-11-23 10:00"),
        ("2026-11-23 12:00", "2026-11-23 13:30"),  # intervals end before their end time
        ("2026-11-23 18:00", "2026-11-24 09:00"),
        ("2026-11-28 09:30", "2026-11-30 09:00"),
        ("2026-10-10 08:00", "2026-10-10 09:00"),
    ],
)
def test_opening(china: WorkCalendar, at: str, opening: str) -> None:
    assert china.opening(cn(at)) == cn(opening)
    assert china.is_open(cn(at)) == (at == opening)


@pytest.mark.parametrize(
    ("day", "works"),
    [
        (date(2026, 11, 23), True),
        (date(2026, 11, 28), False),
        (date(2026, 10, 1), False),
        (date(2026, 9, 27), True),
        (date(2026, 10, 10), True),
    ],
)
def test_workdays(china: WorkCalendar, day: date, works: bool) -> None:
    assert china.is_workday(day) is works


# --- several pauses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pauses", "span", "due"),
    [
        ([], "4h", "2026-11-23 15:30"),
        ([("2026-11-23 11:00", "2026-11-23 14:00")], "4h", "2026-11-23 17:00"),
        # two pauses; the work runs out exactly when the second one starts
        (
            [("2026-11-23 10:30", "2026-11-23 11:00"), ("2026-11-23 16:00", "2026-11-24 10:00")],
            "4h",
            "2026-11-23 16:00",
        ),
        (
            [("2026-11-23 10:30", "2026-11-23 11:00"), ("2026-11-23 16:00", "2026-11-24 10:00")],
            "5h",
            "2026-11-24 11:00",
        ),
        # a pause over the weekend takes nothing more out than the weekend did
        ([("2026-11-27 18:00", "2026-11-30 09:00")], "1d", "2026-11-24 10:00"),
        # overlapping pauses count once
        (
            [("2026-11-23 10:00", "2026-11-23 11:00"), ("2026-11-23 10:30", "2026-11-23 11:30")],
            "1h",
            "2026-11-23 14:00",
        ),
    ],
)
def test_pauses_push_the_due(
    china: WorkCalendar, pauses: list[tuple[str, str]], span: str, due: str
) -> None:
    holes = [(cn(a), cn(b)) for a, b in pauses]
    start = cn("2026-11-23 10:00")
    got = china.add_working(start, china.span_length(Span.parse(span)), holes)
    assert got == cn(due)
    left = china.working_between(start, got, holes)
    assert left == china.span_length(Span.parse(span))


# --- daylight saving time ------------------------------------------------------------------


def test_business_hours_across_spring_forward() -> None:
    cal = WorkCalendar(NEW_YORK, US)
    due = cal.add_span(ny("2026-03-06 16:00"), Span.parse("2h"))  # Friday, EST
    assert due == ny("2026-03-09 10:00")  # Monday, EDT
    assert due.utcoffset() == timedelta(0)  # instants come back in UTC
    assert due.isoformat() == "2026-03-09T14:00:00+00:00"
    week = cal.working_between(ny("2026-03-06 09:00"), ny("2026-03-09 17:00"))
    assert week == timedelta(hours=16)


def test_business_hours_across_fall_back() -> None:
    cal = WorkCalendar(NEW_YORK, US)
    assert cal.add_span(ny("2026-10-30 16:30"), Span.parse("1h")) == ny("2026-11-02 09:30")
    assert cal.add_span(ny("2026-10-30 10:00"), Span.parse("1d")) == ny("2026-11-02 10:00")


@pytest.mark.parametrize(
    ("start", "span", "due", "hours"),
    [
        ("2026-03-07 12:00", "1d", "2026-03-08 12:00", 23),  # a calendar day is 23 h here
        ("2026-03-07 12:00", "24h", "2026-03-08 13:00", 24),
        ("2026-10-31 12:00", "1d", "2026-11-01 12:00", 25),
        ("2026-11-23 12:00", "2d", "2026-11-25 12:00", 48),
    ],
)
def test_24x7_clock_across_dst(start: str, span: str, due: str, hours: int) -> None:
    cal = WorkCalendar(NEW_YORK)
    got = cal.add_span(ny(start), Span.parse(span))
    assert got == ny(due)
    assert cal.working_between(ny(start), got) == timedelta(hours=hours)


def test_round_the_clock_hours_count_real_time_on_a_dst_day() -> None:
    cal = WorkCalendar(NEW_YORK, Calendar.model_validate({"hours": ["00:00-24:00"]}))
    monday = cal.working_between(ny("2026-03-09 00:00"), ny("2026-03-10 00:00"))
    assert monday == timedelta(hours=24)
    sunday_off = WorkCalendar(
        NEW_YORK,
        Calendar.model_validate({"hours": ["00:00-24:00"], "workdays": ["sun"]}),
    )
    assert sunday_off.working_between(ny("2026-03-08 00:00"), ny("2026-03-09 00:00")) == timedelta(
        hours=23
    )


def test_add_days_keeps_the_wall_time() -> None:
    assert add_days(ny("2026-03-07 09:00"), 1, NEW_YORK) == ny("2026-03-08 09:00")


# --- odd calendars ------------------------------------------------------------------------


def test_a_calendar_that_never_opens_again_is_an_error() -> None:
    holidays = [date(2026, 1, 1) + timedelta(days=n) for n in range(4000)]
    cal = WorkCalendar(SHANGHAI, Calendar.model_validate({"holidays": holidays}))
    with pytest.raises(CalendarError, match="never opens"):
        cal.opening(cn("2026-01-01 00:00"))


def test_for_sla_picks_the_clock() -> None:
    business = Config.model_validate({"timezone": "Asia/Shanghai"})
    assert not WorkCalendar.for_sla(business).always_open  # default Mon-Fri 09:00-18:00
    round_the_clock = Config.model_validate({"sla": {"clock": "calendar"}, "calendar": {}})
    assert WorkCalendar.for_sla(round_the_clock).always_open


def test_merge_ranges_drops_empty_and_joins_overlaps() -> None:
    a, b, c, d = (cn(f"2026-11-23 1{n}:00") for n in range(4))
    assert merge_ranges([(c, d), (a, b), (b, c), (d, c)]) == [(a, d)]
