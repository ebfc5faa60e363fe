"""An old complaint log's rows as cases. Pure: cells, a mapping and "now" in; cases and the
problems of each row, named by their cell (``Sheet1!F12: …``), out.

Each row goes through the same steps as the command line — ``record``, then ``respond``,
``investigate``, ``resolve`` and ``survey`` as far as the row holds them — so an imported case
keeps every rule a typed one keeps, and its stage is what its content shows. A row the steps
refuse (a root cause without a response, a survey before the resolution) is a problem of that
row, not a case forced into shape.
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
from casectl.core.transfer.imported import Earlier, Identity, Key, identity, match, profile_names
from casectl.core.transfer.sheetmap import TIMES, Mapping, cell_time, choice, score, text
from casectl.errors import CasectlError

TITLE_CHARS = 60  # a title taken from the description's first line is cut here


@dataclass
class RowResult:
    """What became of one row: a new case, the case imported from it before, or problems."""

    row: int
    case: Case | None = None
    existing: str | None = None
    problems: list[str] = field(default_factory=list)
    profiled: bool = False  # the customer cell named a profile's name or alias

    @property
    def status(self) -> str:
        return "bad" if self.problems else "exists" if self.existing else "new"


@dataclass
class Plan:
    """Every row's result, in sheet order."""

    file: str
    sheet: str | None
    mapping: Mapping
    rows: list[RowResult] = field(default_factory=list)
    profiles: bool = False  # the casebook has customer profiles

    @property
    def new(self) -> list[Case]:
        return [r.case for r in self.rows if r.case is not None and not r.problems]

    @property
    def matched(self) -> int:
        """How many new cases name their customer as its profile does (from a name or alias)."""
        return sum(1 for r in self.rows if r.profiled and r.case is not None and not r.problems)

    @property
    def bad(self) -> list[RowResult]:
        return [r for r in self.rows if r.problems]

    def counts(self) -> dict[str, int]:
        found = {"new": 0, "exists": 0, "bad": 0}
        for r in self.rows:
            found[r.status] += 1
        return found


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Row:
    """One row's cells by field, and how to name a field's cell in a message."""

    where: str  # "Sheet1" or "log.csv"
    number: int
    cells: dict[str, Any]
    columns: dict[str, int]
    received: datetime | None = None  # its received_at cell read, once

    def cell(self, name: str) -> str:
        column = self.columns.get(name)
        letter = column_letter(column) if column is not None else "?"
        return f"{self.where}!{letter}{self.number}"

    def value(self, name: str, mapping: Mapping) -> str:
        found = text(self.cells.get(name))
        return found or mapping.defaults.get(name, "")


class _Bad(Exception):
    def __init__(self, cell: str, message: str) -> None:
        super().__init__(f"{cell}: {message}")


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
) -> Plan:
    """Every row under the header row as a case (or the case imported from it before, or its
    problems). ``imported`` are the casebook's cases (those an import made are looked at);
    ``profiles`` name the customers; ``mint`` gives a new case ID for a received time.

    A row was imported before when a case an import made has its identity — its received time
    and customer — whatever the file is called and wherever the row is. Rows of one log with the
    same identity are told apart by their order (a case from this very row first)."""
    names = profile_names(profiles)
    result = Plan(file, sheet, mapping, profiles=bool(names))
    header = (
        [text(c) for c in rows[mapping.header_row - 1]] if len(rows) >= mapping.header_row else []
    )
    index = {h: i for i, h in reversed(list(enumerate(header)))}  # the first column wins
    columns = {f: index[h] for f, h in mapping.columns.items() if h in index}
    where = sheet or file
    found: list[tuple[_Row, Identity | None]] = []
    for offset, cells in enumerate(rows[mapping.header_row :]):
        number = mapping.header_row + 1 + offset
        values = {f: cells[i] if i < len(cells) else None for f, i in columns.items()}
        if all(text(v) == "" for v in values.values()):
            continue  # an empty row, or one that holds nothing the mapping reads
        row = _Row(where, number, values, columns)
        found.append((row, _identity(row, mapping, config, now, names)))
    numbered = [(row.number, key) for row, key in found]
    existing = match(numbered, Earlier.of(imported, names), (file, sheet))
    for row, _key in found:
        outcome = RowResult(row.number, existing=existing.get(row.number))
        if outcome.existing is None:
            try:
                outcome.case = _case(
                    row, mapping, config, now, by, mint, (file, sheet, row.number), names
                )
                outcome.profiled = fold(outcome.case.customer.name) in names
            except _Bad as exc:
                outcome.problems.append(str(exc))
        result.rows.append(outcome)
    return result


def _identity(
    row: _Row, mapping: Mapping, config: Config, now: datetime, names: dict[str, str]
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
    row: _Row,
    mapping: Mapping,
    config: Config,
    now: datetime,
    actor: str,
    mint: Callable[[datetime], str],
    key: Key,
    names: dict[str, str],
) -> Case:
    tz, order = config.tz, config.date_order
    times: dict[str, datetime | None] = {}
    for name in TIMES:
        raw = row.cells.get(name)
        given = raw if text(raw) else mapping.defaults.get(name)
        try:
            if name == "received_at" and row.received is not None:
                times[name] = row.received  # read for the row's identity already
            else:
                read = given not in (None, "")
                times[name] = cell_time(given, tz, name, now=now, order=order) if read else None
        except CasectlError as exc:
            raise _Bad(row.cell(name), exc.text()) from None
        moment = times[name]
        if moment is not None and moment > now:
            raise _Bad(row.cell(name), f"{name} {moment.isoformat()} is in the future")
    received = times["received_at"]
    if received is None:
        raise _Bad(row.cell("received_at"), "received_at: the time the complaint came in is empty")
    fields = _complaint(row, mapping, names)
    by = fields["owner"] = fields.get("owner") or actor  # without one, who runs the import
    case_id = mint(received)

    def step(name: str, do: Callable[[], Case]) -> Case:
        try:
            return do()
        except CasectlError as exc:
            message = exc.text().replace(case_id, "the case")
            raise _Bad(row.cell(name), message) from None

    case = step(
        "customer",
        lambda: steps.record(case_id, steps.Who(received, by), received_at=received, **fields),
    )
    case.source = Source(file=key[0], sheet=key[1], row=key[2])
    responded, response = times["responded_at"], row.value("response", mapping)
    if response and responded is None:
        raise _Bad(row.cell("responded_at"), f"a response ({response[:30]!r}) needs its time")
    if responded is None and times["resolved_at"] is not None:
        # Old logs seldom record the first contact; a resolution is one at the latest. Said so,
        # and the first-response clock stops there instead of running forever.
        responded, response = times["resolved_at"], NO_RESPONSE
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
    case = _investigation(row, mapping, case, times, now, by, step)
    resolved = times["resolved_at"]
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
    case = _survey(row, mapping, case, resolved, by, step)
    steps.log_event(case, steps.Who(now, actor), events.Imported(source=row.where, row=row.number))
    for where, message in checks.check_case(case):
        raise _Bad(row.cell("received_at"), f"{where}: {message}")
    return case


NO_RESPONSE = "imported: the log records no first response; the resolution is the first on record"
NO_CONTACT = "imported: the log records no contact with the customer"
NO_ROOT_CAUSE = "imported: the log records no root cause"


def _complaint(row: _Row, mapping: Mapping, names: dict[str, str]) -> dict[str, Any]:
    """What ``record`` takes, from the row: a customer that is a profile's name or alias
    (folded) as the profile names it."""
    got = {
        name: row.value(name, mapping)
        for name in (
            "customer",
            "contact",
            "title",
            "description",
            "impact",
            "remedy",
            "owner",
            "tags",
        )
    }
    enums = {}
    for name in ("category", "priority", "channel"):
        raw = row.value(name, mapping)
        if not raw and name != "channel":
            raise _Bad(
                row.cell(name), f"{name}: empty (give the column a value or the mapping a default)"
            )
        try:
            enums[name] = choice(raw, name, mapping) if raw else "other"
        except CasectlError as exc:
            raise _Bad(row.cell(name), exc.text()) from None
    if not got["customer"]:
        raise _Bad(row.cell("customer"), "customer: empty")
    title = " ".join(got["title"].split())
    if not title:
        first = " ".join((got["description"].strip().splitlines() or [""])[0].split())
        title = first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"
    if not title:
        raise _Bad(
            row.cell("title" if "title" in row.columns else "description"),
            "title: empty, and no description to take one from",
        )
    tags = [t for t in got["tags"].replace("，", ",").replace(";", ",").split(",") if t.strip()]
    return {
        "customer": names.get(fold(got["customer"]), got["customer"]),
        "contact": got["contact"] or None,
        "title": title,
        "description": got["description"] or None,
        "impact": got["impact"] or None,
        "remedy_sought": got["remedy"] or None,
        "owner": got["owner"] or None,
        "tags": list(dict.fromkeys(t.strip() for t in tags)),
        **enums,
    }


def _investigation(
    row: _Row,
    mapping: Mapping,
    case: Case,
    times: dict[str, datetime | None],
    now: datetime,
    by: str,
    step: Callable[[str, Callable[[], Case]], Case],
) -> Case:
    """The root cause and its classification, found by ``root_cause_at``, else by the
    resolution, else now (when it is first written down)."""
    root = row.value("root_cause", mapping)
    classes = {}
    for name in ("cause", "attribution"):
        raw = row.value(name, mapping)
        if raw:
            try:
                classes[name] = choice(raw, name, mapping)
            except CasectlError as exc:
                raise _Bad(row.cell(name), exc.text()) from None
    if not root and not classes:
        return case
    at = times["root_cause_at"] or times["resolved_at"] or now
    unanswered = case.response is None  # the log has a root cause but no contact: said so
    return step(
        "root_cause",
        lambda: steps.investigate(
            case,
            steps.Who(at, by),
            root_cause=root or None,
            cause=classes.get("cause"),
            attribution=classes.get("attribution"),
            force=unanswered,
            reason=NO_CONTACT if unanswered else None,
        ),
    )


def _survey(
    row: _Row,
    mapping: Mapping,
    case: Case,
    resolved: datetime | None,
    by: str,
    step: Callable[[str, Callable[[], Case]], Case],
) -> Case:
    scores: dict[str, int | None] = {"csat": None, "nps": None}
    for name in scores:
        raw = row.value(name, mapping)
        if raw:
            try:
                scores[name] = score(raw, name, mapping)
            except CasectlError as exc:
                raise _Bad(row.cell(name), exc.text()) from None
    comment = row.value("survey_comment", mapping) or None
    if scores["csat"] is None and scores["nps"] is None and not comment:
        return case
    named = (
        "csat"
        if scores["csat"] is not None
        else "nps"
        if scores["nps"] is not None
        else ("survey_comment")
    )
    if resolved is None:
        raise _Bad(
            row.cell(named), f"{named}: a survey needs the case resolved (resolved_at is empty)"
        )
    return step(
        named,
        lambda: aftercare.survey(
            case, steps.Who(resolved, by), nps=scores["nps"], csat=scores["csat"], comment=comment
        ),
    )
