"""The side steps any open case takes: escalate, wait/resume, note."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, prompts
from casectl.cli.options import ID, At, By, StepFormat
from casectl.cli.steps import said
from casectl.i18n import N_


def escalate(
    case_id: ID,
    to: Annotated[
        str | None, typer.Option(help="Whom it goes to (a lead, customer success).")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
    notify: Annotated[
        bool,
        typer.Option("--notify", help="Tell the notify targets whose rules take escalations, now."),
    ] = False,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Escalate the case to a lead or the customer-success team."""
    book, cid = context.address(case_id)
    target = prompts.required(to, "--to", N_("Escalate to whom"))
    why = prompts.required(reason, "--reason", N_("Why"))
    result = book.escalate(cid, to=target, reason=why, at=at, by=by)
    said(book, result, format)
    if notify:
        from casectl.cli.notify import shown

        told = book.notify_escalation(result.case)
        shown(told)
        if told.failed:
            raise typer.Exit(1)


def wait(
    case_id: ID,
    reason: Annotated[str | None, typer.Option(help="What the customer is to provide.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Pause the SLA clocks: waiting on the customer."""
    book, cid = context.address(case_id)
    why = prompts.required(reason, "--reason", N_("What are we waiting for"))
    said(book, book.wait(cid, reason=why, at=at, by=by), format)


def resume(case_id: ID, at: At = None, by: By = None, format: StepFormat = "text") -> None:
    """End the waiting-on-customer pause."""
    book, cid = context.address(case_id)
    said(book, book.resume(cid, at=at, by=by), format)


def note(
    case_id: ID,
    text: Annotated[
        str | None,
        typer.Argument(help="The note; - reads stdin (asked for on a terminal).", metavar="TEXT"),
    ] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Add an internal note (not customer-visible)."""
    book, cid = context.address(case_id)
    body = prompts.required(text, "TEXT", N_("Note"))
    said(book, book.note(cid, body, at=at, by=by), format)


def amend(
    case_id: ID,
    what: Annotated[
        str,
        typer.Argument(
            help="response, resolution, root-cause, or a note's id (n1).", metavar="WHAT"
        ),
    ],
    text: Annotated[str, typer.Argument(help="The corrected text; - reads stdin.", metavar="TEXT")],
    reason: Annotated[str | None, typer.Option(help="Why it is corrected.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Correct a step's text; the old text is kept in the case (no reopening needed)."""
    book, cid = context.address(case_id)
    body = prompts.required(text, "TEXT")
    said(book, book.amend(cid, what, body, reason=reason, at=at, by=by), format)


def undo(
    case_id: ID,
    force: Annotated[
        bool, typer.Option("--force", help="Take back the last step even if someone else's.")
    ] = False,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Take back the last step you recorded on a case, as git revert does: its events stay in
    the timeline, a "step … retracted" event is added and what it wrote is kept in
    amendments."""
    book, cid = context.address(case_id)
    said(book, book.undo(cid, force=force, at=at, by=by), format)
