"""Option and argument declarations that several commands share, so every command spells
them the same way. A command's own options live in its module."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from casectl.cli.complete import typer_ids

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


def option_name(field: str) -> str:
    """How the command line spells a field named in a message: ``root_cause`` → ``--root-cause``."""
    return "--" + field.replace("_", "-")


def command_line(remedy: Any) -> str:
    """A step the core names (``errors.Remedy``), as the command line that runs it."""
    fields = (f"{option_name(f)} TEXT" for f in remedy.fields)
    return " ".join(("casectl", remedy.command, remedy.case_id, *remedy.args, *fields))
