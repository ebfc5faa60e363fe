"""An old complaint log's rows as cases. Pure: cells, a mapping and "now" in; cases and the
problems of each row, named by their cell (``Sheet1!F12: …``), out.

Each row goes through the same steps as the command line — ``record``, then ``respond``,
``investigate``, ``resolve``, ``survey`` and ``close`` as far as its status and dates show
(``status``) — so an imported case keeps every rule a typed one keeps, and its stage is what
its content shows. A step the log holds without its time is said so in the timeline and in
``source.time_unknown``; its clocks are unmeasured. A row the steps refuse (a root cause without
a response, a survey before the resolution) is a problem of that row, not a case forced into
shape.

A row imported before (``imported``) is left alone when it is unchanged; when it changed in the
log, its case is made again from it under the same ID, the timeline kept — unless the case was
changed in casectl too: that is a conflict, listed and not overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casectl.core import events
from casectl.core.config import Config
from casectl.core.customers.profile import Profile
from casectl.core.loop import aftercare, checks, steps
from casectl.core.model import Case, Source
from casectl.core.names import fold
from casectl.core.transfer import status as lifecycle
from casectl.core.transfer.imported import (
    Earlier,
    Identity,
    case_hash,
    identity,
    match,
    profile_names,
    row_hash,
    row_key,
)
from casectl.core.transfer.rows import (
    Bad,
    Row,
    Step,
    complaint,
    investigation,
    status_of,
    survey,
    times_of,
)
from casectl.core.transfer.sheetmap import Mapping, cell_time, text
from casectl.errors import CasectlError


@dataclass
class RowResult:
    """What became of one row: a new case, the case imported from it before (unchanged, or
    its new content when the row changed), a conflict, or problems."""

    row: int
    case: Case | None = None  # the new case, an updated case's new content, or the case as is
    existing: str | None = None
    problems: list[str] = field(default_factory=list)
    profiled: bool = False  # the customer cell named a profile's name or alias
    changed: bool = False  # imported before, and changed in the log since
    conflict: bool = False  # changed in the log and in casectl since: not overwritten
    kept: bool = False  # a conflict kept as casectl has it, the row taken as read

    @property
    def status(self) -> str:
        """added, unchanged, updated, conflict or bad."""
        if self.problems:
            return "bad"
        if self.existing is None:
            return "added"
        return "conflict" if self.conflict else "updated" if self.changed else "unchanged"


STATUSES = ("added", "updated", "unchanged", "conflict", "bad")


@dataclass
class Plan:
    """Every row's result, in sheet order."""

    file: str
    sheet: str | None
    mapping: Mapping
    rows: list[RowResult] = field(default_factory=list)
    profiles: bool = False  # the casebook has customer profiles

    def _cases(self, status: str) -> list[Case]:
        return [r.case for r in self.rows if r.case is not None and r.status == status]

    @property
    def new(self) -> list[Case]:
        return self._cases("added")

    @property
    def updated(self) -> list[Case]:
        """The cases imported before whose rows changed, as the log now says (their timeline
        kept, the new steps and an ``updated from the log`` line added)."""
        return self._cases("updated")

    @property
    def matched(self) -> int:
        """How many new cases name their customer as its profile does (from a name or alias)."""
        return sum(1 for r in self.rows if r.profiled and r.status == "added")

    @property
    def bad(self) -> list[RowResult]:
        return [r for r in self.rows if r.problems]

    @property
    def conflicts(self) -> list[RowResult]:
        return [r for r in self.rows if r.status == "conflict"]

    @property
    def kept(self) -> list[Case]:
        """Conflicts kept as casectl has them (``keep_casectl``): only their row's hash is new."""
        return [r.case for r in self.conflicts if r.kept and r.case is not None]

    def counts(self) -> dict[str, int]:
        found = dict.fromkeys(STATUSES, 0)
        for r in self.rows:
            found[r.status] += 1
        return found


@dataclass
class _Import:
    """What every row of one import is read with."""

    file: str
    sheet: str | None
    mapping: Mapping
    config: Config
    now: datetime
    by: str
    names: dict[str, str]
    mint: Callable[[datetime], str]
    keep_casectl: bool


def plan(
    rows: Sequence[Sequence[Any]],
    *,
    file: str,
    sheet: str | None,
    mapping: Mapping,
    config: Config,
    now: datetime,
    by: str,
    imported: Iterable[Case],
    profiles: Sequence[Profile] = (),
    mint: Callable[[datetime], str],
    keep_casectl: bool = False,
    made: Callable[[Case], None] | None = None,
) -> Plan:
    """Every row under the header row as a case (or the case imported from it before, or its
    problems). ``imported`` are the casebook's cases (those an import made are looked at);
    ``profiles`` name the customers; ``mint`` gives a new case ID for a received time;
    ``keep_casectl``: a conflict keeps the case as casectl has it and takes the row as read
    (it is no conflict the next time). ``made`` is told each new case as soon as it is made
    (the new cases, in order: ``Plan.new``), so their files can be written meanwhile.

    A row was imported before when a case an import made has its key (the sheet and key cell),
    or, without a key column, its identity — its received time and customer — whatever the
    file is called and wherever the row is. Rows of one log with the same identity are told
    apart by their order (a case from this very row first)."""
    names = profile_names(profiles)
    result = Plan(file, sheet, mapping, profiles=bool(names))
    how = _Import(file, sheet, mapping, config, now, by, names, mint, keep_casectl)
    found = _rows(rows, how)
    earlier = Earlier.of(imported, names)
    numbered = [(row.number, row.identity, row.key) for row in found]
    existing = match(numbered, earlier, (file, sheet))
    for row in found:
        case_id = existing.get(row.number)
        outcome = _result(row, earlier.by_id.get(case_id or ""), how)
        result.rows.append(outcome)
        if made is not None and outcome.case is not None and outcome.status == "added":
            made(outcome.case)
    return result


def _rows(rows: Sequence[Sequence[Any]], how: _Import) -> list[Row]:
    """The rows under the header row that hold something the mapping reads, with their
    identity and source key."""
    mapping = how.mapping
    number = mapping.header_row
    header = [text(c) for c in rows[number - 1]] if len(rows) >= number else []
    index = {h: i for i, h in reversed(list(enumerate(header)))}  # the first column wins
    columns = {f: index[h] for f, h in mapping.columns.items() if h in index}
    where = how.sheet or how.file
    found: list[Row] = []
    for offset, cells in enumerate(rows[number:]):
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        if all(text(v) == "" for v in values.values()):
            continue  # an empty row, or one that holds nothing the mapping reads
        row = Row(where, number + 1 + offset, values, columns)
        row.identity = _identity(row, mapping, how.config, how.now, how.names)
        row.key = row_key(where, row.value("key", mapping), row.identity)
        found.append(row)
    return found


def _result(row: Row, before: Case | None, how: _Import) -> RowResult:
    """One row's result: its new case, its case imported before (unchanged, updated, or in
    conflict), or its problems."""
    outcome = RowResult(row.number, existing=before.id if before is not None else None)
    source = Source(
        file=how.file, sheet=how.sheet, row=row.number, key=row.key, row_hash=_row_hash(row)
    )
    if before is not None and _unchanged(before, source):
        outcome.case = before
        return outcome
    made = how.mint if before is None else _same(before.id)
    try:
        case = _case(row, how.mapping, how.config, how.now, how.by, made, source, how.names)
    except Bad as exc:
        outcome.problems.append(str(exc))
        return outcome
    if before is not None:
        assert before.source is not None
        outcome.changed = True
        outcome.conflict = case_hash(before) != before.source.case_hash
        if outcome.conflict and how.keep_casectl:
            case, outcome.kept = steps.copied(before), True
            assert case.source is not None
            case.source.row_hash = source.row_hash
        elif not outcome.conflict:
            case = _updated(before, case, steps.Who(how.now, how.by), row)
    assert case.source is not None
    case.source.case_hash = case_hash(case)
    outcome.case, outcome.profiled = case, fold(case.customer.name) in how.names
    return outcome


def _same(case_id: str) -> Callable[[datetime], str]:
    """The ID an updated case keeps."""
    return lambda _received: case_id


def _row_hash(row: Row) -> str:
    """The row's cells hashed; the customer folded (a name respelled is no change)."""
    cells = {name: text(value) for name, value in row.cells.items()}
    if "customer" in cells:
        cells["customer"] = fold(cells["customer"])
    return row_hash(cells)


def _unchanged(before: Case, source: Source) -> bool:
    """Whether the row says what it said when ``before`` was imported from it (a case an
    older casectl imported, without the row's hash, counts as unchanged)."""
    known = before.source.row_hash if before.source is not None else None
    return known is None or known == source.row_hash


def _updated(before: Case, fresh: Case, who: steps.Who, row: Row) -> Case:
    """The case imported before, as its changed row now says: the row's content, the timeline
    as it was with the steps it did not hold yet, and a line that says the log changed it."""
    seen = {(e.at, e.event, e.detail) for e in before.timeline}
    kept = [e for e in fresh.timeline[:-1] if (e.at, e.event, e.detail) not in seen]
    fresh.timeline = [*before.timeline, *kept]
    steps.log_event(fresh, who, events.Reimported(source=row.where, row=row.number))
    return fresh


def _identity(
    row: Row, mapping: Mapping, config: Config, now: datetime, names: dict[str, str]
) -> Identity | None:
    """The row's identity; None when its received time or customer does not read (a problem
    the row's case then names)."""
    raw = row.cells.get("received_at")
    given = raw if text(raw) else mapping.defaults.get("received_at")
    customer = row.value("customer", mapping)
    if given in (None, "") or not customer:
        return None
    try:
        row.received = cell_time(given, config.tz, "received_at", now=now, order=config.date_order)
    except CasectlError:
        return None
    return identity(row.received, customer, names)


def _case(
    row: Row,
    mapping: Mapping,
    config: Config,
    now: datetime,
    actor: str,
    mint: Callable[[datetime], str],
    source: Source,
    names: dict[str, str],
) -> Case:
    """The row's case, through the loop's steps as far as its status and dates go."""
    times = times_of(row, mapping, config, now)
    done = lifecycle.steps(status_of(row, mapping, config), times)
    received = times["received_at"]
    assert received is not None
    fields = complaint(row, mapping, names)
    by = fields["owner"] = fields.get("owner") or actor  # without one, who runs the import
    case_id = mint(received)

    def step(name: str, do: Callable[[], Case]) -> Case:
        try:
            return do()
        except CasectlError as exc:
            message = exc.text().replace(case_id, "the case")
            raise Bad(row.cell(name), message) from None

    case = step(
        "customer",
        lambda: steps.record(case_id, steps.Who(received, by), received_at=received, **fields),
    )
    response = row.value("response", mapping)
    responded = done.responded
    if response and responded is None:
        raise Bad(row.cell("responded_at"), f"a response ({response[:30]!r}) needs its time")
    if responded is not None:
        current = case
        case = step(
            "responded_at",
            lambda: steps.respond(
                current,
                steps.Who(responded, by),
                summary=response or None,
                channel=None,
                apology=False,
                promises=(),
            ),
        )
    case = investigation(row, mapping, case, times | {"resolved_at": done.resolved}, now, by, step)
    if case.investigation.root_cause and times["root_cause_at"] is None:
        done.unknown.append("root_cause")
    case = _ending(row, mapping, case, done, by, step)
    source.time_unknown = done.unknown = lifecycle.in_order(done.unknown)
    case.source = source
    who = steps.Who(now, actor)
    if done.unknown:
        steps.log_event(case, who, events.TimeUnknown(steps=", ".join(done.unknown)))
    steps.log_event(case, who, events.Imported(source=row.where, row=row.number))
    for where, message in checks.check_case(case):
        raise Bad(row.cell("received_at"), f"{where}: {message}")
    return case


def _ending(
    row: Row, mapping: Mapping, case: Case, done: lifecycle.Steps, by: str, step: Step
) -> Case:
    """The resolution, the survey and the closure the row shows (a closure forced: the log
    records no repair, review or follow-up visit, and the timeline says so)."""
    resolved, closed = done.resolved, done.closed
    if resolved is not None:
        current = case
        case = step(
            "resolved_at",
            lambda: steps.resolve(
                current,
                steps.Who(resolved, by),
                summary=row.value("resolution", mapping) or None,
                confirmed_by=None,
                force=not current.investigation.root_cause,
                reason=NO_ROOT_CAUSE if not current.investigation.root_cause else None,
            ),
        )
    case = survey(row, mapping, case, resolved, by, step)
    if closed is not None:
        current = case
        case = step(
            "closed_at" if "closed_at" in row.columns else "status",
            lambda: aftercare.close(
                current, steps.Who(closed, by), force=True, reason=NO_AFTERCARE
            ),
        )
    return case


NO_ROOT_CAUSE = "imported: the log records no root cause"
NO_AFTERCARE = "imported: the log says closed; it records no repair, review or follow-up visit"
