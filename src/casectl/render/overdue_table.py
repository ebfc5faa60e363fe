"""``casectl overdue`` for people: the flagged clocks and the customers due a contact as
tables fitted to the terminal, coloured by level. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from casectl.core.clocks.meter import Clock
from casectl.core.views.gate import Item
from casectl.i18n import _
from casectl.render.clocks import clock_label, remaining_shown
from casectl.render.gate_report import CONTACT_HEADERS, LEVELS, TABLE_HEADERS, Report
from casectl.render.text import Table

if TYPE_CHECKING:
    from casectl.core.customers.rhythm import ContactItem


def short(report: Report, at: datetime) -> str:
    """``11-24 09:30`` in the year of the report (``2027-01-05`` in another): a table's due."""
    local = at.astimezone(report.config.tz)
    same = local.year == report.gate.now.astimezone(report.config.tz).year
    return local.strftime("%m-%d %H:%M" if same else "%Y-%m-%d")


def table(report: Report, items: Sequence[Item] | None = None) -> Table:
    """The flagged clocks for people, most urgent first (those the baseline does not know,
    when there is one; ``items`` when given)."""
    chosen = report.shown_items if items is None else items
    rows = [_row(report, item) for item in chosen]
    where = TABLE_HEADERS.index
    return Table(
        [_(h) for h in TABLE_HEADERS],
        rows,
        tones=[item.level for item in chosen],
        keep=(where("case"), where("due"), where("remaining")),
        wrap=(where("title"),),
        drop=(where("level"), where("owner")),  # the time left says over or left
    )


def _row(report: Report, item: Item) -> list[str]:
    clock: Clock = item.clock
    due = short(report, clock.due)
    owner = clock.owner or ""
    return [
        _(LEVELS[item.level]) if item.level in LEVELS else item.level,
        item.subject.id,
        clock_label(clock),
        due,
        remaining_shown(clock),
        owner,
        item.subject.title,
    ]


def contact_table(report: Report) -> Table:
    """The customers due a contact, most overdue first."""
    headers = [_(h) for h in CONTACT_HEADERS]
    where = CONTACT_HEADERS.index
    return Table(
        headers,
        [_contact_row(report, i) for i in report.gate.contacts],
        tones=[item.level for item in report.gate.contacts],
        keep=(where("due"), where("remaining")),
        wrap=(where("customer"),),
        drop=(where("last contact"),),
    )


def _contact_row(report: Report, item: ContactItem) -> list[str]:
    last = item.customer.last
    return [
        _("overdue") if item.level == "breach" else _("due soon"),
        item.name,
        item.tier,
        short(report, last) if last else _("never"),
        short(report, item.clock.due),
        remaining_shown(item.clock),
        item.clock.owner or "",
    ]
