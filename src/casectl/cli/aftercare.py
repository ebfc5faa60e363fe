"""The second half of the loop: repair, follow-up, survey, review, close, reopen."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, prompts
from casectl.cli.options import ID, At, By, Force, Reason, StepFormat
from casectl.cli.steps import apply
from casectl.i18n import N_


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
    """Repair the relationship: formal apology, compensation, the follow-up visit's due date."""
    from casectl.core.loop import aftercare
    from casectl.core.model import ApologyKind

    config = context.book().config
    actor = context.who(at, by)
    kind = prompts.choice(apology, ApologyKind, "apology")
    explicit = context.when(follow_up_due, base=actor.at, due=True) if follow_up_due else None
    apply(
        case_id,
        lambda c: aftercare.repair(
            c,
            actor,
            apology=kind,
            apology_ref=apology_ref,
            compensation=compensation or [],
            follow_up_due=explicit,
            config=config,
            force=force,
            reason=reason,
        ),
        N_("relationship repair recorded"),
        format,
    )


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
    from casectl.core.loop import aftercare

    config = context.book().config
    actor = context.who(at, by)
    text = prompts.required(notes, "--notes", N_("How did the visit go"))
    apply(
        case_id,
        lambda c: aftercare.follow_up(
            c, actor, notes=text, config=config, force=force, reason=reason
        ),
        N_("follow-up done"),
        format,
    )


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
    from casectl.core.loop import aftercare

    actor = context.who(at, by)
    apply(
        case_id,
        lambda c: aftercare.survey(c, actor, nps=nps, csat=csat, comment=comment),
        N_("survey recorded"),
        format,
    )


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
    from casectl.core.loop import aftercare

    actor = context.who(at, by)
    apply(
        case_id,
        lambda c: aftercare.review(
            c,
            actor,
            lessons=lesson or [],
            prevention=prevention or [],
            publish=publish,
            tags=tag or [],
            force=force,
            reason=reason,
        ),
        N_("reviewed"),
        format,
    )


def close(
    case_id: ID,
    force: Force = False,
    reason: Reason = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Close the case (needs the review, the follow-up visit, every action done or cancelled)."""
    from casectl.core.loop import aftercare

    actor = context.who(at, by)
    apply(
        case_id, lambda c: aftercare.close(c, actor, force=force, reason=reason), "closed", format
    )


def reopen(
    case_id: ID,
    reason: Annotated[str | None, typer.Option(help="Why the case is reopened.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Reopen a resolved or closed case, with a reason."""
    from casectl.core.loop import aftercare

    actor = context.who(at, by)
    why = prompts.required(reason, "--reason", N_("Why is it reopened"))
    apply(case_id, lambda c: aftercare.reopen(c, actor, reason=why), N_("reopened"), format)
