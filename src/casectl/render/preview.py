"""``casectl import --preview``: the mapping found, sample values, the values that will not read
and the customers spelled several ways, as text and JSON. Pure."""

from __future__ import annotations

import re
import shlex
from dataclasses import asdict
from typing import Any

from casectl.core.transfer.preview import Preview, Spellings
from casectl.i18n import _
from casectl.render.json import dumps
from casectl.render.text import grid, one_line

SAMPLE_WIDTH = 60  # a column's sample values are cut here


def quoted(word: str) -> str:
    """A word as a shell reads it: quoted only when it holds a space or a shell character
    (a Chinese name stays as typed)."""
    return shlex.quote(word) if _SPECIAL.search(word) else word


_SPECIAL = re.compile(r"[\s'\"\\$`!*?#&;|<>(){}\[\]~]")


def suggestion(group: Spellings) -> str:
    """The command that makes the spellings one customer: aliases of its profile, or a new
    profile with them."""
    aliases = " ".join(f"--alias {quoted(a)}" for a in group.aliases if a != group.profile)
    if group.profile is not None:
        return f"casectl customer set {quoted(group.profile)} {aliases}".rstrip()
    return f"casectl customer add {quoted(group.suggested)} {aliases}".rstrip()


def text(found: Preview) -> str:
    where = found.file + (f" ({found.sheet})" if found.sheet else "")
    said = _("{where}: headings in row {header}, {rows} rows")
    out = [said.format(where=where, header=found.header_row, rows=found.rows), ""]
    rows = [
        [c.letter, c.name, c.heading, one_line(", ".join(c.samples))[:SAMPLE_WIDTH]]
        for c in found.columns
    ]
    out.append(grid([_("column"), _("field"), _("heading"), _("values")], rows))
    if found.unmapped_headings:
        heads = ", ".join(found.unmapped_headings)
        out += ["", _("headings not imported: {items}").format(items=heads)]
    if found.missing:
        said = _("no column for {items}: give one in a mapping file (--save-map, then --map)")
        out += ["", said.format(items=", ".join(found.missing))]
    out += ["", _("values that will not read:") if found.unread else _("every value reads.")]
    for u in found.unread:
        said = _("  {cell}: {field} {value!r}, in {rows} row(s): {problem}")
        out.append(
            said.format(
                cell=u.cell, field=u.name, value=u.value, rows=u.rows, problem=one_line(u.problem)
            )
        )
    if found.customers:
        out += ["", _("customers spelled more than one way (rows of each):")]
    for group in found.customers:
        names = ", ".join(f"{n} ({r})" for n, r in group.names)
        if group.profile is not None:
            names += "  " + _("→ profile {name}").format(name=group.profile)
        out += [f"  {one_line(names)}", f"    {suggestion(group)}"]
    return "\n".join(out) + "\n"


def json(found: Preview) -> str:
    data: dict[str, Any] = asdict(found)
    for group, shown in zip(found.customers, data["customers"], strict=True):
        shown["names"] = [{"name": n, "rows": r} for n, r in group.names]
        shown["aliases"] = group.aliases
        shown["command"] = suggestion(group)
    return dumps(data)


FORMATS = {"table": text, "json": json}
