"""Several casebooks read as one (``-C east -C west``, or an org file listing them): the
list, the gate, whole cases for a report or an export, and ``label:ID`` addressing — each
written once here.

Each casebook has a label (its org file's name for it, else its folder's name); where several
are read, a case is named ``label:ID`` and its file is shown from the working directory (or,
for CI tools, from the top of its repository)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from casectl.api.results import Listing, Loaded, Overdue
from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.api.base import Notices
    from casectl.api.casebook import Casebook
    from casectl.api.transfer import Exported, ExportedBook
    from casectl.core.customers.rhythm import ContactItem
    from casectl.core.durations import Span
    from casectl.core.views.listing import ListFilter
    from casectl.errors import CorruptFileError

Given = str | os.PathLike[str]


def open_many(
    given: Sequence[Given],
    *,
    now: str | None = None,
    user: str | None = None,
    notices: Notices | None = None,
) -> Casebooks:
    """Every casebook ``given`` names (folders, or org files listing them), opened, each with
    a unique label."""
    from casectl.api.casebook import Casebook
    from casectl.storage import org

    opened = org.open_all([os.fspath(g) for g in given])
    several = is_several(given)
    books = [
        (
            label,
            Casebook(
                store=store, now=now, user=user, notices=notices, label=label if several else None
            ),
        )
        for label, store in opened
    ]
    return Casebooks(books, several=several)


def is_several(given: Sequence[Given]) -> bool:
    """Whether ``given`` reads several casebooks (then cases are named ``label:ID``): more
    than one, or an org file."""
    from casectl.storage import org

    return len(given) > 1 or (len(given) == 1 and org.is_org_file(os.fspath(given[0])))


class Casebooks:
    """Casebooks read together; the first one's settings (time zone, SLA) read the times."""

    def __init__(self, books: list[tuple[str, Casebook]], *, several: bool = True) -> None:
        if not books:
            raise UsageError(msg("no casebook to read"))
        self.books = books
        self.several = several

    def __iter__(self) -> Iterator[tuple[str, Casebook]]:
        return iter(self.books)

    @property
    def first(self) -> Casebook:
        return self.books[0][1]

    def one(self) -> Casebook:
        """The casebook a command on one casebook works on: a usage error when several are
        read."""
        if self.several:
            raise UsageError(
                msg(
                    "this command works on one casebook: give -C once, with a casebook folder "
                    "(list, overdue, report and export read several)"
                )
            )
        return self.first

    def address(self, given: str) -> tuple[Casebook, str]:
        """The casebook and case ID ``given`` names: ``label:ID`` picks a casebook by its
        label; a bare ID is looked for in each, and must name one case in one of them."""
        label, sep, case_id = given.rpartition(":")
        if sep and label:
            for name, book in self.books:
                if name == label:
                    return book, case_id
            known = ", ".join(name for name, _ in self.books)
            raise UsageError(
                msg(
                    "no casebook is labelled {label!r} (these are: {known})",
                    label=label,
                    known=known,
                )
            )
        if not self.several:
            return self.first, given
        from casectl.errors import UnknownCaseError

        holders = [book for _, book in self.books if _holds(book, given)]
        if len(holders) == 1:
            return holders[0], given
        if not holders:
            raise UnknownCaseError(msg("no case matches {prefix!r}", prefix=given))
        raise UsageError(
            msg(
                "{prefix!r} names cases in several casebooks: give it as LABEL:ID ({labels})",
                prefix=given,
                labels=", ".join(n for n, b in self.books if b in holders),
            )
        )

    def list_cases(
        self,
        wanted: ListFilter | None = None,
        *,
        breached: bool = False,
        due_within: Span | str | None = None,
        standing: bool = False,
        limit: int | None = None,
    ) -> Listing:
        """``Casebook.list_cases`` over every casebook, IDs as ``label:ID`` when several."""
        from copy import copy

        from casectl.core.views import listing

        out = Listing()
        for label, book in self.books:
            found = book.list_cases(
                copy(wanted) if wanted is not None else None,
                breached=breached,
                due_within=due_within,
                standing=standing,
            )
            if self.several:
                out.rows += [
                    {**r, "id": f"{label}:{r['id']}", "casebook": label} for r in found.rows
                ]
            else:
                out.rows += found.rows
            out.skipped += found.skipped
        out.rows.sort(key=listing.sort_key)
        if limit:
            out.rows = out.rows[:limit]
        return out

    def overdue(
        self, *, within: Span | str | None = None, owner: str | None = None, ci: bool = False
    ) -> Overdue:
        """``Casebook.overdue`` over every casebook as one gate, most urgent first."""
        from casectl.core.views import gate

        if not self.several:
            return self.first.overdue(within=within, owner=owner, ci=ci)
        gates, paths, skipped, host = [], {}, [], ""
        for label, book in self.books:
            found = book.overdue(within=within, owner=owner, ci=ci)
            where = partial(_joined, found.prefix) if ci else book.store.shown
            named = gate.qualified(found.gate, label)
            named.contacts = [
                _in_casebook(i, label, where(i.customer.path)) for i in named.contacts
            ]
            paths.update({f"{label}:{k}".upper(): where(v) for k, v in found.paths.items()})
            gates.append(named)
            skipped += found.skipped
            host = host or found.hostname
        return Overdue(
            gate=gate.joined(gates),
            config=self.first.config,
            paths=paths,
            skipped=skipped,
            hostname=host,
        )

    def cases(self) -> Loaded:
        """Whole cases of every casebook (for a report): from several, each named
        ``label:ID`` and measured by the first casebook's settings (said when theirs
        differ)."""
        if not self.several:
            return self.first.cases()
        out = Loaded()
        config = self.first.config
        for label, book in self.books:
            if book.config != config:
                book.warn(
                    msg(
                        "{label}: its settings differ from the first casebook's; the report "
                        "measures every case by the first's",
                        label=label,
                    )
                )
            loaded = book.cases()
            out.cases += [c.model_copy(update={"id": f"{label}:{c.id}"}) for c in loaded.cases]
            out.skipped += loaded.skipped
        return out

    def export(
        self,
        where: Sequence[str] | ListFilter = (),
        *,
        format: str = "csv",
        table: str = "cases",
        to: Given | None = None,
    ) -> Exported:
        """Every case ``where`` keeps (``KEY=VALUE`` texts or a ``ListFilter``; every case by
        default) of every casebook, oldest first in each, exported as ``format``: csv (the
        ``table`` of cases, actions, promises, surveys, events or clocks) or jsonl as text, or
        written to the file ``to``; xlsx and sqlite need ``to``. Clocks are measured as of
        now; a customer named by a profile's name, alias or prefix is every name of it."""
        from copy import copy

        from casectl.api import transfer
        from casectl.core.model import one_of
        from casectl.core.transfer.tables import NAMES

        wanted = transfer.export_filter(where)
        kind = one_of(format, transfer.FORMATS, "format")
        out = transfer.Exported([], self.first.now(), kind, one_of(table, NAMES, "table"))
        if kind in transfer.FILES and to is None:
            raise UsageError(msg("{format} writes a file: say where", format=kind))
        self._zones_told()
        for label, book in self.books:
            part, skipped = _export_part(book, label, copy(wanted))
            out.books.append(part)
            out.skipped += skipped
        if to is None:
            out.text = transfer.export_text(out)
        else:
            transfer.write_export(out, to)
            out.written = os.fspath(to)
        return out

    def _zones_told(self) -> None:
        """Wall times of several zones in one column would sort wrong unsaid."""
        zones = sorted({book.config.timezone for _, book in self.books})
        if len(zones) > 1:
            self.first.warn(
                msg(
                    "the casebooks keep different time zones ({zones}): each time is written "
                    "in its casebook's zone",
                    zones=", ".join(zones),
                )
            )


def _export_part(
    book: Casebook, label: str, wanted: ListFilter
) -> tuple[ExportedBook, list[CorruptFileError]]:
    """The cases of one casebook ``wanted`` keeps, oldest first, as its files name them (not
    renamed to their profiles' names); the files that could not be read are told."""
    from casectl.api.transfer import ExportedBook
    from casectl.core.loop import checks
    from casectl.core.views.listing import row

    loaded = book.store.cases()
    book.skipped(loaded.problems)
    if wanted.customer:  # a profile's name, alias or prefix: every name of it, as list does
        wanted.customer_names = book.customer_names(wanted.customer)
    tz = book.config.tz
    kept = [c for c in loaded.cases if wanted.keeps(row(c, tz))]
    kept.sort(key=lambda c: (c.received_at, c.id))
    paths = [checks.home(c, tz).as_posix() for c in kept]
    return ExportedBook(label, book.config, kept, paths), list(loaded.problems)


def _joined(prefix: str, rel: str) -> str:
    return prefix + rel


def _holds(book: Casebook, prefix: str) -> bool:
    from casectl.errors import UnknownCaseError

    try:
        book.store.resolve(prefix)
    except UnknownCaseError:
        return False
    return True


def _in_casebook(item: ContactItem, label: str, path: str) -> ContactItem:
    """A customer due a contact, named ``label:name`` with its profile's path from here."""
    profile = item.customer.profile.model_copy(
        update={"name": f"{label}:{item.customer.profile.name}"}
    )
    return replace(item, customer=replace(item.customer, profile=profile, path=path))
