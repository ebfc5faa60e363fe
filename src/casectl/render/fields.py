"""gh-style JSON for scripts: ``--json id,customer,due`` keeps those fields of each record, and
``--jq EXPR`` filters the result with a jq expression (the ``jq`` package: an optional extra).
The field lists of ``list``, ``overdue`` and ``show`` are here. Pure."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from casectl.core.model import Case
from casectl.core.views.listing import LIST_COLUMNS
from casectl.errors import UsageError
from casectl.i18n import msg
from casectl.render.json import dumps

LIST_FIELDS = (*LIST_COLUMNS, "waiting", "tags", "sla", "sla_clock", "due")
STANDING = ("sla", "sla_clock", "due")  # fields that need each case's clocks measured
SHOW_FIELDS = tuple(
    dict.fromkeys(("id", "stage", "open", "waiting", "path", "sla", *Case.model_fields))
)
OVERDUE_FIELDS = (
    *("level", "case", "path", "title", "customer", "priority"),
    *("clock", "due", "remaining", "owner"),
)

FIELDS = {"list": LIST_FIELDS, "overdue": OVERDUE_FIELDS, "show": SHOW_FIELDS}


def wanted(text: str, valid: Sequence[str]) -> list[str]:
    """The fields ``text`` names (comma-separated), each one of ``valid``; a usage error
    listing the valid fields otherwise."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in valid]
    if unknown or not names:
        raise UsageError(
            msg(
                "unknown JSON field {field!r}; the fields are: {fields}",
                field=unknown[0] if unknown else text,
                fields=", ".join(sorted(valid)),
            )
        )
    return list(dict.fromkeys(names))


def pick(record: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """``record``'s ``names``, in that order (a field the record lacks is null)."""
    return {n: record.get(n) for n in names}


def overdue_records(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``overdue``'s flagged clocks as flat records: the item, and its clock's due, time left
    and owner beside the whole clock."""
    return [
        {
            **item,
            "due": item["clock"]["due"],
            "remaining": item["clock"]["remaining"],
            "owner": item["clock"]["owner"],
        }
        for item in data["items"]
    ]


def shown(data: Any, expression: str | None) -> str:
    """``data`` as JSON, or what the jq ``expression`` makes of it: one result a line, text
    as it is (as ``gh --jq`` prints it), anything else as compact JSON."""
    if expression is None:
        return dumps(data)
    try:
        import jq
    except ImportError:
        raise UsageError(msg("--jq needs the jq package: pip install 'casectl[jq]'")) from None
    try:
        results = jq.compile(expression).input_value(data).all()
    except ValueError as exc:
        raise UsageError(
            msg(
                "--jq {expression!r}: {problem}",
                expression=expression,
                problem=str(exc).strip().splitlines()[0],
            )
        ) from None
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in results]
    return "".join(line + "\n" for line in lines)
