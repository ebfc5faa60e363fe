"""WHEN values: ISO 8601, natural dates, and offsets such as ``+48h`` or ``+2d``.

Nothing here reads the clock: "now" and the step's own time are passed in.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta, tzinfo

from dateutil import parser as dateparser

from casectl.errors import UsageError

_OFFSET = re.compile(r"^([+-])\s*((?:\d+\s*[wdhm]\s*)+)$", re.IGNORECASE)
_PART = re.compile(r"(\d+)\s*([wdhm])", re.IGNORECASE)
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1, "今天": 0, "明天": 1, "昨天": -1}
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_offset(text: str) -> timedelta | None:
    """``+48h`` → 48 hours; ``-1d2h``; None when ``text`` is not an offset."""
    match = _OFFSET.match(text.strip())
    if not match:
        return None
    delta = timedelta()
    for amount, unit in _PART.findall(match.group(2)):
        delta += timedelta(**{_UNITS[unit.lower()]: int(amount)})
    return -delta if match.group(1) == "-" else delta


def parse_when(text: str, *, now: datetime, tz: tzinfo, base: datetime | None = None) -> datetime:
    """Turn a WHEN value into an aware datetime.

    ``base`` is what offsets count from (the step's own time), ``now`` by default. A time with no
    offset is read in the team's time zone ``tz``.
    """
    raw = text.strip()
    if not raw:
        raise UsageError("an empty time was given")
    origin = base or now
    lowered = raw.lower()
    if lowered == "now":
        return now
    offset = parse_offset(raw)
    if offset is not None:
        return origin + offset
    if lowered in _WORDS:
        # "tomorrow" is the same time of day, one calendar day on.
        return (origin.astimezone(tz) + timedelta(days=_WORDS[lowered])).astimezone(tz)
    try:
        default = origin.astimezone(tz).replace(hour=0, minute=0, second=0, microsecond=0)
        value = dateparser.parse(raw, default=default.replace(tzinfo=None))
    except (ValueError, OverflowError) as exc:
        reason = (
            str(exc).split(":")[0]
            if "out of range" in str(exc) or "must be" in str(exc)
            else "not a date"
        )
        raise UsageError(f"{reason}: {text!r} (use ISO 8601, a date, or +48h / +2d)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
        # A wall time that does not exist or is ambiguous (a DST switch) resolves as zoneinfo does.
    return value


def now_from_env(tz: tzinfo) -> datetime:
    """``CASECTL_NOW`` when set (for reproducible runs), else the clock."""
    fixed = os.environ.get("CASECTL_NOW")
    if fixed:
        try:
            value = dateparser.isoparse(fixed)
        except (ValueError, OverflowError):
            raise UsageError(f"CASECTL_NOW is not an ISO 8601 time: {fixed!r}") from None
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return datetime.now(tz)


def local(value: datetime, tz: tzinfo) -> datetime:
    """``value`` seen in the team's time zone, for display and storage."""
    return value.astimezone(tz)


def as_date(value: datetime, tz: tzinfo) -> date:
    return value.astimezone(tz).date()
