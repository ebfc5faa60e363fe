"""``casectl overdue``: the CI gate over every open case's SLA clocks.

Exit codes: 0 nothing to fail on; 1 a breach (or, with ``--fail-on warning``, anything flagged);
3 a case file could not be read, whatever ``--fail-on`` says: a gate that skipped a file cannot
vouch that the file's case is on time (docs/ci.md).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from casectl.cli import context, output, prompts

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
) -> None:
    """Every breached or soon-due SLA clock of every open case, most urgent first.

    Exit 1 when something breached (see --fail-on), 3 when a case file could not be read.
    """
    from casectl.core import gate as rules
    from casectl.errors import EXIT_CASEBOOK, EXIT_OK, EXIT_PROBLEMS
    from casectl.render import overdue as shown
    from casectl.storage import env

    span = prompts.span(within, "--within")
    book = context.book()
    scan = book.entries("settled")
    gate = rules.overdue(scan.entries, book.config, context.now(), within=span, owner=owner)
    paths = {e.id.upper(): e.path for e in scan.entries}
    report = shown.Report(gate, book.config, paths, scan.problems, fail_on.value)
    if format in (GateFormat.github, GateFormat.junit):  # name files as the repository does
        report.prefix = env.ci_prefix(book.root)
        report.hostname = env.hostname()
    for problem in scan.problems:
        output.error(f"cannot check {problem}")
    if format is GateFormat.table:
        grid = shown.table(report)
        if output.stdout_is_terminal() and len(grid.rows) > TERMINAL_ROWS:
            output.table(type(grid)(grid.headers, grid.rows[:TERMINAL_ROWS]))
            more = len(grid.rows) - TERMINAL_ROWS
            output.info(f"… {more} more (pipe the output or use --format json)")
        else:
            output.table(grid)
        output.info(report.summary())
    else:
        output.emit(shown.FORMATS, format.value, report)
    if scan.problems:
        raise typer.Exit(EXIT_CASEBOOK)
    failed = (fail_on is FailOn.breach and gate.breaches) or (
        fail_on is FailOn.warning and gate.items
    )
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)
