"""One SLA clock as people read it (``3h left``, ``2h 30m over``) and as stable JSON. Pure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta, tzinfo
from typing import Any, Protocol

from casectl.core.clocks.levels import State
from casectl.core.clocks.meter import Clock
from casectl.i18n import ENGLISH, N_, _, language


class Zoned(Protocol):
    """What showing a clock reads of the settings: the team's time zone (``Config`` has it,
    and so has the ``meter.Frame`` the index keeps)."""

    @property
    def tz(self) -> tzinfo: ...


DAY = 24 * 60
WEEK = 7 * DAY


def span_words(total: int, tr: Callable[[str], str] = _, *, days: bool = True) -> str:
    """``total`` minutes for people, in two units at most and in the reader's language:
    ``3d 4h``, ``23h 40m``, ``10m``; from a week on, days alone (``364d``); in Chinese
    ``3 天 4 小时``, ``364 天``. Working minutes (``days=False``) stay in hours: a working
    day is not 24 of them."""
    total = abs(total)
    days_, rest = divmod(total, DAY) if days else (0, total)
    hours, mins = divmod(rest, 60)
    if days_:
        parts = [(days_, N_("{n}d"))] + ([(hours, N_("{n}h"))] if hours and total < WEEK else [])
    else:
        parts = [(hours, N_("{n}h"))] if hours else []
        parts += [(mins, N_("{n}m"))] if mins or not hours else []
    return " ".join(tr(unit).format(n=n) for n, unit in parts)


def hours_minutes(delta: timedelta) -> str:
    """``22h 30m``: working time reads best in hours (a working day is not 24 of them)."""
    return span_words(minutes(delta), days=False)


CLOCK_KINDS = {
    "first_response": N_("first response"),
    "promise": N_("promise"),
    "investigation": N_("investigation"),
    "action": N_("action"),
    "resolution": N_("resolution"),
    "update_every": N_("progress update"),
    "follow_up": N_("follow-up visit"),
    "review": N_("review"),
}
STATES = {
    "running": N_("running"),
    "paused": N_("paused"),
    "warning": N_("due soon"),
    "breached": N_("breached"),
    "met": N_("met"),
    "withdrawn": N_("withdrawn"),
    "unmeasured": N_("unmeasured"),
}


def clock_label(clock: Clock) -> str:
    """A clock's name as people read it: ``first_response``, ``promise:p1``; in Chinese
    首次响应, 承诺:p1 (the reference stays as it is)."""
    kind = CLOCK_KINDS.get(clock.kind)
    if kind is None or _(kind) == kind:
        return clock.name
    shown = _(kind)
    return f"{shown}:{clock.ref}" if clock.ref else shown


def state_label(state: str) -> str:
    """A clock's state in the reader's language (the English word as it is)."""
    return _(STATES[state]) if language() != ENGLISH and state in STATES else state


def remaining_text(clock: Clock) -> str:
    """What people read: ``working 3h left``, ``2d 4h over``, ``met`` — in English, as JSON
    has it (``remaining_shown`` is the same in the reader's language).

    Clocks with a target on the business clock count working time, and say so; a target on the
    calendar clock counts hours as they pass; fixed dues (promises, actions, follow-up, review)
    are times the customer was given, so they count calendar time.
    """
    return _remaining(clock, lambda text: text)


def remaining_shown(clock: Clock) -> str:
    """``remaining_text`` in the reader's language."""
    return _remaining(clock, _)


def _remaining(clock: Clock, tr: Callable[[str], str]) -> str:
    if clock.stopped and clock.state is State.met:
        return tr(N_("met"))
    if clock.state is State.withdrawn:
        return tr(N_("withdrawn"))
    if clock.state is State.unmeasured:
        return tr(N_("time unknown (imported)"))
    working = bool(clock.target) and clock.counts_on != "calendar"
    wall = abs(minutes(clock.remaining_wall))
    if working and wall < DAY:
        amount = span_words(minutes(clock.remaining_working), tr, days=False)
    else:  # a day or more: the days as they pass (a working day is not 24 hours of work)
        working = False
        amount = span_words(wall, tr)
    if clock.stopped:
        said = tr(N_("working {time} late")) if working else tr(N_("{time} late"))
    elif clock.state is State.breached:
        said = tr(N_("working {time} over")) if working else tr(N_("{time} over"))
    else:
        said = tr(N_("working {time} left")) if working else tr(N_("{time} left"))
    return said.format(time=amount)


def minutes(delta: timedelta) -> int:
    """Whole minutes, rounded toward zero (so -30 s is 0, not -1)."""
    return int(delta.total_seconds() / 60)


def clock_json(clock: Clock, config: Zoned) -> dict[str, Any]:
    """A clock as stable JSON: times in the team's zone, durations in whole minutes."""
    tz = config.tz
    return {
        "name": clock.name,
        "kind": clock.kind,
        "ref": clock.ref,
        "state": clock.state.value,
        "target": clock.target,
        "clock": clock.counts_on,
        "start": clock.start.astimezone(tz).isoformat(),
        "due": clock.due.astimezone(tz).isoformat(),
        "stopped_at": clock.stopped_at.astimezone(tz).isoformat() if clock.stopped_at else None,
        "elapsed_working_minutes": minutes(clock.elapsed_working),
        "elapsed_wall_minutes": minutes(clock.elapsed_wall),
        "remaining_working_minutes": minutes(clock.remaining_working),
        "remaining_wall_minutes": minutes(clock.remaining_wall),
        "paused_minutes": minutes(clock.paused),
        "remaining": remaining_text(clock),
        "owner": clock.owner,
        "note": clock.note,
    }
