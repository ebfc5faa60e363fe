"""The second half of the loop as pure functions: repair the relationship, the follow-up
visit, surveys, the review, close and reopen. Each takes a case and returns the changed copy,
like the first half (``core.steps``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from casectl.core import events, lifecycle
from casectl.core.clocks import sla
from casectl.core.config import Config
from casectl.core.ids import next_item_id
from casectl.core.loop.steps import Who, build, changed_copy, copied, forced_note, log_event
from casectl.core.model import (
    CSAT_RANGE,
    NPS_RANGE,
    Apology,
    Case,
    Closure,
    FollowUp,
    Reopening,
    Survey,
)
from casectl.errors import StepRefused, UsageError, field
from casectl.i18n import N_, msg


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
    forced_note(new, who, "repair", forced, reason)
    log_event(new, who, events.Repaired(), "; ".join(compensation) or None)
    return new


def follow_up(
    case: Case,
    who: Who,
    *,
    notes: str,
    config: Config,
    force: bool = False,
    reason: str | None = None,
) -> Case:
    """The follow-up visit done. It is meant to show how things stand a while after the fix:
    before ``follow_up_tolerance`` ahead of its due it is refused unless forced with a reason
    (and the report counts it as early)."""
    new = changed_copy(case, N_("record the follow-up visit of"), who)
    forced = lifecycle.require("follow-up", case, force=force, reason=reason)
    due = sla.follow_up_due(case, config, since=who.at)
    earliest = sla.follow_up_earliest(case, config, since=who.at)
    if earliest is not None and due is not None and who.at < earliest:
        if not force:
            raise StepRefused(
                msg(
                    "cannot record the follow-up visit of {case} yet: it is due {due}, and "
                    "a visit before {earliest} is too early to show how things stand "
                    "(follow_up_tolerance: {follow_up_tolerance})",
                    case=case.id,
                    due=due.isoformat(timespec="minutes"),
                    earliest=earliest.isoformat(timespec="minutes"),
                    follow_up_tolerance=config.follow_up_tolerance,
                ),
                can_force=True,
            )
        forced = True
    follow = new.relationship.follow_up or FollowUp(due=due)
    follow.done_at, follow.by, follow.notes = who.at, who.by, notes
    new.relationship.follow_up = follow
    forced_note(new, who, "follow-up", forced, reason)
    log_event(new, who, events.FollowUpDone(), notes)
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
    sid = next_item_id("s", (s.id for s in new.relationship.surveys), who.pick)
    new.relationship.surveys.append(
        build(Survey, id=sid, at=who.at, nps=nps, csat=csat, comment=comment)
    )
    log_event(new, who, events.SurveyRecorded(nps=nps, csat=csat))
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
    forced_note(new, who, "review", forced, reason)
    log_event(new, who, events.Reviewed(published=bool(rev.publish)))
    return new


def close(case: Case, who: Who, *, force: bool, reason: str | None) -> Case:
    new = changed_copy(case, N_("close"), who)
    forced = lifecycle.require("close", case, force=force, reason=reason)
    new.closed = Closure(at=who.at, by=who.by, reason=reason, forced=forced)
    log_event(new, who, events.Closed(), reason)
    return new


def reopen(case: Case, who: Who, *, reason: str) -> Case:
    if not lifecycle.is_resolved(case) and not lifecycle.is_closed(case):
        raise StepRefused(
            msg("{case} is not resolved or closed: there is nothing to reopen", case=case.id)
        )
    if not reason.strip():
        raise UsageError(msg("{reason} must not be empty", reason=field("reason")))
    lifecycle.require_not_before_received(case, who.at, N_("reopen"))
    new = copied(case)
    rid = next_item_id("r", (r.id for r in new.reopenings), who.pick)
    new.reopenings.append(Reopening(id=rid, at=who.at, by=who.by, reason=reason))
    log_event(new, who, events.Reopened(), reason)
    return new
