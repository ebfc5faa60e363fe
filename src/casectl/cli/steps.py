"""The first half of the loop: record, respond, investigate, actions, updates, resolve."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context, output, prompts
from casectl.cli.options import ID, At, By, Dues, Force, Promises, Reason, StepFormat, command_line
from casectl.i18n import N_, _, label, msg

if TYPE_CHECKING:
    from casectl.core.model import Case


def apply(prefix: str, change: Callable[[Case], Case], done: str, fmt: str = "text") -> Case:
    # ``done`` is marked with N_ or made with msg: it is shown in the reader's language
    """Run one step on one case under its lock and say what happened (on stderr); with
    ``--format json``, the changed case's summary goes to stdout."""
    from casectl.core.lifecycle import stage
    from casectl.core.model import one_of

    shape = one_of(fmt, ("text", "json"), "format")
    book = context.book()
    case, path = book.update(prefix, change)
    said = _("{case}: {done} (stage: {stage}) — {path}")
    shown = said.format(
        case=case.id, done=label(done), stage=stage(case).value, path=book.relative(path)
    )
    output.info(shown)
    _say_next(case)
    if shape == "json":
        from casectl.core.views.listing import public, row
        from casectl.render.json import dumps

        summary = {**public(row(case, book.config.tz)), "path": book.relative(path)}
        output.echo(dumps(summary))
    return case


def _say_next(case: Case) -> None:
    """On a terminal, what the loop asks for next, as a command line (on stderr)."""
    if prompts.interactive():
        from casectl.core.lifecycle import next_step

        step = next_step(case)
        if step is not None:
            output.info(_("  next: {command}").format(command=command_line(step)))


def record(
    customer: Annotated[str | None, typer.Option(help="The customer (company or person).")] = None,
    title: Annotated[
        str | None, typer.Option(help="One line: what the customer complains of.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option(help="Who complained, and how to reach them.")
    ] = None,
    description: Annotated[
        str | None, typer.Option(help="The complaint in full; - reads stdin, @edit opens $EDITOR.")
    ] = None,
    category: Annotated[
        str | None, typer.Option(help="technical, communication, process or attitude.")
    ] = None,
    priority: Annotated[str | None, typer.Option(help="urgent, high, medium or low.")] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            help="phone, email, chat, meeting, visit, ticket, letter, social, other "
            "(asked on a terminal; default: other)."
        ),
    ] = None,
    impact: Annotated[str | None, typer.Option(help="Scope: users, systems, business.")] = None,
    remedy: Annotated[str | None, typer.Option(help="The remedy the customer asks for.")] = None,
    owner: Annotated[str | None, typer.Option(help="The engineer who owns the case.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="A tag (repeatable).")] = None,
    person: Annotated[
        list[str] | None, typer.Option("--person", help="Someone involved (repeatable).")
    ] = None,
    received_at: Annotated[
        str | None, typer.Option(help="When the complaint came in (default: --at).", metavar="WHEN")
    ] = None,
    at: At = None,
    by: By = None,
    format: Annotated[
        str, typer.Option("--format", help="What to print: id (default) or json.")
    ] = "id",
) -> None:
    """Record a new complaint as a case."""
    from casectl.core import ids
    from casectl.core.loop import steps
    from casectl.core.model import Category, Channel, Priority, one_of

    book = context.book()
    actor = context.who(at, by)
    received = context.when(received_at, base=actor.at) if received_at else actor.at
    from casectl.cli.customers import for_record

    named, contact, person = for_record(
        prompts.required(customer, "--customer", N_("Customer")), contact, list(person or [])
    )
    fields = {
        "customer": named,
        "title": prompts.required(title, "--title", N_("Title")),
        "contact": contact,
        "description": prompts.text_value(description),
        "category": prompts.choice(
            prompts.required(
                category, "--category", N_("Category (technical/communication/process/attitude)")
            ),
            Category,
            "category",
        ),
        "priority": prompts.choice(
            prompts.required(priority, "--priority", N_("Priority (urgent/high/medium/low)")),
            Priority,
            "priority",
        ),
        "channel": prompts.choice(
            channel or prompts.ask(N_("Channel (phone/email/chat/meeting/visit/…)"), "other"),
            Channel,
            "channel",
        ),
        "impact": impact,
        "remedy_sought": remedy,
        "owner": owner or actor.by,
        "tags": list(dict.fromkeys(tag or [])),
        "people": person,
        "received_at": received,
    }
    shape = one_of(format, ("id", "json"), "format")
    for other, title in book.look_alikes(str(fields["customer"]), str(fields["title"])):
        said = _("an open case of this customer looks alike: {case} {title!r}")
        output.warn(said.format(case=other, title=title))
    case, path = book.create(
        lambda taken: steps.record(
            ids.mint(received.astimezone(book.config.tz), taken), actor, **dict(fields)
        )
    )
    output.info(_("{case}: recorded — {path}").format(case=case.id, path=book.relative(path)))
    _say_next(case)
    from casectl.render.case import case_json
    from casectl.render.json import dumps

    formats = {
        "id": lambda c: f"{c.id}\n",
        "json": lambda c: dumps(case_json(c, book.config, context.now(), book.relative(path))),
    }
    output.emit(formats, shape, case)


def _promises(
    promise: list[str] | None, due: list[str] | None, base: datetime
) -> list[tuple[str, datetime]]:
    from casectl.errors import UsageError

    promise, due = promise or [], due or []
    if len(due) > len(promise):
        raise UsageError(
            msg(
                "each --due goes after the --promise it is for, in pairs: "
                "--promise TEXT --due WHEN; {extra} without a promise",
                extra=" ".join(due[len(promise) :]),
            )
        )
    if len(promise) != len(due):
        raise UsageError(msg("each --promise needs its --due (give them in pairs)"))
    return [(p, context.when(d, base=base, due=True)) for p, d in zip(promise, due, strict=True)]


def respond(
    case_id: ID,
    summary: Annotated[str | None, typer.Option(help="What was said; - reads stdin.")] = None,
    channel: Annotated[str | None, typer.Option(help="How the customer was reached.")] = None,
    apology: Annotated[
        bool | None,
        typer.Option("--apology/--no-apology", help="An apology was given (asked on a terminal)."),
    ] = None,
    promise: Promises = None,
    due: Dues = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Record the first response to the customer, with any promises made."""
    from casectl.core.loop import steps
    from casectl.core.model import Channel

    actor = context.who(at, by)
    text = prompts.required(summary, "--summary", N_("What was said"))
    if apology is None:
        apology = prompts.confirm(N_("Was an apology given?"))
    if not promise and prompts.interactive():  # the seed puts promises at the response's centre
        made = prompts.ask(N_("A promise made to the customer (empty: none)"), "")
        if made.strip():
            promise, due = [made], [prompts.ask(N_("When is it due (e.g. +48h, tomorrow)"), "+48h")]
    promises = _promises(promise, due, actor.at)
    chan = prompts.choice(channel, Channel, "channel")
    apply(
        case_id,
        lambda c: steps.respond(
            c, actor, summary=text, channel=chan, apology=bool(apology), promises=promises
        ),
        N_("responded"),
        format,
    )


def investigate(
    case_id: ID,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="KIND:REF[:NOTE], e.g. log:app.log:timeout at 60 s."),
    ] = None,
    finding: Annotated[list[str] | None, typer.Option("--finding", help="A finding.")] = None,
    root_cause: Annotated[str | None, typer.Option(help="The root cause; - reads stdin.")] = None,
    cause: Annotated[
        str | None,
        typer.Option(
            help="requirement, defect, deployment, communication, process, customer-change, "
            "third-party, other."
        ),
    ] = None,
    attribution: Annotated[
        str | None, typer.Option(help="ours, customer, third-party, shared, undetermined.")
    ] = None,
    factor: Annotated[str | None, typer.Option(help="objective or subjective.")] = None,
    force: Force = False,
    reason: Reason = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Record evidence, findings and the root cause."""
    from casectl.core.loop import steps
    from casectl.core.model import Attribution, Cause, Factor

    actor = context.who(at, by)
    pairs = prompts.split_pairs(evidence or [], "--evidence")
    values = {
        "cause": prompts.choice(cause, Cause, "cause"),
        "attribution": prompts.choice(attribution, Attribution, "attribution"),
        "factor": prompts.choice(factor, Factor, "factor"),
    }
    root = prompts.text_value(root_cause)
    apply(
        case_id,
        lambda c: steps.investigate(
            c,
            actor,
            evidence=pairs,
            findings=finding or [],
            root_cause=root,
            force=force,
            reason=reason,
            **values,
        ),
        N_("investigation recorded"),
        format,
    )


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
    from casectl.core.loop import steps
    from casectl.core.model import Horizon

    actor = context.who(at, by)
    level = prompts.choice(horizon, Horizon, "horizon") or "short"
    due_at = context.when(due, base=actor.at, due=True) if due else None
    added: list[str] = []

    def change(c: Case) -> Case:
        new, aid = steps.add_action(
            c, actor, what=text, horizon=level, owner=owner or actor.by, due=due_at
        )
        added.append(aid)
        return new

    if format == "json":  # the changed case's summary, as every step gives it
        apply(case_id, change, N_("action added"), format)
        return
    case = context.book().update(case_id, change)[0]
    output.info(_("{case}: action {action} added").format(case=case.id, action=added[0]))
    typer.echo(added[0])


def action_done(
    case_id: ID,
    action: Annotated[str, typer.Argument(help="The action's id, e.g. a1.")],
    verification: Annotated[str | None, typer.Option(help="How it was verified.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Mark an action done."""
    from casectl.core.loop import steps

    actor = context.who(at, by)
    apply(
        case_id,
        lambda c: steps.finish_action(c, actor, action, verification=verification),
        msg("action {action} done", action=action),
        format,
    )


def action_cancel(
    case_id: ID,
    action: Annotated[str, typer.Argument(help="The action's id, e.g. a2.")],
    reason: Annotated[str | None, typer.Option(help="Why it is cancelled.")] = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Cancel an action, with a reason."""
    from casectl.core.loop import steps

    actor = context.who(at, by)
    why = prompts.required(reason, "--reason", N_("Why is it cancelled"))
    apply(
        case_id,
        lambda c: steps.cancel_action(c, actor, action, reason=why),
        msg("action {action} cancelled", action=action),
        format,
    )


def update(
    case_id: ID,
    summary: Annotated[
        str | None, typer.Option(help="What the customer was told; - reads stdin.")
    ] = None,
    channel: Annotated[str | None, typer.Option(help="How they were told.")] = None,
    keeps: Annotated[
        list[str] | None, typer.Option("--keeps", help="A promise this update keeps, e.g. p1.")
    ] = None,
    promise: Promises = None,
    due: Dues = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Record a progress update sent to the customer."""
    from casectl.core.loop import steps
    from casectl.core.model import Channel

    actor = context.who(at, by)
    promises = _promises(promise, due, actor.at)
    text = prompts.required(summary, "--summary", N_("What was the customer told"))
    chan = prompts.choice(channel, Channel, "channel")
    apply(
        case_id,
        lambda c: steps.update(
            c, actor, summary=text, channel=chan, keeps=keeps or [], promises=promises
        ),
        N_("update recorded"),
        format,
    )


def resolve(
    case_id: ID,
    summary: Annotated[str | None, typer.Option(help="How it was resolved; - reads stdin.")] = None,
    confirmed_by: Annotated[
        str | None, typer.Option(help="Who at the customer confirmed the fix.")
    ] = None,
    force: Force = False,
    reason: Reason = None,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Resolve the case (needs a root cause; open short-horizon actions block it)."""
    from casectl.core.loop import steps

    actor = context.who(at, by)
    text = prompts.required(summary, "--summary", N_("How was it resolved"))
    apply(
        case_id,
        lambda c: steps.resolve(
            c, actor, summary=text, confirmed_by=confirmed_by, force=force, reason=reason
        ),
        N_("resolved"),
        format,
    )
