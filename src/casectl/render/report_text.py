"""The retrospective as text: a terminal table with bars, and Markdown. Pure string building.

Both read the data ``report.build`` returns; the HTML page is in ``report_html``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casectl.render import scorecard
from casectl.render.text import grid, md_cell, md_table, one_line

BAR_WIDTH = 24
DIMENSION_TITLES = {
    "category": "By category",
    "priority": "By priority",
    "cause": "By cause",
    "attribution": "By attribution",
    "owner": "By owner",
}
CLOCK_TITLES = {
    "first_response": "first response",
    "investigation": "investigation",
    "update_every": "progress updates",
    "resolution": "resolution",
    "promise": "promises",
    "action": "actions",
    "follow_up": "follow-up visit",
    "review": "review",
}


# --- formatting shared by every renderer ------------------------------------------------------


def duration(minutes: float | None) -> str:
    """Working minutes as ``2h 05m`` (``45m`` under an hour); ``—`` when there is none."""
    if minutes is None:
        return "—"
    whole = round(minutes)
    hours, rest = divmod(whole, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


def signed(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    text = f"{value:+g}" if isinstance(value, float) else f"{value:+d}"
    return text + suffix


def number(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def bar(value: int, largest: int, width: int = BAR_WIDTH) -> str:
    """A bar of ``█`` scaled so the largest value fills ``width`` cells."""
    if largest <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(width * value / largest))


def meter(part: int, whole: int, width: int = 12) -> str:
    """``part`` of ``whole`` as a full bar ``███░░░`` of ``width`` cells."""
    filled = round(width * part / whole) if whole else 0
    return "█" * filled + "░" * (width - filled)


def headline(data: dict[str, Any]) -> str:
    period, before = data["period"], data["previous_period"]
    return (
        f"Retrospective {period['label']}: {period['start'][:10]} to {period['end'][:10]} "
        f"(end excluded), compared with {before['label']}; as of {data['as_of'][:16]}"
    )


def nps_line(nps: dict[str, Any]) -> str:
    return (
        f"{number(nps['score'])} from {nps['answers']} answers ({nps['promoters']} promoters, "
        f"{nps['passives']} passives, {nps['detractors']} detractors)"
    )


def follow_line(follow: dict[str, Any]) -> str:
    rate = number(follow["on_time_rate"], "%")
    return (
        f"{follow['on_time']} of {follow['due']} on time ({rate}); {follow['late']} late, "
        f"{follow['overdue']} overdue, {follow['not_yet']} not due yet"
        + (f", {follow['early']} too early" if follow.get("early") else "")
    )


def promise_line(promises: dict[str, Any]) -> str:
    return (
        f"{promises['kept_on_time']} of {promises['made']} kept on time "
        f"({number(promises['on_time_rate'], '%')}); {promises['kept_late']} kept late, "
        f"{promises['overdue']} overdue, {promises['pending']} not due yet"
        + "".join(
            f", {promises[key]} {words}"
            for key, words in (
                ("withdrawn", "withdrawn"),
                ("missed_then_renegotiated", "missed then renegotiated"),
            )
            if promises.get(key)
        )
    )


def key_figures(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, this period, period before, change) for the handling and feedback figures."""
    cur, pre, chg = data["current"], data["previous"], data["changes"]
    rows = []
    for name, label in (("first_response", "first response"), ("resolution", "resolution")):
        rows.append(
            (
                f"time to {label}, median",
                duration(cur[name]["median_minutes"]),
                duration(pre[name]["median_minutes"]),
                _delta_minutes(chg[f"{name}_median_minutes"]),
            )
        )
        rows.append(
            (
                f"time to {label}, 90th percentile",
                duration(cur[name]["p90_minutes"]),
                duration(pre[name]["p90_minutes"]),
                "",
            )
        )
    rows.append(
        (
            "NPS",
            f"{number(cur['nps']['score'])} (n={cur['nps']['answers']})",
            f"{number(pre['nps']['score'])} (n={pre['nps']['answers']})",
            signed(chg["nps"]),
        )
    )
    rows.append(
        (
            "CSAT average",
            f"{number(cur['csat']['average'])} (n={cur['csat']['answers']})",
            f"{number(pre['csat']['average'])} (n={pre['csat']['answers']})",
            signed(chg["csat"]),
        )
    )
    rows.append(
        (
            "promises kept on time",
            _ratio(cur["promises"], "kept_on_time", "made"),
            _ratio(pre["promises"], "kept_on_time", "made"),
            "",
        )
    )
    rows.append(
        (
            "follow-up visits on time",
            _ratio(cur["follow_ups"], "on_time", "due"),
            _ratio(pre["follow_ups"], "on_time", "due"),
            "",
        )
    )
    return rows


def _ratio(figure: dict[str, Any], part: str, whole: str) -> str:
    return f"{figure[part]}/{figure[whole]}"


def _delta_minutes(value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "-" if value < 0 else "±") + duration(abs(value))


# --- terminal table ---------------------------------------------------------------------------


def table(data: dict[str, Any]) -> str:
    """Plain text for a terminal: sections of aligned columns with bars."""
    cur_label, pre_label = data["period"]["label"], data["previous_period"]["label"]
    out = [headline(data), ""]
    counts = data["counts"]
    largest = max([c["current"] for c in counts.values()] + [1])
    out.append(
        grid(
            ["cases", cur_label, pre_label, "change", ""],
            [
                [
                    k,
                    str(v["current"]),
                    str(v["previous"]),
                    signed(v["change"]),
                    bar(v["current"], largest),
                ]
                for k, v in counts.items()
            ],
            (1, 2, 3),
        )
    )
    for dimension, rows in data["breakdowns"].items():
        if not rows:
            continue
        top = max([r["current"] for r in rows] + [1])
        out += [
            "",
            grid(
                [DIMENSION_TITLES[dimension].lower(), cur_label, pre_label, "change", ""],
                [
                    [
                        r["key"],
                        str(r["current"]),
                        str(r["previous"]),
                        signed(r["change"]),
                        bar(r["current"], top),
                    ]
                    for r in rows
                ],
                (1, 2, 3),
            ),
        ]
    out += [
        "",
        grid(
            ["handling and feedback", cur_label, pre_label, "change"],
            [list(r) for r in key_figures(data)],
            (1, 2, 3),
        ),
    ]
    cur = data["current"]
    if cur["sla"]:
        out += [
            "",
            grid(
                ["sla clock", "met", "breached", "running", "met %", ""],
                [
                    [
                        CLOCK_TITLES.get(r["clock"], r["clock"]),
                        str(r["met"]),
                        str(r["breached"]),
                        str(r["running"]),
                        number(r["met_rate"], "%"),
                        meter(r["met"], r["met"] + r["breached"] + r["running"]),
                    ]
                    for r in cur["sla"]
                ],
                (1, 2, 3, 4),
            ),
        ]
    out += [
        "",
        f"NPS: {nps_line(cur['nps'])}",
        f"Promises: {promise_line(cur['promises'])}",
        f"Follow-up visits: {follow_line(cur['follow_ups'])}",
    ]
    out += _lists(data, bullet="  - ")
    out += scorecard.text_sections(data)
    return "\n".join(out) + "\n"


def _lists(
    data: dict[str, Any], bullet: str, code: str = "", esc: Callable[[str], str] = one_line
) -> list[str]:
    """Repeat complainants, root causes, lessons and prevention as bullet lists; ``esc``
    neutralises the text that comes from cases."""
    cur, out = data["current"], []
    sections: list[tuple[str, list[str]]] = [
        (
            "Repeat complainants",
            [
                f"{esc(r['customer'])}: {r['in_period']} this period, {r['total']} in all"
                for r in cur["repeat_complainants"]
            ],
        ),
        (
            "Top root causes",
            [
                f"{r['cause']} ({r['count']}): "
                + "; ".join(f"{code}{e['id']}{code} {esc(e['root_cause'])}" for e in r["examples"])
                for r in cur["root_causes"]
            ],
        ),
        (
            "Lessons learned",
            [
                f"{code}{r['id']}{code} {esc(r['title'])}: {esc(r['lesson'])}"
                for r in cur["lessons"]
            ],
        ),
        (
            "Prevention actions still open",
            [
                f"{code}{r['id']}{code} {r['action']} ({r['horizon']}, {esc(r['owner'])}, due "
                f"{(r['due'] or 'not set')[:10]}{', OVERDUE' if r['overdue'] else ''}): "
                f"{esc(r['what'])}"
                for r in data["open_prevention"]
            ],
        ),
    ]
    for title, items in sections:
        out += ["", f"{title}:" if not code else f"## {title}", *([""] if code else [])]
        out += [f"{bullet}{item}" for item in items] or [f"{bullet}none"]
    return out


# --- Markdown ---------------------------------------------------------------------------------


def markdown(data: dict[str, Any]) -> str:
    """GitHub-flavoured Markdown, for a wiki page or a merge request."""
    cur_label, pre_label = data["period"]["label"], data["previous_period"]["label"]
    heads = [cur_label, pre_label, "change"]
    out = [f"# Retrospective {cur_label}", "", headline(data) + ".", "", "## Cases", ""]
    out.append(
        md_table(
            ["", *heads],
            [
                [k, str(v["current"]), str(v["previous"]), signed(v["change"])]
                for k, v in data["counts"].items()
            ],
            (1, 2, 3),
        )
    )
    for dimension, rows in data["breakdowns"].items():
        out += ["", f"## {DIMENSION_TITLES[dimension]}", ""]
        out.append(
            md_table(
                [dimension, *heads],
                [
                    [r["key"], str(r["current"]), str(r["previous"]), signed(r["change"])]
                    for r in rows
                ],
                (1, 2, 3),
            )
            if rows
            else "No cases."
        )
    out += [
        "",
        "## Handling and feedback",
        "",
        md_table(["figure", *heads], [list(r) for r in key_figures(data)], (1, 2, 3)),
    ]
    cur = data["current"]
    out += ["", "## SLA clocks", ""]
    out.append(
        md_table(
            ["clock", "met", "breached", "running", "met %"],
            [
                [
                    CLOCK_TITLES.get(r["clock"], r["clock"]),
                    str(r["met"]),
                    str(r["breached"]),
                    str(r["running"]),
                    number(r["met_rate"], "%"),
                ]
                for r in cur["sla"]
            ],
            (1, 2, 3, 4),
        )
        if cur["sla"]
        else "No clocks."
    )
    out += [
        "",
        f"- NPS: {nps_line(cur['nps'])}",
        f"- Promises: {promise_line(cur['promises'])}",
        f"- Follow-up visits: {follow_line(cur['follow_ups'])}",
    ]
    out += _lists(data, bullet="- ", code="`", esc=md_cell)
    out += scorecard.markdown_sections(data)
    out += [
        "",
        "## Trend",
        "",
        md_table(
            ["period", "received", "resolved", "closed"],
            [
                [t["label"], str(t["received"]), str(t["resolved"]), str(t["closed"])]
                for t in data["trend"]
            ],
            (1, 2, 3),
        ),
    ]
    return "\n".join(out) + "\n"
