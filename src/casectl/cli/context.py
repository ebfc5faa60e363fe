"""What every command shares: the global options (kept in the click context's ``obj``), the
casebook, "now", and who is acting. The core loads on first use, so ``--help`` stays fast.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import typer

from casectl.cli import output

if TYPE_CHECKING:
    from casectl.core.steps import Who
    from casectl.storage.store import Casebook

FUTURE_SLACK = timedelta(minutes=5)  # clocks of two machines may differ a little


@dataclass
class State:
    """Global options (-C, --debug) of the command being run, and what it opened."""

    casebook: str | None = None
    debug: bool = False
    book: Casebook | None = field(default=None, repr=False)


RUNNING: ContextVar[typer.Context | None] = ContextVar("casectl_running", default=None)


def state() -> State:
    """The running command's state: the root context's ``obj``, which the global options'
    callback sets (a fresh one outside a command)."""
    ctx = RUNNING.get()
    obj = ctx.obj if ctx is not None else None
    if not isinstance(obj, State):
        obj = State()
        if ctx is not None:
            ctx.obj = obj
    return obj


def book() -> Casebook:
    """The casebook this command works on (opened once)."""
    st = state()
    if st.book is None:
        from casectl.storage.store import Casebook

        st.book = Casebook.open(st.casebook)
    return st.book


def now() -> datetime:
    from casectl.storage import env

    return env.now(book().config.tz)


def when(text: str | None, *, base: datetime | None = None) -> datetime:
    """A WHEN option's value (default: now), as an aware time in the team's zone."""
    from casectl.core.timeparse import parse_when

    current = now()
    tz = book().config.tz
    if text is None:
        return (base or current).astimezone(tz)
    return parse_when(text, now=current, tz=tz, base=base).astimezone(tz)


def who(at: str | None, by: str | None) -> Who:
    """When the step happened (``--at``) and who did it (``--by``)."""
    from casectl.core.steps import Who
    from casectl.storage import env

    moment = when(at)
    current = now()
    if moment - current > FUTURE_SLACK:
        output.warn(
            f"--at {moment.isoformat()} is later than now ({current.isoformat()}); "
            "recorded as given"
        )
    return Who(at=moment, by=env.user(by))
