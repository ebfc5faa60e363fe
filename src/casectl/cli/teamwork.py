"""Teamwork over git: ``merge-driver``, ``git setup``, ``doctor``, ``validate``, ``schema``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from casectl.cli import context as common

PANEL = "Teamwork"


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


def merge_driver(
    base: Annotated[Path, typer.Argument(help="The common ancestor's version (git's %O).")],
    ours: Annotated[Path, typer.Argument(help="Our version; the result is written here (%A).")],
    theirs: Annotated[Path, typer.Argument(help="Their version (%B).")],
    marker_size: Annotated[int, typer.Argument(help="Conflict marker length (%L).")] = 7,
    path: Annotated[
        str | None, typer.Argument(help="The file's path in the repository (%P).")
    ] = None,
) -> None:
    """git merge driver for case files: a field-by-field three-way merge into OURS.

    Exit 0 when merged cleanly; 1 with conflict markers around the conflicting fields only (or
    git's own line merge when a version cannot be read as a case).
    """
    from casectl.storage import git as gitsetup
    from casectl.storage import store
    from casectl.storage.mergefile import Unmergeable, merge_texts

    name = path or ours.name
    try:
        texts = [p.read_text(encoding="utf-8") for p in (base, ours, theirs)]
        outcome = merge_texts(*texts, marker_size=marker_size, name=name)
    except (Unmergeable, UnicodeDecodeError, OSError) as exc:
        common.warn(f"{name}: cannot merge field by field ({exc}); leaving git's line merge")
        gitsetup.merge_file(ours, base, theirs, marker_size)
        raise typer.Exit(1) from None
    except Exception as exc:  # a bug must never lose THEIRS: fall back to git's merge
        if common.state().debug:
            raise
        common.warn(f"{name}: casectl merge failed ({exc!r}); leaving git's line merge")
        gitsetup.merge_file(ours, base, theirs, marker_size)
        raise typer.Exit(1) from None
    store.atomic_write(ours, outcome.text)
    for note in outcome.result.notes():
        common.info(f"casectl merge: {name}: {note}")
    if outcome.result.conflicts:
        fields = ", ".join(c.field for c in outcome.result.conflicts)
        common.info(f"casectl merge: {name}: CONFLICT in {fields}")
        raise typer.Exit(1)
    if outcome.problem:
        common.warn(f"merged {name}, but the result does not validate: {outcome.problem}")
        raise typer.Exit(1)


def git_setup(
    global_: Annotated[
        bool, typer.Option("--global", help="Register the driver in ~/.gitconfig instead.")
    ] = False,
) -> None:
    """Register the merge driver in git's config and route case files to it (.gitattributes)."""
    from casectl.storage import git as gitsetup
    from casectl.storage import store

    root = store.find_root(explicit=common.state().casebook)
    for line in gitsetup.setup(root, scope="global" if global_ else "local"):
        common.info(line)


def doctor(
    format: Annotated[DoctorFormat, typer.Option("--format", help="table or json.")] = (
        DoctorFormat.table
    ),
) -> None:
    """Check that the casebook, its settings, git's merge driver and the schema are in order."""
    from casectl.storage import git as gitsetup
    from casectl.storage import store
    from casectl.errors import CasebookError

    try:
        root: Path | None = store.find_root(explicit=common.state().casebook)
        error = None
    except CasebookError as exc:
        root, error = None, str(exc)
    checks = gitsetup.doctor(root, error)
    if format is DoctorFormat.json:
        common.emit_json(
            {"ok": all(c.ok for c in checks), "checks": [c.__dict__ for c in checks]}
        )
    else:
        for check in checks:
            fix = f"  → {check.fix}" if check.fix and not check.ok else ""
            typer.echo(f"{'ok  ' if check.ok else 'FAIL'}  {check.name}: {check.detail}{fix}")
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
) -> None:
    """Check case files and casectl.yaml against the models and across files (exit 1 if not)."""
    from casectl.storage import store
    from casectl.storage import validate as core

    if paths:
        report = core.validate_paths(paths)
    else:
        report = core.validate_casebook(store.find_root(explicit=common.state().casebook))
    if format is ValidateFormat.json:
        common.emit_json(report.as_json())
    elif format is ValidateFormat.github:
        for p in report.problems:
            props = f"file={_gh(p.file, True)}" + (f",line={p.line}" if p.line else "")
            title = _gh(f"casectl validate: {p.field}" if p.field else "casectl validate", True)
            message = f"{p.field}: {p.message}" if p.field else p.message
            typer.echo(f"::error {props},title={title}::{_gh(message)}")
    else:
        for p in report.problems:
            typer.echo(str(p))
    files = len({p.file for p in report.problems})
    if report.ok:
        common.info(f"casectl validate: {report.files} files checked, all valid")
        return
    count = len(report.problems)
    common.info(
        f"casectl validate: {report.files} files checked, {count} "
        f"{'problem' if count == 1 else 'problems'} in {files} {'file' if files == 1 else 'files'}"
    )
    raise typer.Exit(1)


def _gh(text: str, prop: bool = False) -> str:
    """Escape for a GitHub Actions workflow command."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def schema(
    kind: Annotated[
        SchemaKind, typer.Argument(help="case (case files) or config (casectl.yaml).")
    ] = SchemaKind.case,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of case files or casectl.yaml, for editors."""
    from casectl.core import schema as core
    from casectl.storage import store

    text = core.render(kind.value)
    if output is None:
        typer.echo(text, nl=False)
        return
    store.atomic_write(output, text)
    common.info(f"wrote {output}")


git_app = typer.Typer(
    help="git integration: the merge driver for case files.", no_args_is_help=True
)
git_app.command("setup")(git_setup)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel=PANEL)(validate)
    app.command(rich_help_panel=PANEL)(schema)
    app.command(rich_help_panel=PANEL)(doctor)
    app.add_typer(git_app, name="git", rich_help_panel=PANEL)
    app.command("merge-driver", rich_help_panel=PANEL)(merge_driver)
