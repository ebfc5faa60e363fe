"""``init`` and ``edit``: the casebook itself, and hand edits of one case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casectl.cli import context as common
from casectl.cli.steps import ID


def init(
    path: Annotated[Path, typer.Argument(help="Where to create the casebook.")] = Path("."),
    timezone: Annotated[
        str | None, typer.Option(help="IANA time zone for the team (default: Asia/Shanghai).")
    ] = None,
) -> None:
    """Create a casebook: commented casectl.yaml, cases/, .gitignore and .gitattributes."""
    from casectl.storage import store
    from casectl.storage import templates as templates_init

    config = templates_init.CONFIG
    if timezone:
        from casectl.core.config import Config

        Config.model_validate({"timezone": timezone})  # refuse an unknown zone before writing
        config = config.replace("timezone: Asia/Shanghai", f"timezone: {timezone}", 1)
    try:
        written = store.init_casebook(path, config, templates_init.FILES)
    except ValueError as exc:
        from casectl.errors import UsageError

        raise UsageError(str(exc).splitlines()[-1]) from None
    for item in written:
        common.info(f"wrote {item}")
    common.info(f"casebook ready at {path.resolve()}; next: casectl git setup, then casectl record")


def edit(case_id: ID) -> None:
    """Open the case file in $VISUAL/$EDITOR; the edit is kept only if it still validates."""
    from casectl.errors import CasectlError, UsageError

    book = common.book()
    _, path = book.resolve(case_id)
    original = book.read_text(path)
    book.load_path(path)
    edited = common.edit_text(original, suffix=".yaml")
    if edited is None or edited == original:
        common.info(f"{path.name}: no change")
        return
    try:
        case = book.replace_text(path, edited)
    except CasectlError as exc:
        raise UsageError(f"edit refused, {book.relative(path)} is unchanged: {exc}") from None
    common.info(f"{case.id}: edit saved — {book.relative(path)}")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Casebook")(init)
    app.command(rich_help_panel="Casebook")(edit)
