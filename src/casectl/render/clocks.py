"""One SLA clock as people read it (``3h left``, ``2h 30m over``) and as stable JSON. Pure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from casectl.core.config import Config
from casectl.core.durations import format_timedelta
from casectl.core.sla import Clock, State


def hours_minutes(delta: timedelta) -> str:
    """``22h 30m``: working time reads best in hours (a working day is not 24 of them)."""
    hours, mins = divmod(abs(minutes(delta)), 60)
    return f"{hours}h {mins}m" if hours and mins else f"{hours}h" if hours else f"{mins}m"


def remaining_text(clock: Clock) -> str:
    """What people read: ``working 3h left``, ``2d 4h over``, ``met``.

    Clocks with a target on the business clock count working time, and say so; a target on the
    calendar clock counts hours as they pass; fixed dues (promises, actions, follow-up, review)
    are times the customer was given, so they count calendar time.
    """
    if clock.target and clock.counts_on == "calendar":
        amount = hours_minutes(clock.remaining_working)
    elif clock.target:
        amount = "working " + hours_minutes(clock.remaining_working)
    else:
        amount = format_timedelta(abs(clock.remaining_wall))  # 3d 22h
    if clock.stopped:
        return "met" if clock.state is State.met else f"{amount} late"
    return f"{amount} {'over' if clock.state is State.breached else 'left'}"


def minutes(delta: timedelta) -> int:
    """Whole minutes, rounded toward zero (so -30 s is 0, not -1)."""
    return int(delta.total_seconds() / 60)


def clock_json(clock: Clock, config: Config) -> dict[str, Any]:
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
