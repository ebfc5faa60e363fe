"""``casectl plan add | done | list``: the plan the monthly review sets for a month, checked by
that month's report (docs/scorecard.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, output, prompts
from casectl.cli.options import By
from casectl.i18n import _

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
    body = prompts.required(text, "TEXT")
    added = context.casebook().add_plan_item(month, body, owner=owner, by=by)
    said = _("plan {month}: item {item} added — {path}")
    output.info(said.format(month=added.month, item=added.item, path=added.path))
    typer.echo(added.item)


def plan_done(
    month: Month,
    item: Annotated[str, typer.Argument(help="The item's id, e.g. p1.", metavar="ITEM")],
    note: Annotated[str | None, typer.Option(help="How it went.")] = None,
    by: By = None,
) -> None:
    """Mark an item of a month's plan done."""
    done = context.casebook().finish_plan_item(month, item, note=note, by=by)
    said = _("plan {month}: item {item} done — {path}")
    output.info(said.format(month=done.month, item=done.item, path=done.path))


def plan_list(
    month: Annotated[
        str | None,
        typer.Argument(
            help="YYYY-MM (default: this month's plan if it has one, else next month's).",
            metavar="MONTH",
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """A month's plan, each item done or open."""
    from casectl.core.model import one_of
    from casectl.render.json import dumps
    from casectl.render.text import one_line

    fmt = one_of(format, ("table", "json"), "format")
    shown = context.casebook().plan(month)
    if fmt == "json":
        output.echo(dumps(shown.status))
        return
    if shown.plan is None:
        said = _("no plan for {month} yet (casectl plan add {month} TEXT)")
        output.info(said.format(month=shown.month))
        return
    for i in shown.status["items"]:
        owner = f" ({one_line(i['owner'])})" if i["owner"] else ""
        typer.echo(f"[{'x' if i['done'] else ' '}] {i['id']} {one_line(i['text'])}{owner}")
