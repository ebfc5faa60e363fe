"""The retrospective's figures as words, shared by every renderer of the report (text,
Markdown, HTML): titles, durations, changes, bars, and the one-line summaries. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from casectl.i18n import N_, _
from casectl.render.clocks import span_words

BAR_WIDTH = 24
DIMENSION_TITLES = {
    "category": N_("By category"),
    "priority": N_("By priority"),
    "cause": N_("By cause"),
    "attribution": N_("By attribution"),
    "owner": N_("By owner"),
}
DIMENSION_NAMES = {
    "category": N_("category"),
    "priority": N_("priority"),
    "cause": N_("cause"),
    "attribution": N_("attribution"),
    "owner": N_("owner"),
}
CLOCK_TITLES = {
    "first_response": N_("first response"),
    "investigation": N_("investigation"),
    "update_every": N_("progress updates"),
    "resolution": N_("resolution"),
    "promise": N_("promises"),
    "action": N_("actions"),
    "follow_up": N_("follow-up visit"),
    "review": N_("review"),
}
COUNT_NAMES = {
    "received": N_("received"),
    "resolved": N_("resolved"),
    "closed": N_("closed"),
    "open": N_("open"),
}


def named(names: Mapping[str, str], key: str) -> str:
    """``key`` as people read it, from a table of ``N_`` labels (the key itself if absent)."""
    return _(names[key]) if key in names else key


def clock_title(clock: str) -> str:
    return named(CLOCK_TITLES, clock)


UNMEASURED = {
    "first_response": N_(
        "{count} of {total} cases had no response time (imported): left out of met %"
    ),
    "resolution": N_(
        "{count} of {total} cases had no resolution time (imported): left out of met %"
    ),
}
UNMEASURED_OTHER = N_(
    "{clock}: {count} of {total} clocks unmeasured (steps imported without their time): "
    "left out of met %"
)


def unmeasured_lines(sla: list[dict[str, Any]]) -> list[str]:
    """A line for each kind of clock some cases could not measure (an imported step without
    its time), saying how many of how many."""
    lines = []
    for row in sla:
        count = row.get("unmeasured") or 0
        if count:
            said = _(UNMEASURED.get(row["clock"], UNMEASURED_OTHER))
            lines.append(
                said.format(count=count, total=row["total"], clock=clock_title(row["clock"]))
            )
    return lines


def count_name(key: str) -> str:
    return named(COUNT_NAMES, key)


# --- formatting shared by every renderer ------------------------------------------------------


def duration(minutes: float | None) -> str:
    """Working minutes as ``2h 5m`` (``45m`` under an hour; ``2 小时 5 分钟`` in Chinese);
    ``—`` when there is none."""
    if minutes is None:
        return "—"
    return span_words(round(minutes), days=False)


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
    """The report's first line: the period (whole days named by their first and last day), the
    one it is compared with, and when it was read."""
    period, before = data["period"], data["previous_period"]
    start, end = period["start"], period["end"]
    as_of = data["as_of"][:16].replace("T", " ")
    if start[10:19] == end[10:19] == "T00:00:00":  # whole days: name the last one
        last = (date.fromisoformat(end[:10]) - timedelta(days=1)).isoformat()
        said = _("Retrospective {period}: {start} to {end}, compared with {before}; as of {as_of}")
        return said.format(
            period=period["label"], start=start[:10], end=last, before=before["label"], as_of=as_of
        )
    said = _(
        "Retrospective {period}: {start} to {end} (end excluded), compared with {before}; "
        "as of {as_of}"
    )
    return said.format(
        period=period["label"],
        start=start[:16].replace("T", " "),
        end=end[:16].replace("T", " "),
        before=before["label"],
        as_of=as_of,
    )


def nps_line(nps: dict[str, Any]) -> str:
    said = _(
        "{score} from {answers} answers ({promoters} promoters, {passives} passives, "
        "{detractors} detractors)"
    )
    return said.format(
        score=number(nps["score"]),
        answers=nps["answers"],
        promoters=nps["promoters"],
        passives=nps["passives"],
        detractors=nps["detractors"],
    )


def follow_line(follow: dict[str, Any]) -> str:
    rate = number(follow["on_time_rate"], "%")
    said = _(
        "{on_time} of {due} on time ({rate}); {late} late, {overdue} overdue, {not_yet} not due yet"
    )
    early = _(", {count} too early").format(count=follow["early"]) if follow.get("early") else ""
    return (
        said.format(
            on_time=follow["on_time"],
            due=follow["due"],
            rate=rate,
            late=follow["late"],
            overdue=follow["overdue"],
            not_yet=follow["not_yet"],
        )
        + early
    )


def promise_line(promises: dict[str, Any]) -> str:
    said = _(
        "{kept_on_time} of {made} kept on time ({rate}); {kept_late} kept late, "
        "{overdue} overdue, {pending} not due yet"
    )
    more = {
        "withdrawn": _(", {count} withdrawn"),
        "missed_then_renegotiated": _(", {count} missed then renegotiated"),
    }
    return said.format(
        kept_on_time=promises["kept_on_time"],
        made=promises["made"],
        rate=number(promises["on_time_rate"], "%"),
        kept_late=promises["kept_late"],
        overdue=promises["overdue"],
        pending=promises["pending"],
    ) + "".join(
        words.format(count=promises[key]) for key, words in more.items() if promises.get(key)
    )


def key_figures(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, this period, period before, change) for the handling and feedback figures."""
    cur, pre, chg = data["current"], data["previous"], data["changes"]
    rows = []
    medians = {
        "first_response": (
            _("time to first response, median"),
            _("time to first response, 90th percentile"),
        ),
        "resolution": (_("time to resolution, median"), _("time to resolution, 90th percentile")),
    }
    for name, (median, p90) in medians.items():
        rows.append(
            (
                median,
                duration(cur[name]["median_minutes"]),
                duration(pre[name]["median_minutes"]),
                _delta_minutes(chg[f"{name}_median_minutes"]),
            )
        )
        rows.append(
            (
                p90,
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
            _("CSAT average"),
            f"{number(cur['csat']['average'])} (n={cur['csat']['answers']})",
            f"{number(pre['csat']['average'])} (n={pre['csat']['answers']})",
            signed(chg["csat"]),
        )
    )
    rows.append(
        (
            _("promises kept on time"),
            _ratio(cur["promises"], "kept_on_time", "made"),
            _ratio(pre["promises"], "kept_on_time", "made"),
            "",
        )
    )
    rows.append(
        (
            _("follow-up visits on time"),
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
