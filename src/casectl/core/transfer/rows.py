"""One row of an old complaint log, read: its cells by field named as cells (``Sheet1!F12``),
its dates, its status, and the complaint, root cause and survey it holds. Pure; the steps an
imported case goes through are ``importing``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casectl.core.config import Config
from casectl.core.loop import aftercare, steps
from casectl.core.model import Case
from casectl.core.names import fold
from casectl.core.transfer import status as lifecycle
from casectl.core.transfer.imported import Identity
from casectl.core.transfer.sheetmap import TIMES, Mapping, cell_time, choice, score, text
from casectl.errors import CasectlError

TITLE_CHARS = 60  # a title taken from the description's first line is cut here
NO_CONTACT = "imported: the log records no contact with the customer"
Step = Callable[[str, Callable[[], Case]], Case]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Row:
    """One row's cells by field, and how to name a field's cell in a message."""

    where: str  # "Sheet1" or "log.csv"
    number: int
    cells: dict[str, Any]
    columns: dict[str, int]
    received: datetime | None = None  # its received_at cell read, once
    identity: Identity | None = None
    key: str | None = None  # its source key (``imported.row_key``)

    def cell(self, name: str) -> str:
        column = self.columns.get(name)
        letter = column_letter(column) if column is not None else "?"
        return f"{self.where}!{letter}{self.number}"

    def value(self, name: str, mapping: Mapping) -> str:
        found = text(self.cells.get(name))
        return found or mapping.defaults.get(name, "")


class Bad(Exception):
    def __init__(self, cell: str, message: str) -> None:
        super().__init__(f"{cell}: {message}")


def times_of(
    row: Row, mapping: Mapping, config: Config, now: datetime
) -> dict[str, datetime | None]:
    """The row's date cells read (None: empty), none of them in the future."""
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
            raise Bad(row.cell(name), exc.text()) from None
        moment = times[name]
        if moment is not None and moment > now:
            raise Bad(row.cell(name), f"{name} {moment.isoformat()} is in the future")
    if times["received_at"] is None:
        raise Bad(row.cell("received_at"), "received_at: the time the complaint came in is empty")
    return times


def status_of(row: Row, mapping: Mapping, config: Config) -> str | None:
    raw = row.value("status", mapping)
    if not raw:
        return None
    try:
        return lifecycle.read_status(
            raw, mapping.values.get("status", {}), config.import_.status_words
        )
    except CasectlError as exc:
        raise Bad(row.cell("status"), exc.text()) from None


def complaint(row: Row, mapping: Mapping, names: dict[str, str]) -> dict[str, Any]:
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
            raise Bad(
                row.cell(name), f"{name}: empty (give the column a value or the mapping a default)"
            )
        try:
            enums[name] = choice(raw, name, mapping) if raw else "other"
        except CasectlError as exc:
            raise Bad(row.cell(name), exc.text()) from None
    if not got["customer"]:
        raise Bad(row.cell("customer"), "customer: empty")
    title = " ".join(got["title"].split())
    if not title:
        first = " ".join((got["description"].strip().splitlines() or [""])[0].split())
        title = first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 1] + "…"
    if not title:
        raise Bad(
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


def investigation(
    row: Row,
    mapping: Mapping,
    case: Case,
    times: dict[str, datetime | None],
    now: datetime,
    by: str,
    step: Step,
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
                raise Bad(row.cell(name), exc.text()) from None
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


def survey(
    row: Row,
    mapping: Mapping,
    case: Case,
    resolved: datetime | None,
    by: str,
    step: Step,
) -> Case:
    scores: dict[str, int | None] = {"csat": None, "nps": None}
    for name in scores:
        raw = row.value(name, mapping)
        if raw:
            try:
                scores[name] = score(raw, name, mapping)
            except CasectlError as exc:
                raise Bad(row.cell(name), exc.text()) from None
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
        raise Bad(
            row.cell(named), f"{named}: a survey needs the case resolved (resolved_at is empty)"
        )
    return step(
        named,
        lambda: aftercare.survey(
            case, steps.Who(resolved, by), nps=scores["nps"], csat=scores["csat"], comment=comment
        ),
    )
