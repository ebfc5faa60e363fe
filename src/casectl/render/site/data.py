"""What the site is built from: one casebook read once, as the library hands it to the
renderer. Pure (a container)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import quote

from casectl.core.clocks.sla import Clock
from casectl.core.learning.figures import Context
from casectl.core.model import Case
from casectl.core.views.dashboard import Dashboard


@dataclass
class SiteData:
    """The casebook as the site shows it: its cases (oldest first), each open case's clocks,
    the dashboard's figures, every customer's view (``customers``: file stem → the view's
    data, ``stems``: customer name → file stem), the case library's entries and the monthly
    reports' data (month → data). ``public``: the redacted case library alone."""

    name: str
    now: datetime
    tz: tzinfo
    language: str = "zh"
    board: Dashboard = field(default_factory=Dashboard)
    cases: list[Case] = field(default_factory=list)
    clocks: dict[str, list[Clock]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    library: list[dict[str, Any]] = field(default_factory=list)
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    public: bool = False
    redacted: str | None = None
    shared: Shared | None = None
    context: Context | None = None  # the cases measured (clocks, report figures) once
    label: str | None = None  # the casebook's label, where several are built into one site
    version: str = ""  # a fingerprint of the code and words that render the site
    built: dict[str, str] = field(default_factory=dict)  # the last build's pages' inputs

    def work(self) -> Shared:
        """What every language's pages share, worked out once (``Shared.of``)."""
        if self.shared is None:
            self.shared = Shared.of(self)
        return self.shared

    def shown(self, case_id: str) -> str:
        """A case ID as people read it: ``label:ID`` in a site of several casebooks."""
        return f"{self.label}:{case_id}" if self.label else case_id

    def customer_page(self, name: str) -> str | None:
        """The path of a customer's page (inside a language's folder), if it has one."""
        stem = self.stems.get(name)
        return f"customers/{quote(stem)}.html" if stem else None


Parts = tuple[str, list[str], list[str]]  # a case page's facts, texts and sections


@dataclass
class Shared:
    """What the pages of every language share, worked out once for all of them: each case's
    fields as its file holds them (``fields``: case ID → data, ``fields_of``), each
    customer's cases (oldest first) and the case library's search index."""

    fields: dict[str, dict[str, Any]]
    by_customer: dict[str, list[Case]]
    received: dict[str, list[datetime]]  # when each of by_customer's cases came in
    library: list[dict[str, Any]]
    search: str | None = None  # the library's index, its data block made when first asked for
    parts: dict[str, Parts] = field(default_factory=dict)
    told: dict[str, Any] = field(default_factory=dict)  # each case page's inputs but language
    entries: dict[int, str] = field(default_factory=dict)  # the library's, words marked
    chosen: dict[str, list[Case]] = field(default_factory=dict)  # each case's nearest others
    related: dict[str, str] = field(default_factory=dict)  # their list, words marked
    timelines: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    said: dict[tuple[str, str, str | None], str] = field(default_factory=dict)  # each event's

    @classmethod
    def of(cls, site: SiteData) -> Shared:
        by_customer: dict[str, list[Case]] = defaultdict(list)
        for case in site.cases:
            by_customer[case.customer.name].append(case)
        received = {n: [c.received_at for c in own] for n, own in by_customer.items()}
        return cls({}, dict(by_customer), received, site.library)

    def parts_of(self, case: Case, make: Callable[[], Parts]) -> Parts:
        """The parts of the case's page that every language shares (``case._parts``), made
        by ``make`` the first time they are asked for."""
        found = self.parts.get(case.id)
        if found is None:
            found = self.parts[case.id] = make()
        return found

    def fields_of(self, case: Case) -> dict[str, Any]:
        """The case's fields as its file holds them, worked out the first time they are asked
        for (by the pages of one language, or of the process that renders the case)."""
        found = self.fields.get(case.id)
        if found is None:
            found = self.fields[case.id] = case.model_dump(mode="json", exclude_none=True)
        return found
