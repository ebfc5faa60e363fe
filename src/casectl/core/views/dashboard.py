"""The site's dashboard: every figure a lead looks at, each with the cases behind it. Pure.

A figure is a key (``stage:recorded``, ``age:7-30d``, ``owner:li.wei``, ``breached``,
``received:2026-11``) and the IDs of the cases it counts, so a page can show the number and
list exactly those cases when it is clicked (the drill-down).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo

from casectl.core import lifecycle
from casectl.core.choices import Stage
from casectl.core.clocks.sla import State
from casectl.core.learning.figures import Dated, csat_figures, nps_figures
from casectl.core.learning.periods import Period
from casectl.core.learning.periods import month as month_period
from casectl.core.model import Case

# Backlog ageing: an open case's age since it came in, in calendar days (upper bounds).
AGES: tuple[tuple[str, float], ...] = (
    ("0-1d", 1),
    ("1-3d", 3),
    ("3-7d", 7),
    ("7-30d", 30),
    ("30d+", float("inf")),
)
OPEN_STAGES = tuple(s.value for s in Stage if s is not Stage.closed)
NOBODY = "-"  # the owner key of cases nobody owns


@dataclass
class Month:
    """One month's figures: cases received and resolved in it (keys ``received:M``,
    ``resolved:M``), NPS and CSAT of the surveys answered in it."""

    label: str
    nps: float | None = None
    csat: float | None = None
    answers: int = 0


@dataclass
class Dashboard:
    """The figures (key → case IDs, in display order) and the months compared."""

    figures: dict[str, list[str]] = field(default_factory=dict)
    stages: list[str] = field(default_factory=list)
    ages: list[str] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    teams: list[str] = field(default_factory=list)  # when casectl.yaml's people name teams
    months: list[Month] = field(default_factory=list)

    def count(self, key: str) -> int:
        return len(self.figures.get(key, ()))


def age_bucket(received: datetime, now: datetime) -> str:
    """The ageing bucket of a case received at ``received``."""
    days = (now - received) / timedelta(days=1)
    return next(name for name, upper in AGES if days < upper)


def last_months(now: datetime, tz: tzinfo, count: int) -> list[Period]:
    """The ``count`` months up to and including the one ``now`` is in, oldest first."""
    year, mon = now.astimezone(tz).year, now.astimezone(tz).month
    labels = []
    for _ in range(count):
        labels.append(f"{year:04d}-{mon:02d}")
        year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)
    return [month_period(label, tz) for label in reversed(labels)]


def build(
    cases: Sequence[Case],
    states: Mapping[str, Sequence[State]],
    now: datetime,
    tz: tzinfo,
    months: int = 6,
    teams: Mapping[str, str] | None = None,
) -> Dashboard:
    """The dashboard of ``cases`` as of ``now``; ``states`` holds each open case's clock
    states by case ID; ``teams``: each person's team (by the ID cases name their owner by),
    when the team names any."""
    board = Dashboard(stages=list(OPEN_STAGES), ages=[name for name, _ in AGES])
    figures = board.figures
    figures["open"] = []
    for key in ("breached", "due-soon"):
        figures[key] = []
    for stage in OPEN_STAGES:
        figures[f"stage:{stage}"] = []
    for name in board.ages:
        figures[f"age:{name}"] = []
    owners: dict[str, list[str]] = {}
    for case in cases:
        if not lifecycle.is_open(case):
            continue
        figures["open"].append(case.id)
        figures[f"stage:{lifecycle.stage(case).value}"].append(case.id)
        figures[f"age:{age_bucket(case.received_at, now)}"].append(case.id)
        owners.setdefault(case.owner or NOBODY, []).append(case.id)
        held = states.get(case.id, ())
        if State.breached in held:
            figures["breached"].append(case.id)
        elif State.warning in held:
            figures["due-soon"].append(case.id)
    board.owners = sorted(owners, key=lambda o: (-len(owners[o]), o))
    figures.update({f"owner:{o}": owners[o] for o in board.owners})
    if teams:
        _teams(board, teams)
    _months(board, cases, last_months(now, tz, months))
    return board


def _teams(board: Dashboard, teams: Mapping[str, str]) -> None:
    """Open cases per team (``team:NAME``) and those of them with a breached clock
    (``team-breached:NAME``), a team's being the cases its people own; ``NOBODY``'s the cases
    of an owner in no team, or of nobody."""
    figures = board.figures
    breached = set(figures["breached"])
    held: dict[str, list[str]] = {}
    for owner in board.owners:
        team = teams.get(owner, NOBODY) if owner != NOBODY else NOBODY
        held.setdefault(team, []).extend(figures[f"owner:{owner}"])
    order = {case_id: i for i, case_id in enumerate(figures["open"])}
    board.teams = sorted(held, key=lambda t: (t == NOBODY, -len(held[t]), t))
    for team in board.teams:
        mine = sorted(held[team], key=order.__getitem__)
        figures[f"team:{team}"] = mine
        figures[f"team-breached:{team}"] = [c for c in mine if c in breached]


def _months(board: Dashboard, cases: Sequence[Case], periods: Sequence[Period]) -> None:
    received = Dated(cases, lambda c: (c.received_at,))
    resolved = Dated(cases, lambda c: (c.resolution.at,) if c.resolution.at else ())
    surveyed = Dated(cases, lambda c: [s.at for s in c.relationship.surveys])
    for period in periods:
        label = period.label
        board.figures[f"received:{label}"] = [c.id for c in received.within(period)]
        board.figures[f"resolved:{label}"] = [c.id for c in resolved.within(period)]
        answered = surveyed.within(period)
        nps = nps_figures(answered, period)
        csat = csat_figures(answered, period)
        board.months.append(Month(label, nps["score"], csat["average"], nps["answers"]))
