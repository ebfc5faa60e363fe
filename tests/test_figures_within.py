"""The report's picks of cases by period (``Context.within``, ``received_before``), found by
halving sorted instants, are what a look at every case picks: the same cases in the same order,
for any cases, period and time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from casectl.core.config import Config
from casectl.core.learning.figures import Context
from casectl.core.learning.periods import Period, month
from casectl.core.model import Case

BASE = datetime(2026, 1, 1, tzinfo=UTC)
ZONES = [UTC, ZoneInfo("Asia/Shanghai"), ZoneInfo("America/New_York")]
hours = st.integers(min_value=0, max_value=120 * 24)  # four months: periods hit and miss
maybe = st.none() | hours


def at(hour: int, zone: int) -> datetime:
    return (BASE + timedelta(hours=hour)).astimezone(ZONES[zone])


@st.composite
def cases(draw: st.DrawFn) -> list[Case]:
    made = []
    for n in range(draw(st.integers(0, 25))):
        zone = draw(st.integers(0, 2))
        received = draw(hours)
        data: dict[str, Any] = {
            "id": f"C-260101-{n:03d}",
            "title": "t",
            "customer": {"name": "c"},
            "received_at": at(received, zone),
            "category": "process",
            "priority": "medium",
        }
        if (resolved := draw(maybe)) is not None:
            data["resolution"] = {"at": at(resolved, zone)}
        if (closed := draw(maybe)) is not None:
            data["closed"] = {"at": at(closed, zone), "by": "li.wei"}
        if (reviewed := draw(maybe)) is not None:
            data["review"] = {"at": at(reviewed, zone)}
        answers = draw(st.lists(hours, max_size=3))
        data["relationship"] = {
            "surveys": [{"id": f"s{i}", "at": at(h, zone), "nps": 9} for i, h in enumerate(answers)]
        }
        made.append(Case.model_validate(data))
    return made


PLAIN = {  # each kind's instants as the report read them before, case by case
    "received": lambda c: [c.received_at],
    "resolved": lambda c: [c.resolution.at],
    "closed": lambda c: [c.closed.at if c.closed is not None else None],
    "reviewed": lambda c: [c.review.at],
    "surveyed": lambda c: [s.at for s in c.relationship.surveys],
}


@settings(max_examples=200, deadline=None)
@given(
    made=cases(),
    start=hours,
    length=st.integers(0, 40 * 24),
    zone=st.integers(0, 2),
    label=st.sampled_from(["2026-01", "2026-02", "2026-03", None]),
)
def test_within_picks_what_a_look_at_every_case_picks(
    made: list[Case], start: int, length: int, zone: int, label: str | None
) -> None:
    ctx = Context(made, Config(), BASE)
    period = (
        month(label, ZONES[zone])
        if label is not None
        else Period(at(start, zone), at(start + length, zone), "span")
    )
    for kind, instants in PLAIN.items():
        plain = [c for c in made if any(t in period for t in instants(c))]
        assert [c.id for c in ctx.within(kind, period)] == [c.id for c in plain], kind
    before = sorted((c for c in made if c.received_at < period.end), key=lambda c: c.received_at)
    assert [c.id for c in ctx.received_before(period.end)] == [c.id for c in before]
