"""The gate: which running clocks of open cases ``casectl overdue`` flags (breached, or due
soon), and which cases ``list --breached``/``--due-within`` keep. Pure.

The gate reads *sources*: a case with what it shows of it (``Subject``) and a way to measure its
running clocks as of now — from the whole case (``CaseSource``), or from clocks the index kept
once they settled (storage's entries), which needs no case file at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, TypeVar

from casectl.core.clocks import levels
from casectl.core.clocks.levels import State
from casectl.core.clocks.meter import Clock, Meter, most_urgent

if TYPE_CHECKING:  # judging measured clocks loads no model: the index's rows are enough
    from casectl.core.clocks.sla import Clocks
    from casectl.core.config import Config
    from casectl.core.customers.rhythm import ContactItem
    from casectl.core.durations import Span
    from casectl.core.model import Case


@dataclass(frozen=True)
class Subject:
    """What the gate says of a case: which one, and what it is about."""

    id: str
    title: str
    customer: str
    priority: str

    @classmethod
    def of(cls, case: Case) -> Subject:
        return cls(case.id, case.title, case.customer.name, case.priority.value)


class Source(Protocol):
    """A case as the gate reads it."""

    @property
    def subject(self) -> Subject: ...

    @property
    def open(self) -> bool: ...

    def running(self, book: Clocks) -> list[Clock]:
        """Its clocks still running as of ``book.now``."""
        ...


@dataclass(frozen=True)
class CaseSource:
    """A whole case, measured the long way."""

    case: Case

    @property
    def subject(self) -> Subject:
        return Subject.of(self.case)

    @property
    def open(self) -> bool:
        from casectl.core import lifecycle

        return lifecycle.is_open(self.case)

    def running(self, book: Clocks) -> list[Clock]:
        """Its clocks still running (an unmeasured one never is: it is never flagged)."""
        return [c for c in book.of(self.case) if not c.stopped and c.state is not State.unmeasured]


S = TypeVar("S", bound=Source)


def sources(cases: Iterable[Case]) -> list[CaseSource]:
    return [CaseSource(case) for case in cases]


@dataclass(frozen=True)
class Item:
    """A clock the gate flags: ``breach`` (due is past) or ``warning`` (due soon)."""

    subject: Subject
    clock: Clock
    level: str


@dataclass
class Gate:
    now: datetime
    within: Span | None
    checked: list[tuple[Subject, Clock]] = field(default_factory=list)  # running, open cases
    items: list[Item] = field(default_factory=list)  # most urgent first
    # customers with a contact rhythm (core.rhythm): how many, and those due a contact
    contacts_checked: int = 0
    contacts: list[ContactItem] = field(default_factory=list)

    @property
    def breaches(self) -> int:
        return sum(item.level == "breach" for item in self.items)

    @property
    def warnings(self) -> int:
        return sum(item.level == "warning" for item in self.items)


def overdue(
    cases: Iterable[Source] | Iterable[Case],
    config: Config,
    now: datetime,
    *,
    within: Span | None = None,
    owner: str | None = None,
) -> Gate:
    """Every breached or soon-due clock still running on an open case, most urgent first
    (``judged``), each case measured as of ``now``."""
    from casectl.core.clocks.sla import Clocks

    book = Clocks(config, now)
    measured = ((s.subject, s.running(book)) for s in _as_sources(cases) if s.open)
    return judged(measured, book, within=within, owner=owner)


def judged(
    measured: Iterable[tuple[Subject, list[Clock]]],
    book: Meter,
    *,
    within: Span | None = None,
    owner: str | None = None,
) -> Gate:
    """What the gate flags of the running clocks of open cases, as measured by ``book``.

    A clock is soon due when it is in ``warning`` or, with ``within``, when no more than that
    much counted time is left. A clock that stopped late is history, not flagged; a paused one
    is flagged only when it breached before the pause.
    """
    gate = Gate(now=book.now, within=within)
    for subject, running in measured:
        for clock in running:
            if owner and (clock.owner or "").casefold() != owner.casefold():
                continue
            gate.checked.append((subject, clock))
            soon = book.length(within, clock.counts_on) if within is not None else None
            flagged = levels.level(clock, soon)
            if flagged is not None:
                gate.items.append(Item(subject, clock, flagged))
    gate.items.sort(key=lambda i: (i.level != "breach", i.clock.due, i.subject.id, i.clock.name))
    return gate


def fails(breaches: int, warnings: int, fail_on: str = "breach") -> bool:
    """Whether the gate fails (``overdue`` exits 1): on a breach (``fail_on`` breach, the
    default), on a breach or a warning (``warning``), or never (``never``)."""
    if fail_on == "breach":
        return breaches > 0
    return fail_on == "warning" and breaches + warnings > 0


def qualified(gate: Gate, label: str) -> Gate:
    """``gate`` with its cases named ``label:ID`` (one of several casebooks read at once)."""

    def named(subject: Subject) -> Subject:
        return replace(subject, id=f"{label}:{subject.id}")

    return Gate(
        now=gate.now,
        within=gate.within,
        checked=[(named(s), c) for s, c in gate.checked],
        items=[replace(i, subject=named(i.subject)) for i in gate.items],
        contacts_checked=gate.contacts_checked,
        contacts=list(gate.contacts),
    )


def joined(gates: Sequence[Gate]) -> Gate:
    """Several casebooks' gates as one, most urgent first."""
    first = gates[0]
    gate = Gate(now=first.now, within=first.within)
    for other in gates:
        gate.checked += other.checked
        gate.items += other.items
        gate.contacts_checked += other.contacts_checked
        gate.contacts += other.contacts
    gate.items.sort(key=lambda i: (i.level != "breach", i.clock.due, i.subject.id, i.clock.name))
    gate.contacts.sort(key=lambda i: (i.level != "breach", i.clock.due, i.name))
    return gate


def flagged(
    cases: Iterable[S],
    config: Config,
    now: datetime,
    *,
    breached: bool = False,
    due_within: Span | None = None,
) -> list[S]:
    """The cases ``list --breached`` and ``list --due-within`` keep (both must hold when given).

    A case is breached when one of its running clocks is; it is due within a span when a running
    clock has at most that much counted time left, or is breached already.
    """
    from casectl.core.clocks.sla import Clocks

    book = Clocks(config, now)
    kept = []
    for source in cases:
        running = source.running(book)
        late = any(c.state is State.breached for c in running)
        near = due_within is not None and any(
            c.state is State.breached or c.remaining_working <= book.length(due_within, c.counts_on)
            for c in running
        )
        if (late or not breached) and (near or due_within is None):
            kept.append(source)
    return kept


def standings(cases: Iterable[Source], config: Config, now: datetime) -> list[Clock | None]:
    """Each case's most urgent running clock as of ``now`` (``most_urgent``), in order."""
    from casectl.core.clocks.sla import Clocks

    book = Clocks(config, now)
    return [most_urgent(source.running(book)) if source.open else None for source in cases]


def _as_sources(cases: Iterable[Source] | Iterable[Case]) -> Iterable[Source]:
    from casectl.core.model import Case

    for item in cases:
        yield CaseSource(item) if isinstance(item, Case) else item
