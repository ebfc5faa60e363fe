"""Option and argument declarations that several commands share, so every command spells
them the same way. A command's own options live in its module."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from casectl.cli.complete import typer_ids

if TYPE_CHECKING:
    from casectl.errors import CasectlError

AT_HELP = "When it happened: ISO 8601, a date, or an offset like -2h (default: now)."
BY_HELP = "Who did it (default: CASECTL_USER, git user.name, the login name)."
FORCE_HELP = "Skip the step's requirements; needs --reason, recorded in the timeline."

ID = Annotated[
    str,
    typer.Argument(
        help="The case ID, or a unique start or end of it, in any case (7QH4K).",
        metavar="ID",
        autocompletion=typer_ids,
    ),
]
At = Annotated[str | None, typer.Option("--at", help=AT_HELP, metavar="WHEN")]
By = Annotated[str | None, typer.Option("--by", help=BY_HELP, metavar="NAME")]
Force = Annotated[bool, typer.Option("--force", help=FORCE_HELP)]
Yes = Annotated[
    bool,
    typer.Option("--yes", "-y", help="Record it without asking for confirmation on a terminal."),
]
Reason = Annotated[str | None, typer.Option("--reason", help="Why (with --force).")]
Promises = Annotated[
    list[str] | None,
    typer.Option("--promise", help="A promise made to the customer (repeatable; pair with --due)."),
]
Dues = Annotated[
    list[str] | None,
    typer.Option("--due", help="When the promise before it is due: WHEN or +48h.", metavar="WHEN"),
]
StepFormat = Annotated[
    str,
    typer.Option(
        "--format", help="text (default: a line on stderr) or json (the changed case's summary)."
    ),
]
Output = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", metavar="PATH"),
]
JsonFields = Annotated[
    str | None,
    typer.Option(
        "--json",
        help="JSON with only these fields, comma-separated (a wrong one lists them all).",
        metavar="FIELDS",
    ),
]
Jq = Annotated[
    str | None,
    typer.Option("--jq", help="Filter the --json output with this jq expression.", metavar="EXPR"),
]


def option_name(field: str) -> str:
    """How the command line spells a field named in a message: ``root_cause`` → ``--root-cause``."""
    return "--" + field.replace("_", "-")


def command_line(remedy: Any) -> str:
    """A step the core names (``errors.Remedy``), as the command line that runs it."""
    fields = (f"{option_name(f)} TEXT" for f in remedy.fields)
    return " ".join(("casectl", remedy.command, remedy.case_id, *remedy.args, *fields))


def message(exc: CasectlError, command: Any) -> str:
    """A casectl error as the command line shows it: fields spelled as options, the steps
    that would supply what is missing as command lines, and ``--force`` offered only by a
    command that has it."""
    from casectl.i18n import _

    said: str = exc.text(option_name)
    if exc.remedies:
        lines = _("; ").join(command_line(r) for r in exc.remedies)
        said += _(". Supply it with: {commands}").format(commands=lines)
    has_force = command is not None and any(p.name == "force" for p in command.params)
    if exc.can_force and has_force:
        said += _(" (or skip with --force --reason TEXT)")
    return said
