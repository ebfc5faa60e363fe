"""``show`` and ``list``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from casectl.cli import context, output, prompts
from casectl.cli.options import ID, Jq, JsonFields, Output
from casectl.errors import UsageError
from casectl.i18n import _, msg


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
    json_fields: JsonFields = None,
    jq: Jq = None,
) -> None:
    """Show one case: every section, the SLA clocks and the timeline."""
    from casectl.render import show as panel
    from casectl.render.case import case_json
    from casectl.render.json import dumps
    from casectl.render.text import visible_data

    names = output.json_fields(json_fields, jq, "show")
    book, cid = context.address(case_id)
    view = book.show(cid)  # a corrupt file is refused by every format, yaml too
    if names is not None:
        output.fields(case_json(view.case, view.config, view.now, view.path), names, jq)
        return
    formats = {
        "yaml": lambda v: visible_data(v.text),  # bidi marks shown, as every output does
        "json": lambda v: dumps(case_json(v.case, v.config, v.now, v.path)),
        "table": lambda v: panel.panel(v.case, v.config.tz, v.clocks),
    }
    output.emit(formats, format.value, view)


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
    customer: Annotated[
        str | None,
        typer.Option(
            help="This customer's cases: a profile's name, alias or prefix (every name of it), "
            "else the customer name contains this."
        ),
    ] = None,
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
        ListFormat,
        typer.Option("--format", help="table, json or csv (csv adds sla, sla_clock, due, tags)."),
    ] = ListFormat.table,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Excel: UTF-8 with a byte order mark, CRLF, times as Excel dates "
            "(implies --format csv; best with --output).",
        ),
    ] = False,
    output_path: Output = None,
    json_fields: JsonFields = None,
    jq: Jq = None,
) -> None:
    """List cases (open ones unless --closed or --all), oldest first."""
    from casectl.core.model import Category, Priority, Stage
    from casectl.core.views import listing
    from casectl.render import listing as shown

    names = output.json_fields(json_fields, jq, "list")
    wanted = listing.ListFilter(
        stages=[Stage(str(prompts.choice(s, Stage, "stage"))) for s in stage or []],
        priorities=[str(prompts.choice(p, Priority, "priority")) for p in priority or []],
        categories=[str(prompts.choice(c, Category, "category")) for c in category or []],
        owner=owner,
        customer=customer,
        text=text,
        tags=tag or [],
        state="all" if all_ else "closed" if closed else "open",
    )
    _excel_goes_with(format, excel)
    standing = _standing(format, names)  # each case's SLA standing: its next due
    found = context.casebooks().list_cases(
        wanted, breached=breached, due_within=due_within, standing=standing, limit=limit
    )
    if names is not None:
        return output.fields(list(found.rows), names, jq)
    output.emit(shown.FORMATS, "excel" if excel else format.value, found.rows, output_path)
    if not found.rows and format is ListFormat.table and not excel:
        output.info(_("no cases match"))


def _standing(format: ListFormat, names: list[str] | None) -> bool:
    """Whether ``list`` measures each case's clocks for its SLA standing (the next due): for
    the table and CSV, and for JSON fields that ask for it."""
    from casectl.render.fields import STANDING

    if names is not None:
        return any(n in STANDING for n in names)
    return format is not ListFormat.json


def _excel_goes_with(format: ListFormat, excel: bool) -> None:
    """``--excel`` writes CSV: it goes with the default format or ``--format csv`` only."""
    if excel and format not in (ListFormat.table, ListFormat.csv):
        raise UsageError(
            msg("--excel writes CSV; it does not go with --format {format}", format=format.value)
        )
