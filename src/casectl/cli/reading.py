"""``show`` and ``list``."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from casectl import i18n
from casectl.cli import context, output, prompts
from casectl.cli.options import ID, Output
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
) -> None:
    """Show one case: every section, the SLA clocks and the timeline."""
    from casectl.core.clocks.sla import clocks
    from casectl.render import show as panel
    from casectl.render.case import case_json
    from casectl.render.json import dumps

    book = context.book()
    path = book.resolve(case_id)[1]
    text = book.read_text(path)
    case = book.load_path(path)  # a corrupt file is refused by every format, yaml too
    config = book.config
    formats = {
        "yaml": lambda _case: text,
        "json": lambda c: dumps(case_json(c, config, context.now(), book.relative(path))),
        "table": lambda c: panel.panel(c, config.tz, clocks(c, config, context.now())),
    }
    output.emit(formats, format.value, case)


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
) -> None:
    """List cases (open ones unless --closed or --all), oldest first."""
    from casectl.core.model import Category, Priority, Stage
    from casectl.core.views import listing
    from casectl.render import listing as shown

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
    span = prompts.span(due_within, "--due-within")
    if excel and format not in (ListFormat.table, ListFormat.csv):
        raise UsageError(
            msg("--excel writes CSV; it does not go with --format {format}", format=format.value)
        )
    spreadsheet = excel or format is ListFormat.csv  # with each case's SLA standing
    several = context.qualified()
    kept: list[Any] = []
    for label, book in context.books():
        scan = book.entries(
            *(["search"] if text else []),
            *(["settled"] if breached or due_within or spreadsheet else []),
        )
        for problem in scan.problems:
            where = f"{label}: " if several else ""
            output.warn(_("skipped {problem}").format(problem=where + i18n.text(problem)))
        if customer:
            wanted.customer_names = customer_names(book, customer)
        state = wanted.state  # open, closed or all: the index knows without reading the row
        candidates = [e for e in scan.entries if state == "all" or e.open == (state == "open")]
        chosen = [e for e in candidates if wanted.keeps(e.row)]
        now = context.now_in(book)
        if breached or due_within is not None:
            from casectl.core.views import gate

            chosen = gate.flagged(chosen, book.config, now, breached=breached, due_within=span)
        rows = [e.row for e in chosen]
        if spreadsheet:
            from casectl.core.views import gate

            standing = gate.standings(chosen, book.config, now)
            tz = book.config.tz
            rows = [listing.with_standing(r, c, tz) for r, c in zip(rows, standing, strict=True)]
        if several:  # IDs are unique per casebook: shown as label:ID
            kept += [{**r, "id": f"{label}:{r['id']}", "casebook": label} for r in rows]
        else:
            kept += rows
    kept.sort(key=listing.sort_key)
    if limit:
        kept = kept[:limit]
    rows = kept
    output.emit(shown.FORMATS, "excel" if excel else format.value, rows, output_path)
    if not rows and format is ListFormat.table and not excel:
        output.info(_("no cases match"))


def customer_names(book: Any, typed: str) -> frozenset[str]:
    """Every name (folded) of the customer profile ``typed`` names; empty without one."""
    from casectl.storage import profiles

    found = profiles.load(book).find(typed)
    return frozenset(found.folded()) if found is not None else frozenset()
