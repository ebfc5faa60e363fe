"""The retrospective: what came in over a period, how well it was handled, what was learned.

Pure: cases, ``casectl.yaml`` and "now" in, JSON-ready data out (``build``). Renderers live in
``report_render`` and ``report_html``. Which cases each figure counts (docs/retrospective.md):

- received, by category/priority/cause/attribution/owner, first response, SLA clocks, promises,
  root causes: cases *received* in the period;
- resolved and time to resolution: cases *resolved* in the period; closed: *closed* in it;
- still open: received before the period ends and not closed at its end (or now, if earlier);
- NPS and CSAT: surveys *answered* in the period; follow-up visits: visits *due* in it;
- lessons: reviews *written* in it; prevention actions: mid/long actions open *now*.

Times are working time on the team's business calendar (24x7 when it has none) with
"waiting on customer" pauses taken out. Percentiles interpolate linearly between ranks
(``inclusive``, as spreadsheets' PERCENTILE.INC), so the median of 2 values is their mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from casectl.core.clocks.unmeasured import kinds as unmeasured_kinds
from casectl.core.config import Config
from casectl.core.learning import scorecard
from casectl.core.learning.figures import (
    Context,
    csat_figures,
    follow_up_figures,
    nps_figures,
    promise_figures,
    sla_figures,
)
from casectl.core.learning.periods import Period, month, percentile, rounded, span
from casectl.core.learning.plans import Plan, checked, next_month
from casectl.core.model import Attribution, Case, Category, Cause, Horizon, Priority
from casectl.core.names import fold

__all__ = ["Period", "build", "month", "percentile", "span", "trend"]

TREND_PERIODS = 6
UNRECORDED = "unrecorded"
UNCLASSIFIED = "unclassified"  # a root cause written down without its cause category
UNASSIGNED = "unassigned"
DIMENSIONS = ("category", "priority", "cause", "attribution", "owner")
COUNTS = ("received", "resolved", "closed", "open")


def closed_by(case: Case, at: datetime) -> bool:
    """Whether the case stood closed at ``at`` (a later reopening undoes a closure)."""
    if case.closed is None or case.closed.at > at:
        return False
    closed_at = case.closed.at
    return not any(closed_at < r.at <= at for r in case.reopenings)


def _times(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "median_minutes": rounded(percentile(values, 0.5)),
        "p90_minutes": rounded(percentile(values, 0.9)),
    }


def _key(case: Case, dimension: str) -> str:
    if dimension == "cause":
        return _cause(case) or UNRECORDED
    if dimension == "attribution":
        attribution = case.investigation.attribution
        return attribution.value if attribution else UNRECORDED
    if dimension == "owner":
        return case.owner or UNASSIGNED
    return str(getattr(case, dimension).value)


def _cause(case: Case) -> str | None:
    """The case's cause category; ``unclassified`` for a root cause given as text alone."""
    inv = case.investigation
    if inv.cause is not None:
        return inv.cause.value
    return UNCLASSIFIED if (inv.root_cause or "").strip() else None


_ENUM_ORDER: dict[str, list[str]] = {
    "category": [m.value for m in Category],
    "priority": [m.value for m in Priority],
    "cause": [m.value for m in Cause] + [UNCLASSIFIED, UNRECORDED],
    "attribution": [m.value for m in Attribution] + [UNRECORDED],
}


def _figures(ctx: Context, period: Period) -> dict[str, Any]:
    """Every figure of one period, measured once in ``ctx`` (a report reads three periods,
    and the reports of consecutive months read the same ones)."""
    if period not in ctx.periods:
        ctx.periods[period] = _measure(ctx, period)
    return ctx.periods[period]


def _measure(ctx: Context, period: Period) -> dict[str, Any]:
    now = ctx.now
    as_of = min(period.end, now)
    received = ctx.within("received", period)
    resolved = ctx.within("resolved", period)
    first = [ctx.working_minutes(c, c.received_at, c.response.at) for c in received if c.response]
    to_resolve = [
        ctx.working_minutes(c, c.received_at, c.resolution.at)
        for c in resolved
        if c.resolution.at is not None and "resolution" not in unmeasured_kinds(c)
    ]
    return {
        "counts": {
            "received": len(received),
            "resolved": len(resolved),
            "closed": len(ctx.within("closed", period)),
            "open": sum(1 for c in ctx.received_before(as_of) if not closed_by(c, as_of)),
        },
        "breakdowns": {d: dict(Counter(_key(c, d) for c in received)) for d in DIMENSIONS},
        "first_response": _times(first),
        "resolution": _times(to_resolve),
        "sla": sla_figures(ctx, received),
        "promises": promise_figures(ctx, received),
        "nps": nps_figures(ctx.within("surveyed", period), period),
        "csat": csat_figures(ctx.within("surveyed", period), period),
        "follow_ups": follow_up_figures(ctx, period),
        "repeat_complainants": _repeat(ctx.received_before(period.end), received),
        "root_causes": _root_causes(received),
        "lessons": _lessons(ctx.within("reviewed", period)),
    }


def _repeat(before: Iterable[Case], received: Iterable[Case]) -> list[dict[str, Any]]:
    """Customers who complained in the period (``received``) and at least twice up to its
    end (``before``: the cases received before it ends, oldest first)."""
    in_period = Counter(fold(c.customer.name) for c in received)
    names: dict[str, str] = {}
    total: Counter[str] = Counter()
    for case in before:
        key = fold(case.customer.name)
        if key in in_period:
            total[key] += 1
            names.setdefault(key, case.customer.name)
    rows = [
        {"customer": names[k], "in_period": in_period[k], "total": total[k]}
        for k in in_period
        if total[k] >= 2
    ]
    return sorted(rows, key=lambda r: (-r["total"], -r["in_period"], r["customer"]))


def _root_causes(received: Iterable[Case]) -> list[dict[str, Any]]:
    groups: dict[str, list[Case]] = {}
    for case in received:
        cause = _cause(case)
        if cause is not None:
            groups.setdefault(cause, []).append(case)
    rows = [
        {
            "cause": cause,
            "count": len(group),
            "examples": [
                {"id": c.id, "root_cause": _first_line(c.investigation.root_cause)}
                for c in group
                if c.investigation.root_cause
            ][:3],
        }
        for cause, group in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r["count"], _ENUM_ORDER["cause"].index(r["cause"])))


def _first_line(text: str | None) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _lessons(reviewed: Iterable[Case]) -> list[dict[str, Any]]:
    """The lessons of the cases ``reviewed`` in the period, in the order they were written."""
    rows: list[dict[str, Any]] = []
    for case in sorted(reviewed, key=lambda c: (c.review.at or c.received_at, c.id)):
        rows.extend(
            {"id": case.id, "title": case.title, "lesson": lesson} for lesson in case.review.lessons
        )
    return rows


def _open_prevention(ctx: Context) -> list[dict[str, Any]]:
    """The mid- and long-term actions open now (the same for every period: worked out once
    in ``ctx``)."""
    if "open_prevention" not in ctx.kept:
        ctx.kept["open_prevention"] = _prevention(ctx)
    return [dict(row) for row in ctx.kept["open_prevention"]]


def _prevention(ctx: Context) -> list[dict[str, Any]]:
    rows = []
    for case in ctx.cases:
        for action in case.actions:
            if action.horizon is Horizon.short or not action.is_open:
                continue
            rows.append(
                {
                    "id": case.id,
                    "action": action.id,
                    "horizon": action.horizon.value,
                    "what": action.what,
                    "owner": action.owner or case.owner or UNASSIGNED,
                    "due": action.due.astimezone(ctx.config.tz).isoformat() if action.due else None,
                    "overdue": action.due is not None and action.due < ctx.now,
                }
            )
    return sorted(rows, key=lambda r: (r["due"] or "9999", r["id"], r["action"]))


def _compare(
    current: dict[str, int], previous: dict[str, int], order: list[str] | None
) -> list[dict[str, Any]]:
    keys = set(current) | set(previous)
    if order is not None:
        ordered = [k for k in order if k in keys]
    else:
        ordered = sorted(keys, key=lambda k: (-current.get(k, 0), -previous.get(k, 0), k))
    return [
        {
            "key": k,
            "current": current.get(k, 0),
            "previous": previous.get(k, 0),
            "change": current.get(k, 0) - previous.get(k, 0),
        }
        for k in ordered
    ]


def _change(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else rounded(now - before)


def _pick(figures: dict[str, Any], figure: str, field: str) -> Any:
    return figures[figure][field]


def _key_figures(period: Period, figures: dict[str, Any]) -> dict[str, Any]:
    """The figures a lead follows month on month (the text report's three months)."""
    return {
        "label": period.label,
        "received": figures["counts"]["received"],
        "resolved": figures["counts"]["resolved"],
        "open": figures["counts"]["open"],
        "first_response_median_minutes": _pick(figures, "first_response", "median_minutes"),
        "resolution_median_minutes": _pick(figures, "resolution", "median_minutes"),
        "nps": _pick(figures, "nps", "score"),
        "csat": _pick(figures, "csat", "average"),
    }


def _periods_back(period: Period, count: int) -> list[Period]:
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].before())
    return periods


def trend(ctx: Context, period: Period, count: int = TREND_PERIODS) -> list[dict[str, Any]]:
    """Received, resolved and closed per period, for the ``count`` periods ending with this
    one (each counted once in ``ctx``, which reports of the same cases share)."""
    rows = []
    for p in _periods_back(period, count):
        row = ctx.counted.get(p)
        if row is None:
            row = ctx.counted[p] = {
                "label": p.label,
                "received": len(ctx.within("received", p)),
                "resolved": len(ctx.within("resolved", p)),
                "closed": len(ctx.within("closed", p)),
            }
        rows.append(dict(row))
    return rows


def build(
    cases: Sequence[Case],
    config: Config,
    period: Period,
    now: datetime,
    plans: Mapping[str, Plan | None] | None = None,
    ctx: Context | None = None,
) -> dict[str, Any]:
    """The whole retrospective of ``period`` as JSON-ready data, compared with the one before;
    with the team's scorecard, and for a month the plan set for it and the one for the next
    (``plans`` by month). ``ctx``: a context of the same cases, config and now shared by
    several reports, so what they have in common is measured once."""
    ctx = ctx if ctx is not None else Context(cases, config, now)
    months = plan_months(period)
    planned = {
        "plan_month": months[0] if months else None,
        "plan": checked((plans or {}).get(months[0]), min(period.end, now)) if months else None,
        "next_plan_month": months[1] if months else None,
        "next_plan": checked((plans or {}).get(months[1]), now) if months else None,
    }
    before = period.before()
    current, previous = _figures(ctx, period), _figures(ctx, before)
    earlier = before.before()
    three = zip((earlier, before, period), (_figures(ctx, earlier), previous, current), strict=True)
    return {
        "period": period.json(),
        "previous_period": before.json(),
        "as_of": now.astimezone(config.tz).isoformat(),
        "counts": {
            k: {
                "current": current["counts"][k],
                "previous": previous["counts"][k],
                "change": current["counts"][k] - previous["counts"][k],
            }
            for k in COUNTS
        },
        "breakdowns": {
            d: _compare(current["breakdowns"][d], previous["breakdowns"][d], _ENUM_ORDER.get(d))
            for d in DIMENSIONS
        },
        "changes": {
            "first_response_median_minutes": _change(
                _pick(current, "first_response", "median_minutes"),
                _pick(previous, "first_response", "median_minutes"),
            ),
            "resolution_median_minutes": _change(
                _pick(current, "resolution", "median_minutes"),
                _pick(previous, "resolution", "median_minutes"),
            ),
            "nps": _change(_pick(current, "nps", "score"), _pick(previous, "nps", "score")),
            "csat": _change(_pick(current, "csat", "average"), _pick(previous, "csat", "average")),
        },
        "current": {k: v for k, v in current.items() if k not in ("counts", "breakdowns")},
        "previous": {k: v for k, v in previous.items() if k not in ("counts", "breakdowns")},
        "open_prevention": _open_prevention(ctx),
        "trend": trend(ctx, period),
        "key_figures": [_key_figures(*p) for p in three],  # two periods before and this one
        "team": scorecard.team(ctx, period),
        **planned,
    }


def plan_months(period: Period) -> tuple[str, str] | None:
    """The months whose plans a monthly report checks: its own, and the next."""
    return (period.label, next_month(period.label)) if period.monthly else None
