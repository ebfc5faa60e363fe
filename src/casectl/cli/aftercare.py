"""The second half of the loop: repair, follow-up, survey, review, close, reopen."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, prompts
from casectl.cli.complete import typer_ids
from casectl.cli.options import ID, At, By, Force, Reason, StepFormat, Yes
from casectl.cli.steps import said
from casectl.i18n import N_, _

APOLOGY = N_("Formal apology (written/verbal; empty: none)")


def repair(
    case_id: ID,
    apology: Annotated[str | None, typer.Option(help="written or verbal.")] = None,
    apology_ref: Annotated[
        str | None, typer.Option(help="Where the apology is (letter no., mail subject).")
    ] = None,
    compensation: Annotated[
        list[str] | None,
        typer.Option("--compensation", help="What was offered, e.g. 3 months' extra maintenance."),
    ] = None,
    follow_up_due: Annotated[
        str | None,
        typer.Option(
            help="When to visit (default: follow_up_after past resolution).", metavar="WHEN"
        ),
    ] = None,
    force: Force = False,
    reason: Reason = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Repair the relationship: formal apology, compensation, the follow-up visit's due date
    (asked for on a terminal when none is given)."""
    from casectl.core.choices import ApologyKind

    book, cid = context.address(case_id)
    if apology is None and apology_ref is None and not compensation and prompts.interactive():
        apology = prompts.maybe_choose(None, ApologyKind, "--apology", APOLOGY)
        if apology is not None:
            apology_ref = prompts.maybe(None, N_("Where is the apology (letter no., mail)"))
        offered = prompts.maybe(None, N_("Compensation offered (empty: none)"))
        compensation = [offered] if offered else []
    result = book.repair(
        cid,
        apology=apology,
        apology_ref=apology_ref,
        compensation=compensation or [],
        follow_up_due=follow_up_due,
        force=force,
        reason=reason,
        at=at,
        by=by,
    )
    said(book, result, format)


def follow_up(
    case_id: ID,
    notes: Annotated[str | None, typer.Option(help="How the visit went; - reads stdin.")] = None,
    force: Force = False,
    reason: Reason = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Record the follow-up visit as done (from a week before it is due: follow_up_tolerance)."""
    book, cid = context.address(case_id)
    text = prompts.required(notes, "--notes", N_("How did the visit go"))
    said(book, book.follow_up(cid, notes=text, force=force, reason=reason, at=at, by=by), format)


def survey(
    case_id: ID,
    nps: Annotated[int | None, typer.Option(help="Net promoter score, 0-10.")] = None,
    csat: Annotated[int | None, typer.Option(help="Satisfaction, 1-5.")] = None,
    comment: Annotated[str | None, typer.Option(help="The customer's words.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Record the customer's satisfaction survey (any time after the resolution)."""
    book, cid = context.address(case_id)
    said(book, book.survey(cid, nps=nps, csat=csat, comment=comment, at=at, by=by), format)


def review(
    case_id: ID,
    lesson: Annotated[list[str] | None, typer.Option("--lesson", help="A lesson learned.")] = None,
    prevention: Annotated[
        list[str] | None, typer.Option("--prevention", help="A prevention item.")
    ] = None,
    publish: Annotated[
        bool | None,
        typer.Option("--publish/--no-publish", help="Put the case into the team's case library."),
    ] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag for the library.")] = None,
    force: Force = False,
    reason: Reason = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Review the case: lessons, prevention, the case library."""
    book, cid = context.address(case_id)
    result = book.review(
        cid,
        lessons=lesson or [],
        prevention=prevention or [],
        publish=publish,
        tags=tag or [],
        force=force,
        reason=reason,
        at=at,
        by=by,
    )
    said(book, result, format)


def close(
    case_ids: Annotated[
        list[str] | None,
        typer.Argument(
            help="The case ID (or a unique prefix); several close in bulk; - reads IDs from stdin.",
            metavar="ID",
            autocompletion=typer_ids,
        ),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            metavar="KEY=VALUE",
            help="Close in bulk the open cases with KEY=VALUE (repeatable; export's keys).",
        ),
    ] = None,
    imported: Annotated[
        bool, typer.Option("--imported", help="Close in bulk the open cases an import made.")
    ] = False,
    stdin: Annotated[bool, typer.Option("--stdin", help="Read the case IDs from stdin.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="In bulk: say what would close; write nothing.")
    ] = False,
    yes: Yes = False,
    force: Force = False,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (with --force; required in bulk).")
    ] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Close the case (needs the review, the follow-up visit, every action done or cancelled).

    On a terminal, the case is shown and the close confirmed first (--yes skips). In bulk
    (--where, --imported, several IDs, or IDs from stdin): each case passes the same checks; one
    that cannot close is listed with why and the others close (exit 1)."""
    given = list(case_ids or [])
    if len(given) == 1 and given[0] != "-" and not (where or imported or stdin or dry_run):
        _close_one(given[0], force=force, reason=reason, yes=yes, at=at, by=by, format=format)
        return
    from casectl.cli import closing

    if stdin or "-" in given:
        given = [i for i in given if i != "-"] + closing.ids_from_stdin()
    closing.close_many(
        given,
        where=where or [],
        imported=imported,
        reason=reason,
        force=force,
        dry_run=dry_run,
        yes=yes,
        at=at,
        by=by,
        format=format,
    )


def _close_one(
    case_id: str,
    *,
    force: bool,
    reason: str | None,
    yes: bool,
    at: str | None,
    by: str | None,
    format: str,
) -> None:
    """One case closed; on a terminal, shown and confirmed first."""
    book, cid = context.address(case_id)
    if prompts.interactive() and not yes:
        case = book.case(cid)
        preview = _("{case} {title} will be closed").format(case=case.id, title=case.title)
        prompts.confirmed(preview, N_("Record it?"), yes=yes)
    said(book, book.close(cid, force=force, reason=reason, at=at, by=by), format)


def reopen(
    case_id: ID,
    reason: Annotated[str | None, typer.Option(help="Why the case is reopened.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Reopen a resolved or closed case, with a reason."""
    book, cid = context.address(case_id)
    why = prompts.required(reason, "--reason", N_("Why is it reopened"))
    said(book, book.reopen(cid, reason=why, at=at, by=by), format)
