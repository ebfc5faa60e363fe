"""Text for people: display width, columns lined up, cells cut to fit, Markdown table cells, CSV.
The one home of these rules; every renderer uses them. Pure.

Chinese and other East Asian wide characters take two columns in a terminal; combining marks
take none. ASCII text is measured with ``len``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
    """Rows under headers: what a command shows as a table (lined up and narrowed to the
    terminal, plain text when piped). ``numeric`` columns are right-aligned; ``tones`` give
    each row's colour on a terminal (``breach``, ``warning`` or ``""``).

    Fitting a terminal, as Taskwarrior and gh do: the ``wrap`` columns (a title) shrink first
    and wrap onto more lines, the ``drop`` columns go next (in their order), then the widest
    other columns are cut with …; the ``keep`` columns (an ID, a due time, the time left:
    what people read first and copy) are never cut."""

    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    title: str | None = None
    numeric: Sequence[int] = ()
    tones: Sequence[str] = ()
    keep: Sequence[int] = ()
    wrap: Sequence[int] = ()
    drop: Sequence[int] = ()


NARROWEST = 16  # a title wrapped narrower reads as a column of syllables; a name cut shorter
# is no longer told apart: below this a ``drop`` column goes instead


def grid(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[int] = (),
    *,
    max_width: int | None = None,
    total: int | None = None,
    keep: Sequence[int] = (),
) -> str:
    """Columns lined up by display width, one row a line; ``numeric`` columns right-aligned;
    cells longer than ``max_width`` columns cut with …; with ``total``, the widest columns
    narrowed until a line fits in it, the ``keep`` columns never. Each cell is measured once."""
    table = Table(headers, rows, numeric=numeric, keep=keep)
    return "\n".join(line for _row, line in lines(table, max_width=max_width, total=total))


def lines(
    table: Table, *, max_width: int | None = None, total: int | None = None
) -> list[tuple[int, str]]:
    """The table's lines, each with the row it shows (-1 for the headers): fitted to ``total``
    columns as ``Table`` says, a wrapped cell going on over more lines of its row."""
    cells = [[one_line(str(c)) for c in r] for r in (table.headers, *table.rows)]
    columns = [widths(list(col)) for col in zip(*cells, strict=True)]
    tops = [max(col) for col in columns]
    if max_width is not None:
        tops = [min(w, max_width) for w in tops]
    shown = list(range(len(tops)))
    wrap: Sequence[int] = ()
    if total is not None:
        shown = _kept_columns(tops, total, table)
        wrap = table.wrap
        tops = _narrowed(tops, shown, total, table)
    out: list[tuple[int, str]] = []
    for n, r in enumerate(cells):
        parts: list[list[str]] = []
        for i in shown:
            c, size, top = r[i], columns[i][n], tops[i]
            if size > top and i in wrap and n > 0:
                pieces = [fit(p, top) for p in wrap_wide(c, top).splitlines()]
            elif size > top:
                pieces = [fit(c, top)]
            else:  # padded by the width measured above: most cells of a long table
                gap = " " * (top - size)
                pieces = [gap + c if i in table.numeric else c + gap]
            parts.append(pieces)
        high = max(map(len, parts), default=1)
        if high == 1:
            out.append((n - 1, "  ".join(p[0] for p in parts).rstrip()))
            continue
        for k in range(high):
            line = "  ".join(
                p[k] if k < len(p) else " " * tops[i] for p, i in zip(parts, shown, strict=True)
            )
            out.append((n - 1, line.rstrip()))
    return out


def _room(tops: Sequence[int], shown: Sequence[int], total: int) -> int:
    return total - 2 * (len(shown) - 1)


def _kept_columns(tops: list[int], total: int, table: Table) -> list[int]:
    """The columns shown in ``total``: every one, but for the ``drop`` columns (in their
    order) while the rest cannot fit with the others at ``NARROWEST``."""
    shown = list(range(len(tops)))
    for gone in table.drop:
        least = [tops[i] if i in table.keep else min(tops[i], NARROWEST) for i in shown]
        if sum(least) <= _room(tops, shown, total):
            break
        shown.remove(gone)
    return shown


def _narrowed(tops: list[int], shown: Sequence[int], total: int, table: Table) -> list[int]:
    """Column widths that fit in ``total``: the wrapped columns first (down to
    ``NARROWEST``), then the widest column not kept loses a column at a time (down to
    2, room for one character and …)."""
    tops = list(tops)
    room = _room(tops, shown, total)
    over = sum(tops[i] for i in shown) - room
    for i in table.wrap:
        if over > 0 and i in shown:
            less = min(over, max(0, tops[i] - NARROWEST))
            tops[i] -= less
            over -= less
    while sum(tops[i] for i in shown) > room:
        shrinkable = [i for i in shown if i not in table.keep and tops[i] > 2]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: tops[i])
        tops[widest] -= 1
    return tops


def plain(table: Table, *, max_width: int = 48, total: int | None = None) -> str:
    """A table as plain text: upper-case headers, cells cut at ``max_width`` columns; with
    ``total``, fitted to a line of that many columns (``Table`` says how)."""
    headers = [h.upper() for h in table.headers]
    shown = replace(table, headers=headers)
    return "\n".join(line for _row, line in lines(shown, max_width=max_width, total=total))


# Characters that steer a terminal or reorder text rather than show: C0 controls (ESC starts
# colour, clear-screen and title sequences; BEL, a bare CR that rewrites the line), DEL, the C1
# range, and the bidirectional marks, embeddings, overrides and isolates (U+061C, the Arabic
# letter mark, among them). Shown as ``\x1b``, ``\r``, ``\u202e``.
STEERING_CHARACTERS = "\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_STEERING = re.compile(f"[{STEERING_CHARACTERS}]")
# The same but for tab, CR and line feed, which a CSV cell or a YAML text holds as data.
_STEERING_IN_DATA = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` with every character that would steer a terminal written out visibly; line
    breaks stay. For every output a person reads (JSON keeps the text as it is)."""
    if text.isprintable() or not _STEERING.search(text):
        return text
    return _STEERING.sub(_shown, text)


def _shown(found: re.Match[str]) -> str:
    ch = found.group()
    return _NAMED.get(ch, f"\\x{ord(ch):02x}") if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def visible_data(text: str) -> str:
    """``text`` as ``visible`` shows it, but tab, CR and line feed kept: for outputs that hold
    them as data (a CSV cell, the YAML of a case)."""
    if text.isprintable() or not _STEERING_IN_DATA.search(text):
        return text
    return _STEERING_IN_DATA.sub(_shown, text)


def one_line(text: str) -> str:
    """``text`` made visible and on one line."""
    return visible(text).replace("\n", " ")


_MARKUP = re.compile(r"([\\`*_\[\]<>|!#~])")


def md_cell(text: str) -> str:
    """Text made safe for one Markdown table cell: on one line, every control shown, and the
    characters that make markup (HTML, links, images, emphasis, code, headings) escaped."""
    return _MARKUP.sub(r"\\\1", one_line(text))


def md_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A GitHub-flavoured Markdown table; ``numeric`` columns right-aligned."""
    align = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    lines.append("| " + " | ".join(align) + " |")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def formula_safe(text: str) -> str:
    """``text`` that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a CR) with a leading ``'``, as OWASP advises; other text as it is."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_cell(value: Any) -> str:
    """One CSV field (RFC 4180), neutralised: terminal controls and bidirectional marks shown
    (``visible_data``), formulas defused (``formula_safe``); a field holding a comma, a quote,
    a CR or a line feed is quoted."""
    text = formula_safe(visible_data("" if value is None else str(value)))
    if any(c in text for c in (",", '"', "\r", "\n")):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, excel: bool = False) -> str:
    """Rows as CSV with a header line, every field neutralised (``csv_cell``).

    ``excel``: a UTF-8 byte order mark first, by which Excel tells UTF-8 from the ANSI code
    page (without it Chinese text opens as mojibake), and CRLF row ends (RFC 4180's)."""
    end = "\r\n" if excel else "\n"
    body = "".join(",".join(map(csv_cell, r)) + end for r in (headers, *rows))
    return "\ufeff" + body if excel else body


# A wide character (Chinese, Japanese, full-width forms) can end a line anywhere; these
# punctuation marks never start one (they stay with the character before them).
_WIDE_CHUNK = re.compile(r"\s+|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|.")
_NO_LINE_START = frozenset("，。、；：？！）」』】》〉,.;:?!)")


def wrap_wide(text: str, columns: int, initial: str = "", subsequent: str = "") -> str:
    """``text`` filled to ``columns`` display columns: words break at spaces, Chinese between
    any two characters, and punctuation never begins a line — the character before it goes
    down with it (``textwrap`` counts characters, so Chinese lines come out twice as wide as
    it thinks)."""
    lines: list[str] = []
    line: list[str] = []  # chunks, a " " between words
    indent = initial

    def used(chunks: list[str]) -> int:
        return width(indent) + sum(map(width, chunks))

    for chunk in _WIDE_CHUNK.findall(" ".join(text.split())):
        if chunk.isspace():
            if line and line[-1] != " ":
                line.append(" ")
            continue
        if not line or used(line) + width(chunk) <= columns:
            line.append(chunk)
            continue
        carried: list[str] = []
        if chunk[0] in _NO_LINE_START:  # take down the punctuation before it and one more
            while len(line) > 1 and line[-1] != " " and line[-1][0] in _NO_LINE_START:
                carried.insert(0, line.pop())
            if len(line) > 1 and line[-1] != " ":
                carried.insert(0, line.pop())
        lines.append((indent + "".join(line)).rstrip())
        indent, line = subsequent, [*carried, chunk]
    lines.append((indent + "".join(line)).rstrip())
    return "\n".join(lines)
