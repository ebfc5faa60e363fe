"""The contact rhythm: how often each tier of customer should hear from the team, and which
customers nobody has contacted within theirs. Pure.

A customer's last contact is the latest of its touchpoints and its cases' customer-visible
contacts (the first response, progress updates, the follow-up visit). The rhythm's clock
starts there — or, for a customer never contacted, when its profile was added — and runs for
the tier's target on the SLA clock of casectl.yaml: on the business clock ``14d`` is fourteen
working days, on the calendar clock fourteen days (docs/customers.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from casectl.core.clocks import levels
from casectl.core.clocks.sla import Clock, Clocks, Spec
from casectl.core.config import Config
from casectl.core.customers.profile import Lifecycle, Profile
from casectl.core.durations import Span
from casectl.core.model import Case
from casectl.core.names import fold

CLOCK = "contact"


def case_contact(case: Case) -> datetime | None:
    """The latest contact of a case with its customer up to now: the response, updates, the
    follow-up visit, and the customer's mails after the complaint (a reply: a live mail thread
    is not a customer the team has lost touch with; the complaint itself is no contact)."""
    times = [u.at for u in case.updates]
    times += [m.at for m in case.mails if m.at > case.received_at]
    if case.response is not None:
        times.append(case.response.at)
    follow_up = case.relationship.follow_up
    if follow_up is not None and follow_up.done_at is not None:
        times.append(follow_up.done_at)
    return max(times, default=None)


def target(profile: Profile, config: Config) -> Span | None:
    """The tier's rhythm, or None: no tier, a tier with no rhythm, or a churned customer."""
    if profile.tier is None or profile.lifecycle is Lifecycle.churned:
        return None
    tiers = {fold(name): span for name, span in config.rhythm.items()}
    return tiers.get(fold(profile.tier))


def latest_by_customer(cases: Iterable[tuple[str, datetime | None]]) -> dict[str, datetime]:
    """The latest contact per customer (its folded name), from each case's customer name and
    latest contact."""
    latest: dict[str, datetime] = {}
    for name, at in cases:
        if at is not None:
            key = fold(name)
            if key not in latest or at > latest[key]:
                latest[key] = at
    return latest


def last_contact(profile: Profile, latest: Mapping[str, datetime]) -> datetime | None:
    """The latest of the profile's touchpoints and the contacts of cases naming it by its name
    or an alias (``latest``: from ``latest_by_customer``)."""
    times = [t.at for t in profile.touchpoints]
    times += [latest[k] for k in profile.folded() if k in latest]
    return max(times, default=None)


def clock(profile: Profile, last: datetime | None, book: Clocks) -> Clock | None:
    """The rhythm's clock of one customer as of ``book.now``; None when it has no rhythm or
    nothing to count from."""
    span = target(profile, book.config)
    start = max((t for t in (last, profile.since) if t is not None), default=None)
    if span is None or start is None:
        return None
    start = min(start, book.now)  # a contact "in the future" counts from now
    return book.measure(Spec(kind=CLOCK, start=start, target=span, owner=profile.owner), [])


@dataclass(frozen=True)
class Customer:
    """A customer as the rhythm reads it: its profile, its file, its last contact."""

    profile: Profile
    path: str
    last: datetime | None


@dataclass(frozen=True)
class ContactItem:
    """A customer the gate flags: ``breach`` (nobody contacted it within its rhythm) or
    ``warning`` (due soon)."""

    customer: Customer
    clock: Clock
    level: str

    @property
    def name(self) -> str:
        return self.customer.profile.name

    @property
    def tier(self) -> str:
        return self.customer.profile.tier or ""


def due(
    customers: Iterable[Customer],
    config: Config,
    now: datetime,
    *,
    within: Span | None = None,
    owner: str | None = None,
) -> tuple[int, list[ContactItem]]:
    """How many customers have a running rhythm, and those due a contact, most overdue first."""
    book = Clocks(config, now)
    soon = book.length(within) if within is not None else None
    checked, items = 0, []
    for customer in customers:
        measured = clock(customer.profile, customer.last, book)
        if measured is None:
            continue
        if owner and (measured.owner or "").casefold() != owner.casefold():
            continue
        checked += 1
        flagged = levels.level(measured, soon)
        if flagged is not None:
            items.append(ContactItem(customer, measured, flagged))
    items.sort(key=lambda i: (i.level != "breach", i.clock.due, i.name))
    return checked, items
