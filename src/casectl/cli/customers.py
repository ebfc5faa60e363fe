"""Customers: ``customer`` (every customer, or one), ``customer add|set|merge``,
``customer person add``, and ``touch`` (a contact outside any case). docs/customers.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from casectl.cli import context, output
from casectl.cli.options import At, By, Output
from casectl.i18n import _, label
from casectl.render.text import one_line

if TYPE_CHECKING:
    from casectl.api.results import CustomerResult


class CustomerGroup(TyperGroup):
    """``casectl customer NAME`` shows NAME: a word that is no subcommand is the customer."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            return "show", self.commands["show"], args
        return super().resolve_command(ctx, args)


customer_app = typer.Typer(
    cls=CustomerGroup,
    help="Customers: `casectl customer` lists every customer, `casectl customer NAME` shows one "
    "(its profile, key people, cases, surveys, touchpoints and contact rhythm); the commands "
    "below keep the profiles.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
person_app = typer.Typer(help="A customer's key people.", no_args_is_help=True)

Format = Annotated[str, typer.Option("--format", help="table or json.")]
Name = Annotated[str, typer.Argument(help="The customer: its name, an alias or a unique prefix.")]
Aliases = Annotated[
    list[str] | None, typer.Option("--alias", help="A short name people type (repeatable).")
]
Tier = Annotated[
    str | None, typer.Option(help="The contract level (casectl.yaml's rhythm names tiers).")
]
Industry = Annotated[str | None, typer.Option(help="The customer's industry.")]
LifecycleOption = Annotated[
    str | None,
    typer.Option(
        "--lifecycle",
        help="onboarding, implementation, go-live, steady, renewal, at-risk or churned.",
    ),
]
Owner = Annotated[str | None, typer.Option(help="The engineer who looks after the account.")]


def _said(done: CustomerResult) -> None:
    """Say what a step on a profile did (on stderr): the customer, what, and its file."""
    said = _("{customer}: {done} — {path}")
    output.info(
        one_line(said.format(customer=done.profile.name, done=label(done.done), path=done.path))
    )


def every_customer(
    ctx: typer.Context,
    format: Format = "table",
) -> None:
    """Every customer with open and total cases; `customer NAME` shows one."""
    if ctx.invoked_subcommand is not None:
        return
    from casectl.core.model import one_of
    from casectl.render import customers as shown
    from casectl.render.json import dumps

    fmt = one_of(format, ("table", "json"), "format")
    found = context.casebook().customers()
    output.emit({"table": shown.summary_table, "json": dumps}, fmt, found.rows)


def show(
    name: Name,
    format: Annotated[str, typer.Option("--format", help="table, json or html.")] = "table",
    output_path: Output = None,
) -> None:
    """One customer: profile, key people, open and past cases, NPS/CSAT trend, touchpoints
    and the contact rhythm (a customer with no profile: its cases' history)."""
    from casectl.core.model import one_of
    from casectl.render import customers as shown
    from casectl.render.json import dumps

    fmt = one_of(format, ("table", "json", "html"), "format")
    view = context.casebook().customer(name)
    table = shown.view_text if view.profile is not None else shown.history_table
    if fmt == "table" and view.profile is None:
        output.info(shown.headline(view.data))
    formats = {"table": table, "json": dumps, "html": shown.view_html}
    output.emit(formats, fmt, view.data, output_path)


def add(
    name: Annotated[str, typer.Argument(help="The customer's full name.")],
    alias: Aliases = None,
    tier: Tier = None,
    industry: Industry = None,
    lifecycle: LifecycleOption = None,
    owner: Owner = None,
    at: At = None,
) -> None:
    """Add a customer's profile (customers/<name>.yaml)."""
    done = context.casebook().add_customer(
        name,
        aliases=alias or [],
        tier=tier,
        industry=industry,
        lifecycle=lifecycle,
        owner=owner,
        at=at,
    )
    _said(done)


def set_(
    name: Name,
    alias: Aliases = None,
    tier: Tier = None,
    industry: Industry = None,
    lifecycle: LifecycleOption = None,
    owner: Owner = None,
    channel: Annotated[str | None, typer.Option(help="The channel they prefer.")] = None,
    language: Annotated[str | None, typer.Option(help="The language they prefer.")] = None,
    hours: Annotated[str | None, typer.Option(help="The best hours to reach them.")] = None,
    notes: Annotated[
        str | None, typer.Option(help="Notes on the customer (replaces them; - reads stdin).")
    ] = None,
) -> None:
    """Change a customer's profile: add aliases, set tier, lifecycle, owner, preferences."""
    from casectl.cli import prompts

    done = context.casebook().set_customer(
        name,
        aliases=alias or [],
        tier=tier,
        industry=industry,
        lifecycle=lifecycle,
        owner=owner,
        channel=channel,
        language=language,
        hours=hours,
        notes=prompts.text_value(notes),
    )
    _said(done)


def person_add(
    name: Name,
    person: Annotated[str, typer.Option("--name", help="The person's name.")],
    role: Annotated[str | None, typer.Option(help="Their role: 财务经理, CIO …")] = None,
    influence: Annotated[
        str | None, typer.Option(help="decision-maker, influencer or user.")
    ] = None,
    attitude: Annotated[
        str | None, typer.Option(help="Towards us: supporter, neutral or critic.")
    ] = None,
    contact: Annotated[
        str | None, typer.Option(help="How to reach them: phone, email, WeChat.")
    ] = None,
) -> None:
    """Add a key person to a customer's profile (the relationship map)."""
    from casectl.cli import prompts

    done = context.casebook().add_person(
        name,
        prompts.required(person, "--name"),
        role=role,
        influence=influence,
        attitude=attitude,
        contact=contact,
    )
    _said(done)


def merge(
    keep: Annotated[str, typer.Argument(help="The customer that stays.")],
    gone: Annotated[str, typer.Argument(help="Its duplicate: joined into the first.")],
) -> None:
    """Join duplicate customers: B's names become aliases of A, its people and touchpoints
    move to A, and every case naming B is rewritten to A's name."""
    _said(context.casebook().merge_customers(keep, gone))


def touch(
    name: Name,
    channel: Annotated[
        str, typer.Option(help="visit, phone, email, meeting, wechat … (how you reached them).")
    ],
    summary: Annotated[str, typer.Option(help="What was said or done; - reads stdin.")],
    at: At = None,
    by: By = None,
) -> None:
    """Log a contact with a customer outside any case: it resets the contact rhythm."""
    from casectl.cli import prompts

    said = prompts.required(summary, "--summary")
    how = prompts.required(channel, "--channel")
    done = context.casebook().touch(name, channel=how, summary=said, at=at, by=by)
    _said(done)


# --- a customer named at record -------------------------------------------------------------


def pick(question: str, options: list[str]) -> str | None:
    """One of ``options`` chosen by number on a terminal; None for none (0 or empty)."""
    from casectl.cli import prompts

    lines = [f"  {n}. {one_line(o)}" for n, o in enumerate(options, start=1)]
    output.info(one_line(question) + "\n" + "\n".join(lines) + "\n  0. " + _("none of these"))
    answer = typer.prompt(_("Number"), default="0", err=True, prompt_suffix=prompts.suffix())
    if answer.strip().isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    return None
