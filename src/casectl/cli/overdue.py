"""``casectl overdue``: the CI gate over every open case's SLA clocks.

Exit codes: 0 nothing to fail on; 1 a breach (or, with ``--fail-on warning``, anything flagged);
3 a case file could not be read, whatever ``--fail-on`` says: a gate that skipped a file cannot
vouch that the file's case is on time (docs/ci.md).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context as common

if TYPE_CHECKING:
    from casectl.render.overdue import Report


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
    from casectl.render import overdue as render_sla
    from casectl.core import sla
    from casectl.errors import EXIT_CASEBOOK, EXIT_OK, EXIT_PROBLEMS

    span = sla.span_option(within, "--within")
    book = common.book()
    loaded = book.cases()
    gate = sla.overdue(loaded.cases, book.config, common.now(), within=span, owner=owner)
    paths = {case_id: book.relative(path) for case_id, path in book.case_files().items()}
    report = render_sla.Report(gate, book.config, paths, loaded.problems, fail_on.value)
    for problem in loaded.problems:
        common.error(f"cannot check {problem}")
    _render(report, format)
    if loaded.problems:
        raise typer.Exit(EXIT_CASEBOOK)
    failed = (fail_on is FailOn.breach and gate.breaches) or (
        fail_on is FailOn.warning and gate.items
    )
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _render(report: Report, format: GateFormat) -> None:
    from casectl.render import overdue as render_sla

    if format is GateFormat.json:
        common.emit_json(render_sla.to_json(report))
    elif format is GateFormat.github:
        typer.echo(render_sla.to_github(report), nl=False)
    elif format is GateFormat.junit:
        typer.echo(render_sla.to_junit(report), nl=False)
    elif format is GateFormat.markdown:
        typer.echo(render_sla.to_markdown(report), nl=False)
    else:
        from casectl.render import table as render

        rows = render_sla.table_rows(report)
        shown = rows[:TERMINAL_ROWS] if common.stdout_is_terminal() else rows
        render.table(list(render_sla.TABLE_HEADERS), shown)
        if len(shown) < len(rows):
            common.info(f"… {len(rows) - len(shown)} more (pipe the output or use --format json)")
        common.info(report.summary())


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Reading")(overdue)
