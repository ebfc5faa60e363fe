"""Spreadsheets and databases: ``import`` an old complaint log, ``export`` cases."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context, output
from casectl.cli.options import By, Output
from casectl.core.names import file_stem
from casectl.i18n import _, msg, text

if TYPE_CHECKING:
    from casectl.core.views.listing import ListFilter


class ImportFormat(StrEnum):
    table = "table"
    json = "json"


def import_(
    file: Annotated[
        Path, typer.Argument(help="The complaint log: .xlsx, .xls, .ods or .csv.", metavar="FILE")
    ],
    sheet: Annotated[
        str | None, typer.Option(help="The sheet to read (default: the first with data).")
    ] = None,
    map_path: Annotated[
        Path | None,
        typer.Option(
            "--map", help="A mapping file: which column holds which field.", metavar="PATH"
        ),
    ] = None,
    save_map: Annotated[
        Path | None,
        typer.Option(
            "--save-map", help="Write the mapping used (guessed or given) to edit.", metavar="PATH"
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show every row's result and problem; write no case."),
    ] = False,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad", help="Import the good rows and list the bad ones in --report's file."
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            help="Where --skip-bad lists the skipped rows (default: FILE.skipped.csv beside FILE).",
            metavar="PATH",
        ),
    ] = None,
    by: By = None,
    format: Annotated[
        ImportFormat, typer.Option("--format", help="table or json (every row's result).")
    ] = ImportFormat.table,
) -> None:
    """Import an old complaint log: each row becomes a case at the stage its content shows.

    Nothing is written unless every row is good (or --skip-bad). Importing a log again finds
    the complaints imported before (by received time and customer, whatever the file is
    called) and makes no second case of them. Exit 1 when --dry-run finds problems.
    """
    from casectl.core import ids
    from casectl.core.transfer import importing, sheetmap
    from casectl.errors import EXIT_PROBLEMS, UsageError
    from casectl.render import importing as shown
    from casectl.storage import env, profiles, sheets

    book = context.book()
    now, actor, tz = context.now(), env.user(by), book.config.tz
    given = None
    if map_path is not None:
        given = sheetmap.Mapping.from_data(sheets.load_mapping(map_path), str(map_path))
    cells = sheets.read(file, sheet or (given.sheet if given else None))
    mapping = given or sheetmap.guess(cells.rows, cells.sheet)
    written = sheets.mapping_text(mapping.to_data(), list(sheetmap.FIELDS))
    if save_map is not None:
        sheets.save_mapping(save_map, written)
        output.info(_("wrote the mapping to {path}").format(path=save_map))
    if dry_run and format is ImportFormat.table:
        output.info(written.rstrip())
    mapping.check(cells.rows, file.name)
    loaded = book.cases()
    for problem in loaded.problems:  # its rows, if it came from this log, are not known
        output.warn(_("skipped {problem}").format(problem=str(problem)))
    named = profiles.load(book)
    for problem in named.problems:  # its names are not matched
        output.warn(_("skipped {problem}").format(problem=text(problem)))
    taken = set(book.case_files())

    def mint(received: datetime) -> str:
        case_id = ids.mint(received.astimezone(tz), taken.__contains__)
        taken.add(case_id)
        return case_id

    import gc

    gc.disable()  # many small objects, no cycles: gc pauses would double the time
    try:
        plan = importing.plan(
            cells.rows,
            file=cells.file,
            sheet=cells.sheet,
            mapping=mapping,
            config=book.config,
            now=now,
            by=actor,
            imported=loaded.cases,
            profiles=named.all,
            mint=mint,
        )
    finally:
        gc.enable()
    if dry_run:
        output.emit(shown.FORMATS, format.value, plan)
        if format is ImportFormat.table and plan.bad:  # the table cuts them: each in full
            output.echo("".join(f"{line}\n" for line in ["", "problems:", *shown.problems(plan)]))
        output.info(shown.summary(plan, dry_run=True))
        if map_path is None and save_map is None:
            output.info(
                f"  to edit the mapping: casectl import {file} --dry-run --save-map map.yaml, "
                "then --map map.yaml"
            )
        raise typer.Exit(EXIT_PROBLEMS if plan.bad else 0)
    if plan.bad and not skip_bad:
        for line in shown.problems(plan):
            output.info(line)
        raise UsageError(
            msg(
                "nothing imported: {bad} rows have problems (above); fix them, or "
                "import the others with --skip-bad",
                bad=len(plan.bad),
            )
        )
    if plan.bad:
        where = report or file.parent / f"{file_stem(file.stem)}.skipped.csv"  # beside the log
        output.show(shown.skipped_csv(plan), str(where))
    book.create_many(plan.new)
    if format is ImportFormat.json:
        output.emit(shown.FORMATS, format.value, plan)
    output.info(shown.summary(plan, dry_run=False))


class ExportFormat(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    jsonl = "jsonl"
    sqlite = "sqlite"


WHERE_KEYS = ("stage", "priority", "category", "owner", "customer", "text", "tag", "state")


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
    from casectl.core.loop import checks
    from casectl.core.model import one_of
    from casectl.core.transfer import tables
    from casectl.errors import UsageError
    from casectl.render import export as shown
    from casectl.storage import exports

    wanted = _filter(where or [])
    name = one_of(table, tables.NAMES, "table")
    if format in (ExportFormat.xlsx, ExportFormat.sqlite) and output_path in (None, "-"):
        raise UsageError(
            msg("--format {format} writes a file: give -o FILE.{format}", format=format.value)
        )
    from casectl.core.views.listing import row
    from casectl.storage import env

    chosen = []
    books = [(label, cb.store) for label, cb in context.casebooks()]
    readers = dict(context.casebooks())
    now = env.now(books[0][1].config.tz)
    zones = sorted({book.config.timezone for _, book in books})
    if len(zones) > 1:  # wall times of several zones in one column would sort wrong unsaid
        said = _(
            "the casebooks keep different time zones ({zones}): each time is written in its "
            "casebook's zone"
        )
        output.warn(said.format(zones=", ".join(zones)))
    for label, book in books:
        loaded = book.cases()
        for problem in loaded.problems:
            output.warn(_("skipped {problem}").format(problem=f"{label}: {text(problem)}"))
        if wanted.customer:  # a profile's name, alias or prefix: every name of it, as list does
            wanted.customer_names = readers[label].customer_names(wanted.customer)
        tz = book.config.tz
        kept = [c for c in loaded.cases if wanted.keeps(row(c, tz))]
        kept.sort(key=lambda c: (c.received_at, c.id))
        chosen.append((label, kept, book))
    if format is ExportFormat.jsonl:
        parts = [
            (label, cases, book.config, [checks.home(c, book.config.tz).as_posix() for c in cases])
            for label, cases, book in chosen
        ]
        output.show(shown.jsonl(parts, now), output_path)
        return
    made = tables.tables(((label, cases, book.config) for label, cases, book in chosen), now)
    count = len(made["cases"].rows)
    if format is ExportFormat.csv:
        output.show(shown.csv(made[name]), output_path)
        return
    assert output_path is not None
    if format is ExportFormat.xlsx:
        exports.write_xlsx(Path(output_path), shown.sheets(made.values()))
    else:
        exports.write_sqlite(Path(output_path), made.values(), KEYS)
    output.info(_("wrote {path}: {count} cases").format(path=output_path, count=count))


KEYS = {
    "cases": ("casebook", "id"),
    "actions": ("casebook", "case_id", "id"),
    "promises": ("casebook", "case_id", "id"),
    "surveys": ("casebook", "case_id", "id"),
    "events": ("casebook", "case_id", "seq"),
    "clocks": ("casebook", "case_id", "name"),
}


def _filter(where: list[str]) -> ListFilter:
    """``--where KEY=VALUE`` pairs as a list filter (every case, open or closed, by default)."""
    from casectl.core.model import Category, Priority, Stage, one_of
    from casectl.core.views import listing
    from casectl.errors import UsageError

    wanted = listing.ListFilter(state="all")
    for pair in where:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(msg("--where: {pair!r} is not KEY=VALUE", pair=pair))
        key = one_of(key, WHERE_KEYS, "where")
        value = value.strip()
        if key == "stage":
            wanted.stages.append(Stage(_where_choice(key, value, [s.value for s in Stage])))
        elif key == "priority":
            wanted.priorities.append(_where_choice(key, value, [p.value for p in Priority]))
        elif key == "category":
            wanted.categories.append(_where_choice(key, value, [c.value for c in Category]))
        elif key == "tag":
            wanted.tags.append(value)
        elif key == "state":
            wanted.state = _where_choice(key, value, ["open", "closed", "all"])
        else:
            setattr(wanted, key, value)
    return wanted


def _where_choice(key: str, value: str, allowed: list[str]) -> str:
    """``--where KEY=VALUE``'s value as one of ``allowed``; a usage error naming the option as
    typed (``--where stage=``) and the allowed values otherwise."""
    from casectl.errors import UsageError

    wanted = value.strip().lower()
    if wanted not in allowed:
        raise UsageError(
            msg(
                "--where {key}=: {value!r} is not one of: {items}",
                key=key,
                value=value,
                items=", ".join(allowed),
            )
        )
    return wanted
