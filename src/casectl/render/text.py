"""Text for people: display width, columns lined up, cells cut to fit, Markdown table cells, CSV.
The one home of these rules; every renderer uses them. Pure.

Chinese and other East Asian wide characters take two columns in a terminal; combining marks
take none. ASCII text is measured with ``len``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

ELLIPSIS = "…"


@cache
def char_width(ch: str) -> int:
    """Columns one character takes in a terminal (remembered: a table repeats its alphabet)."""
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


_MEASURED: dict[str, int] = {}  # the same customer, owner or stage comes back on many rows


def width(text: str) -> int:
    """Display columns of ``text``."""
    if text.isascii():
        return len(text)
    known = _MEASURED.get(text)
    if known is None:
        known = _MEASURED[text] = sum(map(char_width, text))
    return known


def widths(column: Sequence[str]) -> list[int]:
    """The display width of every cell of a column; ASCII columns measured with ``len``."""
    if "".join(column).isascii():
        return list(map(len, column))
    return list(map(width, column))


def fit(text: str, columns: int) -> str:
    """``text`` cut to ``columns`` display columns (with … when cut), then padded to it."""
    if width(text) > columns:
        low, high = 0, min(len(text), columns)  # the longest prefix that leaves room for …
        while low < high:
            middle = (low + high + 1) // 2
            if width(text[:middle]) <= columns - 1:
                low = middle
            else:
                high = middle - 1
        text = text[:low] + ELLIPSIS
    return pad(text, columns)


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``columns`` display columns (on the left if ``right``)."""
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


@dataclass(frozen=True)
class Table:
    """Rows under headers: what a command shows as a table (rich on a terminal, plain text when
    piped). ``numeric`` columns are right-aligned; ``styles`` colour rows by their first cell."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    title: str | None = None
    numeric: Sequence[int] = ()
    styles: dict[str, str] = field(default_factory=dict)


def grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    *,
    max_width: int | None = None,
) -> str:
    """Columns lined up by display width, one row a line; ``numeric`` columns right-aligned;
    cells longer than ``max_width`` columns cut with …. Each cell is measured once."""
    cells = [[str(c).replace("\n", " ") for c in r] for r in (headers, *rows)]
    columns = [widths(list(col)) for col in zip(*cells, strict=True)]
    tops = [max(col) for col in columns]
    if max_width is not None:
        tops = [min(w, max_width) for w in tops]
    lines = []
    for n, r in enumerate(cells):
        out = []
        for i, c in enumerate(r):
            size, top = columns[i][n], tops[i]
            if size > top:
                c, size = fit(c, top), top
            gap = " " * (top - size)
            out.append(gap + c if i in numeric else c + gap)
        lines.append("  ".join(out).rstrip())
    return "\n".join(lines)


def plain(table: Table, *, max_width: int = 48) -> str:
    """A table as plain text: upper-case headers, cells cut at ``max_width`` columns."""
    headers = [h.upper() for h in table.headers]
    return grid(headers, table.rows, table.numeric, max_width=max_width)


def md_cell(text: str) -> str:
    """Text made safe for one Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def md_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A GitHub-flavoured Markdown table; ``numeric`` columns right-aligned."""
    align = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    lines.append("| " + " | ".join(align) + " |")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Rows as CSV with a header line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()
