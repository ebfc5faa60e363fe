"""The retrospective as one self-contained HTML page with inline SVG charts. Pure.

The page is ``render.html``'s shell (no script, no network, a strict Content-Security-Policy);
every text from a case goes through its ``escape``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from casectl.i18n import N_, _
from casectl.render import scorecard
from casectl.render.html import bullets, escape, heading, page, table
from casectl.render.report_words import (
    COUNT_NAMES,
    DIMENSION_TITLES,
    clock_title,
    count_name,
    follow_line,
    headline,
    key_figures,
    named,
    nps_line,
    number,
    promise_line,
    signed,
    unmeasured_lines,
)

COLOURS = {
    "current": "#2f6db5",
    "previous": "#b8c7dc",
    "received": "#2f6db5",
    "resolved": "#3a9a5b",
    "closed": "#8a8f98",
    "met": "#3a9a5b",
    "breached": "#c8453b",
    "running": "#d9a441",
    "promoters": "#3a9a5b",
    "passives": "#c9ccd1",
    "detractors": "#c8453b",
}

# The charts' own CSS, after the page's (``render.html``).
CHART_STYLE = """
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(27rem,1fr));gap:1rem}
figure{margin:0;break-inside:avoid}figcaption{font-weight:600;margin-bottom:.3rem}
svg text{font-size:12px;fill:#1d232b}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:-1px}
"""


SERIES = {
    **COUNT_NAMES,
    "current": N_("current"),
    "previous": N_("previous"),
    "met": N_("met"),
    "breached": N_("breached"),
    "running": N_("running"),
    "promoters": N_("promoters"),
    "passives": N_("passives"),
    "detractors": N_("detractors"),
}


def series_name(name: str) -> str:
    return named(SERIES, name)


def _legend(names: Sequence[str]) -> str:
    items = "".join(
        f'<span><i style="background:{COLOURS[n]}"></i>{escape(series_name(n))}</span>'
        for n in names
    )
    return f'<div class="legend">{items}</div>'


def _svg(name: str, label: str, width: int, height: int, body: str) -> str:
    return (
        f'<svg class="chart" data-chart="{escape(name)}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def trend_chart(trend: Sequence[dict[str, Any]]) -> str:
    """Grouped vertical bars: received, resolved and closed per period."""
    series = ("received", "resolved", "closed")
    width, height, left, bottom, top = 640, 220, 34, 30, 12
    largest = max([t[s] for t in trend for s in series] + [1])
    slot = (width - left) / max(len(trend), 1)
    bar_w = slot * 0.8 / len(series)
    plot_h = height - bottom - top
    parts = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{largest}</text>',
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end">0</text>',
    ]
    for i, period in enumerate(trend):
        x0 = left + i * slot + slot * 0.1
        for j, name in enumerate(series):
            h = plot_h * period[name] / largest
            x, y = x0 + j * bar_w, height - bottom - h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{h:.1f}" fill="{COLOURS[name]}"><title>{escape(period["label"])}'
                f" {name}: {period[name]}</title></rect>"
            )
            if period[name]:
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" '
                    f'text-anchor="middle">{period[name]}</text>'
                )
        parts.append(
            f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 10}" '
            f'text-anchor="middle">{escape(period["label"])}</text>'
        )
    chart = _svg("trend", _("cases per period"), width, height, "".join(parts))
    return chart + _legend(series)


def bars_chart(name: str, label: str, rows: Sequence[dict[str, Any]]) -> str:
    """Horizontal bars: this period (dark) over the period before (light), per key."""
    width, row_h, left, right = 420, 30, 130, 40
    height = max(len(rows), 1) * row_h + 6
    largest = max([r["current"] for r in rows] + [r["previous"] for r in rows] + [1])
    span = width - left - right
    parts = []
    for i, row in enumerate(rows):
        y = 3 + i * row_h
        key = escape(str(row["key"]))
        parts.append(f'<text x="{left - 6}" y="{y + 15}" text-anchor="end">{key}</text>')
        for j, which in enumerate(("current", "previous")):
            w = span * row[which] / largest
            parts.append(
                f'<rect x="{left}" y="{y + 2 + j * 12}" width="{w:.1f}" height="11" '
                f'fill="{COLOURS[which]}"><title>{key} {series_name(which)}: {row[which]}</title>'
                "</rect>"
            )
        parts.append(
            f'<text x="{left + span * row["current"] / largest + 4:.1f}" y="{y + 12}">'
            f"{row['current']}</text>"
        )
    return _svg(name, label, width, height, "".join(parts))


def stacked_chart(
    name: str, label: str, rows: Sequence[tuple[str, dict[str, int]]], series: Sequence[str]
) -> str:
    """One full-width bar per row, split into ``series`` by share."""
    width, row_h, left = 420, 24, 130
    height = max(len(rows), 1) * row_h + 6
    span = width - left - 10
    parts = []
    for i, (key, values) in enumerate(rows):
        y, x, total = 3 + i * row_h, float(left), sum(values[s] for s in series)
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(key)}</text>')
        for part in series:
            w = span * values[part] / total if total else 0
            if w:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="16" '
                    f'fill="{COLOURS[part]}"><title>{escape(key)} {series_name(part)}: '
                    f"{values[part]}</title></rect>"
                )
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 14}" text-anchor="middle" '
                    f'style="fill:#fff">{values[part]}</text>'
                )
            x += w
    return _svg(name, label, width, height, "".join(parts)) + _legend(series)


def _caption(text: str) -> str:
    return f"<figure><figcaption>{escape(text)}</figcaption>"


def html(data: dict[str, Any]) -> str:
    """The whole page."""
    title = _("Retrospective {period}").format(period=data["period"]["label"])
    body = [
        heading(title, 1),
        f'<p class="lead">{escape(headline(data))}</p>',
        *_counts(data),
        *_breakdowns(data),
        *_handling(data),
        *_learning(data),
        *scorecard.html_sections(data, table),
    ]
    return page(title, body, style=CHART_STYLE)


def _counts(data: dict[str, Any]) -> list[str]:
    """How many cases came, were resolved and closed, against the period before; the trend."""
    heads = ["", data["period"]["label"], data["previous_period"]["label"], _("change")]
    rows = [
        [count_name(k), str(v["current"]), str(v["previous"]), signed(v["change"])]
        for k, v in data["counts"].items()
    ]
    return [
        heading(_("Cases")),
        table(heads, rows, (1, 2, 3)),
        _caption(_("Trend")),
        trend_chart(data["trend"]),
        "</figure>",
    ]


def _breakdowns(data: dict[str, Any]) -> list[str]:
    """One bar chart a dimension (category, priority, cause…), this period over the last."""
    cur_label, pre_label = data["period"]["label"], data["previous_period"]["label"]
    out = [heading(_("Breakdowns")), '<div class="grid">']
    for dimension, rows in data["breakdowns"].items():
        named = _(DIMENSION_TITLES[dimension])
        label = _("{title}: {period} against {before}").format(
            title=named, period=cur_label, before=pre_label
        )
        chart = bars_chart(dimension, label, rows)
        out.append(f"<figure><figcaption>{escape(named)}</figcaption>{chart}</figure>")
    out.append("</div>" + _legend(("current", "previous")))
    return out


def _handling(data: dict[str, Any]) -> list[str]:
    """Key figures, the SLA clocks and NPS as charts and a table, promises and follow-ups."""
    cur = data["current"]
    heads = [_("figure"), data["period"]["label"], data["previous_period"]["label"], _("change")]
    sla_rows = [(clock_title(r["clock"]), r) for r in cur["sla"]]
    nps = cur["nps"]
    clocks = [
        [k, str(r["met"]), str(r["breached"]), str(r["running"]), number(r["met_rate"], "%")]
        for k, r in sla_rows
    ]
    clock_heads = [_("clock"), _("met"), _("breached"), _("running"), _("met %")]
    states = ("met", "breached", "running")
    return [
        heading(_("Handling and feedback")),
        table(heads, key_figures(data), (1, 2, 3)),
        '<div class="grid">',
        _caption(_("SLA clocks")),
        stacked_chart("sla", _("SLA clocks met, breached and running"), sla_rows, states),
        "</figure>",
        "<figure><figcaption>NPS " + escape(number(nps["score"])) + "</figcaption>",
        stacked_chart(
            "nps", _("NPS answers"), [(_("answers"), nps)], ("promoters", "passives", "detractors")
        ),
        "</figure></div>",
        table(clock_heads, clocks, (1, 2, 3, 4)),
        _list(
            [
                *unmeasured_lines(cur["sla"]),
                _("NPS: {line}").format(line=nps_line(nps)),
                _("Promises: {line}").format(line=promise_line(cur["promises"])),
                _("Follow-up visits: {line}").format(line=follow_line(cur["follow_ups"])),
            ]
        ),
    ]


def _list(items: Sequence[str]) -> str:
    return bullets(items, _("None."))


def _learning(data: dict[str, Any]) -> list[str]:
    """Who complained again, the top root causes, the lessons and the prevention still open."""
    cur = data["current"]
    repeat = _("{customer}: {in_period} this period, {total} in all")
    causes = [
        f"{r['cause']} ({r['count']}): "
        + _("; ").join(f"{e['id']} {e['root_cause']}" for e in r["examples"])
        for r in cur["root_causes"]
    ]
    prevention = [
        [
            r["id"],
            r["action"],
            r["horizon"],
            r["owner"],
            (r["due"] or _("not set"))[:10] + (_(" overdue") if r["overdue"] else ""),
            r["what"],
        ]
        for r in data["open_prevention"]
    ]
    return [
        heading(_("Repeat complainants")),
        _list(
            [
                repeat.format(customer=r["customer"], in_period=r["in_period"], total=r["total"])
                for r in cur["repeat_complainants"]
            ]
        ),
        heading(_("Top root causes")),
        _list(causes),
        heading(_("Lessons learned")),
        _list([f"{r['id']} {r['title']}: {r['lesson']}" for r in cur["lessons"]]),
        heading(_("Prevention actions still open")),
        table([_("case"), _("action"), _("horizon"), _("owner"), _("due"), _("what")], prevention),
    ]
