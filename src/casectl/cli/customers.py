"""Customers: ``customer`` (every customer, or one), ``customer add|set|merge``,
``customer person add``, and ``touch`` (a contact outside any case). docs/customers.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from casectl.cli import context, output
from casectl.cli.options import At, By, Output
from casectl.i18n import _, text
from casectl.render.text import one_line

if TYPE_CHECKING:
    from casectl.core.customers.profile import Profile
    from casectl.core.model import Case
    from casectl.storage.profiles import Profiles
    from casectl.storage.store import Casebook


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


def _profiles(book: Casebook) -> Profiles:
    from casectl.storage import profiles

    found = profiles.load(book)
    for problem in found.problems:
        output.warn(_("skipped {problem}").format(problem=text(problem)))
    return found


def _lifecycle(value: str | None) -> str | None:
    from casectl.cli import prompts
    from casectl.core.customers.profile import Lifecycle

    return prompts.choice(value, Lifecycle, "lifecycle")


def _said(book: Casebook, profile: Profile, rel: str, what: str) -> None:
    said = _("{customer}: {done} — {path}")
    output.info(
        said.format(customer=one_line(profile.name), done=what, path=rel)
    )  # ``what`` comes translated


def every_customer(
    ctx: typer.Context,
    format: Format = "table",
) -> None:
    """Every customer with open and total cases; `customer NAME` shows one."""
    if ctx.invoked_subcommand is not None:
        return
    from casectl.cli.learning import _cases
    from casectl.core.model import one_of
    from casectl.core.views import customers
    from casectl.render import customers as shown
    from casectl.render.json import dumps

    fmt = one_of(format, ("table", "json"), "format")
    book = context.book()
    rows = customers.summary(_cases(), book.config.tz, _profiles(book).all)
    output.emit({"table": shown.summary_table, "json": dumps}, fmt, rows)


def show(
    name: Name,
    format: Annotated[str, typer.Option("--format", help="table, json or html.")] = "table",
    output_path: Output = None,
) -> None:
    """One customer: profile, key people, open and past cases, NPS/CSAT trend, touchpoints
    and the contact rhythm (a customer with no profile: its cases' history)."""
    from casectl.core.clocks.sla import Clocks
    from casectl.core.customers import rhythm
    from casectl.core.model import one_of
    from casectl.core.views import customers
    from casectl.render import customers as shown
    from casectl.render.json import dumps

    fmt = one_of(format, ("table", "json", "html"), "format")
    book = context.book()
    profile = _profiles(book).find(name)
    if profile is None:
        from casectl.cli.learning import _cases

        story = customers.history(_cases(), name, book.config.tz)
        if fmt == "table":
            output.info(shown.headline(story))
        formats = {"table": shown.history_table, "json": dumps, "html": shown.view_html}
        output.emit(formats, fmt, story, output_path)
        return
    mine = cases_of(book, profile)
    pairs = [(c.customer.name, rhythm.case_contact(c)) for c in mine]
    last = rhythm.last_contact(profile, rhythm.latest_by_customer(pairs))
    clock = rhythm.clock(profile, last, Clocks(book.config, context.now()))
    data = customers.view(profile, mine, book.config.tz, last, clock)
    formats = {"table": shown.view_text, "json": dumps, "html": shown.view_html}
    output.emit(formats, fmt, data, output_path)


def cases_of(book: Casebook, profile: Profile) -> list[Case]:
    """The cases naming the profile's customer (by name or alias), oldest first; only their
    files' rows are turned into cases."""
    from casectl.core.customers.profile import fold

    scan = book.entries()
    for problem in scan.problems:
        output.warn(_("skipped {problem}").format(problem=text(problem)))
    keys = profile.folded()
    chosen = [e for e in scan.entries if fold(str(e.row["customer"])) in keys]
    return sorted(book.index.load(chosen), key=lambda c: (c.received_at, c.id))


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
    from casectl.core.customers import profile as rules
    from casectl.storage import profiles

    book = context.book()
    if not name.strip():
        from casectl.errors import UsageError
        from casectl.i18n import msg

        raise UsageError(msg("the customer's name must not be empty"))
    when = context.when(at) if at else context.now()
    made = rules.new(
        name,
        at=when,
        aliases=alias or [],
        tier=tier,
        industry=industry,
        lifecycle=_lifecycle(lifecycle),
        owner=owner,
    )
    path = profiles.create(book, made)
    _said(book, made, book.relative(path), _("profile added"))


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
    from casectl.core.customers import profile as rules
    from casectl.storage import profiles

    book = context.book()
    found = _profiles(book)
    target = found.require(name)
    changes = {
        "aliases": alias or None,
        "tier": tier,
        "industry": industry,
        "lifecycle": _lifecycle(lifecycle),
        "owner": owner,
        "channel": channel,
        "language": language,
        "hours": hours,
        "notes": prompts.text_value(notes),
    }
    rel = found.path_of(target)
    changed = profiles.update(book, rel, lambda p: rules.with_settings(p, **changes))
    _said(book, changed, rel, _("profile updated"))


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
    from casectl.core.customers import profile as rules
    from casectl.storage import profiles

    book = context.book()
    found = _profiles(book)
    target = found.require(name)
    fields = {
        "name": prompts.required(person, "--name"),
        "role": role,
        "influence": prompts.choice(influence, rules.Influence, "influence"),
        "attitude": prompts.choice(attitude, rules.Attitude, "attitude"),
        "contact": contact,
    }
    rel = found.path_of(target)
    changed = profiles.update(book, rel, lambda p: rules.add_person(p, **fields))
    _said(book, changed, rel, _("key person {id} added").format(id=changed.people[-1].id))


def merge(
    keep: Annotated[str, typer.Argument(help="The customer that stays.")],
    gone: Annotated[str, typer.Argument(help="Its duplicate: joined into the first.")],
) -> None:
    """Join duplicate customers: B's names become aliases of A, its people and touchpoints
    move to A, and every case naming B is rewritten to A's name."""
    from casectl.core.customers import profile as rules
    from casectl.errors import UsageError, not_found
    from casectl.i18n import msg
    from casectl.storage import profiles

    book = context.book()
    found = _profiles(book)
    kept = found.require(keep)
    other = found.find(gone)
    if other is kept:
        raise UsageError(
            msg(
                "{keep!r} and {gone!r} name the same customer: {name}",
                keep=keep,
                gone=gone,
                name=kept.name,
            )
        )
    rel = found.path_of(kept)
    old_names = {rules.fold(gone)} if other is None else other.folded()
    naming = cases_naming(book, old_names, kept.name)
    if other is not None:  # a duplicate with a profile: join the two files
        ours = {rules.fold(p.name) for p in kept.people}
        for person in other.people:  # absorb keeps A's person of the same name: say so
            if rules.fold(person.name) in ours:
                said = _(
                    "{customer} has {person} already: {gone}'s {person} ({role}) is not "
                    "moved; add them under another name if they are someone else"
                )
                output.warn(
                    said.format(
                        customer=one_line(kept.name),
                        person=one_line(person.name),
                        gone=one_line(other.name),
                        role=one_line(person.role or "—"),
                    )
                )
        gone_rel = found.path_of(other)
        joined = profiles.update(book, rel, lambda p: rules.absorb(p, other), absorbing=gone_rel)
        profiles.remove(book, gone_rel)
    elif naming:  # a name only cases use: it becomes an alias
        joined = profiles.update(book, rel, lambda p: rules.with_settings(p, aliases=[gone]))
    else:
        raise not_found("customer", gone)
    rewritten = rename_cases(book, naming, joined.name)
    said = _("joined {customer}; {count} case(s) renamed")
    named = one_line(other.name if other else gone)
    _said(book, joined, rel, said.format(customer=named, count=rewritten))


def cases_naming(book: Casebook, names: set[str], but: str) -> list[str]:
    """The IDs of the cases whose customer is one of ``names`` (folded), but not spelled
    ``but``: from the index's rows, no case file read."""
    from casectl.core.customers.profile import fold

    return [
        entry.id
        for entry in book.entries().entries
        if fold(str(entry.row["customer"])) in names and entry.row["customer"] != but
    ]


def rename_cases(book: Casebook, case_ids: list[str], to: str) -> int:
    """Rewrite the customer of these cases to ``to``, each through the store's update (its
    lock; only that line of the file changes)."""

    from casectl.core.loop.around import customer_renamed

    actor = context.who(None, None)
    for case_id in case_ids:
        book.update(case_id, lambda case: customer_renamed(case, actor, to=to))
    return len(case_ids)


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
    from casectl.core.customers import profile as rules
    from casectl.storage import profiles

    book = context.book()
    found = _profiles(book)
    target = found.require(name)
    actor = context.who(at, by)
    said = prompts.required(summary, "--summary")
    how = prompts.required(channel, "--channel").strip()
    rel = found.path_of(target)
    changed = profiles.update(
        book, rel, lambda p: rules.touch(p, at=actor.at, by=actor.by, channel=how, summary=said)
    )
    said = _("touchpoint {id} logged")
    _said(book, changed, rel, said.format(id=changed.touchpoints[-1].id))


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
