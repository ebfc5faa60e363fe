"""How a promise ends: promise keep, promise withdraw, promise renegotiate."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, prompts
from casectl.cli.options import ID, At, By, StepFormat
from casectl.cli.steps import said
from casectl.i18n import N_

promise_app = typer.Typer(
    help="End a promise made to the customer: kept, withdrawn, or renegotiated to a new due."
)

PromiseId = Annotated[str, typer.Argument(help="The promise's id, e.g. p1.", metavar="PROMISE")]


def keep(
    case_id: ID,
    promise: PromiseId,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Mark a promise kept (an update can say it too: update --keeps p1)."""
    book, cid = context.address(case_id)
    said(book, book.keep_promise(cid, promise, at=at, by=by), format)


def withdraw(
    case_id: ID,
    promise: PromiseId,
    reason: Annotated[
        str | None, typer.Option(help="Why, as the customer was told; - reads stdin.")
    ] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Withdraw a promise, with the reason the customer was given."""
    book, cid = context.address(case_id)
    why = prompts.required(reason, "--reason", N_("Why is it withdrawn"))
    said(book, book.withdraw_promise(cid, promise, reason=why, at=at, by=by), format)


def renegotiate(
    case_id: ID,
    promise: PromiseId,
    due: Annotated[
        str | None, typer.Option(help="The new due agreed: WHEN or +48h.", metavar="WHEN")
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="Why it moved, as agreed with the customer.")
    ] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Move a promise's due with the customer's agreement; the old due stays in its history."""
    book, cid = context.address(case_id)
    new_due = prompts.required(due, "--due", N_("New due"))
    why = prompts.required(reason, "--reason", N_("Why does it move"))
    result = book.renegotiate_promise(cid, promise, due=new_due, reason=why, at=at, by=by)
    said(book, result, format)
