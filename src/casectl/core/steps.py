"""The close-the-loop steps as pure functions: each takes a case and returns the changed copy.

Every step appends to the timeline who did what and when. Nothing here reads the clock or a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from casectl.core import lifecycle, sla
from casectl.core.config import Config
from casectl.core.ids import next_item_id
from casectl.core.model import (
    CSAT_RANGE,
    NPS_RANGE,
    Action,
    Apology,
    Case,
    Closure,
    Customer,
    Event,
    Evidence,
    Finding,
    FollowUp,
    Promise,
    Reopening,
    Response,
    Survey,
    Update,
)
from casectl.core.problems import flatten
from casectl.errors import Remedy, StepRefused, UsageError, field
from casectl.i18n import N_, msg

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Who:
    """When a step happened and who did it."""

    at: datetime
    by: str


def build(model: type[M], **data: Any) -> M:
    """A model from user input; a bad value is a usage error naming the field."""
    try:
        return model.model_validate({k: v for k, v in data.items() if v is not None})
    except ValidationError as exc:
        first = flatten(exc)[0]
        name = ".".join(str(p) for p in first.loc) or model.__name__.lower()
        message = "must not be empty" if first.kind == "string_too_short" else first.message
        raise UsageError(msg("{name}: {message}", name=name, message=message)) from None


def log_event(case: Case, who: Who, event: str, detail: str | None = None) -> None:
    """One line in the case's timeline; long or multi-line ``detail`` cut to its first line."""
    if detail:  # the timeline is one line an event; the full text lives in its section
        first = detail.strip().splitlines()[0] if detail.strip() else ""
        detail = first if len(first) <= 120 else first[:119] + "…"
    case.timeline.append(Event(at=who.at, by=who.by, event=event, detail=detail or None))


def _forced(case: Case, who: Who, step: str, forced: bool, reason: str | None) -> None:
    if forced:
        log_event(case, who, f"forced {step}", reason)


def changed_copy(case: Case, doing: str, who: Who) -> Case:
    """A copy of ``case`` to change by a step: refused on a closed case or one dated before the
    case was received."""
    lifecycle.require_open(case, doing)
    lifecycle.require_not_before_received(case, who.at, doing)
    return case.model_copy(deep=True)


def record(case_id: str, who: Who, **fields: Any) -> Case:
    """A new case. ``fields`` are the Case fields; customer name and contact come flat."""
    customer = build(
        Customer, name=fields.pop("customer", None), contact=fields.pop("contact", None)
    )
    case = build(Case, id=case_id, customer=customer, **fields)
    if case.received_at > who.at:
        raise UsageError(msg("received_at is in the future"))
    log_event(case, who, "recorded")
    return case


def respond(
    case: Case,
    who: Who,
    *,
    summary: str | None,
    channel: str | None,
    apology: bool,
    promises: Sequence[tuple[str, datetime]],
) -> Case:
    new = changed_copy(case, N_("respond"), who)
    if new.response is not None:
        raise StepRefused(
            msg(
                "{case} was already responded to at {at}; record later contact with an update",
                case=case.id,
                at=new.response.at.isoformat(),
            ),
            remedies=[Remedy("update", case.id, fields=("summary",))],
        )
    new.response = build(
        Response, at=who.at, by=who.by, channel=channel, summary=summary, apology=apology
    )
    _add_promises(new, who, promises)
    log_event(new, who, "responded", summary)
    return new


def _add_promises(case: Case, who: Who, promises: Sequence[tuple[str, datetime]]) -> list[str]:
    if not promises:
        return []
    if case.response is None:
        raise StepRefused(
            msg(
                "{case} has no first response yet; promises are made in the response", case=case.id
            ),
            remedies=[Remedy("respond", case.id, fields=("summary",))],
        )
    added = []
    for what, due in promises:
        if due <= who.at:
            raise UsageError(
                msg(
                    "promise {what!r} is due {due}, not after it is made",
                    what=what,
                    due=due.isoformat(),
                )
            )
        pid = next_item_id("p", (p.id for p in case.response.promises))
        case.response.promises.append(build(Promise, id=pid, what=what, due=due, made_at=who.at))
        added.append(pid)
    return added


def investigate(
    case: Case,
    who: Who,
    *,
    evidence: Sequence[tuple[str, str, str | None]] = (),
    findings: Sequence[str] = (),
    root_cause: str | None = None,
    cause: str | None = None,
    attribution: str | None = None,
    factor: str | None = None,
    force: bool = False,
    reason: str | None = None,
) -> Case:
    new = changed_copy(case, N_("investigate"), who)
    inv = new.investigation
    if not (evidence or findings or root_cause or cause or attribution or factor):
        named = ("evidence", "finding", "root_cause", "cause", "attribution")
        raise UsageError(
            msg(
                "nothing to record: give {items} or {factor}",
                items=", ".join(field(n) for n in named),
                factor=field("factor"),
            )
        )
    for kind, ref, note in evidence:
        eid = next_item_id("e", (e.id for e in inv.evidence))
        inv.evidence.append(
            build(Evidence, id=eid, kind=kind, ref=ref, note=note, at=who.at, by=who.by)
        )
        log_event(new, who, f"evidence {eid} added", f"{kind}: {ref}")
    for text in findings:
        fid = next_item_id("f", (f.id for f in inv.findings))
        inv.findings.append(build(Finding, id=fid, text=text, at=who.at, by=who.by))
        log_event(new, who, f"finding {fid} added")
    classified = {"cause": cause, "attribution": attribution, "factor": factor}
    given = {k: v for k, v in classified.items() if v is not None}
    new.investigation = inv = build(type(inv), **{**inv.model_dump(), **given})
    if root_cause is not None:
        if not root_cause.strip():
            raise UsageError(msg("root_cause: must not be empty"))
        forced = lifecycle.require("investigated", case, force=force, reason=reason)
        first = not case.investigation.root_cause
        new.investigation.root_cause = root_cause
        new.investigation.root_cause_at = who.at
        _forced(new, who, "investigated", forced, reason)
        log_event(new, who, "investigated" if first else "root cause revised", root_cause)
    elif cause or attribution or factor:
        log_event(
            new, who, "cause classified", ", ".join(x for x in (cause, attribution, factor) if x)
        )
    return new


def add_action(
    case: Case, who: Who, *, what: str, horizon: str, owner: str | None, due: datetime | None
) -> tuple[Case, str]:
    new = changed_copy(case, N_("add an action to"), who)
    aid = next_item_id("a", (a.id for a in new.actions))
    new.actions.append(
        build(Action, id=aid, horizon=horizon, what=what, owner=owner, due=due, added_at=who.at)
    )
    log_event(new, who, f"action {aid} added", what)
    return new, aid


def _find_action(case: Case, action_id: str) -> Action:
    action = case.action(action_id.strip().lower())
    if action is None:
        known = ", ".join(a.id for a in case.actions) or "none"
        raise UsageError(
            msg(
                "{case} has no action {action_id!r} (actions: {known})",
                case=case.id,
                action_id=action_id,
                known=known,
            )
        )
    return action


def finish_action(case: Case, who: Who, action_id: str, *, verification: str | None) -> Case:
    new = changed_copy(case, N_("finish an action of"), who)
    action = _find_action(new, action_id)
    if not action.is_open:
        raise StepRefused(
            msg(
                "action {action} of {case} is already done or cancelled",
                action=action.id,
                case=case.id,
            )
        )
    action.done_at = who.at
    action.verification = verification or action.verification
    log_event(new, who, f"action {action.id} done", verification)
    return new


def cancel_action(case: Case, who: Who, action_id: str, *, reason: str) -> Case:
    new = changed_copy(case, N_("cancel an action of"), who)
    action = _find_action(new, action_id)
    if not action.is_open:
        raise StepRefused(
            msg(
                "action {action} of {case} is already done or cancelled",
                action=action.id,
                case=case.id,
            )
        )
    if not reason.strip():
        raise UsageError(msg("{reason} must not be empty", reason=field("reason")))
    action.cancelled_at = who.at
    action.cancel_reason = reason
    log_event(new, who, f"action {action.id} cancelled", reason)
    return new


def update(
    case: Case,
    who: Who,
    *,
    summary: str,
    channel: str | None,
    keeps: Iterable[str] = (),
    promises: Sequence[tuple[str, datetime]] = (),
) -> Case:
    new = changed_copy(case, N_("send an update on"), who)
    if case.response is None:  # the first contact is the first response (docs/decisions.md)
        raise StepRefused(
            msg(
                "{case} has no first response yet: the first contact with the customer "
                "is recorded as the response, so its clock stops",
                case=case.id,
            ),
            remedies=[Remedy("respond", case.id, fields=("summary",))],
        )
    kept = []
    for pid in keeps:
        promise = new.promise(pid.strip().lower())
        if promise is None:
            raise UsageError(msg("{case} has no promise {pid!r}", case=case.id, pid=pid))
        if promise.kept_at is None:
            promise.kept_at = who.at
        kept.append(promise.id)
    uid = next_item_id("u", (u.id for u in new.updates))
    new.updates.append(
        build(Update, id=uid, at=who.at, by=who.by, channel=channel, summary=summary, keeps=kept)
    )
    _add_promises(new, who, promises)
    log_event(new, who, f"update {uid} sent", summary)
    return new


def resolve(
    case: Case, who: Who, *, summary: str, confirmed_by: str | None, force: bool, reason: str | None
) -> Case:
    new = changed_copy(case, N_("resolve"), who)
    if lifecycle.is_resolved(case):
        raise StepRefused(
            msg("{case} is resolved already ({at})", case=case.id, at=case.resolution.at)
        )
    forced = lifecycle.require("resolve", case, force=force, reason=reason)
    new.resolution = new.resolution.model_copy(
        update={"at": who.at, "by": who.by, "summary": summary, "confirmed_by": confirmed_by}
    )
    _forced(new, who, "resolve", forced, reason)
    log_event(new, who, "resolved", summary)
    return new


def repair(
    case: Case,
    who: Who,
    *,
    apology: str | None,
    apology_ref: str | None,
    compensation: Sequence[str],
    follow_up_due: datetime | None,
    config: Config,
    force: bool,
    reason: str | None,
) -> Case:
    """The relationship repaired; the follow-up visit is due ``follow_up_due``, else as it was
    set before, else by the rule (``sla.follow_up_due``)."""
    new = changed_copy(case, N_("repair"), who)
    if apology is None and apology_ref is None and not compensation and follow_up_due is None:
        raise UsageError(
            msg(
                "nothing to record: give {apology} written|verbal, {compensation} TEXT "
                "or {follow_up_due} WHEN",
                apology=field("apology"),
                compensation=field("compensation"),
                follow_up_due=field("follow_up_due"),
            )
        )
    forced = lifecycle.require("repair", case, force=force, reason=reason)
    rel = new.relationship
    rel.at, rel.by = who.at, who.by
    if apology is not None:
        rel.apology = build(Apology, kind=apology, ref=apology_ref)
    elif apology_ref is not None:
        raise UsageError(
            msg(
                "{apology_ref} needs {apology} written|verbal",
                apology_ref=field("apology_ref"),
                apology=field("apology"),
            )
        )
    rel.compensation.extend(c for c in compensation if c not in rel.compensation)
    due = follow_up_due or sla.follow_up_due(case, config, since=who.at)
    if due is not None:
        follow = rel.follow_up or FollowUp()
        follow.due = due
        rel.follow_up = follow
    _forced(new, who, "repair", forced, reason)
    log_event(new, who, "repaired", "; ".join(compensation) or None)
    return new


def follow_up(case: Case, who: Who, *, notes: str, config: Config) -> Case:
    new = changed_copy(case, N_("record the follow-up visit of"), who)
    lifecycle.require("follow-up", case)
    follow = new.relationship.follow_up or FollowUp(
        due=sla.follow_up_due(case, config, since=who.at)
    )
    follow.done_at, follow.by, follow.notes = who.at, who.by, notes
    new.relationship.follow_up = follow
    log_event(new, who, "follow-up done", notes)
    return new


def survey(case: Case, who: Who, *, nps: int | None, csat: int | None, comment: str | None) -> Case:
    for name, value, (low, high) in (("nps", nps, NPS_RANGE), ("csat", csat, CSAT_RANGE)):
        if value is not None and not low <= value <= high:
            raise UsageError(
                msg(
                    "{name}: {value} is not a score from {low} to {high}",
                    name=field(name),
                    value=value,
                    low=low,
                    high=high,
                )
            )
    new = changed_copy(case, N_("record a survey of"), who)
    lifecycle.require("survey", case)
    if nps is None and csat is None and not comment:
        raise UsageError(
            msg(
                "nothing to record: give {nps} {nps_range}-{nps_range2}, {csat} "
                "{csat_range}-{csat_range2} or {comment}",
                nps=field("nps"),
                nps_range=NPS_RANGE[0],
                nps_range2=NPS_RANGE[1],
                csat=field("csat"),
                csat_range=CSAT_RANGE[0],
                csat_range2=CSAT_RANGE[1],
                comment=field("comment"),
            )
        )
    sid = next_item_id("s", (s.id for s in new.relationship.surveys))
    new.relationship.surveys.append(
        build(Survey, id=sid, at=who.at, nps=nps, csat=csat, comment=comment)
    )
    scores = ", ".join(f"{k} {v}" for k, v in (("NPS", nps), ("CSAT", csat)) if v is not None)
    log_event(new, who, "survey recorded", scores or None)
    return new


def review(
    case: Case,
    who: Who,
    *,
    lessons: Sequence[str],
    prevention: Sequence[str],
    publish: bool | None,
    tags: Sequence[str],
    force: bool,
    reason: str | None,
) -> Case:
    new = changed_copy(case, N_("review"), who)
    if not (lessons or prevention) and not lifecycle.is_reviewed(case):
        raise UsageError(
            msg(
                "nothing to record: a review needs {lesson} TEXT (what the team "
                "learned) or {prevention} TEXT",
                lesson=field("lesson"),
                prevention=field("prevention"),
            )
        )
    forced = lifecycle.require("review", case, force=force, reason=reason)
    rev = new.review
    rev.at, rev.by = who.at, who.by
    rev.lessons.extend(x for x in lessons if x not in rev.lessons)
    rev.prevention.extend(x for x in prevention if x not in rev.prevention)
    if publish is not None:
        rev.publish = publish
    new.tags.extend(t for t in tags if t not in new.tags)
    _forced(new, who, "review", forced, reason)
    log_event(new, who, "reviewed", "published to the case library" if rev.publish else None)
    return new


def close(case: Case, who: Who, *, force: bool, reason: str | None) -> Case:
    new = changed_copy(case, N_("close"), who)
    forced = lifecycle.require("close", case, force=force, reason=reason)
    new.closed = Closure(at=who.at, by=who.by, reason=reason, forced=forced)
    log_event(new, who, "closed", reason)
    return new


def reopen(case: Case, who: Who, *, reason: str) -> Case:
    if not lifecycle.is_resolved(case) and not lifecycle.is_closed(case):
        raise StepRefused(
            msg("{case} is not resolved or closed: there is nothing to reopen", case=case.id)
        )
    if not reason.strip():
        raise UsageError(msg("{reason} must not be empty", reason=field("reason")))
    lifecycle.require_not_before_received(case, who.at, N_("reopen"))
    new = case.model_copy(deep=True)
    rid = next_item_id("r", (r.id for r in new.reopenings))
    new.reopenings.append(Reopening(id=rid, at=who.at, by=who.by, reason=reason))
    log_event(new, who, "reopened", reason)
    return new
