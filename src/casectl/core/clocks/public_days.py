"""A country's public holidays and make-up working days (调休) for one year, and what adding
them to a casebook's calendar changes. Pure: the dates come from storage, which asks the
``holidays`` package.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Offered:
    """What a maintained source lists for ``country`` in ``year``: days off, with their names,
    and weekend days that are worked instead (make-up working days, 调休)."""

    country: str
    year: int
    holidays: dict[date, str]
    workdays: dict[date, str]
    source: str  # the package and its version, for the message and the file's comment
    workdays_known: bool = True  # False: the source lists none yet for a country that has them


@dataclass
class Plan:
    """The dates to add to ``calendar.holidays`` and ``calendar.extra_workdays``."""

    holidays: list[tuple[date, str]] = field(default_factory=list)
    workdays: list[tuple[date, str]] = field(default_factory=list)
    present: int = 0  # offered dates the calendar already lists
    hand_kept: list[date] = field(default_factory=list)  # offered, but in the other list by hand
    unlisted: list[date] = field(default_factory=list)  # the year's dates the source lacks

    @property
    def empty(self) -> bool:
        return not self.holidays and not self.workdays


def plan(holidays: Iterable[date], workdays: Iterable[date], offered: Offered) -> Plan:
    """What adding ``offered`` to a calendar with these ``holidays`` and ``workdays`` adds.

    Only additions: a date already listed stays as it is (its comment too), and a date the
    calendar lists in the *other* list was put there by hand (an office open on a holiday, a
    make-up day not worked) and wins. Dates the source does not list are never removed."""
    have_off, have_on = set(holidays), set(workdays)
    result = Plan()
    for offered_days, same, other, added in (
        (offered.holidays, have_off, have_on, result.holidays),
        (offered.workdays, have_on, have_off, result.workdays),
    ):
        for day, name in sorted(offered_days.items()):
            if day in same:
                result.present += 1
            elif day in other:
                result.hand_kept.append(day)
            else:
                added.append((day, name))
    result.hand_kept.sort()
    listed = offered.holidays.keys() | offered.workdays.keys()
    result.unlisted = sorted(
        day for day in have_off | have_on if day.year == offered.year and day not in listed
    )
    return result
