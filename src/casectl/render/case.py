"""One case as stable JSON (``show --format json``, ``record --format json``). Pure."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from casectl.core import lifecycle
from casectl.core.clocks import sla
from casectl.core.config import Config
from casectl.core.model import Case, plain
from casectl.render.clocks import clock_json
from casectl.render.json import jsonable


def clocks_json(
    case: Case, config: Config, now: datetime, book: sla.Clocks | None = None
) -> list[dict[str, Any]]:
    """The case's SLA clocks as of ``now``, as JSON-ready dicts (measured by ``book`` when
    given: one calendar serves many cases)."""
    measured = book.of(case) if book is not None else sla.clocks(case, config, now)
    return [clock_json(c, config) for c in measured]


def case_json(
    case: Case, config: Config, now: datetime, path: str, book: sla.Clocks | None = None
) -> dict[str, Any]:
    """id, stage, open, waiting, path (relative to the casebook), sla, then every field."""
    data = plain(case.model_dump(mode="python", exclude_none=True))
    out: dict[str, Any] = {
        "id": case.id,
        "stage": lifecycle.stage(case).value,
        "open": lifecycle.is_open(case),
        "waiting": lifecycle.is_waiting(case),
        "path": path,
        "sla": clocks_json(case, config, now, book),
    }
    for key, value in data.items():
        if key not in out:
            out[key] = jsonable(value)
    return out


def summary_json(case: Case, tz: tzinfo, path: str) -> dict[str, Any]:
    """What every step prints with ``--format json``: the changed case's list row and its
    file."""
    from casectl.core.views.listing import public, row

    return {**public(row(case, tz)), "path": path}
