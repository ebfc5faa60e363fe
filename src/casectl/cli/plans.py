"""``casectl plan add | done | list``: the plan the monthly review sets for a month, checked by
that month's report (docs/scorecard.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, output, prompts
from casectl.cli.options import By
from casectl.i18n import _, msg

plan_app = typer.Typer(
    help="Next month's plan from the monthly review: add items, mark them done, list them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Month = Annotated[str, typer.Argument(help="The month the plan is for: YYYY-MM.", metavar="MONTH")]


def plan_add(
    month: Month,
    text: Annotated[str, typer.Argument(help="What the team sets out to do.", metavar="TEXT")],
    owner: Annotated[str | None, typer.Option(help="Who sees it through.")] = None,
    by: By = None,
) -> None:
    """Add an item to a month's plan; prints its id (p1, p2…)."""
    from casectl.core.learning import plans
    from casectl.storage import plans as stored

    name = plans.check_month(month)
    actor = context.who(None, by)
    body = prompts.required(text, "TEXT")
    added: list[str] = []

    def change(plan: plans.Plan) -> plans.Plan:
        new, pid = plans.add(plan, text=body, owner=owner, at=actor.at, by=actor.by)
        added.append(pid)
        return new

    path = stored.change(context.book(), name, change)[1]
    said = _("plan {month}: item {item} added — {path}")
    output.info(said.format(month=name, item=added[0], path=context.book().relative(path)))
    typer.echo(added[0])


def plan_done(
    month: Month,
    item: Annotated[str, typer.Argument(help="The item's id, e.g. p1.", metavar="ITEM")],
    note: Annotated[str | None, typer.Option(help="How it went.")] = None,
    by: By = None,
) -> None:
    """Mark an item of a month's plan done."""
    from casectl.core.learning import plans
    from casectl.errors import UsageError
    from casectl.storage import plans as stored

    name = plans.check_month(month)
    book = context.book()
    if stored.load(book, name) is None:
        raise UsageError(
            msg("there is no plan for {name} (casectl plan add {name} TEXT)", name=name)
        )
    actor = context.who(None, by)
    path = stored.change(
        book, name, lambda p: plans.done(p, item, note=note, at=actor.at, by=actor.by)
    )[1]
    said = _("plan {month}: item {item} done — {path}")
    output.info(said.format(month=name, item=item, path=book.relative(path)))


def plan_list(
    month: Annotated[
        str | None, typer.Argument(help="YYYY-MM (default: next month).", metavar="MONTH")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """A month's plan, each item done or open."""
    from casectl.core.learning import plans
    from casectl.core.model import one_of
    from casectl.render.json import dumps
    from casectl.render.text import one_line
    from casectl.storage import plans as stored

    fmt = one_of(format, ("table", "json"), "format")
    now = context.now()
    name = plans.check_month(
        month or plans.next_month(f"{now.astimezone(context.book().config.tz):%Y-%m}")
    )
    shown = plans.checked(stored.load(context.book(), name), now)
    if fmt == "json":
        output.echo(dumps(shown or {"month": name, "items": [], "done": 0}))
        return
    if shown is None:
        output.info(_("no plan for {month} yet (casectl plan add {month} TEXT)").format(month=name))
        return
    for i in shown["items"]:
        owner = f" ({one_line(i['owner'])})" if i["owner"] else ""
        typer.echo(f"[{'x' if i['done'] else ' '}] {i['id']} {one_line(i['text'])}{owner}")
