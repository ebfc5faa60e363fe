"""The first half of the loop: record, respond, investigate, actions, updates, resolve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context, output, prompts
from casectl.cli.options import (
    ID,
    At,
    By,
    Dues,
    Force,
    Promises,
    Reason,
    StepFormat,
    Yes,
    command_line,
)
from casectl.core.choices import Category, Channel, Priority  # enums only: light
from casectl.i18n import N_, _, label, msg

if TYPE_CHECKING:
    from casectl.api.casebook import Casebook
    from casectl.api.results import StepResult


CATEGORY = N_("Category (technical/communication/process/attitude)")
PRIORITY = N_("Priority (urgent/high/medium/low)")
CHANNEL = N_("Channel (phone/email/chat/meeting/visit/…)")
CAUSE = N_("Cause (requirement/defect/deployment/communication/process/…; empty: later)")
ATTRIBUTION = N_("Attribution (ours/customer/third-party/shared/undetermined; empty: later)")
FACTOR = N_("Factor (objective/subjective; empty: later)")


def said(book: Casebook, result: StepResult, fmt: str = "text") -> None:
    """Say what a step did (on stderr): the case, what was done, its stage and file; on a
    terminal, what the loop asks for next. With ``--format json``, the changed case's summary
    goes to stdout."""
    from casectl.core.model import one_of

    shape = one_of(fmt, ("text", "json"), "format")
    done = _("{case}: {done} (stage: {stage}) — {path}")
    output.info(
        done.format(
            case=result.case.id,
            done=label(result.done),
            stage=result.stage.value,
            path=result.path,
        )
    )
    step = result.next_step
    if step is not None and prompts.interactive():
        output.info(_("  next: {command}").format(command=command_line(step)))
    if shape == "json":
        from casectl.render.case import summary_json
        from casectl.render.json import dumps

        output.echo(dumps(summary_json(result.case, book.config.tz, result.path)))


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
    from_email: Annotated[
        Path | None,
        typer.Option(
            "--from-email",
            help="Record it from a mail (.eml or Outlook .msg): title, description, customer, "
            "contact, received time and attachments are the mail's (docs/intake.md).",
            metavar="FILE",
        ),
    ] = None,
    at: At = None,
    by: By = None,
    format: Annotated[
        str, typer.Option("--format", help="What to print: id (default) or json.")
    ] = "id",
) -> None:
    """Record a new complaint as a case."""
    from casectl.core.model import one_of

    shape = one_of(format, ("id", "json"), "format")
    book = context.casebook()
    if from_email is not None:  # the mail gives what it holds (docs/intake.md)
        given = {"--description": description, "--channel": channel, "--received-at": received_at}
        _not_with_mail([name for name, value in given.items() if value is not None])
        if customer is None and prompts.interactive():
            customer = _mail_customer(book, from_email)
        result = book.record_from_email(
            from_email, customer=customer, contact=contact, title=title, owner=owner,
            category=prompts.choose(category, Category, "--category", CATEGORY),
            priority=prompts.choose(priority, Priority, "--priority", PRIORITY),
            tags=tag or [], impact=impact, remedy=remedy, people=person or [], at=at, by=by,
        )  # fmt: skip
        return recorded(book, result, shape)
    typed = prompts.required(customer, "--customer", N_("Customer"))
    typed, contact = _pick_customer(book, typed, contact)
    result = book.record(
        customer=typed,
        title=prompts.required(title, "--title", N_("Title")),
        contact=contact,
        description=prompts.text_value(description),
        category=prompts.choose(category, Category, "--category", CATEGORY),
        priority=prompts.choose(priority, Priority, "--priority", PRIORITY),
        channel=prompts.choose(channel, Channel, "--channel", CHANNEL, default="other"),
        impact=impact,
        remedy=remedy,
        owner=owner,
        tags=tag or [],
        people=person or [],
        received_at=received_at,
        at=at,
        by=by,
    )
    recorded(book, result, shape)


def recorded(book: Casebook, result: StepResult, shape: str) -> None:
    """Say a case was recorded (on stderr), and print its ID or, with json, the case."""
    output.info(_("{case}: recorded — {path}").format(case=result.case.id, path=result.path))
    step = result.next_step
    if step is not None and prompts.interactive():
        output.info(_("  next: {command}").format(command=command_line(step)))
    from casectl.render.case import case_json
    from casectl.render.json import dumps

    formats = {
        "id": lambda c: f"{c.id}\n",
        "json": lambda c: dumps(case_json(c, book.config, book.now(), result.path)),
    }
    output.emit(formats, shape, result.case)


def _not_with_mail(options: list[str]) -> None:
    """What ``--from-email`` takes from the mail cannot be given beside it."""
    if options:
        from casectl.errors import UsageError

        raise UsageError(
            msg(
                "{options}: the mail gives these with --from-email (its text, email, its Date)",
                options=", ".join(options),
            )
        )


def _mail_customer(book: Casebook, path: Path) -> str | None:
    """On a terminal, the customer of a mail whose sender names no profile for sure: the
    close ones offered, the guess (the sender's domain) as the default."""
    from casectl.cli.customers import pick

    read = book.read_mail(path)
    if read.guess.sure:
        return None
    if read.guess.close:
        asked = _("Which customer is {sender} from?").format(sender=read.mail.sender)
        chosen = pick(asked, [*read.guess.close, read.guess.customer])
        if chosen:
            return chosen
    return prompts.ask(N_("Customer"), read.guess.customer)


def _pick_customer(book: Casebook, typed: str, contact: str | None) -> tuple[str, str | None]:
    """On a terminal: the profiled customer meant when ``typed`` names none (close matches
    offered), and the contact among its key people when none was given."""
    if not prompts.interactive():
        return typed, contact
    from casectl.cli.customers import pick

    chosen = book.find_customer(typed)
    if chosen is None:
        close = book.close_customers(typed)
        if close:
            asked = _("No customer profile matches {typed!r}. Did you mean:")
            typed = pick(asked.format(typed=typed), close) or typed
            chosen = book.find_customer(typed)
    if chosen is not None and contact is None and chosen.people:
        asked = _("Who complained? Key people of {customer}:")
        contact = pick(asked.format(customer=chosen.name), [p.name for p in chosen.people])
    return typed, contact


def _promises(promise: list[str] | None, due: list[str] | None) -> list[tuple[str, str]]:
    """``--promise TEXT --due WHEN`` pairs."""
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
    return list(zip(promise, due, strict=True))


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
    book, cid = context.address(case_id)
    text = prompts.required(summary, "--summary", N_("What was said"))
    if apology is None:
        apology = prompts.confirm(N_("Was an apology given?"))
    if not promise and prompts.interactive():  # the seed puts promises at the response's centre
        made = prompts.ask(N_("A promise made to the customer (empty: none)"), "")
        if made.strip():
            promise, due = [made], [prompts.ask(N_("When is it due (e.g. +48h, tomorrow)"), "+48h")]
    result = book.respond(
        cid,
        summary=text,
        channel=channel,
        apology=bool(apology),
        promises=_promises(promise, due),
        at=at,
        by=by,
    )
    said(book, result, format)


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
    """Record evidence, findings and the root cause (asked for on a terminal when none is
    given)."""
    from casectl.core.choices import Attribution, Cause, Factor

    book, cid = context.address(case_id)
    if not (evidence or finding or root_cause) and prompts.interactive():
        root_cause = prompts.required(None, "--root-cause", N_("Root cause"))
        cause = prompts.maybe_choose(cause, Cause, "--cause", CAUSE)
        attribution = prompts.maybe_choose(attribution, Attribution, "--attribution", ATTRIBUTION)
        factor = prompts.maybe_choose(factor, Factor, "--factor", FACTOR)
    result = book.investigate(
        cid,
        evidence=prompts.split_pairs(evidence or [], "--evidence"),
        findings=finding or [],
        root_cause=prompts.text_value(root_cause),
        cause=cause,
        attribution=attribution,
        factor=factor,
        force=force,
        reason=reason,
        at=at,
        by=by,
    )
    said(book, result, format)


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
    from casectl.core.choices import Channel

    book, cid = context.address(case_id)
    promises = _promises(promise, due)
    if summary is None and prompts.interactive():
        channel = prompts.maybe_choose(channel, Channel, "--channel", CHANNEL)
    text = prompts.required(summary, "--summary", N_("What was the customer told"))
    result = book.update(
        cid, summary=text, channel=channel, keeps=keeps or [], promises=promises, at=at, by=by
    )
    said(book, result, format)


def resolve(
    case_id: ID,
    summary: Annotated[str | None, typer.Option(help="How it was resolved; - reads stdin.")] = None,
    confirmed_by: Annotated[
        str | None, typer.Option(help="Who at the customer confirmed the fix.")
    ] = None,
    force: Force = False,
    reason: Reason = None,
    yes: Yes = False,
    at: At = None,
    by: By = None,
    format: StepFormat = "text",
) -> None:
    """Resolve the case (needs a root cause; open short-horizon actions block it). On a
    terminal, what will be recorded is shown and confirmed first (--yes skips)."""
    book, cid = context.address(case_id)
    text = prompts.required(summary, "--summary", N_("How was it resolved"))
    preview = _("{case} will be resolved: {summary}").format(case=cid, summary=text)
    if confirmed_by:
        preview += "\n" + _("  confirmed by: {who}").format(who=confirmed_by)
    prompts.confirmed(preview, N_("Record it?"), yes=yes)
    result = book.resolve(
        cid, summary=text, confirmed_by=confirmed_by, force=force, reason=reason, at=at, by=by
    )
    said(book, result, format)
