"""The casebook as a static site: ``site build`` and ``site serve``."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, output
from casectl.i18n import _

site_app = typer.Typer(
    help="The casebook as a static site: dashboard, cases, customers, case library, reports.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def build(
    folder: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="The folder to write (new, empty, or a site built before)."
        ),
    ] = "site",
    public: Annotated[
        bool,
        typer.Option(
            "--public", help="Only the case library, redacted, to share outside the team."
        ),
    ] = False,
) -> None:
    """Write the site: open it from the folder, or publish it on GitHub or GitLab Pages."""
    built = context.casebooks().site(folder, public=public)
    said = _("{folder}: {written} page(s) written, {unchanged} unchanged, {removed} removed")
    output.info(
        said.format(
            folder=built.folder,
            written=built.written,
            unchanged=built.unchanged,
            removed=built.removed,
        )
    )


def serve(
    port: Annotated[int, typer.Option(help="The port on localhost (0: any free one).")] = 8000,
) -> None:
    """Build the site into a temporary folder and serve it on localhost, read-only, until
    Ctrl-C; a page asked for after a case file changed is rebuilt first."""

    def ready(address: str) -> None:
        output.info(_("serving the site at {address} (Ctrl-C stops)").format(address=address))

    context.casebooks().serve_site(ready, port=port)
