"""The retrospective as text: a terminal table with bars, and Markdown. Pure string building.

Both read the data ``report.build`` returns; the HTML page is in ``report_html``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casectl.i18n import N_, _
from casectl.render import scorecard
from casectl.render.report_words import (
    DIMENSION_NAMES,
    DIMENSION_TITLES,
    bar,
    clock_title,
    count_name,
    duration,
    follow_line,
    headline,
    key_figures,
    meter,
    nps_line,
    number,
    promise_line,
    signed,
    unmeasured_lines,
)
from casectl.render.text import grid, md_cell, md_table, one_line

THREE_MONTHS = (
    ("received", N_("received")),
    ("resolved", N_("resolved")),
    ("open", N_("open")),
    ("first_response_median_minutes", N_("time to first response, median")),
    ("resolution_median_minutes", N_("time to resolution, median")),
    ("nps", "NPS"),
    ("csat", N_("CSAT average")),
)


def arrow(now: float | None, before: float | None) -> str:
    """``↑``, ``↓`` or ``→``: which way a figure went since the period before (a blank when
    either is missing). The way, not whether it is good: fewer open cases is ``↓``."""
    if now is None or before is None:
        return " "
    return "↑" if now > before else "↓" if now < before else "→"


def three_months(data: dict[str, Any]) -> list[str]:
    """The key figures of the last three periods side by side, each with its way since the
    one before; then a blank line."""
    periods = data.get("key_figures")
    if not periods:
        return []
    rows = []
    for key, name in THREE_MONTHS:
        shown = duration if key.endswith("_minutes") else number
        cells = [_(name)]
        for n, p in enumerate(periods):
            way = arrow(p[key], periods[n - 1][key]) if n else " "
            cells.append(f"{shown(p[key])} {way}" if n else shown(p[key]))
        rows.append(cells)
    heading = _("last {count} months").format(count=len(periods))
    return [grid([heading, *(p["label"] for p in periods)], rows, range(1, len(periods) + 1)), ""]


def table(data: dict[str, Any], *, wide: bool = False) -> str:
    """Plain text for a terminal: sections of aligned columns with bars."""
    cur_label, pre_label = data["period"]["label"], data["previous_period"]["label"]
    out = [headline(data), "", *three_months(data)]
    counts = data["counts"]
    largest = max([c["current"] for c in counts.values()] + [1])
    out.append(
        grid(
            [_("cases"), cur_label, pre_label, _("change"), ""],
            [
                [
                    count_name(k),
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
                [_(DIMENSION_TITLES[dimension]).lower(), cur_label, pre_label, _("change"), ""],
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
            [_("handling and feedback"), cur_label, pre_label, _("change")],
            [list(r) for r in key_figures(data)],
            (1, 2, 3),
        ),
    ]
    cur = data["current"]
    out += _sla_text(cur["sla"])
    out += [
        "",
        _("NPS: {line}").format(line=nps_line(cur["nps"])),
        _("Promises: {line}").format(line=promise_line(cur["promises"])),
        _("Follow-up visits: {line}").format(line=follow_line(cur["follow_ups"])),
    ]
    out += _lists(data, bullet="  - ")
    out += scorecard.text_sections(data, wide=wide)
    return "\n".join(out) + "\n"


def _sla_text(sla: list[dict[str, Any]]) -> list[str]:
    """The SLA clocks met, breached and running, and how many could not be measured."""
    if not sla:
        return []
    rows = [
        [
            clock_title(r["clock"]),
            str(r["met"]),
            str(r["breached"]),
            str(r["running"]),
            number(r["met_rate"], "%"),
            meter(r["met"], r["met"] + r["breached"] + r["running"]),
        ]
        for r in sla
    ]
    heads = [_("sla clock"), _("met"), _("breached"), _("running"), _("met %"), ""]
    return ["", grid(heads, rows, (1, 2, 3, 4)), *unmeasured_lines(sla)]


def _sla_markdown(sla: list[dict[str, Any]]) -> list[str]:
    if not sla:
        return [_("No clocks.")]
    rows = [
        [
            clock_title(r["clock"]),
            str(r["met"]),
            str(r["breached"]),
            str(r["running"]),
            number(r["met_rate"], "%"),
        ]
        for r in sla
    ]
    heads = [_("clock"), _("met"), _("breached"), _("running"), _("met %")]
    return [md_table(heads, rows, (1, 2, 3, 4)), *(f"\n{line}" for line in unmeasured_lines(sla))]


def _lists(
    data: dict[str, Any], bullet: str, code: str = "", esc: Callable[[str], str] = one_line
) -> list[str]:
    """Repeat complainants, root causes, lessons and prevention as bullet lists; ``esc``
    neutralises the text that comes from cases."""
    cur, out = data["current"], []
    sections: list[tuple[str, list[str]]] = [
        (
            _("Repeat complainants"),
            [
                _("{customer}: {in_period} this period, {total} in all").format(
                    customer=esc(r["customer"]), in_period=r["in_period"], total=r["total"]
                )
                for r in cur["repeat_complainants"]
            ],
        ),
        (
            _("Top root causes"),
            [
                f"{r['cause']} ({r['count']}): "
                + _("; ").join(
                    f"{code}{e['id']}{code} {esc(e['root_cause'])}" for e in r["examples"]
                )
                for r in cur["root_causes"]
            ],
        ),
        (
            _("Lessons learned"),
            [
                f"{code}{r['id']}{code} {esc(r['title'])}: {esc(r['lesson'])}"
                for r in cur["lessons"]
            ],
        ),
        (
            _("Prevention actions still open"),
            [
                _("{case} {action} ({horizon}, {owner}, due {due}{overdue}): {what}").format(
                    case=f"{code}{r['id']}{code}",
                    action=r["action"],
                    horizon=r["horizon"],
                    owner=esc(r["owner"]),
                    due=(r["due"] or _("not set"))[:10],
                    overdue=_(", OVERDUE") if r["overdue"] else "",
                    what=esc(r["what"]),
                )
                for r in data["open_prevention"]
            ],
        ),
    ]
    for title, items in sections:
        out += [
            "",
            _("{title}:").format(title=title) if not code else f"## {title}",
            *([""] if code else []),
        ]
        out += [f"{bullet}{item}" for item in items] or [bullet + _("none")]
    return out


# --- Markdown ---------------------------------------------------------------------------------


def markdown(data: dict[str, Any]) -> str:
    """GitHub-flavoured Markdown, for a wiki page or a merge request."""
    cur_label, pre_label = data["period"]["label"], data["previous_period"]["label"]
    heads = [cur_label, pre_label, _("change")]
    title = _("# Retrospective {period}").format(period=cur_label)
    out = [title, "", headline(data) + ".", "", _("## Cases"), ""]
    out.append(
        md_table(
            ["", *heads],
            [
                [count_name(k), str(v["current"]), str(v["previous"]), signed(v["change"])]
                for k, v in data["counts"].items()
            ],
            (1, 2, 3),
        )
    )
    for dimension, rows in data["breakdowns"].items():
        out += ["", "## " + _(DIMENSION_TITLES[dimension]), ""]
        out.append(
            md_table(
                [_(DIMENSION_NAMES[dimension]), *heads],
                [
                    [r["key"], str(r["current"]), str(r["previous"]), signed(r["change"])]
                    for r in rows
                ],
                (1, 2, 3),
            )
            if rows
            else _("No cases.")
        )
    out += [
        "",
        _("## Handling and feedback"),
        "",
        md_table([_("figure"), *heads], [list(r) for r in key_figures(data)], (1, 2, 3)),
    ]
    cur = data["current"]
    out += ["", _("## SLA clocks"), "", *_sla_markdown(cur["sla"])]
    out += [
        "",
        "- " + _("NPS: {line}").format(line=nps_line(cur["nps"])),
        "- " + _("Promises: {line}").format(line=promise_line(cur["promises"])),
        "- " + _("Follow-up visits: {line}").format(line=follow_line(cur["follow_ups"])),
    ]
    out += _lists(data, bullet="- ", code="`", esc=md_cell)
    out += scorecard.markdown_sections(data)
    out += [
        "",
        _("## Trend"),
        "",
        md_table(
            [_("period"), _("received"), _("resolved"), _("closed")],
            [
                [t["label"], str(t["received"]), str(t["resolved"]), str(t["closed"])]
                for t in data["trend"]
            ],
            (1, 2, 3),
        ),
    ]
    return "\n".join(out) + "\n"
