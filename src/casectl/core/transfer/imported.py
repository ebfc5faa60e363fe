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

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def row_key(where: str, key: str, found: Identity | None) -> str | None:
    """A row's source key: its sheet (or file) and key cell, else ``#`` and a hash of its
    identity (None when it has neither)."""
    if key:
        return f"{where}#{key}"
    return None if found is None else "#" + _digest(list(found))


def row_hash(cells: Mapping[str, str]) -> str:
    """The row's cells (as text, by field) as a short hash: a changed cell changes it."""
    return _digest({name: value for name, value in cells.items() if value})


def case_hash(case: Case) -> str:
    """The case's content (its ``source`` left out) as a short hash: times as ISO text with
    their offset, so the case as written and as read back hash alike."""
    text = case.model_dump_json(exclude={"source"})
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class Earlier:
    """The cases earlier imports made (those with a ``source``), by identity, in the order of
    the rows they came from, and by source key."""

    cases: dict[Identity, list[tuple[Key, str]]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # a source key -> its case
    by_id: dict[str, Case] = field(default_factory=dict)

    @classmethod
    def of(cls, cases: Iterable[Case], names: dict[str, str]) -> Earlier:
        found = cls()
        for case in cases:
            if case.source is None:
                continue
            found.by_id[case.id] = case
            if case.source.key and not case.source.key.startswith("#"):
                found.keys.setdefault(case.source.key, case.id)
                continue  # a keyed row is known by its key alone
            key = identity(case.received_at, case.customer.name, names)
            found.cases.setdefault(key, []).append((source_key(case.source), case.id))
        for matches in found.cases.values():
            matches.sort(key=lambda m: (m[0][0], m[0][1] or "", m[0][2], m[1]))
        return found


def match(
    rows: list[tuple[int, Identity | None, str | None]],
    earlier: Earlier,
    where: tuple[str, str | None],
) -> dict[int, str]:
    """Each row imported before (by its number) and its case: a row with a key cell by its
    source key; the others by identity: among rows of one identity, a case imported from this
    very file, sheet and row first, then the others in order."""
    groups: dict[Identity, list[int]] = {}
    matched: dict[int, str] = {}
    for number, key, source in rows:
        if source is not None and not source.startswith("#"):
            if source in earlier.keys:
                matched[number] = earlier.keys[source]
        elif key is not None and key in earlier.cases:
            groups.setdefault(key, []).append(number)
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
