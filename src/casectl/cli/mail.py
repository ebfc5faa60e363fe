"""Complaints by mail: ``intake DIR`` and ``attach ID FILE…`` (``record --from-email FILE``
is ``record``'s, in ``steps``; docs/intake.md). Each parses its options, calls one library
method and shows its result."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context, output
from casectl.cli.options import ID, At, By, StepFormat

if TYPE_CHECKING:
    from casectl.api.results import StepResult


def intake(
    folder: Annotated[
        Path,
        typer.Argument(help="A folder of .eml/.msg files, or a maildir.", metavar="DIR"),
    ],
    category: Annotated[
        str, typer.Option(help="The category of new cases (triage them after).")
    ] = "technical",
    priority: Annotated[
        str, typer.Option(help="The priority of new cases: it picks their SLA targets.")
    ] = "medium",
    owner: Annotated[str | None, typer.Option(help="Who owns new cases (default: --by).")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be done; write nothing.")
    ] = False,
    by: By = None,
    format: Annotated[str, typer.Option("--format", help="table (default) or json.")] = "table",
) -> None:
    """Take in a folder of mails: new complaints recorded, replies threaded onto their cases,
    mails taken in before skipped. Exit 1 when a mail was refused."""
    from casectl.core.model import one_of
    from casectl.render import intake as shown

    shape = one_of(format, ("table", "json"), "format")
    done = context.casebook().intake(
        folder, category=category, priority=priority, owner=owner, dry_run=dry_run, by=by
    )
    output.emit({"table": shown.table, "json": shown.as_json}, shape, done)
    output.info(shown.summary(done))
    if done.count("refused"):
        raise typer.Exit(1)


def attach(
    case_id: ID,
    files: Annotated[
        list[Path], typer.Argument(help="The files to keep as evidence.", metavar="FILE...")
    ],
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Keep files as evidence on a case, in the casebook (attachments/<ID>/)."""
    from casectl.cli.steps import said

    book, cid = context.address(case_id)
    result: StepResult = book.attach(cid, files, at=at, by=by)
    said(book, result, format)
    if result.item and format != "json":
        typer.echo(result.item)
