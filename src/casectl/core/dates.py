"""WHEN values: the one grammar of a time people type. Pure.

The command line's ``--at``, ``--due``, ``--received-at``, ``--since`` and its prompts read a
time here, and so do the text cells of an imported log (``core.transfer.sheetmap``): the same
text is read the same way everywhere, and what would be a guess is refused everywhere.

* ``now`` (现在), an offset from the step's own time (``+48h``, ``-2d``, ``+1w``), a day word
  (``today``, ``tomorrow``, ``yesterday``, 今天, 明天, 昨天, 后天, 前天) alone or with a time of
  day (``tomorrow 9:30``, ``明天下午3点半``);
* a whole date — year, month and day — with or without a time of day and a UTC offset:
  ``2026-11-20``, ``2026/11/20 9:15``, ``2026.11.20``, ``20261120``, ``20/11/2026``,
  ``2026年11月20日 下午3点半``, ``Nov 20 2026 3pm``, ``2026-11-20T09:15:00+08:00``.

Refused, with the reason: a day and month that read both ways (``03/11/2026``: 3 November or
11 March?) unless casectl.yaml's ``date_order`` says which comes first; a two-digit year; a date
without its year, month or day (``11月20日``, ``friday``, ``9:15``); a time zone by name.
A time without an offset is read in the team's time zone. Every time, typed or imported, passes
the same final checks (``problem``): to the second, a UTC offset in whole minutes, and the
years 1970 to 2999. Nothing here reads the clock: "now" and the step's own time are passed in.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from dateutil import parser as dateparser

from casectl.core.durations import Span
from casectl.errors import UsageError
from casectl.i18n import Msg, msg

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)  # every time a case holds lies between these two
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
ISO_EXAMPLE = "2026-11-22T09:15:00+08:00"


class DateOrder(StrEnum):
    """Which comes first in a date such as ``03/11/2026`` (casectl.yaml's ``date_order``)."""

    dmy = "dmy"  # day, month, year: 3 November 2026
    mdy = "mdy"  # month, day, year: 11 March 2026


def in_range(value: datetime) -> bool:
    """Whether ``value`` lies in the years casectl keeps: 1970 to 2999 (its year tells at once
    but at either end, where its UTC offset may move it over)."""
    return 1970 < value.year < 2999 or EARLIEST <= value < LATEST


def problem(value: datetime) -> Msg | None:
    """What keeps ``value`` from being a time casectl keeps (None: nothing): it needs a UTC
    offset, in whole minutes, and a place in the years 1970 to 2999. The one final check of a
    time typed, imported or read from a file."""
    try:
        offset = value.utcoffset() if value.tzinfo is not None else None
    except ValueError:  # an offset of a day or more (+25:00): no time zone has one
        return msg("a UTC offset lies between -23:59 and +23:59")
    if offset is None:
        return msg("a time needs its UTC offset, e.g. 2026-11-22T09:15:00+08:00")
    if not in_range(value):
        return _out_of_range()
    if offset.seconds % 60 or offset.microseconds:
        return msg("a UTC offset in whole minutes is expected, not {offset}", offset=offset)
    return None


def aware(value: datetime) -> datetime:
    """``value`` if it is a time casectl keeps, else ``ValueError`` saying why (``problem``):
    the models' check of every time, typed, imported or read from a file. A bulk read runs it on
    every time of every case, so the common time passes at once."""
    if 1970 < value.year < 2999 and value.tzinfo is not None:
        try:
            offset = value.utcoffset()
        except ValueError:  # an offset of a day or more: ``problem`` says so
            offset = None
        if offset is not None and not (offset.seconds % 60 or offset.microseconds):
            return value
    wrong = problem(value)
    if wrong is not None:
        raise ValueError(wrong)
    return value


def _out_of_range() -> Msg:
    return msg("out of range (casectl keeps times from the years 1970 to 2999)")


def not_a_time(value: object) -> Msg:
    """What is wrong with a value a file holds as a time that is not one."""
    return msg(
        "not a time: {value!r} (a file holds ISO 8601 with its UTC offset, e.g. {example})",
        value=value,
        example=ISO_EXAMPLE,
    )


def settle(value: datetime, tz: tzinfo, text: str) -> datetime:
    """``value`` (read from ``text``) as casectl keeps it: a time without an offset in ``tz``,
    to the second, through the final checks; a usage error naming ``text`` otherwise."""
    try:
        aware = value if value.tzinfo is not None else value.replace(tzinfo=tz)
        aware = aware.replace(microsecond=0)
        wrong = problem(aware)
    except OverflowError:  # an offset that takes it past year 9999
        wrong = _out_of_range()
    if wrong is not None:
        raise _refused(text, wrong)
    return aware


def _refused(text: str, wrong: Msg) -> UsageError:
    return UsageError(msg("{text!r}: {problem}", text=text, problem=wrong))


def parse_offset(text: str) -> timedelta | None:
    """``+48h`` → 48 hours; ``-1d2h``; None when ``text`` is not an offset. A day is 24 hours."""
    raw = text.strip()
    if raw[:1] not in ("+", "-"):
        return None
    try:
        span = Span.parse(raw[1:])
    except ValueError as exc:
        if "too long" in str(exc):
            raise
        return None
    delta = span.as_timedelta()
    return -delta if raw[0] == "-" else delta


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: tzinfo,
    base: datetime | None = None,
    day_ends: time | None = None,
    order: DateOrder | str | None = None,
) -> datetime:
    """Turn a WHEN value into an aware datetime, to the second.

    ``base`` is what offsets count from (the step's own time), ``now`` by default. A time with no
    offset is read in the team's time zone ``tz``. ``order`` (casectl.yaml's ``date_order``)
    reads a date whose day and month could be swapped. With ``day_ends`` (for a due: the end of
    the working day), a value that names a day but no time of day — ``tomorrow``, ``明天``,
    ``2026-11-25`` — means that time of that day.
    """
    raw = plain(text)
    if not raw:
        raise UsageError(msg("an empty time was given"))
    origin = base or now
    try:
        if raw.lower() in ("now", "现在"):
            return settle(now, tz, text)
        offset = parse_offset(raw)
        if offset is not None:
            return settle(origin + offset, tz, text)
        day, rest = _day_word(raw, origin.astimezone(tz))
    except ValueError as exc:  # a duration too long
        raise UsageError(msg("{exc} in {text!r}", exc=exc, text=text)) from None
    except OverflowError:  # an offset past any calendar
        raise _refused(text, _out_of_range()) from None
    if day is not None and not rest:
        if day_ends is not None:  # a due "tomorrow" is the end of tomorrow's working day
            return settle(datetime.combine(day.date(), day_ends), tz, text)
        return settle(day, tz, text)  # "tomorrow" as a time: the same time of day, a day on
    if day is not None:  # 明天下午3点: that day's date, then the time of day as given
        raw = f"{day.date().isoformat()} {rest}"
    value, timed = _dated(raw, text, DateOrder(order) if order else None)
    if day_ends is not None and not timed and value.tzinfo is None:
        value = datetime.combine(value.date(), day_ends)
    return settle(value, tz, text)


def plain(text: str) -> str:
    """``text`` with full-width letters, digits and signs as their plain forms (``２０２６／１１``,
    ``＋４８ｈ``, ``９：３０``), surrounding spaces gone."""
    return unicodedata.normalize("NFKC", text).strip()


_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1}
_DAYS |= {"昨天": -1, "昨日": -1, "后天": 2, "前天": -2}


def _day_word(raw: str, origin: datetime) -> tuple[datetime | None, str]:
    """The day a leading day word names (at ``origin``'s time of day) and the text after it."""
    lowered = raw.lower()
    for word, days in _DAYS.items():
        rest = lowered[len(word) :]
        if lowered.startswith(word) and not (word.isascii() and rest[:1].isalpha()):
            return origin + timedelta(days=days), raw[len(word) :].strip()
    return None, raw


# Chinese dates and times as the forms dateutil reads: 2026年11月20日 下午3点半 → 2026-11-20 3:30 pm
_CJK = (
    (re.compile(r"\s*年\s*"), "-"),
    (re.compile(r"\s*月\s*"), "-"),
    (re.compile(r"\s*[日号]\s*"), " "),
    (re.compile(r"\s*[点时]\s*半"), ":30"),
    (re.compile(r"\s*[点时]\s*"), ":"),
    (re.compile(r"\s*分\s*(?=\d)"), ":"),
    (re.compile(r"\s*[分秒]\s*"), " "),
)
_MERIDIEM = re.compile(r"(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上)\s*(.*?)\s*$")
_AFTERNOON = ("中午", "下午", "傍晚", "晚上")
# A date of numbers: its year first (2026-11-20, 2026/11/20, 2026.11.20, 20261120) or last
# (20/11/2026; a two-digit year is refused), then the rest (a time of day, an offset).
_YEAR_FIRST = re.compile(r"(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|(\d\d)(\d\d))(?!\d)(.*)$")
_YEAR_LAST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d\d)(?!\d)(.*)$")
_FRACTION = re.compile(r"(\d:\d\d)[.,]\d+")  # 09:15:00.250: to the second
# UTC+8 and GMT+8 mean +08:00 as people write them (dateutil would read POSIX's -08:00)
_NAMED_OFFSET = re.compile(r"(?i)\b(?:utc|gmt)\s*(?=[+-]\d)")


def _rewritten(raw: str) -> str:
    """``raw`` in the forms dateutil reads as people mean them."""
    cleaned = _NAMED_OFFSET.sub("", raw)
    for pattern, replacement in _CJK:
        cleaned = pattern.sub(replacement, cleaned)
    cleaned = re.sub(r"(\d):(?=\s|$)", r"\1:00", cleaned.strip()).strip(" -")  # 3点 → 3:00
    said = _MERIDIEM.search(cleaned)
    if said:  # 下午 3:00 → 3:00 pm
        half = "pm" if said.group(1) in _AFTERNOON else "am"
        half = "" if re.match(r"(1[3-9]|2[0-3])\b", said.group(2)) else half  # 下午15点
        cleaned = f"{cleaned[: said.start()]} {said.group(2)} {half}".strip()
    return _FRACTION.sub(r"\1", cleaned)


def _dated(raw: str, text: str, order: DateOrder | None) -> tuple[datetime, bool]:
    """A whole date with or without a time of day, and whether it gave a time of day."""
    cleaned = _rewritten(raw)
    numbers = _YEAR_FIRST.match(cleaned)
    if numbers:
        year, _sep, month, day, month8, day8, rest = numbers.groups()
        cleaned = _canonical(int(year), int(month or month8), int(day or day8), rest, text)
    else:
        numbers = _YEAR_LAST.match(cleaned)
        if numbers:
            cleaned = _day_month_year(numbers, text, order)
    try:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            value: datetime = dateparser.parse(cleaned, default=datetime(2000, 1, 1))
            probe: datetime = dateparser.parse(cleaned, default=datetime(2004, 2, 2, 1))
    except (ValueError, OverflowError):
        raise UsageError(
            msg(
                "{text!r} is not a date (write 2026-11-20 09:15, 2026年11月20日 下午3点, "
                "tomorrow 9:30 or +48h)",
                text=text,
            )
        ) from None
    if any(issubclass(w.category, dateparser.UnknownTimezoneWarning) for w in said):
        raise UsageError(
            msg("{text!r}: a time zone name is not read; give its UTC offset (+08:00)", text=text)
        )
    if value.date() != probe.date():  # a part was filled from the default: a guess
        raise UsageError(
            msg(
                "{text!r} is not a whole date: it needs a year, a month and a day "
                "(or today, tomorrow, +2d)",
                text=text,
            )
        )
    return value, value.hour == probe.hour


def _canonical(year: int, month: int, day: int, rest: str, text: str) -> str:
    """The date as ISO 8601 text, then ``rest``; a usage error when there is no such day."""
    if not 1 <= month <= 12:
        raise UsageError(
            msg("{text!r} is not a date: there is no month {month}", text=text, month=month)
        )
    try:
        return date(year, month, day).isoformat() + rest
    except ValueError:
        named = f"{year:04d}-{month:02d}"
        raise UsageError(
            msg("{text!r} is not a date: {month} has no day {day}", text=text, month=named, day=day)
        ) from None


def _day_month_year(found: re.Match[str], text: str, order: DateOrder | None) -> str:
    """``20/11/2026`` as ISO 8601 text: read its one way, or the way ``order`` says when both
    ways name a day; refused when it reads both ways and no order is set."""
    first, _sep, second, year, rest = found.groups()
    if len(year) == 2:
        raise UsageError(
            msg("{text!r} has a two-digit year: write the year in full (YYYY-MM-DD)", text=text)
        )
    readings = {}
    for way, (month, day) in ((DateOrder.mdy, (first, second)), (DateOrder.dmy, (second, first))):
        try:
            readings[way] = date(int(year), int(month), int(day))
        except ValueError:
            continue
    if not readings:
        raise UsageError(
            msg("{text!r} is not a date, whether the day or the month comes first", text=text)
        )
    one, other = readings.get(DateOrder.mdy), readings.get(DateOrder.dmy)
    if one is not None and other is not None and one != other:
        if order is None:
            raise UsageError(
                msg(
                    "{text!r} is ambiguous: {one} or {other}; write it as YYYY-MM-DD "
                    "(or set date_order: dmy or mdy in casectl.yaml)",
                    text=text,
                    one=one.isoformat(),
                    other=other.isoformat(),
                )
            )
        return readings[order].isoformat() + rest
    return next(iter(readings.values())).isoformat() + rest
