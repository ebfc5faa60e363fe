"""Which rows of a complaint log were imported before. Pure.

A complaint is known by what its row says about it: when it was received and from which
customer (the name folded — case, spaces, invisible characters and full-width letters ignored —
and read as its profile names it). That stays the same when later columns of the log are filled
in, when the file is renamed or a new month's log reuses a name, and when rows are inserted
above it. Rows of one log with the same received time and customer are told apart by their
order. Only cases an
import made (those with a ``source``) are looked at: a case typed by hand is never taken for a
row. A row whose received time or customer was corrected in the log is a new complaint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from casectl.core.customers.profile import Profile
from casectl.core.model import Case, Source
from casectl.core.names import fold

Key = tuple[str, str | None, int]  # (file, sheet, row): where a case came from
# What a row says about its complaint: when it came in (a POSIX second) and from whom (the
# customer's name folded, as its profile names it). An imported case is found again by this.
Identity = tuple[int, str]


def source_key(source: Source) -> Key:
    return (source.file, source.sheet, source.row)


def profile_names(profiles: Iterable[Profile]) -> dict[str, str]:
    """Every name and alias of the profiles, folded, to the profile's name (the first profile
    that has it)."""
    names: dict[str, str] = {}
    for profile in profiles:
        for name in profile.names():
            names.setdefault(fold(name), profile.name)
    return names


def identity(received: datetime, customer: str, names: dict[str, str]) -> Identity:
    """A complaint's identity: its received time and its customer, folded, by profile name."""
    folded = fold(customer)
    return (int(received.timestamp()), fold(names.get(folded, customer)))


@dataclass
class Earlier:
    """The cases earlier imports made (those with a ``source``), by identity, in the order of
    the rows they came from."""

    cases: dict[Identity, list[tuple[Key, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, cases: Iterable[Case], names: dict[str, str]) -> Earlier:
        found = cls()
        for case in cases:
            if case.source is None:
                continue
            key = identity(case.received_at, case.customer.name, names)
            found.cases.setdefault(key, []).append((source_key(case.source), case.id))
        for matches in found.cases.values():
            matches.sort(key=lambda m: (m[0][0], m[0][1] or "", m[0][2], m[1]))
        return found


def match(
    rows: list[tuple[int, Identity | None]], earlier: Earlier, where: tuple[str, str | None]
) -> dict[int, str]:
    """Each row imported before (by its number) and its case: among rows of one identity, a
    case imported from this very file, sheet and row first, then the others in order."""
    groups: dict[Identity, list[int]] = {}
    for number, key in rows:
        if key is not None and key in earlier.cases:
            groups.setdefault(key, []).append(number)
    matched: dict[int, str] = {}
    for key, numbers in groups.items():
        left = list(earlier.cases[key])
        for number in numbers:
            same = next((m for m in left if m[0] == (*where, number)), None)
            if same is not None:
                matched[number] = same[1]
                left.remove(same)
        for number in numbers:
            if number not in matched and left:
                matched[number] = left.pop(0)[1]
    return matched
