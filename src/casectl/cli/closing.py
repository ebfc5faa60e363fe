"""``casectl close`` over many cases: by ``--where``, ``--imported`` or IDs from stdin
(docs/ci.md, "Adopting a backlog"). Exit 1 when any chosen case could not close."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer

from casectl.cli import context, output, prompts
from casectl.i18n import N_, _

if TYPE_CHECKING:
    from casectl.api.closing import ClosedMany
    from casectl.errors import CasectlError

MAX_IDS = 100_000  # IDs read from stdin: a year's history many times over


def ids_from_stdin() -> list[str]:
    """Case IDs from stdin: whitespace-separated, ``#`` starting a comment."""
    ids: list[str] = []
    for line in sys.stdin.read(MAX_IDS * 64).splitlines():
        ids += line.partition("#")[0].split()
    return ids


def close_many(
    ids: Sequence[str],
    *,
    where: Sequence[str],
    imported: bool,
    reason: str | None,
    force: bool,
    dry_run: bool,
    yes: bool,
    at: str | None,
    by: str | None,
    format: str,
) -> None:
    """Close the chosen cases: on a terminal, after showing what would happen and asking."""
    from casectl.core.model import one_of
    from casectl.errors import EXIT_OK, EXIT_PROBLEMS

    shape = one_of(format, ("text", "json"), "format")
    why = prompts.required(reason, "--reason", N_("Why are they closed"))
    book = context.casebook()

    def run(dry: bool) -> ClosedMany:
        return book.close_many(
            ids,
            where=where,
            imported=imported,
            reason=why,
            force=force,
            dry_run=dry,
            at=at,
            by=by,
        )

    if not dry_run and not yes and prompts.interactive():
        plan = run(True)
        _shown(plan, "text")
        asked = _("Close {count} cases?").format(count=len(plan.closed))
        if not plan.closed or not prompts.confirm(asked):
            raise typer.Exit(EXIT_PROBLEMS if plan.failed else EXIT_OK)
    done = run(dry_run)
    _shown(done, shape)
    raise typer.Exit(EXIT_PROBLEMS if done.failed else EXIT_OK)


def _shown(done: ClosedMany, shape: str) -> None:
    from casectl.cli.options import message
    from casectl.render import closing as shown

    def said(exc: CasectlError) -> str:
        return message(exc, None)

    if shape == "json":
        from casectl.render.json import dumps

        output.echo(dumps(shown.to_json(done, said)))
    else:
        for line in shown.lines(done, said):
            output.info(line)
    output.info(shown.summary(done))
    if any(r.error.can_force for r in done.refused):
        output.info(_("(close them past the missing steps with --force --reason TEXT)"))
