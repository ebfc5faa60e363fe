"""Several casebooks read as one (``-C east -C west``, or an org file listing them): the
list, the gate, whole cases for a report or an export, and ``label:ID`` addressing — each
written once here.

Each casebook has a label (its org file's name for it, else its folder's name); where several
are read, a case is named ``label:ID`` and its file is shown from the working directory (or,
for CI tools, from the top of its repository)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.api.results import Listing, Loaded, Overdue
from casectl.errors import AmbiguousCaseError, UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.api.base import Notices, When
    from casectl.api.casebook import Casebook
    from casectl.api.export import Exported
    from casectl.api.learning import Report
    from casectl.api.site import SiteBuilt, SiteWatch
    from casectl.core.customers.rhythm import ContactItem
    from casectl.core.durations import Span
    from casectl.core.views.listing import ListFilter

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
        from casectl.errors import not_found

        holders = [
            (name, book, found) for name, book in self.books if (found := _held(book, given))
        ]
        if len(holders) == 1:
            return holders[0][1], holders[0][2]
        if not holders:
            raise not_found("case", given)
        raise AmbiguousCaseError(
            msg(
                "{prefix!r} names cases in several casebooks: give it as LABEL:ID ({labels})",
                prefix=given,
                labels=", ".join(f"{name}:{found}" for name, _, found in holders),
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
        self,
        *,
        within: Span | str | None = None,
        owner: str | None = None,
        ci: bool = False,
        baseline: Given | None = None,
        write_baseline: Given | None = None,
        update_baseline: bool = False,
    ) -> Overdue:
        """``Casebook.overdue`` over every casebook as one gate, most urgent first; against
        one baseline file when given (its entries name cases ``label:ID``)."""
        from casectl.api.baseline import against
        from casectl.core.views import gate

        if not self.several:
            return self.first.overdue(
                within=within,
                owner=owner,
                ci=ci,
                baseline=baseline,
                write_baseline=write_baseline,
                update_baseline=update_baseline,
            )
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
        found = Overdue(
            gate=gate.joined(gates),
            config=self.first.config,
            paths=paths,
            skipped=skipped,
            hostname=host,
        )
        return against(found, baseline=baseline, write=write_baseline, update=update_baseline)

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

    def report(self, *, month: str | None = None, since: When = None, until: When = None) -> Report:
        """``Casebook.report`` over the cases of every casebook (``cases``), measured by the
        first casebook's settings and checking its plans."""
        first = self.first
        period = first.report_period(month=month, since=since, until=until)
        return first.report_of(period, self.cases())

    def site(self, folder: str | Path, *, public: bool = False) -> SiteBuilt:
        """``Casebook.site`` of every casebook: from several, one site with a folder per
        casebook (its label) and a front page listing them, cases named ``label:ID``."""
        from casectl.api import sites

        if not self.several:
            return self.first.site(folder, public=public)
        return sites.build(self.books, folder, public=public)

    def serve_site(self, ready: Callable[[str], None], *, port: int = 8000) -> None:
        """``Casebook.serve_site`` of every casebook (the site ``site`` builds)."""
        from casectl.api import sites

        if not self.several:
            return self.first.serve_site(ready, port=port)
        return sites.serve_all(self.books, ready, port)

    def site_watch(self, folder: str | Path) -> SiteWatch:
        """``Casebook.site_watch`` of every casebook (the site ``site`` builds)."""
        from casectl.api import sites

        if not self.several:
            return self.first.site_watch(folder)
        return sites.watch(self.books, folder)

    def export(
        self,
        where: Sequence[str] | ListFilter = (),
        *,
        format: str = "csv",
        table: str = "cases",
        to: Given | None = None,
    ) -> Exported:
        """Every casebook's cases exported as one (``casectl.api.export.export``), each row
        naming its casebook."""
        from casectl.api import export

        return export.export(self.books, where, format=format, table=table, to=to)


def _joined(prefix: str, rel: str) -> str:
    return prefix + rel


def _held(book: Casebook, given: str) -> str | None:
    """The ID of the one case of ``book`` that ``given`` names, or None when none does
    (several: the ambiguity error, listing them)."""
    from casectl.errors import UnknownCaseError

    try:
        return book.store.resolve(given)[0]
    except UnknownCaseError:
        return None


def _in_casebook(item: ContactItem, label: str, path: str) -> ContactItem:
    """A customer due a contact, named ``label:name`` with its profile's path from here."""
    profile = item.customer.profile.model_copy(
        update={"name": f"{label}:{item.customer.profile.name}"}
    )
    return replace(item, customer=replace(item.customer, profile=profile, path=path))
