"""The team's scorecard and the month's plans as text, Markdown and HTML: the ``team``,
``plan`` and ``next_plan`` sections of the report, and ``report --by owner``. Pure."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from casectl.render.text import grid, md_cell, md_table, one_line

HEADERS = (
    "engineer",
    "handled",
    "1st resp. met",
    "resolution met",
    "promises kept",
    "NPS",
    "CSAT",
    "repeats",
    "follow-ups on time",
    "satisfaction",
    "review pts",
)
NUMERIC = tuple(range(1, len(HEADERS)))


def _n(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def rows(team: dict[str, Any], esc: Callable[[str], str] = one_line) -> list[list[str]]:
    return [
        [
            esc(r["owner"]),
            str(r["handled"]),
            _n(r["first_response_met_rate"], "%"),
            _n(r["resolution_met_rate"], "%"),
            _n(r["promises_kept_rate"], "%"),
            _n(r["nps"]),
            _n(r["csat"]),
            str(r["repeat_complaints"]),
            _n(r["follow_ups_on_time_rate"], "%"),
            _n(r["satisfaction"]),
            _n(r["review_points"]),
        ]
        for r in team["engineers"]
    ]


def star_line(team: dict[str, Any], esc: Callable[[str], str] = one_line) -> str:
    rule = team["rule"]
    star = team["star"]
    if star is None:
        return (
            f"Customer star of the month: none yet (it needs {rule['star_min_answers']} "
            "survey answers on an engineer's cases)"
        )
    order = ", ".join(rule["star_order"])
    return f"Customer star of the month: {esc(star['owner'])} (ranked by {order})"


def rule_line(team: dict[str, Any]) -> str:
    rule = team["rule"]
    return (
        f"Satisfaction = CSAT × {rule['csat_weight']:g} + NPS × {rule['nps_weight']:g} on a "
        f"0–100 scale; review points = satisfaction × {rule['review_weight']:g}% of a "
        "performance review"
    )


def _plan_items(plan: dict[str, Any] | None, esc: Callable[[str], str]) -> list[str]:
    if plan is None:
        return []
    return [
        f"[{'x' if i['done'] else ' '}] {i['id']} {esc(i['text'])}"
        + (f" ({esc(i['owner'])})" if i["owner"] else "")
        + (f": {esc(i['note'])}" if i["note"] else "")
        for i in plan["items"]
    ]


def _plan_title(plan: dict[str, Any] | None, month: str, kind: str) -> str:
    if kind == "plan":
        done = f": {plan['done']} of {len(plan['items'])} done" if plan else ""
        return f"The plan for {month}{done}"
    return f"The plan for {month}"


def text_sections(data: dict[str, Any], bullet: str = "  - ") -> list[str]:
    """The report's team and plan sections for a terminal."""
    team = data.get("team")
    out: list[str] = []
    if team is not None:
        out += ["", grid(list(HEADERS), rows(team), NUMERIC) if team["engineers"] else "Team: —"]
        out += [star_line(team), rule_line(team)]
    for kind in ("plan", "next_plan"):
        month = data.get(f"{kind}_month")
        if month is None:
            continue
        plan = data.get(kind)
        items = _plan_items(plan, one_line) or ["none written (casectl plan add " + month + ")"]
        out += ["", _plan_title(plan, month, kind) + ":", *(bullet + i for i in items)]
    return out


def markdown_sections(data: dict[str, Any]) -> list[str]:
    team = data.get("team")
    out: list[str] = []
    if team is not None:
        out += ["", "## Team", ""]
        out.append(
            md_table(list(HEADERS), rows(team, md_cell), NUMERIC)
            if team["engineers"]
            else "No cases."
        )
        out += ["", star_line(team, md_cell) + ".", "", rule_line(team) + "."]
    for kind in ("plan", "next_plan"):
        month = data.get(f"{kind}_month")
        if month is None:
            continue
        plan = data.get(kind)
        out += ["", f"## {_plan_title(plan, month, kind)}", ""]
        out += [f"- {i}" for i in _plan_items(plan, md_cell)] or ["None written."]
    return out


def html_sections(data: dict[str, Any], table: Callable[..., str]) -> list[str]:
    team = data.get("team")
    out: list[str] = []
    if team is not None:
        out += ["<h2>Team</h2>", table(list(HEADERS), rows(team, str), NUMERIC)]
        out += [f"<p>{escape(star_line(team, str))}</p>", f"<p>{escape(rule_line(team))}</p>"]
    for kind in ("plan", "next_plan"):
        month = data.get(f"{kind}_month")
        if month is None:
            continue
        plan = data.get(kind)
        items = _plan_items(plan, str)
        out.append(f"<h2>{escape(_plan_title(plan, month, kind))}</h2>")
        out.append(
            "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
            if items
            else "<p>None written.</p>"
        )
    return out


def by_owner_table(data: dict[str, Any]) -> str:
    """``report --by owner``: the scorecard alone."""
    head = f"Team scorecard {data['period']['label']}"
    return "\n".join([head, *text_sections({"team": data["team"]})]) + "\n"


def by_owner_markdown(data: dict[str, Any]) -> str:
    head = f"# Team scorecard {md_cell(data['period']['label'])}"
    return "\n".join([head, *markdown_sections({"team": data["team"]})]) + "\n"
