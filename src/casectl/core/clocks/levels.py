"""How urgent a clock is: breached, in warning, or fine. Pure; the one home of the rule.

A clock is *breached* once its due is past and in *warning* within ``warn_before`` of it
(DESIGN §4): ``state`` decides that when a clock is measured (``sla.Clocks.measure``). What the
gate flags — the clocks of the cases ``overdue`` lists, and the customers due a contact — is
``level``: a breach, or a warning, which with ``overdue --within`` also takes a running clock
that has no more than that much counted time left.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, Protocol


class State(StrEnum):
    running = "running"
    paused = "paused"
    warning = "warning"
    breached = "breached"
    met = "met"
    withdrawn = "withdrawn"  # a promise taken back: neither kept nor broken
    unmeasured = "unmeasured"  # an imported step without its time: neither met nor breached


Level = Literal["breach", "warning"]
BREACH: Level = "breach"
WARNING: Level = "warning"


def state(
    *, now: datetime, due: datetime, remaining: timedelta, warn: timedelta, paused: bool
) -> State:
    """A running clock's state: ``breached`` once ``now`` is past ``due`` (paused or not: a
    pause never hides a breach that came before it), ``paused`` while its time does not run,
    ``warning`` when no more than ``warn`` of counted time is ``remaining`` (the due instant
    itself included), ``running`` otherwise."""
    if now > due:
        return State.breached
    if paused:
        return State.paused
    if remaining <= warn:
        return State.warning
    return State.running


class Measured(Protocol):
    """A clock as measured (``sla.Clock``): what ``level`` reads of it."""

    @property
    def state(self) -> State: ...

    @property
    def remaining_working(self) -> timedelta: ...


def level(clock: Measured, soon: timedelta | None = None) -> Level | None:
    """What the gate makes of a running clock: ``breach`` when it is breached, ``warning`` in
    its warning window or — given ``soon`` — when it runs with no more than that much counted
    time left; None when it is fine (a paused clock is never due soon: its time stands still)."""
    if clock.state is State.breached:
        return BREACH
    if clock.state is State.warning:
        return WARNING
    if soon is not None and clock.state is State.running and clock.remaining_working <= soon:
        return WARNING
    return None
