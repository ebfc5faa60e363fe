"""JSON for scripts: stable keys, Chinese as-is, times as ISO 8601 with their offset. Pure."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any


def jsonable(value: Any) -> Any:
    """``value`` with every date and time turned into its ISO 8601 text, recursively."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _default(value: Any) -> Any:
    iso = getattr(value, "isoformat", None)
    return iso() if callable(iso) else str(value)


def dumps(data: Any) -> str:
    """``data`` as indented JSON text, ending with a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default) + "\n"
