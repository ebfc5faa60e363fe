"""The side steps any open case takes: escalate, wait/resume, note."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, prompts
from casectl.cli.options import ID, At, By, StepFormat
from casectl.cli.steps import apply
from casectl.i18n import N_, msg


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
    from casectl.core.loop import around as steps

    actor = context.who(at, by)
    target = prompts.required(to, "--to", N_("Escalate to whom"))
    why = prompts.required(reason, "--reason", N_("Why"))
    case = apply(
        case_id,
        lambda c: steps.escalate(c, actor, to=target, reason=why),
        msg("escalated to {to}", to=target),
        format,
    )
    if notify:
        from casectl.cli.notify import tell_escalation

        if tell_escalation(case):
            raise typer.Exit(1)


def wait(
    case_id: ID,
    reason: Annotated[str | None, typer.Option(help="What the customer is to provide.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Pause the SLA clocks: waiting on the customer."""
    from casectl.core.loop import around as steps

    actor = context.who(at, by)
    why = prompts.required(reason, "--reason", N_("What are we waiting for"))
    apply(case_id, lambda c: steps.wait(c, actor, reason=why), N_("waiting on customer"), format)


def resume(case_id: ID, at: At = None, by: By = None, format: StepFormat = "text") -> None:
    """End the waiting-on-customer pause."""
    from casectl.core.loop import around as steps

    actor = context.who(at, by)
    apply(case_id, lambda c: steps.resume(c, actor), N_("resumed"), format)


def note(
    case_id: ID,
    text: Annotated[str, typer.Argument(help="The note; - reads stdin.", metavar="TEXT")],
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Add an internal note (not customer-visible)."""
    from casectl.core.loop import around as steps

    actor = context.who(at, by)
    body = prompts.required(text, "TEXT")
    apply(case_id, lambda c: steps.note(c, actor, text=body), N_("note added"), format)


_AMENDED = {
    "response": N_("response amended"),
    "resolution": N_("resolution amended"),
    "root-cause": N_("root-cause amended"),
}


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
    from casectl.core.loop import around as steps

    actor = context.who(at, by)
    body = prompts.required(text, "TEXT")
    apply(
        case_id,
        lambda c: steps.amend(c, actor, what=what, text=body, reason=reason),
        _AMENDED.get(what) or msg("{what} amended", what=what),
        format,
    )
