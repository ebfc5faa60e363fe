"""The gate: which running clocks of open cases ``casectl overdue`` flags (breached, or due
soon), and which cases ``list --breached``/``--due-within`` keep. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from casectl.core import lifecycle
from casectl.core.config import Config
from casectl.core.durations import Span
from casectl.core.model import Case
from casectl.core.sla import Clock, Clocks, State


@dataclass(frozen=True)
class Item:
    """A clock the gate flags: ``breach`` (due is past) or ``warning`` (due soon)."""

    case: Case
    clock: Clock
    level: str


@dataclass
class Gate:
    now: datetime
    within: Span | None
    checked: list[tuple[Case, Clock]] = field(default_factory=list)  # running clocks, open cases
    items: list[Item] = field(default_factory=list)  # most urgent first

    @property
    def breaches(self) -> int:
        return sum(item.level == "breach" for item in self.items)

    @property
    def warnings(self) -> int:
        return sum(item.level == "warning" for item in self.items)


def overdue(
    cases: Iterable[Case],
    config: Config,
    now: datetime,
    *,
    within: Span | None = None,
    owner: str | None = None,
) -> Gate:
    """Every breached or soon-due clock still running on an open case, most urgent first.

    A clock is soon due when it is in ``warning`` or, with ``within``, when no more than that
    much counted time is left. A clock that stopped late is history, not flagged; a paused one
    is flagged only when it breached before the pause.
    """
    book = Clocks(config, now)
    soon = book.length(within) if within is not None else None
    gate = Gate(now=book.now, within=within)
    for case in cases:
        if not lifecycle.is_open(case):
            continue
        for clock in book.of(case):
            if clock.stopped or (owner and (clock.owner or "").casefold() != owner.casefold()):
                continue
            gate.checked.append((case, clock))
            due_soon = soon is not None and clock.remaining_working <= soon
            if clock.state is State.breached:
                gate.items.append(Item(case, clock, "breach"))
            elif clock.state is State.warning or (due_soon and clock.state is State.running):
                gate.items.append(Item(case, clock, "warning"))
    gate.items.sort(key=lambda i: (i.level != "breach", i.clock.due, i.case.id, i.clock.name))
    return gate


def flagged(
    cases: Iterable[Case],
    config: Config,
    now: datetime,
    *,
    breached: bool = False,
    due_within: Span | None = None,
) -> list[Case]:
    """The cases ``list --breached`` and ``list --due-within`` keep (both must hold when given).

    A case is breached when one of its running clocks is; it is due within a span when a running
    clock has at most that much counted time left, or is breached already.
    """
    book = Clocks(config, now)
    soon = book.length(due_within) if due_within is not None else None
    kept = []
    for case in cases:
        running = [c for c in book.of(case) if not c.stopped]
        late = any(c.state is State.breached for c in running)
        near = soon is not None and any(
            c.state is State.breached or c.remaining_working <= soon for c in running
        )
        if (late or not breached) and (near or due_within is None):
            kept.append(case)
    return kept
