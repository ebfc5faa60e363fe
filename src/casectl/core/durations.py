"""Durations as written in casectl.yaml and on the command line: ``1h``, ``30m``, ``2d``, ``1d4h``.

A ``Span`` keeps days apart from hours and minutes, because on the business clock ``d`` counts
working days while ``h`` and ``m`` count working time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from casectl.i18n import msg

MAX_DAYS = 100 * 365  # no target, offset or reminder reaches further
_PART = re.compile(r"(\d+)\s*([wdhm])", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*(?:\d+\s*[wdhm]\s*)+$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Span:
    """A length of time: whole days plus minutes (``1d4h`` is days=1, minutes=240)."""

    days: int = 0
    minutes: int = 0

    @classmethod
    def parse(cls, text: str) -> Span:
        """Parse ``2d``, ``8h``, ``90m``, ``1w``, ``1d4h``; raise ValueError otherwise."""
        if not isinstance(text, str) or not _WHOLE.match(text):
            raise ValueError(
                msg("not a duration: {text!r} (use e.g. 30m, 4h, 2d, 1d4h)", text=text)
            )
        days = minutes = 0
        for amount, unit in _PART.findall(text):
            n = int(amount)
            unit = unit.lower()
            if unit == "w":
                days += 7 * n
            elif unit == "d":
                days += n
            elif unit == "h":
                minutes += 60 * n
            else:
                minutes += n
        if days + minutes // (24 * 60) > MAX_DAYS:
            raise ValueError(
                msg(
                    "too long a duration: {text!r} (at most {value} years)",
                    text=text,
                    value=MAX_DAYS // 365,
                )
            )
        return cls(days=days, minutes=minutes)

    def as_timedelta(self) -> timedelta:
        """The span as wall-clock time (a day is 24 hours)."""
        return timedelta(days=self.days, minutes=self.minutes)

    def __str__(self) -> str:
        parts = []
        if self.days:
            parts.append(f"{self.days}d")
        hours, minutes = divmod(self.minutes, 60)
        if hours:
            parts.append(f"{hours}h")
        if minutes:
            parts.append(f"{minutes}m")
        return "".join(parts) or "0m"


def format_timedelta(delta: timedelta) -> str:
    """``1d 4h 30m`` style, for people; negative deltas get a leading minus."""
    total = int(delta.total_seconds() // 60)
    sign = "-" if total < 0 else ""
    total = abs(total)
    days, rest = divmod(total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days}d")
    if hours:
        parts.append(f"{hours}h")
    if minutes or not parts:
        parts.append(f"{minutes}m")
    return sign + " ".join(parts)
