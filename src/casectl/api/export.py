"""Cases out as library calls: every case a filter keeps, of one casebook or several, as CSV
(one of six tables: cases, actions, promises, surveys, events, clocks), JSON lines, an .xlsx
workbook or a SQLite file, for spreadsheets and BI tools (docs/spreadsheets.md).

``Casebook.export`` and ``Casebooks.export`` both run ``export`` here: the several-casebook
loop is written once. The library writes the file an export goes to, in the format ``render``
gives it; without one, csv and jsonl come back as text.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.api.reading import Reading
    from casectl.core.config import Config
    from casectl.core.model import Case
    from casectl.core.transfer.tables import Table
    from casectl.core.views.listing import ListFilter
    from casectl.errors import CorruptFileError

Given = str | os.PathLike[str]
Books = Sequence[tuple[str, "Reading"]]  # each casebook with its label

FORMATS = ("csv", "jsonl", "xlsx", "sqlite")  # export's; xlsx and sqlite are only files
FILES = ("xlsx", "sqlite")
WHERE_KEYS = ("stage", "priority", "category", "owner", "customer", "text", "tag", "state")
KEYS = {  # each exported table's primary key, in a SQLite file
    "cases": ("casebook", "id"),
    "actions": ("casebook", "case_id", "id"),
    "promises": ("casebook", "case_id", "id"),
    "surveys": ("casebook", "case_id", "id"),
    "events": ("casebook", "case_id", "seq"),
    "clocks": ("casebook", "case_id", "name"),
}


@dataclass
class ExportedBook:
    """One casebook's part of an export: its label, settings, and the cases kept, oldest
    first, with each case's file as a path in the casebook."""

    label: str
    config: Config
    cases: list[Case] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


@dataclass
class Exported:
    """Cases exported: every casebook's part, "now" (clocks are measured as of the export), the
    format and csv table, and the export itself — the text (csv, jsonl) or the file written."""

    books: list[ExportedBook]
    now: datetime
    format: str = "csv"
    table: str = "cases"
    text: str | None = None  # csv or jsonl, when not written to a file
    written: str | None = None  # the file written
    skipped: list[CorruptFileError] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(b.cases) for b in self.books)

    def tables(self) -> dict[str, Table]:
        """The six tables (cases, actions, promises, surveys, events, clocks) of every
        casebook's cases."""
        from casectl.core.transfer import tables

        return tables.tables(((b.label, b.cases, b.config) for b in self.books), self.now)


def export(
    books: Books,
    where: Sequence[str] | ListFilter = (),
    *,
    format: str = "csv",
    table: str = "cases",
    to: Given | None = None,
) -> Exported:
    """Every case ``where`` keeps (``KEY=VALUE`` texts or a ``ListFilter``; every case by
    default) of every casebook, oldest first in each, exported as ``format``: csv (the
    ``table`` of cases, actions, promises, surveys, events or clocks) or jsonl as text, or
    written to the file ``to``; xlsx and sqlite need ``to``. Clocks are measured as of the
    first casebook's now; a customer named by a profile's name, alias or prefix is every name
    of it."""
    from casectl.core.model import one_of
    from casectl.core.transfer.tables import NAMES

    wanted = export_filter(where)
    kind = one_of(format, FORMATS, "format")
    first = books[0][1]
    out = Exported([], first.now(), kind, one_of(table, NAMES, "table"))
    if kind in FILES and to is None:
        raise UsageError(msg("{format} writes a file: say where", format=kind))
    zones = sorted({book.config.timezone for _, book in books})
    if len(zones) > 1:  # wall times of several zones in one column would sort wrong unsaid
        first.warn(
            msg(
                "the casebooks keep different time zones ({zones}): each time is written in "
                "its casebook's zone",
                zones=", ".join(zones),
            )
        )
    for label, book in books:
        part, skipped = _part(book, label, copy(wanted))
        out.books.append(part)
        out.skipped += skipped
    if to is None:
        out.text = export_text(out)
    else:
        write_export(out, to)
        out.written = os.fspath(to)
    return out


def _part(
    book: Reading, label: str, wanted: ListFilter
) -> tuple[ExportedBook, list[CorruptFileError]]:
    """The cases of one casebook ``wanted`` keeps, oldest first, as its files name them (not
    renamed to their profiles' names); the files that could not be read are told."""
    from casectl.core.loop import checks
    from casectl.core.views.listing import ListFilter, row

    loaded = book.store.cases()
    book.skipped(loaded.problems)
    if wanted.customer:  # a profile's name, alias or prefix: every name of it, as list does
        wanted.customer_names = book.customer_names(wanted.customer)
    tz = book.config.tz
    if wanted == ListFilter(state="all"):  # every case: no row to work out
        kept = list(loaded.cases)
    else:
        kept = [c for c in loaded.cases if wanted.keeps(row(c, tz))]
    kept.sort(key=lambda c: (c.received_at, c.id))
    paths = [checks.home(c, tz).as_posix() for c in kept]
    return ExportedBook(label, book.config, kept, paths), list(loaded.problems)


def export_filter(where: Sequence[str] | ListFilter = ()) -> ListFilter:
    """What an export keeps: ``KEY=VALUE`` texts (keys: stage, priority, category, owner,
    customer, text, tag, state=open|closed|all) as a list filter — every case, open or
    closed, unless ``state`` says otherwise; a ``ListFilter`` as it is."""
    from casectl.core.model import Category, Priority, Stage, one_of
    from casectl.core.views import listing
    from casectl.errors import field as option

    if isinstance(where, listing.ListFilter):
        return where
    wanted = listing.ListFilter(state="all")
    for pair in where:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(
                msg("{where}: {pair!r} is not KEY=VALUE", where=option("where"), pair=pair)
            )
        key = one_of(key, WHERE_KEYS, "where")
        value = value.strip()
        if key == "stage":
            wanted.stages.append(Stage(_where_choice(key, value, [s.value for s in Stage])))
        elif key == "priority":
            wanted.priorities.append(_where_choice(key, value, [p.value for p in Priority]))
        elif key == "category":
            wanted.categories.append(_where_choice(key, value, [c.value for c in Category]))
        elif key == "tag":
            wanted.tags.append(value)
        elif key == "state":
            wanted.state = _where_choice(key, value, ["open", "closed", "all"])
        else:
            setattr(wanted, key, value)
    return wanted


def _where_choice(key: str, value: str, allowed: list[str]) -> str:
    """A ``KEY=VALUE``'s value as one of ``allowed``; a usage error naming the pair's key
    (``where stage=``) and the allowed values otherwise."""
    from casectl.errors import field as option

    wanted = value.strip().lower()
    if wanted not in allowed:
        raise UsageError(
            msg(
                "{where} {key}=: {value!r} is not one of: {items}",
                where=option("where"),
                key=key,
                value=value,
                items=", ".join(allowed),
            )
        )
    return wanted


def write_export(found: Exported, to: Given) -> None:
    """``found`` written to the file ``to`` in its format: csv (one table) and jsonl as text;
    xlsx a sheet a table; sqlite a table each, keyed by casebook and ID."""
    from casectl.api.env import write_output
    from casectl.render import export as shown
    from casectl.storage import exports

    if found.format == "xlsx":
        exports.write_xlsx(Path(to), shown.sheets(found.tables().values()))
    elif found.format == "sqlite":
        exports.write_sqlite(Path(to), found.tables().values(), KEYS)
    else:
        write_output(to, export_text(found))


def export_text(found: Exported) -> str:
    """A csv or jsonl export's text: the chosen table as Excel-safe CSV, or one case a
    line as ``show --format json`` gives it (with its casebook)."""
    from casectl.render import export as shown

    if found.format == "jsonl":
        parts = [(b.label, b.cases, b.config, b.paths) for b in found.books]
        return shown.jsonl(parts, found.now)
    return shown.csv(found.tables()[found.table])
