"""The team's scorecard: per engineer (a case's owner), how the cases they own went in a
period, a satisfaction score a lead can copy into a performance review, and the customer star
of the month. Pure; docs/scorecard.md says how each figure is counted.

- received, resolved: cases the engineer owns, received / resolved in the period; handled:
  either;
- first response and resolution met: the SLA clocks of the cases received in the period, met
  over met + breached (running clocks count neither way yet);
- promises kept: kept on time over promises made, in the cases received in the period;
- NPS, CSAT: each of the engineer's cases' latest answer in the period;
- repeat complaints: cases received in the period from a customer who had complained before;
- follow-ups: visits due in the period, done on time over due;
- satisfaction: CSAT (1–5 as 0–100) and NPS (−100…100 as 0–100), weighted by ``scorecard``
  in casectl.yaml (0.6 and 0.4), over what was answered; ``review_points`` is that score
  scaled to its share of a performance review (``review_weight``, 15 % by default).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casectl.core.learning.figures import (
    Context,
    csat_figures,
    follow_up_figures,
    nps_figures,
    promise_figures,
    sla_figures,
)
from casectl.core.learning.periods import Period, rounded
from casectl.core.model import Case
from casectl.core.names import fold
from casectl.core.sections import Scorecard

UNASSIGNED = "unassigned"


def _met_rate(clocks: list[dict[str, Any]], kind: str) -> float | None:
    row = next((r for r in clocks if r["clock"] == kind), None)
    return row["met_rate"] if row else None


def _unmeasured(clocks: list[dict[str, Any]], kind: str) -> int:
    """How many clocks of the kind could not be measured (left out of its met rate)."""
    row = next((r for r in clocks if r["clock"] == kind), None)
    return int(row["unmeasured"]) if row else 0


def satisfaction(csat: float | None, nps: float | None, rules: Scorecard) -> float | None:
    """CSAT and NPS on one 0–100 scale, weighted; None when neither was answered."""
    parts = []
    if csat is not None:
        parts.append(((csat - 1) / 4 * 100, rules.csat_weight))
    if nps is not None:
        parts.append(((nps + 100) / 2, rules.nps_weight))
    weight = sum(w for _, w in parts)
    if not parts or weight <= 0:
        return None
    return rounded(sum(v * w for v, w in parts) / weight)


def _repeats(received: Sequence[Case], ctx: Context) -> int:
    """Cases from a customer who had complained before (to anyone on the team)."""
    first = ctx.first_complaints()
    return sum(1 for c in received if first[fold(c.customer.name)] < c.received_at)


KINDS = ("received", "resolved", "surveyed", "follow_up")  # what puts a case in a period


def _row(ctx: Context, period: Period, owner: str, picked: dict[str, list[Case]]) -> dict[str, Any]:
    """One engineer's row of the scorecard, of their cases ``picked`` for the period by
    each of ``KINDS``."""
    received, resolved = picked["received"], picked["resolved"]
    clocks = sla_figures(ctx, received)
    promises = promise_figures(ctx, received)
    nps, csat = nps_figures(picked["surveyed"], period), csat_figures(picked["surveyed"], period)
    follow = follow_up_figures(ctx, period, picked["follow_up"])
    score = satisfaction(csat["average"], nps["score"], ctx.config.scorecard)
    weight = ctx.config.scorecard.review_weight
    return {
        "owner": owner,
        "handled": len({c.id for c in (*received, *resolved)}),
        "received": len(received),
        "resolved": len(resolved),
        "first_response_met_rate": _met_rate(clocks, "first_response"),
        "resolution_met_rate": _met_rate(clocks, "resolution"),
        "first_response_unmeasured": _unmeasured(clocks, "first_response"),
        "resolution_unmeasured": _unmeasured(clocks, "resolution"),
        "promises_made": promises["made"],
        "promises_kept_rate": promises["on_time_rate"],
        "nps": nps["score"],
        "csat": csat["average"],
        "answers": max(nps["answers"], csat["answers"]),
        "repeat_complaints": _repeats(received, ctx),
        "follow_ups_due": follow["due"],
        "follow_ups_on_time_rate": follow["on_time_rate"],
        "satisfaction": score,
        "review_points": rounded(score * weight / 100) if score is not None else None,
    }


def rank(row: dict[str, Any], rules: Scorecard) -> tuple[Any, ...]:
    """Where an engineer stands on the scorecard: by ``star_order`` (each figure highest
    first, a missing figure last), then by the number of cases handled (most first), then by
    name in code point order (docs/decisions.md: the same on every machine, no dictionary)."""
    values = [row[name] if row[name] is not None else float("-inf") for name in rules.star_order]
    return (*(-v for v in values), -row["handled"], row["owner"])


def star(rows: Sequence[dict[str, Any]], rules: Scorecard) -> dict[str, Any] | None:
    """The customer star of the month: among engineers with at least ``star_min_answers``
    survey answers, the first by ``star_order`` (each criterion highest first; a missing
    figure ranks last), then by name."""
    candidates = [
        r for r in rows if r["answers"] >= rules.star_min_answers and r["satisfaction"] is not None
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda row: rank(row, rules))
    return {"owner": best["owner"], **{name: best[name] for name in rules.star_order}}


def team(ctx: Context, period: Period) -> dict[str, Any]:
    """Every engineer who owned a case received or resolved in the period, or with an answer
    or a follow-up visit due in it, in the order of ``rank``; and the star, by the rule in
    ``casectl.yaml``."""
    owners: dict[str, dict[str, list[Case]]] = {}
    for kind in KINDS:  # an engineer with no case in the period has no row
        for case in ctx.within(kind, period):
            mine = owners.setdefault(case.owner or UNASSIGNED, {k: [] for k in KINDS})
            mine[kind].append(case)
    rows = []
    for owner in sorted(owners):
        row = _row(ctx, period, owner, owners[owner])
        if row["handled"] or row["answers"] or row["follow_ups_due"]:
            rows.append(row)
    rules = ctx.config.scorecard
    rows.sort(key=lambda row: rank(row, rules))
    return {
        "engineers": rows,
        "star": star(rows, rules),
        "rule": {
            "csat_weight": rules.csat_weight,
            "nps_weight": rules.nps_weight,
            "review_weight": rules.review_weight,
            "star_min_answers": rules.star_min_answers,
            "star_order": list(rules.star_order),
        },
    }
