"""How urgent a clock is (core/clocks/levels.py): breached once due is past, warning within
``warn_before`` of it, and what the gate flags — the one rule ``overdue`` and the contact rhythm
share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from casectl.core.clocks import levels
from casectl.core.clocks.calendar import Range
from casectl.core.clocks.levels import State
from casectl.core.clocks.sla import Clocks, Spec
from casectl.core.config import Config
from casectl.core.durations import Span

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


def book(warn_before: str, now: timedelta) -> Clocks:
    config = Config.model_validate(
        {"timezone": "UTC", "sla": {"clock": "calendar"}, "warn_before": warn_before}
    )
    return Clocks(config, START + now)


def measured(
    warn_before: str, now: timedelta, pauses: list[Range] | None = None
) -> tuple[State, levels.Level | None]:
    """A 10-hour clock started at START, measured ``now`` after it started (pausable; waiting
    while a pause runs on to now)."""
    clocks = book(warn_before, now)
    spec = Spec(kind="resolution", start=START, target=Span.parse("10h"), pausable=True)
    ranges = pauses or []
    waiting = any(end >= clocks.now for _start, end in ranges)
    clock = clocks.measure(spec, ranges, waiting=waiting)
    return clock.state, levels.level(clock)


@pytest.mark.parametrize(
    ("warn_before", "now", "state"),
    [
        # 25% of 10 h: the warning starts with 2.5 h left, at 7.5 h
        ("25%", 1 * H, State.running),
        ("25%", 7.5 * H - timedelta(minutes=1), State.running),
        ("25%", 7.5 * H, State.warning),  # at the boundary
        ("25%", 10 * H, State.warning),  # at due: not yet breached
        ("25%", 10 * H + timedelta(seconds=1), State.breached),
        ("25%", 30 * H, State.breached),
        # a duration: the warning starts 2 h before due
        ("2h", 7.9 * H, State.running),
        ("2h", 8 * H, State.warning),
        ("2h", 10 * H, State.warning),
        ("2h", 10.5 * H, State.breached),
        # no warning at all
        ("0%", 9.9 * H, State.running),
        ("0%", 10 * H, State.warning),
        ("100%", 0 * H, State.warning),
    ],
)
def test_a_running_clock_is_fine_then_in_warning_then_breached(
    warn_before: str, now: timedelta, state: State
) -> None:
    flagged = {State.running: None, State.warning: "warning", State.breached: "breach"}[state]
    assert measured(warn_before, now) == (state, flagged)


@pytest.mark.parametrize(
    ("pause_from", "now", "state"),
    [
        (9 * H, 9.5 * H, State.paused),  # in its warning window, but its time stands still
        (9 * H, 12 * H, State.paused),  # the pause pushes the due later: not breached
        (10.5 * H, 11 * H, State.breached),  # breached before the pause: a pause hides nothing
    ],
)
def test_a_paused_clock_is_not_flagged_unless_it_breached_before_the_pause(
    pause_from: timedelta, now: timedelta, state: State
) -> None:
    pause = [(START + pause_from, START + now)]
    flagged = "breach" if state is State.breached else None
    assert measured("25%", now, pause) == (state, flagged)


@pytest.mark.parametrize(
    ("now", "paused", "state"),
    [
        (START, False, State.running),
        (START + 2 * H, False, State.warning),
        (START + 3 * H, False, State.warning),
        (START + 3 * H, True, State.paused),
        (START + 3 * H + timedelta(microseconds=1), True, State.breached),
    ],
)
def test_the_state_rule_itself(now: datetime, paused: bool, state: State) -> None:
    due = START + 3 * H
    remaining = due - now
    assert levels.state(now=now, due=due, remaining=remaining, warn=H, paused=paused) is state


@pytest.mark.parametrize(
    ("state", "remaining", "soon", "expected"),
    [
        (State.running, 5 * H, None, None),
        (State.running, 5 * H, 4 * H, None),
        (State.running, 4 * H, 4 * H, "warning"),  # --within 4h: due soon
        (State.paused, 1 * H, 4 * H, None),  # paused: never due soon
        (State.warning, 1 * H, None, "warning"),
        (State.breached, -H, None, "breach"),
        (State.breached, -H, 4 * H, "breach"),
    ],
)
def test_what_the_gate_flags(
    state: State, remaining: timedelta, soon: timedelta | None, expected: str | None
) -> None:
    class Clock:
        def __init__(self) -> None:
            self.state, self.remaining_working = state, remaining

    assert levels.level(Clock(), soon) == expected


@pytest.mark.parametrize(
    ("breaches", "warnings", "fail_on", "failed"),
    [
        (0, 0, "breach", False),
        (0, 3, "breach", False),
        (1, 0, "breach", True),
        (0, 1, "warning", True),
        (1, 0, "warning", True),
        (0, 0, "warning", False),
        (5, 5, "never", False),
    ],
)
def test_when_the_gate_fails(breaches: int, warnings: int, fail_on: str, failed: bool) -> None:
    from casectl.core.views.gate import fails

    assert fails(breaches, warnings, fail_on) is failed
