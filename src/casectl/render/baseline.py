"""The gate's baseline in its outputs: the Markdown tables of flagged clocks (new, then known
breaches), entries no longer breached, the line that asks to shrink the file. Pure text."""

from __future__ import annotations

from collections.abc import Sequence

from casectl.core.views.gate import Item
from casectl.i18n import _
from casectl.render.clocks import clock_label, remaining_shown
from casectl.render.gate_report import LEVELS, TABLE_HEADERS, Report
from casectl.render.text import md_cell

SHOWN_GONE = 20  # entries named in a line before "… N more"


def gone_line(report: Report) -> str:
    """The baseline's entries no longer breached, and how to drop them from the file (or
    that they were dropped)."""
    judged = report.baseline
    assert judged is not None
    named = ", ".join(judged.gone[:SHOWN_GONE])
    if len(judged.gone) > SHOWN_GONE:
        named += _(" … {count} more").format(count=len(judged.gone) - SHOWN_GONE)
    if report.baseline_written:
        said = _("no longer breached, dropped from {file}: {entries}")
    else:
        said = _("no longer breached: {entries}; drop them with --update-baseline ({file})")
    return said.format(entries=named, file=report.baseline_file)


def markdown_heading(report: Report) -> str:
    judged = report.baseline
    assert judged is not None
    said = _("### casectl overdue — {new} new, {known} in the baseline, {soon} due soon")
    return said.format(new=len(judged.new), known=len(judged.known), soon=report.gate.warnings)


def markdown_sections(report: Report) -> list[str]:
    """The known breaches as a second table, then the entries no longer breached."""
    judged = report.baseline
    assert judged is not None
    lines: list[str] = []
    if judged.known:
        said = _("**In the baseline** ({file}: known breaches; they do not fail the gate):")
        lines += ["", said.format(file=f"`{md_cell(report.baseline_file)}`"), ""]
        lines += markdown_table(report, judged.known)
    if judged.gone:
        said = _("**No longer breached** (drop them with `--update-baseline`):")
        lines += ["", said, ""]
        lines += [f"- `{md_cell(entry)}`" for entry in judged.gone]
    return lines


def markdown_table(report: Report, items: Sequence[Item]) -> list[str]:
    """The lines of a Markdown table of flagged clocks, breaches in bold."""
    lines = [
        "| " + " | ".join(_(h) for h in TABLE_HEADERS) + " |",
        "|---|---|---|---|---|---|---|",
    ]
    for item in items:
        clock = item.clock
        level = _(LEVELS[item.level]) if item.level in LEVELS else item.level
        level = f"**{level}**" if item.level == "breach" else level
        text = [clock_label(clock), report.local(clock.due), remaining_shown(clock)]
        text += [clock.owner or "", item.subject.title]
        cells = [level, f"`{item.subject.id}`", *(md_cell(c) for c in text)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
