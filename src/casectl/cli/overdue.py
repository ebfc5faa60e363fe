"""``casectl overdue``: the CI gate over every open case's SLA clocks.

Exit codes: 0 nothing to fail on; 1 a breach (or, with ``--fail-on warning``, anything flagged);
3 a case file could not be read, whatever ``--fail-on`` says: a gate that skipped a file cannot
vouch that the file's case is on time (docs/ci.md).
"""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casectl.cli import context, output
from casectl.cli.options import Jq, JsonFields
from casectl.i18n import _, text

if TYPE_CHECKING:
    from casectl.api.results import Overdue

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


Within = Annotated[
    str | None,
    typer.Option(
        "--within",
        metavar="DURATION",
        help="Also flag clocks with at most this much left (4h, 1d; working time on the "
        "business clock).",
    ),
]
Owner = Annotated[
    str | None,
    typer.Option(help="Only clocks this person owns (an action's owner, else the case's)."),
]
Format = Annotated[
    GateFormat,
    typer.Option("--format", help="table, json, github (workflow commands), junit, markdown."),
]
Fails = Annotated[
    FailOn,
    typer.Option("--fail-on", help="Exit 1 on a breach (default), on a warning too, or never."),
]
Notify = Annotated[
    bool,
    typer.Option(
        "--notify", help="Then send what became due to the notify targets (as notify does)."
    ),
]
Baseline = Annotated[
    str | None,
    typer.Option(
        "--baseline",
        metavar="FILE",
        help="Fail only on breaches not in this baseline file; list the known ones apart.",
    ),
]
WriteBaseline = Annotated[
    str | None,
    typer.Option(
        "--write-baseline", metavar="FILE", help="Record today's breaches as the baseline."
    ),
]
UpdateBaseline = Annotated[
    bool,
    typer.Option(
        "--update-baseline",
        help="With --baseline: drop the entries no longer breached from the file.",
    ),
]
GitHub = Annotated[
    bool, typer.Option("--github", help="Also print GitHub annotations (to stdout).")
]
Junit = Annotated[
    str | None, typer.Option("--junit", metavar="PATH", help="Also write JUnit XML here.")
]
Markdown = Annotated[
    str | None,
    typer.Option(
        "--markdown",
        metavar="PATH",
        help='Also write the Markdown summary here (e.g. "$GITHUB_STEP_SUMMARY").',
    ),
]
JsonPath = Annotated[
    str | None, typer.Option("--json-file", metavar="PATH", help="Also write the JSON here.")
]


def overdue(
    within: Within = None,
    owner: Owner = None,
    format: Format = GateFormat.table,
    fail_on: Fails = FailOn.breach,
    notify: Notify = False,
    baseline: Baseline = None,
    write_baseline: WriteBaseline = None,
    update_baseline: UpdateBaseline = False,
    github: GitHub = False,
    junit: Junit = None,
    markdown: Markdown = None,
    json_path: JsonPath = None,
    json_fields: JsonFields = None,
    jq: Jq = None,
) -> None:
    """Every breached or soon-due SLA clock of every open case, most urgent first; then the
    customers nobody has contacted within their contact rhythm.

    Exit 1 when something breached (see --fail-on), 3 when a case file could not be read; a
    customer due a contact does not fail the gate.
    """
    from casectl.errors import EXIT_CASEBOOK, EXIT_OK, EXIT_PROBLEMS

    names = output.json_fields(json_fields, jq, "overdue")
    extra = _extra_outputs(format, github, junit, markdown, json_path)
    # files named as the repository does when a CI format is written
    ci = format in (GateFormat.github, GateFormat.junit) or github or junit is not None
    found = context.casebooks().overdue(
        within=within,
        owner=owner,
        ci=ci,
        baseline=baseline,
        write_baseline=write_baseline,
        update_baseline=update_baseline,
    )
    _shown(found, format, fail_on, github, extra, (names, jq))
    told_badly = _notified() if notify else False
    if found.skipped:
        raise typer.Exit(EXIT_CASEBOOK)
    from casectl.core.views.gate import fails

    breaches = found.baseline.failing if found.baseline is not None else found.gate.breaches
    failed = fails(breaches, found.gate.warnings, fail_on.value)
    raise typer.Exit(EXIT_PROBLEMS if failed or told_badly else EXIT_OK)


def _shown(
    found: Overdue,
    format: GateFormat,
    fail_on: FailOn,
    github: bool,
    extra: list[tuple[str, str]],
    fields: tuple[list[str] | None, str | None] = (None, None),
) -> None:
    """The gate in its main format (and, with --github, the annotations first), then each
    extra output written to its file."""
    from casectl.render import overdue as shown

    use = found.baseline
    report = shown.Report(
        found.gate,
        found.config,
        found.paths,
        found.skipped,
        fail_on.value,
        prefix=found.prefix,
        hostname=found.hostname or "localhost",
        baseline=use.judged if use else None,
        baseline_file=use.path if use else "",
        baseline_written=bool(use and use.written),
    )
    for problem in found.skipped:
        output.error(_("cannot check {problem}").format(problem=text(problem)))
    if github and format is not GateFormat.github:
        output.echo(shown.to_github(report))
    names, jq = fields
    if names is not None:  # --json FIELDS (or --jq): those fields of each flagged clock
        from casectl.render.fields import overdue_records

        output.fields(overdue_records(shown.to_json(report)), names, jq)
    elif format is GateFormat.table:
        _table(report)
    else:
        output.emit(shown.FORMATS, format.value, report)
    for kind, path in extra:
        output.emit(shown.FORMATS, kind, report, path)
    if use is not None and use.written:
        said = _("wrote {path}: {count} baseline entries")
        output.info(said.format(path=use.path, count=use.entries))


def _notified() -> bool:
    """``--notify``: what became due sent to the notify targets; whether a send failed."""
    from casectl.cli.notify import shown as told_shown

    told = context.casebook().notify()
    told_shown(told)
    return bool(told.failed)


def _extra_outputs(
    format: GateFormat,
    github: bool,
    junit: str | None,
    markdown: str | None,
    json_path: str | None,
) -> list[tuple[str, str]]:
    """The files written beside the main ``--format`` (kind, path); a usage error when two
    outputs would share stdout."""
    from casectl.errors import UsageError
    from casectl.i18n import msg

    if github and format not in (GateFormat.table, GateFormat.github):
        raise UsageError(
            msg(
                "--github and --format {format} both write to stdout: write the {format} to a "
                "file (--{format} PATH)",
                format=format.value,
            )
        )
    given = {"junit": junit, "markdown": markdown, "json": json_path}
    extra = [(kind, path) for kind, path in given.items() if path is not None]
    if any(path == "-" for _kind, path in extra):
        raise UsageError(
            msg("--junit, --markdown and --json-file name files; stdout is --format's")
        )
    return extra


def _table(report: Any) -> None:
    """The gate for people: the most urgent rows on a terminal, then the customers due a
    contact, then the summary."""
    from casectl.render import overdue_table as shown

    _rows(shown.table(report))
    judged = report.baseline
    if judged is not None and judged.known:
        said = _("In the baseline ({file}): {count} known breaches, not failing the gate")
        output.info(said.format(file=report.baseline_file, count=len(judged.known)))
        _rows(shown.table(report, judged.known))
    if judged is not None and judged.gone:
        from casectl.render.baseline import gone_line

        output.info(gone_line(report))
    if report.gate.contacts:
        output.table(shown.contact_table(report))
    output.info(report.summary())


def _rows(grid: Any) -> None:
    """A table of flagged clocks: on a terminal, the most urgent ``TERMINAL_ROWS``."""
    if output.stdout_is_terminal() and len(grid.rows) > TERMINAL_ROWS:
        output.table(replace(grid, rows=grid.rows[:TERMINAL_ROWS]))
        more = len(grid.rows) - TERMINAL_ROWS
        said = _("… {count} more (pipe the output or use --format json)")
        output.info(said.format(count=more))
    else:
        output.table(grid)
