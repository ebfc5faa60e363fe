"""The gate's baseline in its outputs: the summary's words, the Markdown sections for known
breaches and entries no longer breached, the line that asks to shrink the file. Pure text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from casectl.core.views.baseline import Judged
from casectl.i18n import _
from casectl.render.text import md_cell

if TYPE_CHECKING:
    from casectl.render.overdue import Report

SHOWN_GONE = 20  # entries named in a line before "… N more"


def summary(judged: Judged) -> str:
    """What the summary line adds with a baseline: new and known breaches, entries gone."""
    text = _("; {new} new, {known} in the baseline").format(
        new=len(judged.new), known=len(judged.known)
    )
    if judged.gone:
        said = _("; baseline entries no longer breached: {count}")
        text += said.format(count=len(judged.gone))
    return text


def gone_line(report: Report) -> str:
    """The baseline's entries no longer breached, and how to drop them from the file."""
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
    from casectl.render.overdue import markdown_table

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
