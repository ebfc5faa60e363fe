"""The first half of the loop: record, respond, investigate, actions, updates, resolve."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context as common
from casectl.cli.context import AT_HELP, BY_HELP, FORCE_HELP

ID = Annotated[str, typer.Argument(help="The case ID, or any unique prefix of it.", metavar="ID")]
At = Annotated[str | None, typer.Option("--at", help=AT_HELP, metavar="WHEN")]
By = Annotated[str | None, typer.Option("--by", help=BY_HELP, metavar="NAME")]
Force = Annotated[bool, typer.Option("--force", help=FORCE_HELP)]
Reason = Annotated[str | None, typer.Option("--reason", help="Why (with --force).")]
Promises = Annotated[
    list[str] | None,
    typer.Option("--promise", help="A promise made to the customer (repeatable; pair with --due)."),
]
Dues = Annotated[
    list[str] | None,
    typer.Option("--due", help="When the promise before it is due: WHEN or +48h.", metavar="WHEN"),
]


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
        str, typer.Option(help="phone, email, chat, meeting, visit, ticket, letter, social, other.")
    ] = "other",
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
    from casectl.core import steps
    from casectl.core.model import Category, Channel, Priority

    book = common.book()
    actor = common.who(at, by)
    received = common.when(received_at, base=actor.at) if received_at else actor.at
    fields = {
        "customer": common.required(customer, "--customer", "Customer"),
        "title": common.required(title, "--title", "Title"),
        "contact": contact,
        "description": common.text_value(description),
        "category": common.choice(
            common.required(
                category, "--category", "Category (technical/communication/process/attitude)"
            ),
            Category,
            "--category",
        ),
        "priority": common.choice(
            common.required(priority, "--priority", "Priority (urgent/high/medium/low)"),
            Priority,
            "--priority",
        ),
        "channel": common.choice(channel, Channel, "--channel"),
        "impact": impact,
        "remedy_sought": remedy,
        "owner": owner or actor.by,
        "tags": list(dict.fromkeys(tag or [])),
        "people": list(person or []),
        "received_at": received,
    }
    if format not in ("id", "json"):
        from casectl.errors import UsageError

        raise UsageError(f"--format: {format!r} is not one of: id, json")
    case, path = book.create(
        lambda taken: steps.record(
            ids.mint(received.astimezone(book.config.tz), taken), actor, **dict(fields)
        )
    )
    common.info(f"{case.id}: recorded — {book.relative(path)}")
    if format == "json":
        from casectl.core.listing import case_json

        common.emit_json(case_json(case, book, common.now()))
    else:
        typer.echo(case.id)


def _promises(
    promise: list[str] | None, due: list[str] | None, base: object
) -> list[tuple[str, object]]:
    from casectl.errors import UsageError

    promise, due = promise or [], due or []
    if len(promise) != len(due):
        raise UsageError("each --promise needs its --due (give them in pairs)")
    return [(p, common.when(d, base=base)) for p, d in zip(promise, due, strict=True)]  # type: ignore[arg-type]


def respond(
    case_id: ID,
    summary: Annotated[str | None, typer.Option(help="What was said; - reads stdin.")] = None,
    channel: Annotated[str | None, typer.Option(help="How the customer was reached.")] = None,
    apology: Annotated[bool, typer.Option("--apology", help="An apology was given.")] = False,
    promise: Promises = None,
    due: Dues = None,
    at: At = None,
    by: By = None,
) -> None:
    """Record the first response to the customer, with any promises made."""
    from casectl.core import steps
    from casectl.core.model import Channel

    actor = common.who(at, by)
    promises = _promises(promise, due, actor.at)
    text = common.required(summary, "--summary", "What was said")
    chan = common.choice(channel, Channel, "--channel")
    common.apply(
        case_id,
        lambda c: steps.respond(
            c,
            actor,
            summary=text,
            channel=chan,
            apology=apology,
            promises=promises,  # type: ignore[arg-type]
        ),
        "responded",
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
) -> None:
    """Record evidence, findings and the root cause."""
    from casectl.core import steps
    from casectl.core.model import Attribution, Cause, Factor

    actor = common.who(at, by)
    pairs = common.split_pairs(evidence or [], "--evidence")
    values = {
        "cause": common.choice(cause, Cause, "--cause"),
        "attribution": common.choice(attribution, Attribution, "--attribution"),
        "factor": common.choice(factor, Factor, "--factor"),
    }
    root = common.text_value(root_cause)
    common.apply(
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
        "investigation recorded",
    )


action_app = typer.Typer(help="Actions on three horizons: short (fix now), mid, long.")


@action_app.command("add")
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
) -> None:
    """Add an action to a case."""
    from casectl.core import steps
    from casectl.core.model import Horizon

    actor = common.who(at, by)
    level = common.choice(horizon, Horizon, "--horizon") or "short"
    due_at = common.when(due, base=actor.at) if due else None
    added: list[str] = []

    def change(c):  # type: ignore[no-untyped-def]
        new, aid = steps.add_action(
            c, actor, what=text, horizon=level, owner=owner or actor.by, due=due_at
        )
        added.append(aid)
        return new

    case = common.book().update(case_id, change)[0]
    common.info(f"{case.id}: action {added[0]} added")
    typer.echo(added[0])


@action_app.command("done")
def action_done(
    case_id: ID,
    action: Annotated[str, typer.Argument(help="The action's id, e.g. a1.")],
    verification: Annotated[str | None, typer.Option(help="How it was verified.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Mark an action done."""
    from casectl.core import steps

    actor = common.who(at, by)
    common.apply(
        case_id,
        lambda c: steps.finish_action(c, actor, action, verification=verification),
        f"action {action} done",
    )


@action_app.command("cancel")
def action_cancel(
    case_id: ID,
    action: Annotated[str, typer.Argument(help="The action's id, e.g. a2.")],
    reason: Annotated[str | None, typer.Option(help="Why it is cancelled.")] = None,
    at: At = None,
    by: By = None,
) -> None:
    """Cancel an action, with a reason."""
    from casectl.core import steps

    actor = common.who(at, by)
    why = common.required(reason, "--reason", "Why is it cancelled")
    common.apply(
        case_id,
        lambda c: steps.cancel_action(c, actor, action, reason=why),
        f"action {action} cancelled",
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
) -> None:
    """Record a progress update sent to the customer."""
    from casectl.core import steps
    from casectl.core.model import Channel

    actor = common.who(at, by)
    promises = _promises(promise, due, actor.at)
    text = common.required(summary, "--summary", "What was the customer told")
    chan = common.choice(channel, Channel, "--channel")
    common.apply(
        case_id,
        lambda c: steps.update(
            c,
            actor,
            summary=text,
            channel=chan,
            keeps=keeps or [],
            promises=promises,  # type: ignore[arg-type]
        ),
        "update recorded",
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
) -> None:
    """Resolve the case (needs a root cause; open short-horizon actions block it)."""
    from casectl.core import steps

    actor = common.who(at, by)
    text = common.required(summary, "--summary", "How was it resolved")
    common.apply(
        case_id,
        lambda c: steps.resolve(
            c, actor, summary=text, confirmed_by=confirmed_by, force=force, reason=reason
        ),
        "resolved",
    )


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Steps")(record)
    app.command(rich_help_panel="Steps")(respond)
    app.command(rich_help_panel="Steps")(investigate)
    app.add_typer(action_app, name="action")
    app.command(rich_help_panel="Steps")(update)
    app.command(rich_help_panel="Steps")(resolve)
    from casectl.cli import aftercare as loop

    loop.register(app)
