"""Teamwork over git: ``merge-driver``, ``git setup``, ``doctor``, ``validate``, ``schema``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from casectl.cli import context, output
from casectl.cli.options import Output
from casectl.errors import UsageError
from casectl.i18n import _, text


class ValidateFormat(StrEnum):
    table = "table"
    json = "json"
    github = "github"


class DoctorFormat(StrEnum):
    table = "table"
    json = "json"


class SchemaKind(StrEnum):
    case = "case"
    config = "config"
    customer = "customer"
    plan = "plan"


def merge_driver(
    base: Annotated[Path, typer.Argument(help="The common ancestor's version (git's %O).")],
    ours: Annotated[Path, typer.Argument(help="Our version; the result is written here (%A).")],
    theirs: Annotated[Path, typer.Argument(help="Their version (%B).")],
    marker_size: Annotated[int, typer.Argument(help="Conflict marker length (%L).")] = 7,
    path: Annotated[
        str | None, typer.Argument(help="The file's path in the repository (%P).")
    ] = None,
) -> None:
    """git merge driver for case files, customer profiles and plans: a field-by-field three-way
    merge into OURS, checked as a write.

    Exit 0 when merged cleanly; 1 with conflict markers around the conflicting fields only (a
    disagreement or a broken rule with its reason; git's own line merge when a version cannot be
    read as a case).
    """
    from casectl.api import teamwork

    name = path or ours.name
    done = teamwork.merge_driver(
        base, ours, theirs, marker_size=marker_size, name=name, debug=context.state().debug
    )
    if done.merged is None:
        output.warn(
            f"{name}: cannot merge field by field ({done.fallback}); leaving git's line merge"
        )
        raise typer.Exit(1)
    for note in done.merged.result.notes():
        output.info(f"casectl merge: {name}: {note}")
    if done.merged.result.conflicts:
        for conflict in done.merged.result.conflicts:
            why = getattr(conflict, "reason", "")
            output.info(
                f"casectl merge: {name}: CONFLICT in {conflict.field}"
                + (f" ({why})" if why else "")
            )
        raise typer.Exit(1)
    if done.merged.problem:
        output.warn(f"merged {name}, but the result does not validate: {done.merged.problem}")
        raise typer.Exit(1)


class ConflictsFormat(StrEnum):
    table = "table"
    json = "json"


def conflicts(
    file: Annotated[
        str | None,
        typer.Argument(help="A conflicted file: its path, or a case ID or month (to resolve)."),
    ] = None,
    field: Annotated[
        str | None, typer.Argument(help="The conflicting field, as listed (to resolve).")
    ] = None,
    ours: Annotated[bool, typer.Option("--ours", help="Keep our side of the field.")] = False,
    theirs: Annotated[bool, typer.Option("--theirs", help="Keep their side.")] = False,
    value: Annotated[
        str | None, typer.Option("--value", help="Write this value (YAML) instead.")
    ] = None,
    format: Annotated[ConflictsFormat, typer.Option("--format", help="table or json.")] = (
        ConflictsFormat.table
    ),
) -> None:
    """List what a merge left in conflict, field by field with both values; or resolve one
    field (FILE FIELD --ours/--theirs/--value), leaving a valid file."""
    from casectl.render import teamwork as shown

    book = context.casebook()
    if file is None or field is None:
        if ours or theirs or value is not None:
            raise UsageError(_("name the FILE and the FIELD to resolve"))
        found = book.conflicts()
        output.emit({"table": shown.conflicts_text, "json": shown.conflicts_json}, format, found)
        if found:
            raise typer.Exit(1)
        return
    side = "ours" if ours and not theirs else "theirs" if theirs and not ours else None
    if ours and theirs:
        side = "both"
    done = book.resolve_conflict(file, field, side=side, value=value)
    if done.left:
        output.info(
            _("{file}: {field} resolved; {left} conflicts left").format(
                file=done.path, field=done.field, left=done.left
            )
        )
    else:
        output.info(
            _("{file}: {field} resolved; the file is valid and added to git's index").format(
                file=done.path, field=done.field
            )
        )


def git_setup(
    global_: Annotated[
        bool, typer.Option("--global", help="Register the driver in ~/.gitconfig instead.")
    ] = False,
) -> None:
    """Register the merge driver in git's config and route case files to it (.gitattributes)."""
    from casectl.api import teamwork

    for line in teamwork.git_setup(context.root_given(), scope="global" if global_ else "local"):
        output.info(text(line))  # the git config line as typed; the rest in the reader's words


git_app = typer.Typer(
    help="git integration: the merge driver for case files and customer profiles.",
    no_args_is_help=True,
)


def doctor(
    format: Annotated[DoctorFormat, typer.Option("--format", help="table or json.")] = (
        DoctorFormat.table
    ),
) -> None:
    """Check that the casebook, its settings, git's merge driver and the schema are in order."""
    from casectl.api import teamwork
    from casectl.render import teamwork as shown

    checks = teamwork.doctor(context.root_given())
    output.emit({"table": shown.doctor_text, "json": shown.doctor_json}, format.value, checks)
    if not all(c.ok for c in checks):
        raise typer.Exit(1)


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Case files, folders or casectl.yaml (default: the whole casebook)."),
    ] = None,
    format: Annotated[
        ValidateFormat, typer.Option("--format", help="table, json or github (annotations).")
    ] = ValidateFormat.table,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Also refuse the merge in progress when a file lost an item one side added "
            "(for the pre-commit hook; nothing to check when no merge is in progress).",
        ),
    ] = False,
    merge_commit: Annotated[
        str | None,
        typer.Option(
            "--merge-commit", metavar="REV", help="The same check of a merge commit already made."
        ),
    ] = None,
) -> None:
    """Check case files, customer profiles and casectl.yaml against the models and across
    files (exit 1 if not)."""
    from casectl.api import teamwork
    from casectl.render import teamwork as shown
    from casectl.render.json import dumps

    report = teamwork.validate(
        paths or [], casebook=context.root_given(), merge=merge, merge_commit=merge_commit
    )
    formats = {
        "table": lambda r: shown.problems_text(r.problems),
        "json": lambda r: dumps(r.as_json()),
        "github": lambda r: shown.problems_github(r.problems),
    }
    output.emit(formats, format.value, report)
    output.info(shown.validate_summary(report.files, report.problems))
    if not report.ok:
        raise typer.Exit(1)


def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="case (case files), customer (customers/*.yaml), plan (plans/*.yaml) or config "
            "(casectl.yaml)."
        ),
    ] = SchemaKind.case,
    output_path: Output = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of case files, customer profiles, monthly plans or
    casectl.yaml, for editors."""
    from casectl.api import teamwork

    output.show(teamwork.schema(kind.value), output_path)


def migrate(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list the cases that would change.")
    ] = False,
) -> None:
    """Give items with old sequential ids (n1, a2, p3) random ones, as casectl mints them now,
    with every reference in their case following; each case is rewritten atomically."""
    from casectl.i18n import _, ngettext

    done = context.casebook().migrate(dry_run=dry_run)
    for each in done:
        renamed = ", ".join(
            f"{old} → {new}" for m in each.renamed.values() for old, new in m.items()
        )
        output.echo(f"{each.case}: {renamed}\n")
    said = _("{cases} would change") if dry_run else _("{cases} migrated")
    cases = ngettext("{count} case", "{count} cases", len(done)).format(count=len(done))
    output.info(said.format(cases=cases))
