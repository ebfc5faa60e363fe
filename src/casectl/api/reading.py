"""Reading the casebook as library calls: one case (``show``), the list, the gate (``overdue``),
whole cases in bulk. Bulk reads follow the one policy for files that cannot be read: each is a
notice and is carried in the result's ``skipped``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from casectl.api.base import Base
from casectl.api.results import CaseView, Listing, Loaded, Overdue

if TYPE_CHECKING:
    from casectl.api.baseline import Given
    from casectl.core.customers.rhythm import Customer
    from casectl.core.durations import Span
    from casectl.core.model import Case
    from casectl.core.views.gate import Gate
    from casectl.core.views.listing import ListFilter, Row
    from casectl.errors import CorruptFileError
    from casectl.storage.profiles import Profiles
    from casectl.storage.rows import Entry


def span(value: Span | str | None, name: str) -> Span | None:
    """A duration given as text (``4h``, ``1d``) or a ``Span``; a usage error naming ``name``
    when it is not one."""
    if value is None or not isinstance(value, str):
        return value
    from casectl.core.durations import Span
    from casectl.errors import UsageError
    from casectl.i18n import msg

    try:
        return Span.parse(value)
    except ValueError as exc:
        raise UsageError(msg("{option}: {exc}", option=name, exc=exc)) from None


def reading(book: Base) -> Reading:
    """``book`` as the reader it is: every ``Casebook`` joins ``Reading``, so the other parts
    (customers, learning) may read cases through it."""
    return cast("Reading", book)


class Reading(Base):
    """show, list, overdue; whole cases in bulk."""

    def case(self, case_id: str) -> Case:
        """One case by ID or unique prefix (reads that one file)."""
        return self.store.load(case_id)

    def show(self, case_id: str) -> CaseView:
        """One case with its file's text and its clocks as of now (a file that does not read
        is refused, whatever the format)."""
        from casectl.core.clocks.sla import clocks

        path = self.store.resolve(case_id)[1]
        text = self.store.read_text(path)
        case = self.store.load_path(path)
        now = self.now()
        return CaseView(
            case=case,
            path=self.relative(path),
            text=text,
            clocks=clocks(case, self.config, now),
            now=now,
            config=self.config,
        )

    def entries(self, *want: str) -> tuple[list[Entry], list[CorruptFileError]]:
        """Every case as the index knows it, and the files that could not be read (told)."""
        scan = self.store.entries(*want)
        self.skipped(scan.problems)
        return scan.entries, scan.problems

    def cases(self, *, published: bool = False, profiles: Profiles | None = None) -> Loaded:
        """Every case that reads cleanly (only the case library's, with ``published``), each
        customer named as its profile names it (``profiles``: those already read, else they
        are read here)."""
        loaded = self.store.cases(published=published)
        self.skipped(loaded.problems)
        return Loaded(self._named_by_profiles(loaded.cases, profiles), loaded.problems)

    def _named_by_profiles(self, cases: list[Case], known: Profiles | None) -> list[Case]:
        """The cases with each customer named as its profile names it, so a case that names an
        alias (华东精密) counts with the full name's (华东精密制造有限公司) in every figure."""
        known = known if known is not None else self.profiles()
        if not known.found:
            return cases
        names: dict[str, str] = {}
        out = []
        for case in cases:
            typed = case.customer.name
            name = names.setdefault(typed, known.canonical(typed))
            if name != typed:
                customer = case.customer.model_copy(update={"name": name})
                case = case.model_copy(update={"customer": customer})
            out.append(case)
        return out

    def customer_names(self, typed: str) -> frozenset[str]:
        """Every name (folded) of the customer profile ``typed`` names; empty without one."""
        found = self.profiles().find(typed)
        return frozenset(found.folded()) if found is not None else frozenset()

    def list_cases(
        self,
        wanted: ListFilter | None = None,
        *,
        breached: bool = False,
        due_within: Span | str | None = None,
        standing: bool = False,
        limit: int | None = None,
    ) -> Listing:
        """The cases ``wanted`` keeps (open ones by default), oldest first. ``breached``,
        ``due_within``: only cases with a breached clock, or one due within that span;
        ``standing``: each row with its most urgent clock (sla, sla_clock, due)."""
        from casectl.core.views import listing

        chosen = self._rows(
            wanted or listing.ListFilter(), breached, span(due_within, "--due-within"), standing
        )
        chosen.rows.sort(key=listing.sort_key)
        if limit:
            chosen.rows = chosen.rows[:limit]
        return chosen

    def _rows(
        self, wanted: ListFilter, breached: bool, due_within: Span | None, standing: bool
    ) -> Listing:
        from casectl.core.views import gate, listing

        entries, skipped = self.entries(
            *(["search"] if wanted.text else []),
            *(["settled"] if breached or due_within or standing else []),
        )
        if wanted.customer:
            wanted.customer_names = self.customer_names(wanted.customer)
        state = wanted.state  # open, closed or all: the index knows without reading the row
        chosen = [
            e
            for e in entries
            if (state == "all" or e.open == (state == "open")) and wanted.keeps(e.row)
        ]
        now = self.now()
        if breached or due_within is not None:
            chosen = gate.flagged(
                chosen, self.config, now, breached=breached, due_within=due_within
            )
        rows: list[Row] = [e.row for e in chosen]
        if standing:
            tz = self.config.tz
            clocks = gate.standings(chosen, self.config, now)
            rows = [listing.with_standing(r, c, tz) for r, c in zip(rows, clocks, strict=True)]
        return Listing(rows, list(skipped))

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
        """Every breached or soon-due clock of every open case, and the customers due a
        contact. ``ci``: files named from the top of the git work tree, as CI tools show
        them. ``baseline``, ``write_baseline``, ``update_baseline``: the gate against a
        baseline file (``api.baseline.against``)."""
        from casectl.api.baseline import against
        from casectl.storage import env

        measured, entries, skipped = self._gate(span(within, "--within"), owner)
        paths = {e.key: e.path for e in entries}
        found = Overdue(
            gate=measured,
            config=self.config,
            paths=paths,
            skipped=skipped,
            prefix=env.ci_prefix(self.root) if ci else "",
            hostname=env.hostname() if ci else "",
        )
        return against(found, baseline=baseline, write=write_baseline, update=update_baseline)

    def _gate(
        self, within: Span | None, owner: str | None
    ) -> tuple[Gate, list[Entry], list[CorruptFileError]]:
        from casectl.core.customers import rhythm
        from casectl.core.views import gate

        # The gate names what it could not read as errors (exit 3), not as skipped warnings.
        scan = self.store.entries("settled")
        entries, skipped = scan.entries, scan.problems
        now = self.now()
        measured = gate.overdue(entries, self.config, now, within=within, owner=owner)
        customers, unread = self._rhythm_customers(entries)
        measured.contacts_checked, measured.contacts = rhythm.due(
            customers, self.config, now, within=within, owner=owner
        )
        return measured, entries, [*skipped, *unread]

    def _rhythm_customers(
        self, entries: Sequence[Entry]
    ) -> tuple[list[Customer], list[CorruptFileError]]:
        """The customers whose tier has a contact rhythm, each with its last contact (from the
        index's rows), and the profiles that could not be read."""
        from casectl.storage import profiles

        known = profiles.load(self.store)
        return profiles.rhythm_customers(self.store, known, entries), known.problems
