"""Actions on three horizons: ``action add``, ``done``, ``cancel``."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, output, prompts
from casectl.cli.options import ID, At, By, StepFormat
from casectl.cli.steps import said
from casectl.i18n import N_, _

action_app = typer.Typer(help="Actions on three horizons: short (fix now), mid, long.")


def action_add(
    case_id: ID,
    text: Annotated[str, typer.Argument(help="What is to be done.", metavar="TEXT")],
    horizon: Annotated[
        str, typer.Option(help="short (fix now), mid (process) or long (prevention).")
    ] = "short",
    owner: Annotated[str | None, typer.Option(help="Who does it (default: --by).")] = None,
    due: Annotated[
        str | None, typer.Option(help="When it is due: WHEN or +2d.", metavar="WHEN")
    ] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Add an action to a case."""
    book, cid = context.address(case_id)
    result = book.add_action(cid, text, horizon=horizon, owner=owner, due=due, at=at, by=by)
    if format == "json":  # the changed case's summary, as every step gives it
        said(book, result, format)
        return
    output.info(_("{case}: action {action} added").format(case=result.case.id, action=result.item))
    typer.echo(result.item)


def action_done(
    case_id: ID,
    action: Annotated[str, typer.Argument(help="The action's id, e.g. a1.")],
    verification: Annotated[str | None, typer.Option(help="How it was verified.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Mark an action done."""
    book, cid = context.address(case_id)
    said(book, book.finish_action(cid, action, verification=verification, at=at, by=by), format)


def action_cancel(
    case_id: ID,
    action: Annotated[str, typer.Argument(help="The action's id, e.g. a2.")],
    reason: Annotated[str | None, typer.Option(help="Why it is cancelled.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Cancel an action, with a reason."""
    book, cid = context.address(case_id)
    why = prompts.required(reason, "--reason", N_("Why is it cancelled"))
    said(book, book.cancel_action(cid, action, reason=why, at=at, by=by), format)
