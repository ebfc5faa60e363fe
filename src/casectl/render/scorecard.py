"""The team's scorecard and the month's plans as text, Markdown and HTML: the ``team``,
``plan`` and ``next_plan`` sections of the report, and ``report --by owner``. Pure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casectl import i18n
from casectl.i18n import N_, _
from casectl.render.html import escape
from casectl.render.text import grid, md_cell, md_table, one_line, wrap_wide

HEADERS = (
    N_("engineer"),
    N_("handled"),
    N_("1st resp. met"),
    N_("resolution met"),
    N_("promises kept"),
    "NPS",
    "CSAT",
    N_("repeats"),
    N_("follow-ups on time"),
    N_("satisfaction"),
    N_("review pts"),
)
NUMERIC = tuple(range(1, len(HEADERS)))
# The default view on a terminal, what a lead reads first (it fits 80 columns): the engineer,
# cases handled, the two SLA rates, promises kept, satisfaction; ``--wide`` shows every column.
SHORT = (0, 1, 2, 3, 4, 9)
PROSE = 80  # the star and the rule under it, wrapped to fit the narrow terminal too


def headers() -> list[str]:
    return [_(h) for h in HEADERS]


def _n(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def _rate(row: dict[str, Any], kind: str) -> str:
    """A met rate, and how many clocks it leaves out as unmeasured (imported without a time)."""
    rate, left = _n(row[f"{kind}_met_rate"], "%"), row.get(f"{kind}_unmeasured") or 0
    return _("{rate} ({count} unmeasured)").format(rate=rate, count=left) if left else rate


def rows(team: dict[str, Any], esc: Callable[[str], str] = one_line) -> list[list[str]]:
    return [
        [
            esc(r["owner"]),
            str(r["handled"]),
            _rate(r, "first_response"),
            _rate(r, "resolution"),
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
        said = _(
            "Customer star of the month: none yet (it needs {count} survey answers on an "
            "engineer's cases)"
        )
        return said.format(count=rule["star_min_answers"])
    order = i18n.list_text(rule["star_order"])
    said = _("Customer star of the month: {owner} (ranked by {order})")
    return said.format(owner=esc(star["owner"]), order=order)


def rule_line(team: dict[str, Any]) -> str:
    rule = team["rule"]
    said = _(
        "Satisfaction = CSAT × {csat:g} + NPS × {nps:g} on a 0–100 scale; review points = "
        "satisfaction × {review:g}% of a performance review"
    )
    return said.format(
        csat=rule["csat_weight"], nps=rule["nps_weight"], review=rule["review_weight"]
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
    if kind == "plan" and plan:
        said = _("The plan for {month}: {done} of {total} done")
        return said.format(month=month, done=plan["done"], total=len(plan["items"]))
    return _("The plan for {month}").format(month=month)


def team_grid(team: dict[str, Any], *, wide: bool = False) -> str:
    """The scorecard as lined-up text: the ``SHORT`` columns, or every one when ``wide``."""
    if not team["engineers"]:
        return _("Team: —")
    shown = range(len(HEADERS)) if wide else SHORT
    head = [headers()[i] for i in shown]
    body = [[r[i] for i in shown] for r in rows(team)]
    return grid(head, body, [n for n, i in enumerate(shown) if i in NUMERIC])


def text_sections(data: dict[str, Any], bullet: str = "  - ", *, wide: bool = False) -> list[str]:
    """The report's team and plan sections for a terminal."""
    team = data.get("team")
    out: list[str] = []
    if team is not None:
        out += ["", team_grid(team, wide=wide)]
        out += [wrap_wide(star_line(team), PROSE), wrap_wide(rule_line(team), PROSE)]
    for kind in ("plan", "next_plan"):
        month = data.get(f"{kind}_month")
        if month is None:
            continue
        plan = data.get(kind)
        none = _("none written (casectl plan add {month})").format(month=month)
        items = _plan_items(plan, one_line) or [none]
        out += [
            "",
            _("{title}:").format(title=_plan_title(plan, month, kind)),
            *(bullet + i for i in items),
        ]
    return out


def markdown_sections(data: dict[str, Any]) -> list[str]:
    team = data.get("team")
    out: list[str] = []
    if team is not None:
        out += ["", "## " + _("Team"), ""]
        out.append(
            md_table(headers(), rows(team, md_cell), NUMERIC)
            if team["engineers"]
            else _("No cases.")
        )
        out += ["", star_line(team, md_cell) + ".", "", rule_line(team) + "."]
    for kind in ("plan", "next_plan"):
        month = data.get(f"{kind}_month")
        if month is None:
            continue
        plan = data.get(kind)
        out += ["", "## " + _plan_title(plan, month, kind), ""]
        out += [f"- {i}" for i in _plan_items(plan, md_cell)] or [_("None written.")]
    return out


def html_sections(data: dict[str, Any], table: Callable[..., str]) -> list[str]:
    team = data.get("team")
    out: list[str] = []
    if team is not None:
        out += ["<h2>" + escape(_("Team")) + "</h2>", table(headers(), rows(team, str), NUMERIC)]
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
            else "<p>" + escape(_("None written.")) + "</p>"
        )
    return out


def by_owner_table(data: dict[str, Any], *, wide: bool = False) -> str:
    """``report --by owner``: the scorecard alone (``wide``: every column)."""
    head = _("Team scorecard {period}").format(period=data["period"]["label"])
    return "\n".join([head, *text_sections({"team": data["team"]}, wide=wide)]) + "\n"


def by_owner_markdown(data: dict[str, Any]) -> str:
    head = "# " + _("Team scorecard {period}").format(period=md_cell(data["period"]["label"]))
    return "\n".join([head, *markdown_sections({"team": data["team"]})]) + "\n"
