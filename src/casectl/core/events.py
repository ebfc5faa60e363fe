"""The timeline's vocabulary: every kind of event casectl writes, its fields, and the one English
text it is stored as. Pure.

A case file keeps each event as ``{at, by, event, detail}``: ``event`` is the English text of its
kind (``action a1 done``), ``detail`` the words a person gave with it (a reason, a summary) or,
for a few kinds, words casectl writes from the event's fields (``B → A (customer merge)``). The
steps build events here and nowhere else; ``parse`` reads a stored text back into its kind
(None for a text casectl did not write), so ``show`` can translate it and a merge can follow
an item's new id. The customer history's lines (``received: TITLE``) are kinds of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from string import Formatter
from typing import Any, ClassVar, Self

from casectl.i18n import N_

ID = r"[A-Za-z0-9_.-]+"  # an item id, a step, a field path: one word
ANY = r".+"  # text people wrote


@dataclass(frozen=True)
class Event:
    """One kind of event: ``EVENT`` is its stored text with ``{field}`` holes, ``DETAIL`` the
    detail casectl writes from its fields (None: the detail is a person's words, or none).
    A hole matches one word (``ID``) unless ``PATTERNS`` (name, regex) says otherwise."""

    EVENT: ClassVar[str]
    DETAIL: ClassVar[str | None] = None
    PATTERNS: ClassVar[tuple[tuple[str, str], ...]] = ()
    # (the list of the case an item id of this kind names, the field holding it)
    ITEM: ClassVar[tuple[str, str] | None] = None

    def as_dict(self) -> dict[str, Any]:
        """Its fields and their values."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def text(self) -> str:
        """The event as the timeline stores it."""
        return self.EVENT.format_map(self.as_dict())

    @property
    def detail(self) -> str | None:
        """The detail casectl writes for it; None when the detail is a person's words."""
        return None if self.DETAIL is None else self.DETAIL.format_map(self.as_dict())

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        """The event ``text`` (and ``detail``) stand for, when they are of this kind."""
        found = _pattern(cls.EVENT, cls.PATTERNS).fullmatch(text)
        if found is None:
            return None
        values = found.groupdict()
        if cls.DETAIL is not None:
            more = _pattern(cls.DETAIL, cls.PATTERNS).fullmatch(detail or "")
            if more is None:
                return None
            values |= more.groupdict()
        return cls(**values)


@cache
def _pattern(template: str, patterns: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """A template (``action {action} done``) as the regular expression that reads it back."""
    wanted = dict(patterns)
    parts = []
    for literal, name, _spec, _conversion in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P<{name}>{wanted.get(name, ID)})")
    return re.compile("".join(parts), re.DOTALL)


# --- the loop's steps (core.loop.steps, aftercare) ----------------------------------------


@dataclass(frozen=True)
class Recorded(Event):
    EVENT = "recorded"


@dataclass(frozen=True)
class Responded(Event):
    EVENT = "responded"


@dataclass(frozen=True)
class EvidenceAdded(Event):
    EVENT = "evidence {evidence} added"
    DETAIL = "{kind}: {ref}"
    PATTERNS = (("kind", r"[^:]+"), ("ref", ANY))
    ITEM = ("investigation.evidence", "evidence")
    evidence: str
    kind: str
    ref: str


@dataclass(frozen=True)
class FindingAdded(Event):
    EVENT = "finding {finding} added"
    ITEM = ("investigation.findings", "finding")
    finding: str


@dataclass(frozen=True)
class Investigated(Event):
    EVENT = "investigated"  # the root cause recorded for the first time


@dataclass(frozen=True)
class RootCauseRevised(Event):
    EVENT = "root cause revised"


@dataclass(frozen=True)
class CauseClassified(Event):
    """Cause, attribution or factor set without a root cause: their values, in that order."""

    EVENT = "cause classified"
    values: tuple[str, ...]

    @property
    def detail(self) -> str | None:
        return ", ".join(self.values)

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        if text != cls.EVENT or not detail:
            return None
        return cls(values=tuple(detail.split(", ")))


@dataclass(frozen=True)
class ActionAdded(Event):
    EVENT = "action {action} added"
    ITEM = ("actions", "action")
    action: str


@dataclass(frozen=True)
class ActionDone(Event):
    EVENT = "action {action} done"
    ITEM = ("actions", "action")
    action: str


@dataclass(frozen=True)
class ActionCancelled(Event):
    EVENT = "action {action} cancelled"
    ITEM = ("actions", "action")
    action: str


@dataclass(frozen=True)
class UpdateSent(Event):
    EVENT = "update {update} sent"
    ITEM = ("updates", "update")
    update: str


@dataclass(frozen=True)
class Resolved(Event):
    EVENT = "resolved"


@dataclass(frozen=True)
class Forced(Event):
    """A step taken without its requirements (``--force --reason``): ``investigated``,
    ``resolve``, ``repair``, ``follow-up`` or ``review``."""

    EVENT = "forced {step}"
    step: str


@dataclass(frozen=True)
class Repaired(Event):
    EVENT = "repaired"


@dataclass(frozen=True)
class FollowUpDone(Event):
    EVENT = "follow-up done"


@dataclass(frozen=True)
class SurveyRecorded(Event):
    EVENT = "survey recorded"  # a survey's scores: ``NPS 9, CSAT 5`` (either may be missing)
    nps: int | None = None
    csat: int | None = None

    @property
    def detail(self) -> str | None:
        scores = (("NPS", self.nps), ("CSAT", self.csat))
        return ", ".join(f"{k} {v}" for k, v in scores if v is not None) or None

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        if text != cls.EVENT:
            return None
        scores: dict[str, int] = {}
        for part in detail.split(", ") if detail else ():
            name, _space, value = part.partition(" ")
            if name not in ("NPS", "CSAT") or not value.isdigit() or name.lower() in scores:
                return None
            scores[name.lower()] = int(value)
        return cls(**scores)


PUBLISHED = N_("published to the case library")


@dataclass(frozen=True)
class Reviewed(Event):
    EVENT = "reviewed"
    published: bool = False

    @property
    def detail(self) -> str | None:
        return PUBLISHED if self.published else None

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        return cls(published=detail == PUBLISHED) if text == cls.EVENT else None


@dataclass(frozen=True)
class Closed(Event):
    EVENT = "closed"


@dataclass(frozen=True)
class Reopened(Event):
    EVENT = "reopened"


# --- promises (core.loop.promises) ----------------------------------------------------------


@dataclass(frozen=True)
class PromiseKept(Event):
    EVENT = "promise {promise} kept"
    ITEM = ("response.promises", "promise")
    promise: str


@dataclass(frozen=True)
class PromiseKeptLate(Event):
    EVENT = "promise {promise} kept (late)"
    ITEM = ("response.promises", "promise")
    promise: str


@dataclass(frozen=True)
class PromiseWithdrawn(Event):
    EVENT = "promise {promise} withdrawn"
    ITEM = ("response.promises", "promise")
    promise: str


@dataclass(frozen=True)
class PromiseRenegotiated(Event):
    EVENT = "promise {promise} renegotiated"
    ITEM = ("response.promises", "promise")
    promise: str


@dataclass(frozen=True)
class PromiseRenegotiatedLate(Event):
    """Renegotiated after its due had passed."""

    EVENT = "promise {promise} renegotiated after it was missed"
    ITEM = ("response.promises", "promise")
    promise: str


# --- the side steps and bookkeeping (core.loop.around, import) -----------------------------


@dataclass(frozen=True)
class Escalated(Event):
    EVENT = "escalated to {to}"
    PATTERNS = (("to", ANY),)
    to: str


@dataclass(frozen=True)
class Waiting(Event):
    EVENT = "waiting on customer"


@dataclass(frozen=True)
class Resumed(Event):
    EVENT = "resumed"


@dataclass(frozen=True)
class NoteAdded(Event):
    EVENT = "note {note} added"
    ITEM = ("notes", "note")
    note: str


@dataclass(frozen=True)
class MailReceived(Event):
    EVENT = "mail {mail} received"  # its detail: the sender and subject
    ITEM = ("mails", "mail")
    mail: str


@dataclass(frozen=True)
class AttachmentAdded(Event):
    EVENT = "attachment {attachment} added"  # its detail: the file's name
    ITEM = ("attachments", "attachment")
    attachment: str


@dataclass(frozen=True)
class NoteAmended(Event):
    EVENT = "amended notes[{note}].text"
    ITEM = ("notes", "note")
    note: str


@dataclass(frozen=True)
class Amended(Event):
    """A step's text corrected: ``response.summary``, ``resolution.summary`` or
    ``investigation.root_cause`` (a note's is ``NoteAmended``)."""

    EVENT = "amended {where}"
    where: str


@dataclass(frozen=True)
class EditedByHand(Event):
    EVENT = "edited by hand"  # ``casectl edit`` changed these top-level fields
    changed: tuple[str, ...]

    @property
    def detail(self) -> str | None:
        return ", ".join(self.changed)

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        if text != cls.EVENT or not detail:
            return None
        return cls(changed=tuple(detail.split(", ")))


@dataclass(frozen=True)
class StepRetracted(Event):
    """``undo``: a step taken back (its events stay; ``amendments`` keeps what it wrote)."""

    EVENT = "step {step} retracted"
    DETAIL = "{when} {who}"  # when the step was recorded, and by whom
    PATTERNS = (("step", ANY), ("when", r"\S+"), ("who", ANY))
    step: str
    when: str
    who: str


MERGE = N_("customer merge")


@dataclass(frozen=True)
class CustomerRenamed(Event):
    EVENT = "customer renamed"  # the case's customer renamed, and why (``customer merge``)
    DETAIL = "{old} → {new} ({why})"
    PATTERNS = (("old", ANY), ("new", ANY), ("why", r"[^()]+"))
    old: str
    new: str
    why: str = MERGE


@dataclass(frozen=True)
class Imported(Event):
    EVENT = "imported"  # the case made from a row of an old complaint log (``casectl import``)
    DETAIL = "{source} row {row}"
    PATTERNS = (("source", ANY), ("row", r"\d+"))
    source: str
    row: int

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        found = super().read(text, detail)
        return None if found is None else cls(source=found.source, row=int(found.row))


@dataclass(frozen=True)
class Reimported(Imported):
    EVENT = "updated from the log"  # its row changed in the log and was imported again


@dataclass(frozen=True)
class TimeUnknown(Event):
    EVENT = "time unknown (imported): {steps}"  # steps the log gives no time for
    PATTERNS = (("steps", r"[a-z_]+(?:, [a-z_]+)*"),)
    steps: str


# --- the customer history's lines (core.views.customers) ------------------------------------


@dataclass(frozen=True)
class CaseReceived(Event):
    EVENT = "received: {title}"
    PATTERNS = (("title", ANY),)
    title: str


@dataclass(frozen=True)
class FirstResponse(Event):
    EVENT = "first response"


@dataclass(frozen=True)
class RootCauseFound(Event):
    EVENT = "root cause: {root_cause}"
    PATTERNS = (("root_cause", ANY),)
    root_cause: str


@dataclass(frozen=True)
class UpdateGiven(Event):
    EVENT = "update: {summary}"
    PATTERNS = (("summary", ANY),)
    summary: str


@dataclass(frozen=True)
class ResolvedAs(Event):
    """Resolved, with its summary (without one the line is ``Resolved``'s)."""

    EVENT = "resolved: {summary}"
    PATTERNS = (("summary", ANY),)
    summary: str


@dataclass(frozen=True)
class SurveyAnswered(Event):
    EVENT = "survey: NPS {nps}, CSAT {csat}"  # one survey answer; a score not given reads ``None``
    nps: int | None
    csat: int | None

    @classmethod
    def read(cls, text: str, detail: str | None) -> Self | None:
        found = _pattern(cls.EVENT, cls.PATTERNS).fullmatch(text)
        if found is None or not all(_score(v) for v in found.groups()):
            return None
        nps, csat = (None if v == "None" else int(v) for v in found.groups())
        return cls(nps=nps, csat=csat)


def _score(text: str) -> bool:
    return text == "None" or text.isdigit()


KINDS: tuple[type[Event], ...] = (
    Recorded, Responded, EvidenceAdded, FindingAdded, Investigated, RootCauseRevised,
    CauseClassified, ActionAdded, ActionDone, ActionCancelled, UpdateSent, Resolved, Forced,
    Repaired, FollowUpDone, SurveyRecorded, Reviewed, Closed, Reopened,
    PromiseKept, PromiseKeptLate, PromiseWithdrawn, PromiseRenegotiated, PromiseRenegotiatedLate,
    Escalated, Waiting, Resumed, NoteAdded, NoteAmended, Amended, EditedByHand, StepRetracted,
    CustomerRenamed,
    Imported, TimeUnknown, Reimported, MailReceived, AttachmentAdded,
    CaseReceived, FirstResponse, RootCauseFound, UpdateGiven, ResolvedAs, SurveyAnswered,
)  # fmt: skip


def parse(text: str, detail: str | None = None) -> Event | None:
    """The event a stored ``text`` (with its ``detail``) is; None when casectl did not write it
    (a hand-written line, another version's): such a text is shown as stored."""
    for kind in _by_first_word().get(text.split(" ", 1)[0], ()):
        found = kind.read(text, detail)
        if found is not None:
            return found
    return None


@cache
def _by_first_word() -> dict[str, tuple[type[Event], ...]]:
    """The kinds whose text starts with each word: a text is tried against those alone (a
    check reads every event of every case)."""
    table: dict[str, tuple[type[Event], ...]] = {}
    for kind in KINDS:
        word = kind.EVENT.split(" ", 1)[0]
        table[word] = (*table.get(word, ()), kind)
    return table
