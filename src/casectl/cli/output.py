"""The two streams: data to stdout, messages to stderr. The one place that turns what a
command returns into output — a ``render`` formatter picked by ``--format``, then rich on a
terminal or plain text when piped, to stdout or an ``--output`` file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import replace
from typing import Any

import typer

from casectl.api.env import colour_forced
from casectl.i18n import _
from casectl.render.text import Table, lines, plain

Formatter = Callable[[Any], Any]  # data -> str | Table | list of rich renderables


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


_paging: list[bool] = []  # a pager reads stdout: it is a terminal's, in colour


def stdout_is_terminal() -> bool:
    return bool(_paging) or sys.stdout.isatty()


@contextmanager
def paged(wanted: bool = True) -> Iterator[None]:
    """What the command writes to stdout, through the pager when stdout is a terminal (git's
    rules: ``CASECTL_PAGER``, ``PAGER``, else ``less -FRX``; never when piped or with
    ``--no-pager``). Messages on stderr stay on the terminal."""
    if not wanted or _paging or not sys.stdout.isatty():
        yield
        return
    from casectl.api.env import pager

    started = pager()
    if started is None:
        yield
        return
    before = sys.stdout
    sys.stdout, _paging[:] = started.stream, [True]
    try:
        yield
    finally:
        with suppress(BrokenPipeError, OSError):  # the person quit the pager early
            sys.stdout.flush()
        sys.stdout, _paging[:] = before, []
        started.close()


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
        stderr=stderr,
        no_color=no_color(),
        highlight=False,
        soft_wrap=False,
        emoji=False,
        force_terminal=True if _paging and not stderr else None,
    )


TONES = {"breach": "red", "warning": "yellow"}  # as task, gh and git colour what is late


def table(grid: Table) -> None:
    """A table: fitted to the terminal (titles wrapped, the ID, due and time left whole) and
    coloured by its rows' tones where rich colours (a terminal, ``FORCE_COLOR``; never with
    ``NO_COLOR``); plain text when piped. Nothing when it has no rows."""
    if not grid.rows:
        return
    terminal = stdout_is_terminal()
    if not terminal and not colour_forced():  # piped: no rich to load
        typer.echo(plain(grid))
        return
    shown = console()
    room = shown.width if terminal else None  # the terminal's, or COLUMNS
    laid = lines(replace(grid, headers=[h.upper() for h in grid.headers]), total=room)
    laid[:0] = [(-1, grid.title)] if grid.title else []  # above the table, as rich put it
    if shown.color_system is None:
        typer.echo("\n".join(line for _row, line in laid))
        return
    from rich.text import Text

    for row, line in laid:  # Text, never markup: a title's [brackets] stay brackets
        tone = grid.tones[row] if 0 <= row < len(grid.tones) else ""
        style = "bold" if row < 0 else TONES.get(tone, "")
        shown.print(Text(line, style=style), soft_wrap=True)


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


def json_fields(text: str | None, expression: str | None, command: str) -> list[str] | None:
    """The fields ``--json`` names for ``command`` (list, overdue, show), each checked (a wrong
    one is a usage error listing them all); every field with ``--jq`` alone; None without
    either."""
    if text is None and expression is None:
        return None
    from casectl.render import fields as chosen

    valid = chosen.FIELDS[command]
    default = [f for f in valid if command != "list" or f not in chosen.STANDING]
    return chosen.wanted(text or ",".join(default), valid)


def fields(records: Any, names: list[str], expression: str | None) -> None:
    """gh-style ``--json FIELDS`` (checked already: ``render.fields.wanted``) of a record or a
    list of them, filtered by ``--jq``."""
    from casectl.render import fields as chosen

    if isinstance(records, list):
        picked: Any = [chosen.pick(r, names) for r in records]
    else:
        picked = chosen.pick(records, names)
    echo(chosen.shown(picked, expression))


def emit(formats: Mapping[str, Formatter], fmt: str, data: Any, output: str | None = None) -> None:
    """Render ``data`` with the formatter for ``fmt`` and show it."""
    show(formats[fmt](data), output)
