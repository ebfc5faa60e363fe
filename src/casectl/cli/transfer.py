"""Spreadsheets and databases: ``import`` an old complaint log, ``export`` cases."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from casectl.cli import context, output
from casectl.cli.options import By, Output
from casectl.i18n import _, msg


class ImportFormat(StrEnum):
    table = "table"
    json = "json"


LogFile = Annotated[
    Path, typer.Argument(help="The complaint log: .xlsx, .xls, .ods or .csv.", metavar="FILE")
]
Sheet = Annotated[
    str | None, typer.Option(help="The sheet to read (default: the first with data).")
]
MapFile = Annotated[
    Path | None,
    typer.Option("--map", help="A mapping file: which column holds which field.", metavar="PATH"),
]
SaveMap = Annotated[
    Path | None,
    typer.Option(
        "--save-map", help="Write the mapping used (guessed or given) to edit.", metavar="PATH"
    ),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Show every row's result (added, updated, unchanged, conflict) and problem; "
        "write no case.",
    ),
]
PreviewFlag = Annotated[
    bool,
    typer.Option(
        "--preview",
        help="Show the mapping with sample values, the values that will not read and the "
        "customers spelled several ways; import nothing.",
    ),
]
SkipBad = Annotated[
    bool,
    typer.Option(
        "--skip-bad", help="Import the good rows and list the bad ones in --report's file."
    ),
]
Report = Annotated[
    Path | None,
    typer.Option(
        help="Where --skip-bad lists the skipped rows (default: FILE.skipped.csv beside FILE).",
        metavar="PATH",
    ),
]
KeepCasectl = Annotated[
    bool,
    typer.Option(
        "--keep-casectl",
        help="A row changed in the log and its case in casectl (a conflict): keep the case as "
        "casectl has it and take the row as read.",
    ),
]
ImportFormatOption = Annotated[
    ImportFormat, typer.Option("--format", help="table or json (every row's result).")
]


def import_(
    file: LogFile,
    sheet: Sheet = None,
    map_path: MapFile = None,
    save_map: SaveMap = None,
    dry_run: DryRun = False,
    preview: PreviewFlag = False,
    skip_bad: SkipBad = False,
    report: Report = None,
    by: By = None,
    keep_casectl: KeepCasectl = False,
    format: ImportFormatOption = ImportFormat.table,
) -> None:
    """Import an old complaint log: each row becomes a case at the stage its content shows.

    A status column (状态: 已关闭, 处理中 …) and the dates given say how far each case went;
    a step the log gives no time for is recorded as time unknown and its clocks are
    unmeasured. Nothing is written unless every row is good (or --skip-bad). Importing the log
    again finds the rows imported before (by the key column, else received time and customer):
    unchanged rows are left alone, changed ones update their case, and a case changed in
    casectl too is a conflict, listed and not overwritten. Exit 1 when --dry-run finds problems.
    """
    from casectl.errors import EXIT_PROBLEMS
    from casectl.render import importing as shown

    if preview:
        from casectl.render import preview as previewed

        found = context.casebook().preview_log(file, sheet=sheet, mapping=map_path)
        output.emit(previewed.FORMATS, format.value, found)
        return
    done = context.casebook().import_log(
        file,
        sheet=sheet,
        mapping=map_path,
        save_mapping=save_map,
        dry_run=dry_run,
        skip_bad=skip_bad,
        report=report,
        by=by,
        keep_casectl=keep_casectl,
    )
    plan = done.plan
    if dry_run or format is ImportFormat.json:
        output.emit(shown.FORMATS, format.value, plan)
    if dry_run and format is ImportFormat.table and plan.bad:  # the table cuts them: in full
        output.echo("".join(f"{line}\n" for line in ["", "problems:", *shown.problems(plan)]))
    for line in shown.conflicts(plan):
        output.info(line)
    output.info(shown.summary(plan, dry_run=dry_run))
    if dry_run and not done.mapped:
        said = _(
            "  to edit the mapping: casectl import {file} --dry-run --save-map map.yaml, "
            "then --map map.yaml"
        )
        output.info(said.format(file=file))
    if dry_run:
        raise typer.Exit(EXIT_PROBLEMS if plan.bad else 0)


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


def export(
    format: Annotated[
        ExportFormat,
        typer.Option("--format", help="xlsx, csv (the cases table), jsonl or sqlite."),
    ] = ExportFormat.csv,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            help="Only cases with KEY=VALUE (repeatable; keys: stage, priority, category, "
            "owner, customer, text, tag, state=open|closed|all).",
            metavar="KEY=VALUE",
        ),
    ] = None,
    table: Annotated[
        str,
        typer.Option(
            help="The table a csv holds: cases, actions, promises, surveys, events or clocks."
        ),
    ] = "cases",
    output_path: Output = None,
) -> None:
    """Export cases for Excel, SQLite and BI tools (Datasette, DuckDB, Metabase, Superset).

    xlsx: a sheet each of cases, actions, promises, surveys, events and clocks; sqlite: the same
    as tables; csv: one table, Excel-safe; jsonl: one case a line. Clocks are measured as of
    the export. xlsx and sqlite need -o FILE.
    """
    from casectl.errors import UsageError

    if format in (ExportFormat.xlsx, ExportFormat.sqlite) and output_path in (None, "-"):
        raise UsageError(
            msg("--format {format} writes a file: give -o FILE.{format}", format=format.value)
        )
    found = context.casebooks().export(
        where or [], format=format.value, table=table, to=output_path
    )
    if found.written is None:
        output.echo(found.text or "")
    elif format in (ExportFormat.xlsx, ExportFormat.sqlite):
        said = _("wrote {path}: {count} cases")
        output.info(said.format(path=found.written, count=found.count))
    else:
        output.info(_("wrote {path}").format(path=found.written))
