"""The overdue gate's outputs: JSON, GitHub Actions workflow commands, JUnit XML, Markdown and
the table for people. Pure text: no rich, no printing.

Every renderer takes the same ``Report`` (``render.gate_report``): the gate's result plus what
it needs to point at files (case paths relative to the casebook) and the files that could not
be read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casectl.core.views.gate import Item
from casectl.i18n import _
from casectl.render.baseline import markdown_table
from casectl.render.clocks import clock_json, remaining_shown
from casectl.render.gate_report import (
    CONTACT_HEADERS,
    Report,
    contact_headline,
    contact_message,
    headline,
    message,
)
from casectl.render.github import command
from casectl.render.overdue_table import contact_table, table
from casectl.render.text import md_cell

if TYPE_CHECKING:
    from casectl.core.customers.rhythm import ContactItem

__all__ = ["FORMATS", "Report", "contact_table", "table", "to_github", "to_json"]


def _contact_json(report: Report, item: ContactItem) -> dict[str, Any]:
    last = item.customer.last
    return {
        "level": item.level,
        "customer": item.name,
        "path": item.customer.path,
        "tier": item.tier,
        "owner": item.clock.owner,
        "last_contact": last.astimezone(report.config.tz).isoformat() if last else None,
        "clock": clock_json(item.clock, report.config),
    }


# --- JSON ---------------------------------------------------------------------------------


def to_json(report: Report) -> dict[str, Any]:
    gate = report.gate
    return {
        "now": gate.now.astimezone(report.config.tz).isoformat(),
        "within": str(gate.within) if gate.within is not None else None,
        "fail_on": report.fail_on,
        "counts": {
            "checked": len(gate.checked),
            "cases": report.cases,
            "breached": gate.breaches,
            "warning": gate.warnings,
            "unreadable": len(report.problems),
        },
        "items": [
            {
                "level": item.level,
                "case": item.subject.id,
                "path": report.path(item.subject.id),
                "title": item.subject.title,
                "customer": item.subject.customer,
                "priority": item.subject.priority,
                "clock": clock_json(item.clock, report.config),
                **({"baselined": report.baselined(item)} if report.baseline else {}),
            }
            for item in gate.items
        ],
        "problems": [
            {"path": p.path, "line": p.line, "message": p.problem} for p in report.problems
        ],
        "contacts": {
            "checked": gate.contacts_checked,
            "items": [_contact_json(report, item) for item in gate.contacts],
        },
        **_baseline_json(report),
    }


def _baseline_json(report: Report) -> dict[str, Any]:
    """With a baseline: its file, how many breaches are new and known, the entries gone."""
    judged = report.baseline
    if judged is None:
        return {}
    return {
        "baseline": {
            "file": report.baseline_file,
            "new": len(judged.new),
            "baselined": len(judged.known),
            "gone": list(judged.gone),
        }
    }


# --- GitHub Actions workflow commands -------------------------------------------------------


def to_github(report: Report) -> str:
    """One annotation per flagged clock, pointing at the case file; a notice sums up."""
    lines = [
        command(
            _annotation(report, item),
            message(report, item),
            file=report.repo_path(item.subject.id),
            title=headline(item) + (_(" (in the baseline)") if report.baselined(item) else ""),
        )
        for item in report.gate.items
    ]
    if report.baseline is not None and report.baseline.gone:
        from casectl.render.baseline import gone_line

        lines.append(command("notice", gone_line(report), title=_("casectl baseline")))
    for problem in report.problems:
        lines.append(
            command(
                "error",
                problem.problem,
                file=report.prefix + problem.path,
                line=problem.line,
                title=_("casectl: unreadable case file"),
            )
        )
    for contact in report.gate.contacts:  # a warning, whatever its level: it fails no gate
        lines.append(
            command(
                "warning",
                contact_message(report, contact),
                file=report.prefix + contact.customer.path,
                title=contact_headline(contact),
            )
        )
    lines.append(command("notice", report.summary(), title="casectl overdue"))
    return "\n".join(lines) + "\n"


def _annotation(report: Report, item: Item) -> str:
    """A new breach is an error, a known one a notice, a clock due soon a warning."""
    if item.level != "breach":
        return "warning"
    return "notice" if report.baselined(item) else "error"


# --- JUnit XML ------------------------------------------------------------------------------


def to_junit(report: Report) -> str:
    """The gate as JUnit XML (``render.overdue_junit``)."""
    from casectl.render.overdue_junit import junit

    return junit(report)


# --- Markdown -------------------------------------------------------------------------------


def to_markdown(report: Report) -> str:
    """A table for ``$GITHUB_STEP_SUMMARY`` or a merge request comment."""
    gate = report.gate
    now = gate.now.astimezone(report.config.tz).strftime("%Y-%m-%d %H:%M %z")
    if report.baseline is not None:
        from casectl.render.baseline import markdown_heading

        lines = [markdown_heading(report), ""]
    else:
        heading = _("### casectl overdue — {breached} breached, {soon} due soon")
        lines = [heading.format(breached=gate.breaches, soon=gate.warnings), ""]
    if report.shown_items:
        lines += markdown_table(report, report.shown_items)
    elif gate.items:
        lines.append(_("No new breach; nothing due soon."))
    else:
        lines.append(_("No clock is breached or due soon."))
    if report.baseline is not None:
        from casectl.render.baseline import markdown_sections

        lines += markdown_sections(report)
    if report.problems:
        lines += ["", _("**Case files that could not be read** (the gate fails until fixed):")]
        lines += [f"- {md_cell(str(p))}" for p in report.problems]
    if gate.contacts:
        lines += [
            "",
            _("**Customers due a contact** (the contact rhythm; not a gate failure):"),
            "",
            "| " + " | ".join(_(h) for h in CONTACT_HEADERS) + " |",
            "|---|---|---|---|---|---|---|",
        ]
        for contact in gate.contacts:
            cells = [md_cell(c) for c in _contact_cells(report, contact)]
            cells[0] = f"**{cells[0]}**" if contact.level == "breach" else cells[0]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", _("_{summary}; as of {now}._").format(summary=report.summary(), now=now)]
    return "\n".join(lines) + "\n"


# --- the table for people -------------------------------------------------------------------


def _contact_cells(report: Report, item: ContactItem) -> list[str]:
    last = item.customer.last
    return [
        _("overdue") if item.level == "breach" else _("due soon"),
        item.name,
        item.tier,
        report.local(last) if last else _("never"),
        report.local(item.clock.due),
        remaining_shown(item.clock),
        item.clock.owner or "",
    ]


def _json_text(report: Report) -> str:
    from casectl.render.json import dumps

    return dumps(to_json(report))


FORMATS: dict[str, Callable[[Report], Any]] = {
    "json": _json_text,
    "github": to_github,
    "junit": to_junit,
    "markdown": to_markdown,
    "table": table,
}
