"""Quick answers: what ``list`` and ``overdue`` show, from the index alone when it is sure of
every case file (``storage.quick``), by the same rules the full commands follow — the same
filter, the same clocks measured from the settled clocks the index keeps, the same gate, the
same order. Light: no case model, no settings model, no YAML, so a command answered here
starts in a fraction of the time. None: the full way answers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casectl.core.clocks.meter import Clock, Frame, Meter, most_urgent
from casectl.core.clocks.settled import Settled, measure_settled
from casectl.core.views.gate import Gate, Subject, judged
from casectl.core.views.listing import ListFilter, sort_key, with_standing
from casectl.errors import CasectlError

if TYPE_CHECKING:
    from casectl.core.views.listing import Row
    from casectl.storage.quick import Known


@dataclass(frozen=True)
class Measured:
    """The open cases as the index knows them, each with its running clocks as of now."""

    frame: Frame
    meter: Meter
    cases: list[tuple[str, Row, list[Clock]]]  # the file, the list row, the running clocks


def _measured(casebook: str | None, *, gate: bool = False, clocks: bool = True) -> Measured | None:
    """The open cases of the ``casebook`` folder (None: the one found as usual), measured
    (with ``clocks``; else with no clock); None when the index cannot answer alone (or, for
    the ``gate``, the casebook keeps customer profiles, whose rhythm is read from the
    files)."""
    from casectl.storage import discovery, env, quick

    try:
        root = discovery.find_root(explicit=casebook)
        if gate and quick.has_profiles(root):
            return None
        known: Known | None = quick.known(root, discovery.config_text(root), clocks=clocks)
        if known is None:
            return None
        frame = Frame.from_data(known.frame)
        meter = Meter(frame, env.now(frame.tz))
    except (CasectlError, KeyError, TypeError, ValueError):  # said by the full way
        return None
    cases: list[tuple[str, Row, list[Clock]]] = []
    for rel, text, settled in known.rows:
        running: list[Clock] = []
        if clocks:
            kept = Settled.from_data(json.loads(settled)) if settled else None
            measured = measure_settled(kept, meter) if kept else None
            if measured is None:
                return None  # "now" before the case settled: measured from the case itself
            running = measured
        cases.append((rel, json.loads(text), running))
    return Measured(frame, meter, cases)


def list_rows(casebook: str | None = None, *, standing: bool = True) -> list[Row] | None:
    """The open cases' list rows, oldest first (with ``standing``: each with its most urgent
    running clock)."""
    found = _measured(casebook, clocks=standing)
    if found is None:
        return None
    wanted, tz = ListFilter(), found.frame.tz
    rows = [
        with_standing(row, most_urgent(clocks), tz) if standing else row
        for _, row, clocks in found.cases
        if wanted.keeps(row)
    ]
    rows.sort(key=sort_key)
    return rows


@dataclass(frozen=True)
class Gated:
    """The gate over every open case, with what its reports read (``Reading.overdue``)."""

    gate: Gate
    frame: Frame  # the settings' time zone, for the report
    paths: dict[str, str]  # each case's file by its ID
    prefix: str = ""  # with ``ci``: the casebook's folder from the repository's top
    hostname: str = ""


def overdue(
    casebook: str | None = None, *, within: str | None = None, ci: bool = False
) -> Gated | None:
    """The gate over every open case's running clocks (``within``: clocks with at most that
    much left flagged too); with ``ci``, files named from the repository's top, as
    ``Reading.overdue`` names them."""
    from casectl.api.reading import span
    from casectl.storage import discovery, env

    found = _measured(casebook, gate=True)
    if found is None:
        return None
    measured = [
        (Subject(row["id"], row["title"], row["customer"], row["priority"]), clocks)
        for _, row, clocks in found.cases
    ]
    paths = {row["id"].upper(): rel for rel, row, _ in found.cases}
    gate = judged(measured, found.meter, within=span(within, "--within"))
    if not ci:
        return Gated(gate, found.frame, paths)
    root = discovery.find_root(explicit=casebook)
    return Gated(gate, found.frame, paths, env.ci_prefix(root), env.hostname())
