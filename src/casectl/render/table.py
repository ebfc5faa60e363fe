"""Printing for people: rich on a terminal, plain aligned text when piped.

Plain tables line up Chinese text by display width (two columns a wide character).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import typer

from casectl.cli import context as common


def cell_width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` display columns (with … when cut), then padded to it."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) > width:
        text = set_cell_size(text, max(width - 1, 0)) + "…"
    return set_cell_size(text, width)


def plain_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, max_width: int = 48
) -> str:
    """Columns padded by display width, one row a line; long cells cut at ``max_width``."""
    cells = [[str(c).replace("\n", " ") for c in r] for r in rows]
    widths = [cell_width(h) for h in headers]
    for r in cells:
        for i, c in enumerate(r):
            widths[i] = min(max(widths[i], cell_width(c)), max_width)
    lines = ["  ".join(fit(h.upper(), widths[i]) for i, h in enumerate(headers)).rstrip()]
    for r in cells:
        lines.append("  ".join(fit(c, widths[i]) for i, c in enumerate(r)).rstrip())
    return "\n".join(lines)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None = None,
    styles: dict[str, str] | None = None,
) -> None:
    """A table: rich on a terminal, plain text when piped."""
    if not common.stdout_is_terminal():
        if rows:
            typer.echo(plain_table(headers, rows))
        return
    from rich.table import Table

    grid = Table(title=title, header_style="bold", show_lines=False, pad_edge=False, box=None)
    for h in headers:
        grid.add_column(h.upper(), overflow="ellipsis", no_wrap=True, max_width=48)
    styles = styles or {}
    for r in rows:
        grid.add_row(*[str(c) for c in r], style=styles.get(str(r[0])))
    common.console().print(grid)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()
