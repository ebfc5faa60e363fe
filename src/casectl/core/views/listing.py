"""What ``list`` selects and shows, as plain data. Pure: no printing, no files.

``ListFilter`` selects cases; ``row`` is one line of the list; ``sort_key`` orders them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from casectl.core.choices import Stage
from casectl.core.names import fold

if TYPE_CHECKING:  # a list from the index's rows loads no case model: only ``row`` reads one
    from casectl.core.clocks.meter import Clock
    from casectl.core.model import Case


class Row(TypedDict):
    """One line of ``list`` as the index keeps it (a plain dict at run time: JSON in and out).
    Keys that start with ``_`` are what filtering and sorting need; no output shows them."""

    id: str
    stage: str
    priority: str
    category: str
    customer: str
    title: str
    owner: str
    received_at: str
    waiting: bool
    tags: list[str]
    _search: NotRequired[str]  # read from the index only when ``list --text`` asks
    _at: str
    _escalated: list[str]
    _contact: str | None
    _changed: str
    _mails: list[str]  # the Message-IDs of its mails: what intake threads by and skips
    _files: list[list[Any]]  # its attachments as [path, sha256, size]: what validate checks
    sla: NotRequired[str]  # the SLA standing (``with_standing``): the most urgent clock
    sla_clock: NotRequired[str]
    due: NotRequired[str]
    casebook: NotRequired[str]  # the casebook's label, where several are read at once


@dataclass
class ListFilter:
    """What ``list`` keeps; every given criterion must hold."""

    stages: list[Stage] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    owner: str | None = None
    customer: str | None = None
    customer_names: frozenset[str] = frozenset()  # a profile's names, folded: these exactly
    text: str | None = None
    tags: list[str] = field(default_factory=list)
    state: str = "open"  # open, closed or all

    def keeps(self, row: Mapping[str, Any]) -> bool:
        """Whether the case whose ``row`` (``listing.row`` with its private keys) is given
        passes every criterion."""
        current = row["stage"]
        if self.state == "open" and current == Stage.closed:
            return False
        if self.state == "closed" and current != Stage.closed:
            return False
        if self.stages and current not in self.stages:
            return False
        if self.priorities and row["priority"] not in self.priorities:
            return False
        if self.categories and row["category"] not in self.categories:
            return False
        if self.owner and row["owner"].casefold() != self.owner.casefold():
            return False
        if self.customer_names:
            if fold(row["customer"]) not in self.customer_names:
                return False
        elif self.customer and fold(self.customer) not in fold(row["customer"]):
            return False
        if self.tags and not set(self.tags) <= set(row["tags"]):
            return False
        return not (self.text and self.text.casefold() not in row["_search"])


def searchable(case: Case) -> str:
    """The text that ``list --text`` searches, folded for case-insensitive matching."""
    parts = [
        case.id,
        case.title,
        case.customer.name,
        case.customer.contact or "",
        case.description or "",
        case.impact or "",
        case.investigation.root_cause or "",
        case.resolution.summary or "",
        " ".join(case.tags),
        " ".join(n.text for n in case.notes),
    ]
    return "\n".join(parts).casefold()


LIST_COLUMNS = ("id", "stage", "priority", "category", "customer", "title", "owner", "received_at")
# CSV adds, after the table's columns (so scripts reading the first eight by position still
# work), what people filter on in a spreadsheet: the SLA standing and the tags.
CSV_COLUMNS = (*LIST_COLUMNS, "sla", "sla_clock", "due", "waiting", "tags")
TIME_COLUMNS = ("received_at", "due")


def row(case: Case, tz: tzinfo) -> Row:
    """One line of ``list``: the columns people scan, plus what scripts want; and, under
    keys starting with ``_`` that no output shows, what filtering and sorting need."""
    from casectl.core import lifecycle
    from casectl.core.customers.rhythm import case_contact

    return {
        "id": case.id,
        "stage": lifecycle.stage(case).value,
        "priority": case.priority.value,
        "category": case.category.value,
        "customer": case.customer.name,
        "title": case.title,
        "owner": case.owner or "",
        "received_at": case.received_at.astimezone(tz).isoformat(),
        "waiting": lifecycle.is_waiting(case),
        "tags": list(case.tags),
        "_search": searchable(case),
        "_at": case.received_at.astimezone(UTC).isoformat(),
        "_escalated": [x.at.astimezone(UTC).isoformat() for x in case.escalations],
        "_contact": _utc(case_contact(case)),
        "_changed": max((e.at for e in case.timeline), default=case.received_at)
        .astimezone(UTC)
        .isoformat(),
        "_mails": [i for m in case.mails for i in (m.message_id, m.original_id) if i],
        "_files": [[a.path, a.sha256, a.size] for a in case.attachments],
    }


def _utc(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat() if at is not None else None


def with_standing(row: Row, clock: Clock | None, tz: tzinfo) -> Row:
    """The row with its SLA standing: the state of its most urgent running clock (breached,
    warning, running, paused; empty when none runs), that clock's name and due."""
    return {
        **row,
        "sla": clock.state.value if clock else "",
        "sla_clock": clock.name if clock else "",
        "due": clock.due.astimezone(tz).isoformat() if clock else "",
    }


def public(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row as outputs show it."""
    return {k: v for k, v in row.items() if not k.startswith("_")}


def sort_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """Oldest first: by the instant received, then by ID."""
    return (row["_at"], row["id"])
