"""What every command shares: the global options (kept in the click context's ``obj``), the
casebook, "now", and who is acting. The core loads on first use, so ``--help`` stays fast.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import typer

from casectl.cli import output
from casectl.i18n import N_, _, msg

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))

if TYPE_CHECKING:
    from casectl.core.loop.steps import Who
    from casectl.storage.store import Casebook

FUTURE_SLACK = timedelta(minutes=5)  # clocks of two machines may differ a little


@dataclass
class State:
    """Global options (-C, --debug) of the command being run, and what it opened."""

    casebook: str | None = None
    debug: bool = False
    book: Casebook | None = field(default=None, repr=False)
    casebooks: list[str] = field(default_factory=list)  # every -C given (list, report, …)
    opened: list[tuple[str, Casebook]] | None = field(default=None, repr=False)


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


def one_casebook() -> str | None:
    """The casebook named by ``-C`` (None: found as git finds .git); a usage error when this
    command was given several, or an org file."""
    from casectl.errors import UsageError
    from casectl.storage import org

    st = state()
    if len(st.casebooks) > 1 or (st.casebook and org.is_org_file(st.casebook)):
        raise UsageError(
            msg(
                "this command works on one casebook: give -C once, with a casebook folder "
                "(list, overdue, report and export read several)"
            )
        )
    return st.casebook


def book() -> Casebook:
    """The casebook this command works on (opened once)."""
    st = state()
    if st.book is None:
        from casectl.storage.store import Casebook

        st.book = Casebook.open(one_casebook())
    return st.book


def books() -> list[tuple[str, Casebook]]:
    """Every casebook this command reads, with the label that names it: those ``-C`` names
    (folders, or org files listing them), else the one found as git finds .git."""
    st = state()
    if not st.casebooks:
        opened = book()
        return [(opened.root.name, opened)]
    from casectl.storage import org

    if st.opened is None:
        st.opened = org.open_all(st.casebooks)
    return st.opened


def qualified() -> bool:
    """Whether this command reads several casebooks (then IDs are shown as ``label:ID``)."""
    st = state()
    if len(st.casebooks) > 1:
        return True
    from casectl.storage import org

    return bool(st.casebooks) and org.is_org_file(st.casebooks[0])


def primary() -> Casebook:
    """The casebook whose settings (time zone) read this command's times: the first of
    several."""
    return books()[0][1] if state().casebooks else book()


def now() -> datetime:
    return now_in(primary())


def now_in(opened: Casebook) -> datetime:
    """ "Now" (``CASECTL_NOW``, else the clock) in ``opened``'s time zone."""
    from casectl.storage import env

    return env.now(opened.config.tz)


def when(text: str | None, *, base: datetime | None = None, due: bool = False) -> datetime:
    """A WHEN option's value (default: now), as an aware time in the team's zone. A ``due``
    that names a day without a time of day means the end of that working day, and how a value
    other than a full time was read is said on stderr."""
    from casectl.core.dates import parse_when

    current = now()
    config = primary().config
    if text is None:
        return (base or current).astimezone(config.tz)
    ends = day_end(config) if due else None
    value = parse_when(text, now=current, tz=config.tz, base=base, day_ends=ends)
    value = value.astimezone(config.tz)
    if due and not _full_time(text):
        said = _("due {text!r} read as {when} ({weekday})")
        weekday = _(WEEKDAYS[value.weekday()])
        output.info(said.format(text=text, when=f"{value:%Y-%m-%d %H:%M %Z}", weekday=weekday))
        if config.calendar is not None:
            from casectl.core.clocks.calendar import WorkCalendar

            if not WorkCalendar(config.tz, config.calendar).is_workday(value.date()):
                output.warn(
                    _("{day} is not a working day on the team's calendar").format(
                        day=f"{value:%Y-%m-%d}"
                    )
                )
    return value


def day_end(config: Any) -> time:
    """When the team's working day ends (the last working interval's end; 23:59:59 on a 24x7
    clock)."""
    hours = config.calendar.hours if config.calendar is not None else []
    last = hours[-1].end if hours else None
    return last if last is not None else time(23, 59, 59)


def _full_time(text: str) -> bool:
    """Whether ``text`` is a full ISO 8601 time with its offset (then nothing needs saying)."""
    import re

    return bool(re.match(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?([+-]\d\d:?\d\d|Z)$", text.strip()))


def who(at: str | None, by: str | None) -> Who:
    """When the step happened (``--at``) and who did it (``--by``)."""
    from casectl.core.loop.steps import Who
    from casectl.storage import env

    moment = when(at)
    current = now()
    if moment - current > FUTURE_SLACK:
        said = _("--at {at} is later than now ({now}); recorded as given")
        output.warn(said.format(at=moment.isoformat(), now=current.isoformat()))
    return Who(at=moment, by=env.user(by))
