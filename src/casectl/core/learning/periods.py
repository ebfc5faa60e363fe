"""Report periods (a month, or any span) and the statistics the retrospective uses. Pure."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from casectl.errors import UsageError, field
from casectl.i18n import msg


@dataclass(frozen=True)
class Period:
    """``[start, end)`` in the team's time zone; a month knows it is one."""

    start: datetime
    end: datetime
    label: str
    monthly: bool = False

    def __contains__(self, at: object) -> bool:
        return isinstance(at, datetime) and self.start <= at < self.end

    def before(self) -> Period:
        """The month before a month; otherwise a period as long, ending where this one starts."""
        if self.monthly:
            last = self.start - timedelta(days=1)
            return month(f"{last:%Y-%m}", self.start.tzinfo)  # type: ignore[arg-type]
        length = self.end - self.start
        start = self.start - length
        return Period(start, self.start, f"{start:%Y-%m-%d}..{self.start:%Y-%m-%d}")

    def json(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def month(text: str, tz: tzinfo) -> Period:
    """``YYYY-MM`` as a period; a bad value is a usage error (exit 2)."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(
            msg(
                "{month}: {text!r} is not a month like 2026-11 (YYYY-MM)",
                month=field("month"),
                text=text,
            )
        )
    year, number = int(match.group(1)), int(match.group(2))
    if not 1971 <= year <= 2998:  # with the month before it, in the years casectl keeps
        raise UsageError(
            msg("{month}: {text!r} is out of range (1971 to 2998)", month=field("month"), text=text)
        )
    start = datetime(year, number, 1, tzinfo=tz)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=tz)
    return Period(start, end, f"{year:04d}-{number:02d}", monthly=True)


def _fits(start: datetime, length: timedelta) -> bool:
    """Whether the period of ``length`` before ``start`` lies in the years casectl keeps."""
    from casectl.core.model import in_range

    try:
        return in_range(start - length)
    except OverflowError:
        return False


def span(since: datetime, until: datetime) -> Period:
    """``[since, until)``; the span before it must fit in the years casectl keeps too."""
    if until > since and not _fits(since, until - since):
        raise UsageError(
            msg(
                "{since} ({since2}) is too early: the period before it would start before 1970",
                since=field("since"),
                since2=since.isoformat(),
            )
        )
    if until <= since:
        raise UsageError(
            msg(
                "{until} ({until2}) must be after {since} ({since2})",
                until=field("until"),
                until2=until.isoformat(),
                since=field("since"),
                since2=since.isoformat(),
            )
        )
    return Period(since, until, f"{since:%Y-%m-%d}..{until:%Y-%m-%d}")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) by linear interpolation between closest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def rounded(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
