"""Pydantic models of a case file (see docs/case-format.md).

Field order here is the key order written to new files. Lists that grow (timeline, evidence,
actions, updates, notes, ...) only grow at the end, and their items carry short ids (``p1``,
``e2``) that the merge driver keeps unique when two clones add items at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from casectl.core.choices import (
    ApologyKind,
    Attribution,
    Category,
    Cause,
    Channel,
    Factor,
    Horizon,
    Priority,
    Stage,
)
from casectl.core.dates import EARLIEST, LATEST, aware, in_range
from casectl.core.ids import find_item
from casectl.core.layout import ATTACHMENTS_DIR
from casectl.errors import UsageError, field
from casectl.i18n import listed, msg

SCHEMA_VERSION = 1
NPS_RANGE = (0, 10)  # net promoter score
CSAT_RANGE = (1, 5)  # customer satisfaction


When = Annotated[datetime, AfterValidator(aware)]  # the one final check of a time

# The choices live in ``choices``; re-exported here, where every other module finds them.
__all__ = [
    "EARLIEST",
    "LATEST",
    "ApologyKind",
    "Attribution",
    "Category",
    "Cause",
    "Channel",
    "Factor",
    "Horizon",
    "Priority",
    "Stage",
    "in_range",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, defer_build=True)


class Source(_Model):
    """Where an imported case came from (file, sheet, row, key) and what its row said: hashes
    that tell a change, steps without a time (their clocks unmeasured: docs/decisions.md)."""

    file: str = Field(min_length=1)  # the file's name, without its folder
    sheet: str | None = None  # None for a CSV file
    row: int = Field(ge=1)  # the spreadsheet's row number, as Excel shows it
    key: str | None = None  # its sheet and key cell (台账#T-42), else # and a hash of when/who
    row_hash: str | None = None  # the row's cells as last imported: a changed row tells
    case_hash: str | None = None  # the case as the import wrote it: a change in casectl tells
    time_unknown: list[str] = Field(default_factory=list)  # steps without a time: unmeasured


class Customer(_Model):
    name: str = Field(min_length=1)
    contact: str | None = None


# attachments/<case ID>/<first 16 hex digits of the SHA-256>-<the name made safe>
_ATTACHMENT_PATH = re.compile(
    rf"^{ATTACHMENTS_DIR}/[A-Za-z0-9-]+/[0-9a-f]{{16}}-[^/\\\x00-\x1f\x7f]+$"
)


def _attachment_path(value: str) -> str:
    if not _ATTACHMENT_PATH.match(value) or value.endswith((".", " ")) or "/.." in value:
        raise ValueError(
            msg(
                "not a file of the casebook's attachments folder: {value!r} "
                "(attachments/<case ID>/<hash>-<name>)",
                value=value,
            )
        )
    return value


class Attachment(_Model):
    """A file kept as evidence in the casebook (``attach``, or an attachment of a mail): its
    original name, where it lies (relative to the casebook), its SHA-256, size and type."""

    id: str
    name: str = Field(min_length=1)  # the file's name as it came (shown; never a path)
    path: Annotated[str, AfterValidator(_attachment_path)]
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    type: str | None = None  # the media type: image/png, text/plain
    mail: str | None = None  # the mail it came with: an id of ``mails``
    at: When | None = None
    by: str | None = None


class Mail(_Model):
    """A mail from the customer's side that reached the case: the complaint's own mail, or a
    reply threaded onto it by ``intake``. ``at`` is when the customer wrote (its Date)."""

    id: str
    message_id: str = Field(min_length=1)  # its Message-ID, kept for threading and idempotency
    original_id: str | None = None  # a forwarded original's Message-ID, when it carried one
    at: When
    sender: str = Field(min_length=1)  # From: 张敏 <zhang.min@example.com>
    subject: str | None = None
    forwarded_by: str | None = None  # who forwarded it, when sender and date are the original's
    text: str | None = None  # its own words: a reply above the quoted mail, a forward's note
    by: str | None = None  # who took it in


class Withdrawal(_Model):
    """A promise taken back, with the reason the customer was given."""

    at: When
    by: str
    reason: str = Field(min_length=1)


class Renegotiation(_Model):
    """A promise's due moved with the customer's agreement; ``old_due`` is the due it had."""

    at: When
    by: str
    old_due: When
    reason: str = Field(min_length=1)


class Promise(_Model):
    """A promise ends kept (``kept_at``) or withdrawn; renegotiating it moves ``due`` and keeps
    every earlier due in ``renegotiations``."""

    id: str
    what: str = Field(min_length=1)
    due: When
    made_at: When | None = None  # defaults to the time of the response or update that made it
    kept_at: When | None = None
    withdrawn: Withdrawal | None = None
    renegotiations: list[Renegotiation] = Field(default_factory=list)

    @property
    def missed_then_renegotiated(self) -> bool:
        """Whether a due had already passed when it was moved."""
        return any(r.at > r.old_due for r in self.renegotiations)


class Response(_Model):
    at: When
    by: str
    channel: Channel | None = None
    summary: str | None = None
    apology: bool = False
    promises: list[Promise] = Field(default_factory=list)


class Evidence(_Model):
    id: str
    kind: str = Field(min_length=1)  # log, ticket, meeting, interview, config, screenshot, ...
    ref: str = Field(min_length=1)
    note: str | None = None
    at: When | None = None
    by: str | None = None


class Finding(_Model):
    id: str
    text: str = Field(min_length=1)
    at: When | None = None
    by: str | None = None


class Investigation(_Model):
    evidence: list[Evidence] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    root_cause: str | None = None
    root_cause_at: When | None = None
    cause: Cause | None = None
    attribution: Attribution | None = None
    factor: Factor | None = None


class Action(_Model):
    id: str
    horizon: Horizon
    what: str = Field(min_length=1)
    owner: str | None = None
    due: When | None = None
    added_at: When | None = None
    done_at: When | None = None
    verification: str | None = None
    cancelled_at: When | None = None
    cancel_reason: str | None = None

    @property
    def is_open(self) -> bool:
        return self.done_at is None and self.cancelled_at is None


class Update(_Model):
    id: str
    at: When
    by: str
    channel: Channel | None = None
    summary: str = Field(min_length=1)
    keeps: list[str] = Field(default_factory=list)


class Resolution(_Model):
    at: When | None = None
    by: str | None = None
    summary: str | None = None
    confirmed_by: str | None = None


class Apology(_Model):
    kind: ApologyKind
    ref: str | None = None


class FollowUp(_Model):
    due: When | None = None
    done_at: When | None = None
    by: str | None = None
    notes: str | None = None


class Survey(_Model):
    """One answer of the customer's; a case keeps every one (at resolution, at the follow-up)."""

    id: str
    at: When
    nps: int | None = Field(default=None, ge=NPS_RANGE[0], le=NPS_RANGE[1])
    csat: int | None = Field(default=None, ge=CSAT_RANGE[0], le=CSAT_RANGE[1])
    comment: str | None = None


class Relationship(_Model):
    at: When | None = None  # when the repair step was recorded
    by: str | None = None
    apology: Apology | None = None
    compensation: list[str] = Field(default_factory=list)
    follow_up: FollowUp | None = None
    surveys: list[Survey] = Field(default_factory=list)

    def latest_survey(self, within: Any = None) -> Survey | None:
        """The latest answer (the latest within ``within``, a period, when given)."""
        answers = [s for s in self.surveys if within is None or s.at in within]
        return max(answers, key=lambda s: s.at, default=None)


class Review(_Model):
    at: When | None = None
    by: str | None = None
    lessons: list[str] = Field(default_factory=list)
    prevention: list[str] = Field(default_factory=list)
    publish: bool = False


class Escalation(_Model):
    id: str
    at: When
    by: str
    to: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class Pause(_Model):
    """A "waiting on customer" pause; ``end`` is empty while the case waits."""

    id: str
    start: When
    end: When | None = None
    reason: str = Field(min_length=1)
    by: str | None = None


class Note(_Model):
    id: str
    at: When
    by: str
    text: str = Field(min_length=1)


class Reopening(_Model):
    id: str
    at: When
    by: str
    reason: str = Field(min_length=1)


class Amendment(_Model):
    """A correction of a step's text: the old text kept whole, so the record stays honest."""

    id: str
    at: When
    by: str
    field: str  # response.summary, resolution.summary, investigation.root_cause, notes[n1].text
    old: str
    reason: str | None = None


class Closure(_Model):
    at: When
    by: str
    reason: str | None = None
    forced: bool = False


class Event(_Model):
    """One line of the timeline: who did what, when."""

    at: When
    by: str
    event: str
    detail: str | None = None


def _one_line(value: str) -> str:
    if not value.strip():
        raise ValueError(msg("must not be empty or blank"))
    if "\n" in value or "\r" in value:
        raise ValueError(msg("must be one line (the description holds the rest)"))
    return value


def _known_version(value: int) -> int:
    if value > SCHEMA_VERSION:
        raise ValueError(
            msg(
                "written by a newer casectl (schema {value}; this one reads "
                "{schema_version}): upgrade casectl",
                value=value,
                schema_version=SCHEMA_VERSION,
            )
        )
    return value


class Case(_Model):
    schema_version: Annotated[int, AfterValidator(_known_version)] = SCHEMA_VERSION
    id: str
    title: Annotated[str, AfterValidator(_one_line)]
    customer: Customer
    received_at: When
    channel: Channel = Channel.other
    category: Category
    priority: Priority
    owner: str | None = None
    tags: list[str] = Field(default_factory=list)
    impact: str | None = None
    people: list[str] = Field(default_factory=list)
    remedy_sought: str | None = None
    description: str | None = None
    source: Source | None = None
    mails: list[Mail] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    response: Response | None = None
    investigation: Investigation = Field(default_factory=Investigation)
    actions: list[Action] = Field(default_factory=list)
    updates: list[Update] = Field(default_factory=list)
    resolution: Resolution = Field(default_factory=Resolution)
    relationship: Relationship = Field(default_factory=Relationship)
    review: Review = Field(default_factory=Review)
    escalations: list[Escalation] = Field(default_factory=list)
    pauses: list[Pause] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    reopenings: list[Reopening] = Field(default_factory=list)
    closed: Closure | None = None
    amendments: list[Amendment] = Field(default_factory=list)
    timeline: list[Event] = Field(default_factory=list)

    def promise(self, promise_id: str) -> Promise | None:  # by id or ordinal (ids.find_item)
        return find_item(promise_id, self.response.promises if self.response else [], "p")

    def action(self, action_id: str) -> Action | None:
        return find_item(action_id, self.actions, "a")


# Lists whose items carry an ``id`` and only grow at the end, by dotted path in a case.
GROWING_LISTS: tuple[str, ...] = (
    "mails",
    "attachments",
    "response.promises",
    "investigation.evidence",
    "investigation.findings",
    "actions",
    "updates",
    "escalations",
    "pauses",
    "notes",
    "reopenings",
    "amendments",
    "relationship.surveys",
)
# Lists of plain items (or id-less records) that only grow: merged as a union in order.
APPEND_ONLY_LISTS: tuple[str, ...] = ("timeline",)
# Free text merged line by line.
LONG_TEXT_FIELDS: tuple[str, ...] = (
    "description",
    "investigation.root_cause",
    "resolution.summary",
)


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older case file's data to the current schema. casectl 0.1 kept one survey
    (``relationship.survey``); it becomes the first of ``relationship.surveys``, written so on
    the file's next write."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        data["schema_version"] = SCHEMA_VERSION
    rel = data.get("relationship")
    if isinstance(rel, dict) and isinstance(rel.get("survey"), dict) and "surveys" not in rel:
        rel["surveys"] = [{"id": "s1", **rel.pop("survey")}]
    return data


def one_of(value: str, allowed: Sequence[str], name: str) -> str:
    """``value`` as one of ``allowed`` (case and spaces ignored); a usage error naming the
    field ``name`` and the allowed values otherwise. The one check of a choice."""
    wanted = value.strip().lower()
    if wanted not in allowed:
        raise UsageError(
            msg(
                "{name}: {value!r} is not one of: {items}",
                name=field(name),
                value=value,
                items=listed(allowed),
            )
        )
    return wanted


def plain(value: Any) -> Any:
    """Model-dump values as plain data: enums as their text, tuples as lists, recursively."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
