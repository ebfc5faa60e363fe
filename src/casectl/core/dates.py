"""WHEN values: ISO 8601, natural dates, and offsets such as ``+48h`` or ``+2d``.

Nothing here reads the clock: "now" and the step's own time are passed in.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from dateutil import parser as dateparser

from casectl.core.durations import Span
from casectl.core.model import in_range
from casectl.errors import UsageError
from casectl.i18n import msg

_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1, "今天": 0, "明天": 1, "昨天": -1}


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
) -> datetime:
    """Turn a WHEN value into an aware datetime, to the second.

    ``base`` is what offsets count from (the step's own time), ``now`` by default. A time with no
    offset is read in the team's time zone ``tz``. Only the years 1970 to 2999 are accepted.
    With ``day_ends`` (for a due: the end of the working day), a value that names a day but no
    time of day — ``tomorrow``, ``明天``, ``2026-11-25`` — means that time of that day.
    """
    try:
        value = _parse(text, now=now, tz=tz, base=base, day_ends=day_ends)
        value = value.replace(microsecond=0)
        if in_range(value):
            return value
    except OverflowError:
        pass
    raise UsageError(
        msg("out of range: {text!r} (casectl keeps times from 1970 to 2999)", text=text)
    )


def _parse(
    text: str, *, now: datetime, tz: tzinfo, base: datetime | None, day_ends: time | None
) -> datetime:
    raw = text.strip()
    if not raw:
        raise UsageError(msg("an empty time was given"))
    origin = base or now
    lowered = raw.lower()
    if lowered == "now":
        return now
    try:
        offset = parse_offset(raw)
    except ValueError as exc:  # a duration too long
        raise UsageError(msg("{exc} in {text!r}", exc=exc, text=text)) from None
    if offset is not None:
        return origin + offset
    if lowered in _WORDS:
        day = origin.astimezone(tz) + timedelta(days=_WORDS[lowered])
        if day_ends is not None:  # a due "tomorrow" is the end of tomorrow's working day
            return _at(day.date(), day_ends, tz)
        return day.astimezone(tz)  # "tomorrow" as a time: the same time of day, a day on
    try:
        default = origin.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        value = dateparser.parse(raw, default=default.replace(tzinfo=None))
        if day_ends is not None and value.tzinfo is None:
            other = dateparser.parse(raw, default=default.replace(tzinfo=None, hour=1, minute=1))
            if (other.hour, other.minute) != (value.hour, value.minute):  # no time was given
                return _at(value.date(), day_ends, tz)
    except (ValueError, OverflowError) as exc:
        reason = (
            str(exc).split(":")[0]
            if "out of range" in str(exc) or "must be" in str(exc)
            else msg("not a date")
        )
        raise UsageError(
            msg(
                "{reason}: {text!r} (use ISO 8601, a date, or +48h / +2d)", reason=reason, text=text
            )
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
        # A wall time that does not exist or is ambiguous (a DST switch) resolves as zoneinfo does.
    return value


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    """``clock`` o'clock on ``day`` in ``tz``."""
    return datetime.combine(day, clock).replace(tzinfo=tz)
