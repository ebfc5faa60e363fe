"""Quick answers: what ``list`` shows, from the index alone when it is sure of every case file
(``storage.quick``), by the same rules ``Reading.list_cases`` follows — the same filter, the
same standing of each case (its most urgent running clock, measured from the settled clocks
the index keeps), the same order. Light: no case model, no settings model, no YAML, so a
command answered here starts in a fraction of the time. None: the full way answers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from casectl.core.clocks.meter import Frame, Meter, most_urgent
from casectl.core.clocks.settled import Settled, measure_settled
from casectl.core.views.listing import ListFilter, sort_key, with_standing
from casectl.errors import CasectlError

if TYPE_CHECKING:
    from casectl.core.views.listing import Row


def list_rows(*, standing: bool = True) -> list[Row] | None:
    """The open cases' list rows, oldest first (with ``standing``: each with its most urgent
    running clock); None when the index cannot answer alone, or the casebook has a problem
    the full way names."""
    from casectl.storage import discovery, env, quick

    try:
        root = discovery.find_root()
        known = quick.known(root, discovery.config_text(root), clocks=standing)
        if known is None:
            return None
        frame = Frame.from_data(known.frame)
        meter = Meter(frame, env.now(frame.tz))
    except (CasectlError, KeyError, TypeError, ValueError):  # said by the full way
        return None
    wanted, rows = ListFilter(), []
    for text, settled in known.rows:
        row: Row = json.loads(text)
        if not wanted.keeps(row):
            continue
        if standing:
            if settled is None:
                return None  # a case waiting on its customer: measured from the case itself
            clocks = measure_settled(Settled.from_data(json.loads(settled)), meter)
            if clocks is None:
                return None
            row = with_standing(row, most_urgent(clocks), frame.tz)
        rows.append(row)
    rows.sort(key=sort_key)
    return rows
