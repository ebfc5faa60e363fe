"""The second half of the loop: repair, follow-up, survey, review, close, reopen; and the
side steps any open case takes: escalate, wait/resume, note."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context as common
from casectl.cli.steps import ID, At, By, Force, Reason


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
) -> None:
    """Repair the relationship: formal apology, compensation, the follow-up visit's due date."""
    from casectl.core import steps
    from casectl.core.model import ApologyKind

    book = common.book()
    actor = common.who(at, by)
    kind = common.choice(apology, ApologyKind, "--apology")
    explicit = common.when(follow_up_due, base=actor.at) if follow_up_due else None

    def change(c):  # type: ignore[no-untyped-def]
        due = explicit
        if due is None and (
            c.relationship.follow_up is None or c.relationship.follow_up.due is None
        ):
            base = c.resolution.at or actor.at
            due = base + book.config.follow_up_after.as_timedelta()
        return steps.repair(
            c,
            actor,
            apology=kind,
            apology_ref=apology_ref,
            compensation=compensation or [],
            follow_up_due=due,
            force=force,
            reason=reason,
        )

    common.apply(case_id, change, "relationship repair recorded")


def follow_up(
    case_id: ID,
    notes: Annotated[str | None, typer.Option(help="How the visit went; - reads stdin.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Record the follow-up visit as done."""
    from casectl.core import steps

    book = common.book()
    actor = common.who(at, by)
    text = common.required(notes, "--notes", "How did the visit go")

    def default_due(c):  # type: ignore[no-untyped-def]
        return (c.resolution.at or actor.at) + book.config.follow_up_after.as_timedelta()

    common.apply(
        case_id,
        lambda c: steps.follow_up(c, actor, notes=text, default_due=default_due),
        "follow-up done",
    )


def survey(
    case_id: ID,
    nps: Annotated[
        int | None, typer.Option(help="Net promoter score, 0-10.")
    ] = None,
    csat: Annotated[int | None, typer.Option(help="Satisfaction, 1-5.")] = None,
    comment: Annotated[str | None, typer.Option(help="The customer's words.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Record the customer's satisfaction survey (any time after the resolution)."""
    from casectl.core import steps
    from casectl.errors import UsageError

    for option, value, low, high in (("--nps", nps, 0, 10), ("--csat", csat, 1, 5)):
        if value is not None and not low <= value <= high:
            raise UsageError(f"{option}: {value} is not a score from {low} to {high}")

    actor = common.who(at, by)
    common.apply(
        case_id,
        lambda c: steps.survey(c, actor, nps=nps, csat=csat, comment=comment),
        "survey recorded",
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
) -> None:
    """Review the case: lessons, prevention, the case library."""
    from casectl.core import steps

    actor = common.who(at, by)
    common.apply(
        case_id,
        lambda c: steps.review(
            c,
            actor,
            lessons=lesson or [],
            prevention=prevention or [],
            publish=publish,
            tags=tag or [],
            force=force,
            reason=reason,
        ),
        "reviewed",
    )


def close(
    case_id: ID, force: Force = False, reason: Reason = None, at: At = None, by: By = None
) -> None:
    """Close the case (needs the review, the follow-up visit, every action done or cancelled)."""
    from casectl.core import steps

    actor = common.who(at, by)
    common.apply(case_id, lambda c: steps.close(c, actor, force=force, reason=reason), "closed")


def reopen(
    case_id: ID,
    reason: Annotated[str | None, typer.Option(help="Why the case is reopened.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Reopen a resolved or closed case, with a reason."""
    from casectl.core import steps

    actor = common.who(at, by)
    why = common.required(reason, "--reason", "Why is it reopened")
    common.apply(case_id, lambda c: steps.reopen(c, actor, reason=why), "reopened")


def escalate(
    case_id: ID,
    to: Annotated[
        str | None, typer.Option(help="Whom it goes to (a lead, customer success).")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Escalate the case to a lead or the customer-success team."""
    from casectl.core import steps

    actor = common.who(at, by)
    target = common.required(to, "--to", "Escalate to whom")
    why = common.required(reason, "--reason", "Why")
    common.apply(
        case_id, lambda c: steps.escalate(c, actor, to=target, reason=why), f"escalated to {target}"
    )


def wait(
    case_id: ID,
    reason: Annotated[str | None, typer.Option(help="What the customer is to provide.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Pause the SLA clocks: waiting on the customer."""
    from casectl.core import steps

    actor = common.who(at, by)
    why = common.required(reason, "--reason", "What are we waiting for")
    common.apply(case_id, lambda c: steps.wait(c, actor, reason=why), "waiting on customer")


def resume(case_id: ID, at: At = None, by: By = None) -> None:
    """End the waiting-on-customer pause."""
    from casectl.core import steps

    actor = common.who(at, by)
    common.apply(case_id, lambda c: steps.resume(c, actor), "resumed")


def note(
    case_id: ID,
    text: Annotated[str, typer.Argument(help="The note; - reads stdin.", metavar="TEXT")],
    at: At = None,
    by: By = None,
) -> None:
    """Add an internal note (not customer-visible)."""
    from casectl.core import steps

    actor = common.who(at, by)
    body = common.required(text, "TEXT")
    common.apply(case_id, lambda c: steps.note(c, actor, text=body), "note added")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Steps")(repair)
    app.command("follow-up", rich_help_panel="Steps")(follow_up)
    app.command(rich_help_panel="Steps")(survey)
    app.command(rich_help_panel="Steps")(review)
    app.command(rich_help_panel="Steps")(close)
    app.command(rich_help_panel="Steps")(reopen)
    app.command(rich_help_panel="Around the steps")(escalate)
    app.command(rich_help_panel="Around the steps")(wait)
    app.command(rich_help_panel="Around the steps")(resume)
    app.command(rich_help_panel="Around the steps")(note)
