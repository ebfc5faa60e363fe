"""What ``casectl import --preview`` shows before anything is imported: the mapping found, a few
values of each column, the values that will not read, and the customer names that are one
customer spelled several ways. Pure.

Two names are one customer when they fold alike (``core.names.fold``: case, spaces, full-width
letters), or when, without a company suffix (有限公司, Co., Ltd.), one begins with the other and
the shorter has at least ``NEAR_CHARS`` characters (华东精密 and 华东精密制造有限公司). The
longest spelling is suggested as the name, the others as its aliases — or a profile's name
when one of the spellings is a name or alias of a profile.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casectl.core.config import Config
from casectl.core.customers.profile import Profile
from casectl.core.names import fold
from casectl.core.transfer.imported import profile_names
from casectl.core.transfer.rows import column_letter
from casectl.core.transfer.sheetmap import CHOICES, TIMES, cell_time, choice, score, text
from casectl.core.transfer.sheetmap import Mapping as SheetMapping
from casectl.core.transfer.status import read_status
from casectl.errors import CasectlError

SAMPLES = 3  # values shown of each column
NEAR_CHARS = 4  # the shortest name another may begin with and still be the same customer
SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "co.,ltd.",
    "co.,ltd", "co.ltd.", "co.ltd", "ltd.", "ltd", "inc.", "inc", "corp.", "corp", "gmbh",
    "llc", ",", ".")  # fmt: skip


@dataclass
class Column:
    """A mapped column: its field, heading, letter and a few of its values."""

    name: str
    heading: str
    letter: str
    samples: list[str] = field(default_factory=list)


@dataclass
class Unread:
    """A value of a column that will not read: how many rows hold it, the first cell, why."""

    name: str
    value: str
    rows: int
    cell: str
    problem: str


@dataclass
class Spellings:
    """Names in the log that are one customer: each spelling and its rows; the profile one
    of them names (None: no profile), and the name suggested with the others as aliases."""

    names: list[tuple[str, int]]
    profile: str | None
    suggested: str

    @property
    def aliases(self) -> list[str]:
        return [n for n, _rows in self.names if n != self.suggested]


@dataclass
class Preview:
    file: str
    sheet: str | None
    header_row: int
    rows: int
    columns: list[Column] = field(default_factory=list)
    unmapped_headings: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # needed fields with no column or default
    unread: list[Unread] = field(default_factory=list)
    customers: list[Spellings] = field(default_factory=list)


def preview(
    rows: Sequence[Sequence[Any]],
    *,
    file: str,
    sheet: str | None,
    mapping: SheetMapping,
    config: Config,
    now: datetime,
    profiles: Sequence[Profile] = (),
) -> Preview:
    """The preview of a log read by ``mapping``."""
    header = (
        [text(c) for c in rows[mapping.header_row - 1]] if len(rows) >= mapping.header_row else []
    )
    body = [r for r in rows[mapping.header_row :] if any(text(c) for c in r)]
    index = {h: i for i, h in reversed(list(enumerate(header)))}
    found = Preview(file, sheet, mapping.header_row, len(body), missing=mapping.missing())
    taken = {mapping.columns[f] for f in mapping.columns}
    found.unmapped_headings = [h for h in header if h and h not in taken]
    where = sheet or file
    for name, heading in mapping.columns.items():
        if heading not in index:
            continue
        at = index[heading]
        values = [text(r[at]) if at < len(r) else "" for r in body]
        column = Column(name, heading, column_letter(at))
        column.samples = list(dict.fromkeys(v for v in values if v))[:SAMPLES]
        found.columns.append(column)
        reader = _reader(name, mapping, config, now)
        if reader is not None:
            found.unread += _unread(name, values, reader, f"{where}!{column.letter}", mapping)
        if name == "customer":
            found.customers = spellings(Counter(v for v in values if v), profiles)
    return found


def _reader(
    name: str, mapping: SheetMapping, config: Config, now: datetime
) -> Callable[[str], object] | None:
    """How a column's value is read, for the columns whose values can fail to read."""
    if name in CHOICES:
        return lambda v: choice(v, name, mapping)
    if name == "status":
        words = mapping.values.get("status", {})
        return lambda v: read_status(v, words, config.import_.status_words)
    if name in ("csat", "nps"):
        return lambda v: score(v, name, mapping)
    if name in TIMES:
        return lambda v: cell_time(v, config.tz, name, now=now, order=config.date_order)
    return None


def _unread(
    name: str,
    values: list[str],
    reader: Callable[[str], object],
    column: str,
    mapping: SheetMapping,
) -> list[Unread]:
    out: dict[str, Unread] = {}
    for number, value in enumerate(values, start=mapping.header_row + 1):
        if not value:
            continue
        if value in out:
            out[value].rows += 1
            continue
        try:
            reader(value)
        except CasectlError as exc:
            out[value] = Unread(name, value, 1, f"{column}{number}", exc.text())
    return list(out.values())


def stem(name: str) -> str:
    """A customer's name folded, without its company suffixes."""
    folded = fold(name)
    cut = True
    while cut:
        cut = False
        for suffix in SUFFIXES:
            if folded.endswith(suffix) and len(folded) > len(suffix):
                folded, cut = folded[: -len(suffix)], True
    return folded


def spellings(counts: Mapping[str, int], profiles: Sequence[Profile] = ()) -> list[Spellings]:
    """The customers the log spells more than one way, or spells other than its profile
    names it."""
    names = profile_names(profiles)
    groups: list[tuple[str, list[str]]] = []  # (the stem they share, the spellings)
    for name in sorted(counts, key=lambda n: (len(stem(n)), n)):
        key = stem(name)
        home = next((g for g in groups if _same(g[0], key)), None)
        if home is None:
            groups.append((key, [name]))
        else:
            home[1].append(name)
    stems = {stem(p): p for p in names.values()}
    out = []
    for key, spelled in groups:
        profile = next((names[fold(n)] for n in spelled if fold(n) in names), None)
        profile = profile or next((p for s, p in stems.items() if _same(s, key)), None)
        if len(spelled) < 2 and (profile is None or spelled[0] == profile):
            continue
        suggested = profile or max(spelled, key=lambda n: (len(n), counts[n], n))
        ordered = sorted(spelled, key=lambda n: (-counts[n], n))
        out.append(Spellings([(n, counts[n]) for n in ordered], profile, suggested))
    return out


def _same(shorter: str, longer: str) -> bool:
    if shorter == longer:
        return True
    short, long = sorted((shorter, longer), key=len)
    return len(short) >= NEAR_CHARS and long.startswith(short)
