"""JSON Schema (draft 2020-12) of case files, customer profiles and casectl.yaml, from the
pydantic models.

The models validate Python values; the schema describes the *text* people and editors see. So a
few types are rewritten after pydantic has made the schema:

* times are YAML timestamps or strings in ISO 8601 *with* their UTC offset (``T`` or a space
  between date and time, as YAML allows), checked by a pattern rather than ``format: date-time``
  (which editors read as strict RFC 3339 and would flag ``2026-11-22 09:15:00+08:00``);
* ``date_order`` says in words which date it decides;
* durations (``4h``, ``1d4h``), working intervals (``09:00-12:00``) and ``warn_before`` (``25%``
  or a duration) are strings in casectl.yaml, not the objects the models turn them into.
"""

from __future__ import annotations

import json
from typing import Any

from casectl.i18n import msg

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("case", "config", "customer", "plan")
# Each schema names itself by kind and by the file format's version: a file of another version
# is another schema. A URN, as casectl has no web address of its own to serve them from.
ID = "urn:casectl:schema:{kind}:{version}"

TIME = {
    "type": "string",
    "pattern": r"^\d{4}-\d{1,2}-\d{1,2}([Tt]|[ \t]+)\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?"
    r"[ \t]*(Z|z|[-+]\d{1,2}(:?\d{2})?)$",
    "description": "A time with its UTC offset, ISO 8601: 2026-11-22T09:15:00+08:00",
}
DURATION = {
    "type": "string",
    "pattern": r"^\s*(\d+\s*[wdhmWDHM]\s*)+$",
    "description": "A duration: 30m, 4h, 2d, 1w, 1d4h (on the business clock d counts "
    "working days, h and m working time)",
}
INTERVAL = {
    "type": "string",
    "pattern": r"^\s*\d{1,2}:\d{2}\s*-\s*\d{1,2}:\d{2}\s*$",
    "description": "Working hours within one day: 09:00-12:00 (24:00 may end the day)",
}
TARGET = {
    "anyOf": [
        {
            "type": "string",
            "pattern": r"^\s*(\d+\s*[wdhmWDHM]\s*)+(\s(business|calendar)\s*)?$",
        },
        {
            "type": "object",
            "properties": {
                "within": {"$ref": "#/$defs/Span"},
                "clock": {"enum": ["business", "calendar"]},
            },
            "required": ["within"],
            "additionalProperties": False,
        },
    ],
    "description": "An SLA target: a duration on sla.clock (4h, 1d), or with its own clock: "
    "24h calendar, or {within: 24h, clock: calendar}",
}
WARN_BEFORE = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$"},
        DURATION,
    ],
    "description": "How long before a due time a clock turns to warning: 25% of the target, "
    "or a duration such as 2h",
}

DATE_ORDER = (
    "Which comes first in a date that reads both ways, such as 03/11/2026, typed or imported: "
    "dmy (3 November 2026) or mdy (11 March 2026). Without it such a date is refused."
)


def _rewrite(node: Any) -> Any:
    """Replace pydantic's date-time strings by ``TIME``, recursively."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "date-time":
            extra = {k: v for k, v in node.items() if k not in ("type", "format")}
            return {"$ref": "#/$defs/Time", **extra}
        return {key: _rewrite(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_rewrite(item) for item in node]
    return node


def _finish(schema: dict[str, Any], title: str, kind: str, version: int) -> dict[str, Any]:
    body = _rewrite(schema)
    body.pop("title", None)
    if '"#/$defs/Time"' in json.dumps(body):
        body.setdefault("$defs", {})["Time"] = TIME
    pinned = body["properties"]["schema_version"]
    pinned.pop("default", None)
    pinned.update(
        {
            "type": "integer",
            "const": version,
            "description": f"The file format's version: {version} for this schema.",
        }
    )
    return {"$schema": DRAFT, "$id": ID.format(kind=kind, version=version), "title": title, **body}


def case_schema() -> dict[str, Any]:
    """The schema of one case file (``cases/YYYY/MM/<ID>.yaml``)."""
    from casectl.core.model import SCHEMA_VERSION, Case

    schema = Case.model_json_schema(mode="validation")
    return _finish(schema, "casectl case file", "case", SCHEMA_VERSION)


def config_schema() -> dict[str, Any]:
    """The schema of ``casectl.yaml``."""
    from casectl.core.config import Config

    schema = Config.model_json_schema(mode="validation")
    defs = schema.get("$defs", {})
    replacements = {
        "Span": DURATION,
        "Interval": INTERVAL,
        "WarnBefore": WARN_BEFORE,
        "Target": TARGET,
    }
    for name, replacement in replacements.items():
        if name in defs:
            defs[name] = replacement
    if "DateOrder" in defs:
        defs["DateOrder"]["description"] = DATE_ORDER
    version = Config.model_fields["schema_version"].default
    return _finish(schema, "casectl casebook settings (casectl.yaml)", "config", version)


def customer_schema() -> dict[str, Any]:
    """The schema of one customer profile (``customers/<slug>.yaml``)."""
    from casectl.core.customers.profile import PROFILE_SCHEMA_VERSION, Profile

    schema = Profile.model_json_schema(mode="validation")
    return _finish(schema, "casectl customer profile", "customer", PROFILE_SCHEMA_VERSION)


def plan_schema() -> dict[str, Any]:
    """The schema of one month's plan (``plans/YYYY-MM.yaml``)."""
    from casectl.core.learning.plans import PLAN_SCHEMA_VERSION, Plan

    schema = Plan.model_json_schema(mode="validation")
    return _finish(schema, "casectl monthly plan", "plan", PLAN_SCHEMA_VERSION)


def schema_for(kind: str) -> dict[str, Any]:
    if kind == "customer":
        return customer_schema()
    if kind == "plan":
        return plan_schema()
    if kind == "case":
        return case_schema()
    if kind == "config":
        return config_schema()
    raise ValueError(
        msg("no schema for {kind!r}: use one of {items}", kind=kind, items=", ".join(KINDS))
    )


def render(kind: str) -> str:
    """The schema as stable, readable JSON text (ending in a newline)."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"
