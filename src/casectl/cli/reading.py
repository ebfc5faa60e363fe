"""``show`` and ``list``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from casectl.cli import context as common
from casectl.cli.steps import ID


class ShowFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def show(
    case_id: ID,
    format: Annotated[
        ShowFormat, typer.Option("--format", help="table, json or yaml.")
    ] = ShowFormat.table,
) -> None:
    """Show one case: every section, the SLA clocks and the timeline."""
    from casectl.core import listing as views

    book = common.book()
    _, path = book.resolve(case_id)
    if format is ShowFormat.yaml:
        text = book.read_text(path)
        book.load_path(path)  # refuse a corrupt file as every other command does
        typer.echo(text, nl=False)
        return
    case = book.load_path(path)
    now = common.now()
    if format is ShowFormat.json:
        common.emit_json(views.case_json(case, book, now))
        return
    from casectl.render.show import renderables

    console = common.console()
    for part in renderables(case, book.config.tz, views.clocks(case, book.config, now)):
        console.print(part)


def list_cases(
    stage: Annotated[
        list[str] | None, typer.Option("--stage", help="Only this stage (repeatable).")
    ] = None,
    priority: Annotated[
        list[str] | None, typer.Option("--priority", help="Only this priority.")
    ] = None,
    category: Annotated[
        list[str] | None, typer.Option("--category", help="Only this category.")
    ] = None,
    owner: Annotated[str | None, typer.Option(help="Only cases this person owns.")] = None,
    customer: Annotated[str | None, typer.Option(help="Customer name contains this.")] = None,
    text: Annotated[str | None, typer.Option(help="Any text of the case contains this.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Has this tag.")] = None,
    closed: Annotated[bool, typer.Option("--closed", help="Closed cases only.")] = False,
    all_: Annotated[bool, typer.Option("--all", help="Open and closed cases.")] = False,
    breached: Annotated[
        bool, typer.Option("--breached", help="Only cases with a breached SLA clock.")
    ] = False,
    due_within: Annotated[
        str | None,
        typer.Option(
            "--due-within",
            metavar="DURATION",
            help="Only cases with an SLA clock due within this (4h, 1d; working time on the "
            "business clock), or breached.",
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.", min=1)] = None,
    format: Annotated[
        ListFormat, typer.Option("--format", help="table, json or csv.")
    ] = ListFormat.table,
) -> None:
    """List cases (open ones unless --closed or --all), oldest first."""
    from casectl.core import listing as views
    from casectl.core.model import Category, Priority, Stage

    book = common.book()
    wanted = views.ListFilter(
        stages=[Stage(str(common.choice(s, Stage, "--stage"))) for s in stage or []],
        priorities=[str(common.choice(p, Priority, "--priority")) for p in priority or []],
        categories=[str(common.choice(c, Category, "--category")) for c in category or []],
        owner=owner,
        customer=customer,
        text=text,
        tags=tag or [],
        state="all" if all_ else "closed" if closed else "open",
    )
    report = book.cases()
    for problem in report.problems:
        common.warn(f"skipped {problem}")
    cases = sorted((c for c in report.cases if wanted.keeps(c)), key=views.sort_key)
    if breached or due_within is not None:
        from casectl.core import sla

        span = sla.span_option(due_within, "--due-within")
        cases = sla.flagged(cases, book.config, common.now(), breached=breached, due_within=span)
    if limit:
        cases = cases[:limit]
    rows = [views.row(c, book.config.tz) for c in cases]
    if format is ListFormat.json:
        common.emit_json(rows)
        return
    headers = list(views.LIST_COLUMNS)
    from casectl.render import table as render

    if format is ListFormat.csv:
        typer.echo(render.csv_text(headers, [[r[h] for h in headers] for r in rows]), nl=False)
        return
    shown = [
        [r[h] if h != "received_at" else r[h][:16].replace("T", " ") for h in headers] for r in rows
    ]
    render.table(headers, shown)
    if not rows:
        common.info("no cases match")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Reading")(show)
    app.command("list", rich_help_panel="Reading")(list_cases)
