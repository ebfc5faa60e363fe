"""What the site is built from: one casebook read once, as the library hands it to the
renderer. Pure (a container)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any
from urllib.parse import quote

from casectl.core.clocks.sla import Clock
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

    def customer_page(self, name: str) -> str | None:
        """The path of a customer's page (inside a language's folder), if it has one."""
        stem = self.stems.get(name)
        return f"customers/{quote(stem)}.html" if stem else None
