"""The two streams: data to stdout, messages to stderr. The one place that turns what a
command returns into output — a ``render`` formatter picked by ``--format``, then rich on a
terminal or plain text when piped, to stdout or an ``--output`` file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import Any, Literal

import typer

from casectl.i18n import _
from casectl.render.text import Table, one_line, plain, width

Formatter = Callable[[Any], Any]  # data -> str | Table | list of rich renderables


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def error(message: str, *, hint: str | None = None) -> None:
    """One line on stderr (and a hint line when there is one)."""
    typer.echo(_("casectl: error: {message}").format(message=message), err=True)
    if hint:
        typer.echo(_("  hint: {hint}").format(hint=hint), err=True)


def warn(message: str) -> None:
    """One line on stderr, its text made visible (a name with ESC or bidi characters is shown
    escaped, never raw)."""
    from casectl.render.text import one_line

    message = one_line(message)
    typer.echo(_("casectl: warning: {message}").format(message=message), err=True)


def info(message: str) -> None:
    typer.echo(message, err=True)


def echo(text: str) -> None:
    """Text to stdout, as it is."""
    typer.echo(text, nl=False)


def console(*, stderr: bool = False) -> Any:
    """A rich console for people; plain when piped or with NO_COLOR."""
    from rich.console import Console

    return Console(
        stderr=stderr, no_color=no_color(), highlight=False, soft_wrap=False, emoji=False
    )


def table(grid: Table) -> None:
    """A table: rich on a terminal, plain text when piped (nothing when it has no rows)."""
    if not stdout_is_terminal():
        if grid.rows:
            typer.echo(plain(grid))
        return
    keep = list(grid.keep)  # what people copy
    room = console().width  # the terminal's, or COLUMNS
    natural = plain(grid)
    if max(map(width, natural.splitlines() or [""])) > room:
        # rich would drop whole columns to fit; narrow the others and keep the ID whole
        typer.echo(plain(grid, total=room, keep=keep))
        return
    from rich.table import Table as RichTable

    shown = RichTable(
        title=grid.title, header_style="bold", show_lines=False, pad_edge=False, box=None
    )
    for i, h in enumerate(grid.headers):
        justify: Literal["left", "right"] = "right" if i in grid.numeric else "left"
        shown.add_column(
            h.upper(), overflow="ellipsis", no_wrap=True, max_width=48, justify=justify
        )
    from rich.text import Text

    for r in grid.rows:  # Text, never markup: a title's [brackets] stay brackets
        cells = [Text(one_line(str(c))) for c in r]
        shown.add_row(*cells, style=grid.styles.get(str(r[0])))
    console().print(shown)


def show(result: Any, output: str | None = None) -> None:
    """Whatever a formatter returned: text, a table, or rich renderables."""
    if output is not None and output != "-":  # -o - is stdout
        from casectl.api.env import write_output

        write_output(output, result if isinstance(result, str) else plain(result))
        info(_("wrote {path}").format(path=output))
    elif isinstance(result, str):
        echo(result)
    elif isinstance(result, Table):
        table(result)
    else:
        shown = console()
        for part in result:
            shown.print(part)


def emit(formats: Mapping[str, Formatter], fmt: str, data: Any, output: str | None = None) -> None:
    """Render ``data`` with the formatter for ``fmt`` and show it."""
    show(formats[fmt](data), output)
