"""The one grammar of a time people type (``core.dates``): every form, accepted or refused,
through the one parser; the import path and the option path giving the same answer; the final
checks every time passes; casectl.yaml's ``date_order``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from casectl.core.config import Config
from casectl.core.dates import DateOrder, parse_when, problem
from casectl.core.model import Withdrawal
from casectl.core.problems import flatten
from casectl.core.transfer.sheetmap import cell_time
from casectl.errors import UsageError
from conftest import Cli

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 1, 2, tzinfo=TZ)  # a Monday, just after midnight
ENDS = time(18)  # the end of the working day, for a due

# text → as the time a step happened, as a due (None: the same)
ACCEPTED: list[tuple[str, str, str | None]] = [
    ("now", "2026-11-23T01:02:00+08:00", None),
    ("NOW", "2026-11-23T01:02:00+08:00", None),
    ("现在", "2026-11-23T01:02:00+08:00", None),
    ("+48h", "2026-11-25T01:02:00+08:00", None),  # an offset: exactly that long
    ("-2d", "2026-11-21T01:02:00+08:00", None),
    ("+1w", "2026-11-30T01:02:00+08:00", None),
    ("+1d2h", "2026-11-24T03:02:00+08:00", None),
    ("＋４８ｈ", "2026-11-25T01:02:00+08:00", None),  # full width
    ("today", "2026-11-23T01:02:00+08:00", "2026-11-23T18:00:00+08:00"),
    ("tomorrow", "2026-11-24T01:02:00+08:00", "2026-11-24T18:00:00+08:00"),
    ("Tomorrow", "2026-11-24T01:02:00+08:00", "2026-11-24T18:00:00+08:00"),
    ("yesterday", "2026-11-22T01:02:00+08:00", "2026-11-22T18:00:00+08:00"),
    ("今天", "2026-11-23T01:02:00+08:00", "2026-11-23T18:00:00+08:00"),
    ("明天", "2026-11-24T01:02:00+08:00", "2026-11-24T18:00:00+08:00"),
    ("明日", "2026-11-24T01:02:00+08:00", "2026-11-24T18:00:00+08:00"),
    ("昨天", "2026-11-22T01:02:00+08:00", "2026-11-22T18:00:00+08:00"),
    ("后天", "2026-11-25T01:02:00+08:00", "2026-11-25T18:00:00+08:00"),
    ("前天", "2026-11-21T01:02:00+08:00", "2026-11-21T18:00:00+08:00"),
    ("tomorrow 9:30", "2026-11-24T09:30:00+08:00", None),
    ("today 14:00", "2026-11-23T14:00:00+08:00", None),
    ("tomorrow 3pm", "2026-11-24T15:00:00+08:00", None),
    ("明天下午3点半", "2026-11-24T15:30:00+08:00", None),
    ("明天 上午9点", "2026-11-24T09:00:00+08:00", None),
    ("今天 15:00", "2026-11-23T15:00:00+08:00", None),
    ("2026-11-20", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("2026-11-20 9:15", "2026-11-20T09:15:00+08:00", None),
    ("2026-11-20 09:15", "2026-11-20T09:15:00+08:00", None),
    ("2026-11-20T09:15", "2026-11-20T09:15:00+08:00", None),
    ("2026-11-20 00:00", "2026-11-20T00:00:00+08:00", None),  # midnight, given: not the day end
    ("2026-11-20 09:15:30", "2026-11-20T09:15:30+08:00", None),
    ("2026-11-20 09:15:00.250", "2026-11-20T09:15:00+08:00", None),  # to the second
    ("2026-11-20 3pm", "2026-11-20T15:00:00+08:00", None),
    ("2026/11/20", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("2026/11/20 9:15", "2026-11-20T09:15:00+08:00", None),
    ("2026.11.20", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("20261120", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("20261120T0915", "2026-11-20T09:15:00+08:00", None),
    ("20/11/2026", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),  # one reading
    ("11/20/2026", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),  # one reading
    ("20.11.2026 9:15", "2026-11-20T09:15:00+08:00", None),
    ("05/05/2026", "2026-05-05T00:00:00+08:00", "2026-05-05T18:00:00+08:00"),  # both the same
    ("２０２６／１１／２０ ９：３０", "2026-11-20T09:30:00+08:00", None),  # full width
    ("2026年11月20日", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("2026年11月20号", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("2026年11月20日 9时15分", "2026-11-20T09:15:00+08:00", None),
    ("2026年11月20日9时15分30秒", "2026-11-20T09:15:30+08:00", None),
    ("2026年11月20日 下午3点", "2026-11-20T15:00:00+08:00", None),
    ("2026年11月20日 下午3点半", "2026-11-20T15:30:00+08:00", None),
    ("2026年11月20日 下午3点15", "2026-11-20T15:15:00+08:00", None),
    ("2026年11月20日 下午15点", "2026-11-20T15:00:00+08:00", None),
    ("2026年11月20日 晚上8点", "2026-11-20T20:00:00+08:00", None),
    ("2026年11月20日 傍晚6点", "2026-11-20T18:00:00+08:00", None),
    ("2026年11月20日 中午12点", "2026-11-20T12:00:00+08:00", None),
    ("2026年11月20日 中午1点", "2026-11-20T13:00:00+08:00", None),
    ("2026年11月20日 凌晨2点", "2026-11-20T02:00:00+08:00", None),
    ("2026年11月20日 早上8点", "2026-11-20T08:00:00+08:00", None),
    ("2026年11月20日 上午9点半", "2026-11-20T09:30:00+08:00", None),
    ("Nov 20 2026", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("20 November 2026 3pm", "2026-11-20T15:00:00+08:00", None),
    ("2026-11-20T09:15:00+08:00", "2026-11-20T09:15:00+08:00", None),
    ("2026-11-20T01:15:00Z", "2026-11-20T01:15:00+00:00", None),  # an offset is kept
    ("2026-11-20T01:15:00.250+00:00", "2026-11-20T01:15:00+00:00", None),
    ("2026-11-20 09:15-05:00", "2026-11-20T09:15:00-05:00", None),
    ("2026-11-20T09:15+0530", "2026-11-20T09:15:00+05:30", None),
    ("2026-11-20 09:15 UTC", "2026-11-20T09:15:00+00:00", None),
    ("2026-11-20 09:15 GMT+8", "2026-11-20T09:15:00+08:00", None),  # as people mean it
    ("2026-11-20 09:15 UTC-5", "2026-11-20T09:15:00-05:00", None),
    ("  2026-11-20  ", "2026-11-20T00:00:00+08:00", "2026-11-20T18:00:00+08:00"),
    ("1970-01-01 08:00", "1970-01-01T08:00:00+08:00", None),  # the first second kept
    ("2999-12-31T23:59:59Z", "2999-12-31T23:59:59+00:00", None),  # and the last
]

# text → the problem said (each a whole grammar rule)
REFUSED: list[tuple[str, str]] = [
    ("", "an empty time was given"),
    ("   ", "an empty time was given"),
    ("tomorow", "'tomorow' is not a date (write 2026-11-20 09:15"),
    ("明年某天", "'明年某天' is not a date"),
    ("03/11/2026", "'03/11/2026' is ambiguous: 2026-03-11 or 2026-11-03; write it as YYYY-MM-DD"),
    ("03.04.2026", "ambiguous: 2026-03-04 or 2026-04-03"),
    ("3-4-2026 9:15", "ambiguous: 2026-03-04 or 2026-04-03"),
    ("03/11/26", "'03/11/26' has a two-digit year"),
    ("11月20日", "'11月20日' is not a whole date: it needs a year, a month and a day"),
    ("11-20", "not a whole date"),
    ("2026-11", "not a whole date"),
    ("2026年11月", "not a whole date"),
    ("Nov 20", "not a whole date"),
    ("friday", "not a whole date"),
    ("9:15", "not a whole date"),
    ("下午3点", "not a whole date"),
    ("2026-02-30", "'2026-02-30' is not a date: 2026-02 has no day 30"),
    ("2026-13-01", "'2026-13-01' is not a date: there is no month 13"),
    ("2026/20/11", "there is no month 20"),  # never read as year-day-month
    ("31/31/2026", "is not a date, whether the day or the month comes first"),
    ("2026-11-20 25:00", "is not a date"),
    ("tomorrow 25:00", "is not a date"),
    ("2026-11-20 9:15 CST", "a time zone name is not read; give its UTC offset"),
    ("1969-12-31", "'1969-12-31': out of range (casectl keeps times from the years 1970 to"),
    ("1900-01-01", "out of range"),
    ("0001-01-01T00:00+14:00", "out of range"),
    ("3000-01-01T00:00Z", "out of range"),
    ("9999-12-31T23:59:59-14:00", "out of range"),
    ("+99999999d", "too long a duration"),
    ("+9999999999999999999h", "too long a duration"),
    ("-3000w", "out of range"),  # 57 years back: before 1970
    ("46346", "is not a date"),  # an Excel serial only where a spreadsheet holds it
]


def when(text: str, **given: Any) -> str:
    return parse_when(text, now=NOW, tz=TZ, **given).isoformat()


@pytest.mark.parametrize(("text", "at", "due"), ACCEPTED)
def test_every_form_that_is_read(text: str, at: str, due: str | None) -> None:
    assert when(text) == at
    assert when(text, day_ends=ENDS) == (due or at)  # a due without a time of day: its day end


@pytest.mark.parametrize(("text", "said"), REFUSED)
def test_every_form_that_is_refused_says_why(text: str, said: str) -> None:
    with pytest.raises(UsageError) as refused:
        when(text)
    assert said in str(refused.value)
    with pytest.raises(UsageError):
        when(text, day_ends=ENDS)


def test_an_offset_counts_from_the_steps_own_time() -> None:
    step = datetime(2026, 11, 20, 9, 15, tzinfo=TZ)
    assert when("+48h", base=step) == "2026-11-22T09:15:00+08:00"
    assert when("tomorrow", base=step) == "2026-11-21T09:15:00+08:00"
    assert when("now", base=step) == "2026-11-23T01:02:00+08:00"  # now is now


def test_a_day_word_is_the_teams_day() -> None:
    """At 23:30 UTC it is already tomorrow in Shanghai: 明天 is Shanghai's tomorrow."""
    late = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)  # 01:30 on the 23rd in Shanghai
    read = parse_when("明天", now=late, tz=TZ, day_ends=ENDS)
    assert read.isoformat() == "2026-11-24T18:00:00+08:00"


# --- date_order ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03/11/2026", "dmy", "2026-11-03T00:00:00+08:00"),
        ("03/11/2026", "mdy", "2026-03-11T00:00:00+08:00"),
        ("03.11.2026 9:15", DateOrder.dmy, "2026-11-03T09:15:00+08:00"),
        ("20/11/2026", "mdy", "2026-11-20T00:00:00+08:00"),  # one reading: the order is moot
        ("11/20/2026", "dmy", "2026-11-20T00:00:00+08:00"),
        ("2026/03/11", "mdy", "2026-03-11T00:00:00+08:00"),  # a year first is always y-m-d
        ("05/05/2026", "mdy", "2026-05-05T00:00:00+08:00"),
    ],
)
def test_date_order_reads_a_date_that_reads_both_ways(
    text: str, order: DateOrder | str, expected: str
) -> None:
    assert when(text, order=order) == expected
    assert cell_time(text, TZ, "received_at", now=NOW, order=order).isoformat() == expected


@pytest.mark.parametrize("text", ["03/11/26", "31/31/2026", "11月20日"])
def test_date_order_refuses_what_it_cannot_decide(text: str) -> None:
    for order in DateOrder:
        with pytest.raises(UsageError):
            when(text, order=order)


@pytest.mark.parametrize(("given", "stored"), [("dmy", "dmy"), ("MDY", "mdy"), (None, None)])
def test_date_order_in_casectl_yaml(given: str | None, stored: str | None) -> None:
    assert Config.model_validate({"date_order": given}).date_order == stored


@pytest.mark.parametrize("given", ["ymd", "day-first", 1])
def test_an_unknown_date_order_is_refused(given: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        Config.model_validate({"date_order": given})
    (said,) = flatten(refused.value)
    assert said.path == "date_order" and "unknown date order" in said.message


# --- one answer, whether typed or imported --------------------------------------------------

TEXTS = [text for text, _at, _due in ACCEPTED] + [
    text for text, _said in REFUSED if text.strip() and text != "46346"
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("order", [None, "dmy"])
def test_the_import_path_and_the_option_path_give_the_same_answer(
    text: str, order: str | None
) -> None:
    """A text cell of an imported log and a WHEN option read the same: the same time, or the
    same refusal (the cell's says its field)."""
    try:
        typed: datetime | str = parse_when(text, now=NOW, tz=TZ, order=order)
    except UsageError as exc:
        typed = f"received_at {exc}"
    try:
        imported: datetime | str = cell_time(text, TZ, "received_at", now=NOW, order=order)
    except UsageError as exc:
        imported = str(exc)
    assert imported == typed


def test_what_only_a_spreadsheet_holds() -> None:
    """Serial numbers and date cells are import's own; they pass the same final checks."""
    assert cell_time("46346", TZ, "x", now=NOW).isoformat() == "2026-11-20T00:00:00+08:00"
    assert cell_time(46346.5, TZ, "x", now=NOW).isoformat() == "2026-11-20T12:00:00+08:00"
    naive = datetime(2026, 11, 20, 9, 15)
    assert cell_time(naive, TZ, "x", now=NOW).isoformat() == "2026-11-20T09:15:00+08:00"
    assert cell_time(date(2026, 11, 20), TZ, "x", now=NOW).isoformat().endswith("T00:00:00+08:00")
    with pytest.raises(UsageError, match=r"x '1969-12-31 00:00:00': out of range"):
        cell_time(datetime(1969, 12, 31), TZ, "x", now=NOW)
    odd = datetime(2026, 11, 20, tzinfo=timezone(timedelta(hours=8, seconds=30)))
    with pytest.raises(UsageError, match="a UTC offset in whole minutes is expected"):
        cell_time(odd, TZ, "x", now=NOW)


# --- the final checks, and a time in a file -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "said"),
    [
        (datetime(2026, 11, 22, 9, 15, tzinfo=TZ), None),
        (datetime(2026, 11, 22, 9, 15), "a time needs its UTC offset"),
        (datetime(1969, 12, 31, 23, 59, tzinfo=UTC), "out of range"),
        (datetime(3000, 1, 1, tzinfo=UTC), "out of range"),
        (datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=30))), "whole minutes"),
    ],
)
def test_the_final_checks_of_every_time(value: datetime, said: str | None) -> None:
    found = problem(value)
    assert (found is None) if said is None else (found is not None and said in found)


@pytest.mark.parametrize(
    ("held", "said"),
    [
        ("tomorrow", "not a time: 'tomorrow' (a file holds ISO 8601 with its UTC offset"),
        ("2026-02-30T00:00:00+08:00", "not a time: '2026-02-30T00:00:00+08:00'"),
        ("2026-11-22 09:15", "a time needs its UTC offset"),
        ("1900-01-01T00:00:00+00:00", "out of range (casectl keeps times from the years 1970"),
    ],
)
def test_a_bad_time_in_a_file_is_said_in_the_same_words(held: str, said: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Withdrawal.model_validate({"at": held, "by": "li.wei", "reason": "x"})
    (problem_,) = flatten(refused.value)
    assert problem_.path == "at" and said in problem_.message


# --- a property -------------------------------------------------------------------------------

offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
instants = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2999, 12, 30), timezones=offsets
).map(lambda t: t.replace(microsecond=0))


@settings(max_examples=300, deadline=None)
@given(moment=instants, sep=st.sampled_from(["T", " "]), zone=st.sampled_from([TZ, UTC]))
def test_any_time_in_iso_form_reads_back_equal(moment: datetime, sep: str, zone: Any) -> None:
    text = moment.isoformat(sep=sep)
    read = parse_when(text, now=NOW, tz=zone)
    assert read == moment and read.utcoffset() == moment.utcoffset()
    assert cell_time(text, zone, "x", now=NOW) == moment


# --- on the command line -------------------------------------------------------------------

RECORD = ["record", "--customer", "华东精密", "--title", "导出超时", "--category", "technical"]


def test_date_order_on_the_command_line(run: Cli, casebook: Path) -> None:
    ask = [*RECORD, "--priority", "high", "--received-at", "03/11/2026", "--format", "json"]
    refused = run(*ask)
    assert refused.exit_code == 2
    assert "'03/11/2026' is ambiguous: 2026-03-11 or 2026-11-03" in refused.stderr
    assert "date_order" in refused.stderr
    settings_file = casebook / "casectl.yaml"
    settings_file.write_text(settings_file.read_text() + "date_order: dmy\n", encoding="utf-8")
    made = run(*ask)
    assert made.exit_code == 0, made
    assert made.json()["received_at"] == "2026-11-03T00:00:00+08:00"


def test_a_chinese_time_on_the_command_line(run: Cli, casebook: Path) -> None:
    made = run(*RECORD, "--priority", "high", "--received-at", "2026年11月20日 下午3点半",
               "--format", "json")  # fmt: skip
    assert made.exit_code == 0, made
    assert made.json()["received_at"] == "2026-11-20T15:30:00+08:00"


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(
        min_value=datetime(1969, 12, 30), max_value=datetime(3000, 1, 2), timezones=st.none()
    ),
    offset=st.none() | st.integers(-24 * 3600 + 1, 24 * 3600 - 1),
)
def test_a_model_time_is_refused_exactly_when_problem_finds_one(
    when: datetime, offset: int | None
) -> None:
    """The models' quick check of a time (``dates.aware``) passes what ``dates.problem``
    passes and refuses what it refuses."""
    from casectl.core.dates import aware

    value = when if offset is None else when.replace(tzinfo=timezone(timedelta(seconds=offset)))
    wrong = problem(value)
    try:
        aware(value)
    except ValueError:
        assert wrong is not None
    else:
        assert wrong is None
