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

from casectl.cli import context, output, prompts
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
) -> None:
    """Every breached or soon-due SLA clock of every open case, most urgent first; then the
    customers nobody has contacted within their contact rhythm.

    Exit 1 when something breached (see --fail-on), 3 when a case file could not be read; a
    customer due a contact does not fail the gate.
    """
    from casectl.core.customers import rhythm
    from casectl.core.views import gate as rules
    from casectl.errors import EXIT_CASEBOOK, EXIT_OK, EXIT_PROBLEMS
    from casectl.render import overdue as shown
    from casectl.storage import env, profiles

    span = prompts.span(within, "--within")
    several = context.qualified()
    ci = format in (GateFormat.github, GateFormat.junit)  # files named as the repository does
    gates, paths, problems = [], {}, []
    for label, book in context.books():
        scan = book.entries("settled")
        now = context.now_in(book)
        gate = rules.overdue(scan.entries, book.config, now, within=span, owner=owner)
        customers = profiles.rhythm_customers(book, scan.entries)
        gate.contacts_checked, gate.contacts = rhythm.due(
            customers, book.config, now, within=span, owner=owner
        )
        if several:  # IDs are unique per casebook: shown as label:ID, paths from here
            gate = rules.qualified(gate, label)
            prefix = env.ci_prefix(book.root) if ci else None
            gate.contacts = [  # a customer, too, is named with its casebook and found from here
                _in_casebook(
                    item,
                    label,
                    book.shown(item.customer.path)
                    if prefix is None
                    else prefix + item.customer.path,
                )
                for item in gate.contacts
            ]
            paths.update(
                {
                    f"{label}:{e.id}".upper(): book.shown(e.path)
                    if prefix is None
                    else prefix + e.path
                    for e in scan.entries
                }
            )
        else:
            paths.update({e.id.upper(): e.path for e in scan.entries})
        gates.append(gate)
        problems += scan.problems
    gate = rules.joined(gates)
    first = context.books()[0][1]
    report = shown.Report(gate, first.config, paths, problems, fail_on.value)
    if ci:
        report.hostname = env.hostname()
        if not several:
            report.prefix = env.ci_prefix(first.root)
    for problem in problems:
        output.error(_("cannot check {problem}").format(problem=text(problem)))
    if format is GateFormat.table:
        grid = shown.table(report)
        if output.stdout_is_terminal() and len(grid.rows) > TERMINAL_ROWS:
            output.table(replace(grid, rows=grid.rows[:TERMINAL_ROWS]))
            more = len(grid.rows) - TERMINAL_ROWS
            said = _("… {count} more (pipe the output or use --format json)")
            output.info(said.format(count=more))
        else:
            output.table(grid)
        if gate.contacts:
            output.table(shown.contact_table(report))
        output.info(report.summary())
    else:
        output.emit(shown.FORMATS, format.value, report)
    told_badly = False
    if notify:
        from casectl.cli.notify import run_notify

        told_badly = run_notify(since=None, dry_run=False, state_path=None)
    if problems:
        raise typer.Exit(EXIT_CASEBOOK)
    failed = (fail_on is FailOn.breach and gate.breaches) or (
        fail_on is FailOn.warning and gate.items
    )
    raise typer.Exit(EXIT_PROBLEMS if failed or told_badly else EXIT_OK)


def _in_casebook(item: Any, label: str, path: str) -> Any:
    """A customer due a contact, named ``label:name`` and its profile's path from here."""
    profile = item.customer.profile.model_copy(
        update={"name": f"{label}:{item.customer.profile.name}"}
    )
    return replace(item, customer=replace(item.customer, profile=profile, path=path))
