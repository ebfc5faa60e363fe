"""``casectl overdue``: the CI gate over every open case's SLA clocks.

Exit codes: 0 nothing to fail on; 1 a breach (or, with ``--fail-on warning``, anything flagged);
3 a case file could not be read, whatever ``--fail-on`` says: a gate that skipped a file cannot
vouch that the file's case is on time (docs/ci.md).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any

import typer

from casectl.cli import context, output
from casectl.cli.options import Jq, JsonFields
from casectl.i18n import _, text

TERMINAL_ROWS = 200  # a rich table costs ~1.5 ms a row: people get the most urgent 200


class GateFormat(StrEnum):
    table = "table"
    json = "json"
    github = "github"
    junit = "junit"
    markdown = "markdown"


class FailOn(StrEnum):
    breach = "breach"
    warning = "warning"
    never = "never"


def overdue(
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar="DURATION",
            help="Also flag clocks with at most this much left (4h, 1d; working time on the "
            "business clock).",
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(help="Only clocks this person owns (an action's owner, else the case's)."),
    ] = None,
    format: Annotated[
        GateFormat,
        typer.Option("--format", help="table, json, github (workflow commands), junit, markdown."),
    ] = GateFormat.table,
    fail_on: Annotated[
        FailOn,
        typer.Option("--fail-on", help="Exit 1 on a breach (default), on a warning too, or never."),
    ] = FailOn.breach,
    notify: Annotated[
        bool,
        typer.Option(
            "--notify", help="Then send what became due to the notify targets (as notify does)."
        ),
    ] = False,
    json_fields: JsonFields = None,
    jq: Jq = None,
) -> None:
    """Every breached or soon-due SLA clock of every open case, most urgent first; then the
    customers nobody has contacted within their contact rhythm.

    Exit 1 when something breached (see --fail-on), 3 when a case file could not be read; a
    customer due a contact does not fail the gate.
    """
    from casectl.errors import EXIT_CASEBOOK, EXIT_OK, EXIT_PROBLEMS
    from casectl.render import overdue as shown

    names = output.json_fields(json_fields, jq, "overdue")
    ci = format in (GateFormat.github, GateFormat.junit)  # files named as the repository does
    found = context.casebooks().overdue(within=within, owner=owner, ci=ci)
    gate = found.gate
    report = shown.Report(
        gate,
        found.config,
        found.paths,
        found.skipped,
        fail_on.value,
        prefix=found.prefix,
        hostname=found.hostname or "localhost",
    )
    for problem in found.skipped:
        output.error(_("cannot check {problem}").format(problem=text(problem)))
    _show(report, format, names, jq)
    told_badly = _notified() if notify else False
    if found.skipped:
        raise typer.Exit(EXIT_CASEBOOK)
    failed = (fail_on is FailOn.breach and gate.breaches) or (
        fail_on is FailOn.warning and gate.items
    )
    raise typer.Exit(EXIT_PROBLEMS if failed or told_badly else EXIT_OK)


def _show(report: Any, format: GateFormat, names: list[str] | None, jq: str | None) -> None:
    """The gate in the format asked for; with ``--json FIELDS`` (or ``--jq``), those fields of
    each flagged clock."""
    from casectl.render import fields
    from casectl.render import overdue as shown

    if names is not None:
        output.fields(fields.overdue_records(shown.to_json(report)), names, jq)
    elif format is GateFormat.table:
        _table(report)
    else:
        output.emit(shown.FORMATS, format.value, report)


def _notified() -> bool:
    """``--notify``: what became due sent to the notify targets; whether a send failed."""
    from casectl.cli.notify import shown as told_shown

    told = context.casebook().notify()
    told_shown(told)
    return bool(told.failed)


def _table(report: Any) -> None:
    """The gate for people: the most urgent rows on a terminal, then the customers due a
    contact, then the summary."""
    from casectl.render import overdue_table as shown

    grid = shown.table(report)
    if output.stdout_is_terminal() and len(grid.rows) > TERMINAL_ROWS:
        output.table(replace(grid, rows=grid.rows[:TERMINAL_ROWS]))
        more = len(grid.rows) - TERMINAL_ROWS
        said = _("… {count} more (pipe the output or use --format json)")
        output.info(said.format(count=more))
    else:
        output.table(grid)
    if report.gate.contacts:
        output.table(shown.contact_table(report))
    output.info(report.summary())
