"""The gate against a baseline file, as a library call: ``overdue(baseline=...)`` of one
casebook or several runs this once (docs/ci.md, "Adopting a backlog")."""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.api.results import Overdue

Given = str | os.PathLike[str]


def against(
    found: Overdue,
    *,
    baseline: Given | None = None,
    write: Given | None = None,
    update: bool = False,
) -> Overdue:
    """``found`` read against a baseline. ``write``: record today's breaches as the baseline
    file (every breach then known); ``baseline``: read the file, breaches not in it are new;
    ``update`` (with ``baseline``): rewrite the file without the entries no longer breached,
    never adding one. Nothing given: ``found`` as it is."""
    from casectl.api.results import GateBaseline
    from casectl.core.views import baseline as rule
    from casectl.storage import baseline as stored

    if baseline is not None and write is not None:
        raise UsageError(msg("give --baseline FILE or --write-baseline FILE, not both"))
    if update and baseline is None:
        raise UsageError(msg("--update-baseline needs --baseline FILE"))
    if write is not None:
        entries = rule.recorded(found.gate)
        stored.write(write, entries, "--write-baseline")
        judged = rule.judge(found.gate, entries)
        use = GateBaseline(os.fspath(write), judged, len(entries), written=True)
        return replace(found, baseline=use)
    if baseline is None:
        return found
    entries = stored.read(baseline)
    judged = rule.judge(found.gate, entries)
    written = False
    if update and judged.gone:
        entries = rule.shrunk(entries, judged)
        stored.write(baseline, entries, "--update-baseline")
        written = True
    use = GateBaseline(os.fspath(baseline), judged, len(entries), written=written)
    return replace(found, baseline=use)
