"""``casectl notify``: tell the team's chat groups and mailboxes what became due since the last
run; and how a run of notifications is shown (``notify``, ``escalate --notify``, ``overdue
--notify``). docs/notifications.md."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context, output
from casectl.i18n import _, text

if TYPE_CHECKING:
    from casectl.api.notify import Told


def notify(
    since: Annotated[
        str | None,
        typer.Option(
            help="Tell what became true after WHEN (default: each target's last successful "
            "run, else the last 24 hours).",
            metavar="WHEN",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")
    ] = False,
    state: Annotated[
        str | None,
        typer.Option(
            help="The state file that remembers each target's last run (default: "
            ".casectl/notify-state.json; keep it in the CI cache).",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    """Send what is due now to the notify targets of casectl.yaml: breaches, clocks due soon,
    escalations, new urgent complaints, customers due a contact. Exit 1 when a target could
    not be told."""
    told = context.casebook().notify(since=since, dry_run=dry_run, state=state)
    shown(told)
    raise typer.Exit(1 if told.failed else 0)


def shown(told: Told) -> None:
    """A run of notifications: a dry run's messages on stdout, then each target's outcome on
    stderr (and, for a scheduled run that told nothing, the window it looked at)."""
    for part in told.targets:
        if told.dry_run:
            for m in part.messages:
                output.echo(f"→ {part.name} ({part.service}): {m.title}\n")
                output.echo("".join(f"  {line}\n" for line in m.body.splitlines()))
        if part.problem is not None and part.tried:
            said = _("notify target {name}: {problem} ({sent} of {total} sent)")
            total = len(part.messages)
            problem = text(part.problem)
            output.error(said.format(name=part.name, problem=problem, sent=part.sent, total=total))
        elif part.problem is not None:
            said = _("notify target {name}: {problem}").format(
                name=part.name, problem=text(part.problem)
            )
            if told.dry_run:  # a preview says the send would fail, and fails nothing
                output.warn(said)
            else:
                output.error(said)
        elif part.sent:
            said = _("notify: {count} message(s) sent to {name}")
            output.info(said.format(count=len(part.messages), name=part.name))
    if told.since is not None and told.quiet:  # a scheduled job's log says it ran, and when
        said = _("notify: nothing became due since {since}")
        output.info(said.format(since=f"{told.since:%Y-%m-%d %H:%M}"))
