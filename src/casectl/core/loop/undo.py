"""``undo``: the last step recorded on a case taken back, as ``git revert`` takes back a
commit — nothing is erased. The step's events stay in the timeline, a ``step X retracted``
event is added, and every value the step wrote is moved to ``amendments`` (its JSON, reason
``undo: EVENT``) before it is taken out of the case. Pure.

A step is the events one person recorded at one moment (``investigate`` may log evidence,
findings and the root cause at once). Only the last step not yet retracted can be taken
back, and only by the person who recorded it unless ``force`` (docs/decisions.md). Steps
whose earlier values casectl does not keep (a revised root cause, a renegotiated promise, a
reopening, a hand edit, an import) are refused, naming ``amend`` and ``edit``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from casectl.core import events
from casectl.core.ids import next_item_id
from casectl.core.loop.steps import Who, copied, log_event
from casectl.core.model import Amendment, Case, Event, Resolution, Review
from casectl.errors import StepRefused, UsageError
from casectl.i18n import msg

Taken = list[tuple[str, Any]]  # (where a value sat, the value) for each value a step wrote


def last_step(case: Case) -> list[Event]:
    """The events of the last step not yet retracted (empty when there is none)."""
    retracted = {
        (found.when, found.who)
        for e in case.timeline
        if isinstance(found := events.parse(e.event, e.detail), events.StepRetracted)
    }
    kept = [
        e
        for e in case.timeline
        if not isinstance(events.parse(e.event, e.detail), events.StepRetracted)
        and (e.at.isoformat(), e.by) not in retracted
    ]
    if not kept:
        return []
    last = kept[-1]
    step: list[Event] = []
    for line in reversed(kept):  # one moment's events, but never two steps' heads
        if (line.at, line.by) != (last.at, last.by):
            break
        head = not isinstance(events.parse(line.event, line.detail), _PARTS)
        if head and any(not isinstance(events.parse(e.event, e.detail), _PARTS) for e in step):
            break
        step.insert(0, line)
    return step


# events that go with a step's head rather than make a step of their own
_PARTS = (events.EvidenceAdded, events.FindingAdded, events.CauseClassified, events.Forced)


def undo(case: Case, who: Who, *, force: bool = False) -> Case:
    """``case`` with its last step taken back (see the module)."""
    step = last_step(case)
    if not step:
        raise StepRefused(msg("{case} has no step to take back", case=case.id))
    named = next(
        (e.event for e in reversed(step) if not e.event.startswith("forced ")), step[-1].event
    )
    if step[-1].by != who.by and not force:
        raise StepRefused(
            msg(
                "the last step on {case} ({step}, {at}) is {who}'s: undo takes back only your "
                "own (--force takes back theirs)",
                case=case.id,
                step=named,
                at=step[-1].at.isoformat(),
                who=step[-1].by,
            )
        )
    new = copied(case)
    taken: list[tuple[str, str, Any]] = []
    for line in reversed(step):
        event = events.parse(line.event, line.detail)
        taking = _TAKE.get(type(event)) if event is not None else None
        if event is None or taking is None:
            raise StepRefused(
                msg(
                    "undo cannot take back {step!r} on {case}: correct it with casectl amend "
                    "or casectl edit",
                    step=line.event,
                    case=case.id,
                )
            )
        taken += [(line.event, where, value) for where, value in taking(new, event, line)]
    for event_text, where, value in taken:
        mid = next_item_id("m", (m.id for m in new.amendments))
        old = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        new.amendments.append(
            Amendment(
                id=mid, at=who.at, by=who.by, field=where, old=old, reason=f"undo: {event_text}"
            )
        )
    log_event(
        new,
        who,
        events.StepRetracted(step=named, when=step[-1].at.isoformat(), who=step[-1].by),
    )
    return new


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return (
        value.model_dump(mode="json", exclude_none=True) if hasattr(value, "model_dump") else value
    )


def _pop(items: list[Any], item_id: str, where: str) -> Taken:
    found = next((i for i in items if i.id == item_id), None)
    if found is None:
        raise UsageError(msg("{where} has no {item} to take back", where=where, item=item_id))
    items.remove(found)
    return [(f"{where}[{item_id}]", _dump(found))]


def _clear(owner: Any, where: str, *names: str) -> Taken:
    taken = [(f"{where}.{n}", _dump(getattr(owner, n))) for n in names if getattr(owner, n)]
    for name in names:
        setattr(owner, name, None)
    return taken


def _responded(case: Case, _e: Any, _l: Event) -> Taken:
    taken, case.response = [("response", _dump(case.response))], None
    return taken


def _update(case: Case, e: Any, line: Event) -> Taken:
    update = next((u for u in case.updates if u.id == e.update), None)
    taken = _pop(case.updates, e.update, "updates")
    for kept in update.keeps if update is not None else []:  # kept by this update: open again
        promise = case.promise(kept)
        if promise is not None and promise.kept_at == line.at:
            taken += _clear(promise, f"response.promises[{kept}]", "kept_at")
    promises = case.response.promises if case.response else []
    made = [p for p in promises if p.made_at == line.at]  # promises the update made
    for promise in made:
        taken += _pop(promises, promise.id, "response.promises")
    return taken


def _action(case: Case, action_id: str) -> Any:
    return next(a for a in case.actions if a.id == action_id)


def _promise(case: Case, promise_id: str) -> Any:
    return case.promise(promise_id)


def _last(items: list[Any], where: str) -> Taken:
    if not items:
        return []
    found = items.pop()
    return [(f"{where}[{getattr(found, 'id', len(items))}]", _dump(found))]


def _investigated(case: Case, line: Event) -> Taken:
    """The root cause, and the cause's categories given with it: those a separate, earlier
    ``cause classified`` set stay."""
    names = ["root_cause", "root_cause_at"]
    earlier = case.timeline[: case.timeline.index(line)] if line in case.timeline else []
    if not any(
        isinstance(events.parse(e.event, e.detail), events.CauseClassified) for e in earlier
    ):
        names += ["cause", "attribution", "factor"]
    return _clear(case.investigation, "investigation", *names)


def _repaired(case: Case, _e: Any, _l: Event) -> Taken:
    rel = case.relationship
    taken = _clear(rel, "relationship", "at", "by", "apology")
    if rel.compensation:
        taken.append(("relationship.compensation", list(rel.compensation)))
        rel.compensation = []
    if rel.follow_up is not None and rel.follow_up.done_at is None:
        taken.append(("relationship.follow_up", _dump(rel.follow_up)))
        rel.follow_up = None
    return taken


def _resolved(case: Case, _e: Any, _l: Event) -> Taken:
    taken, case.resolution = [("resolution", _dump(case.resolution))], Resolution()
    return taken


def _reviewed(case: Case, _e: Any, _l: Event) -> Taken:
    taken, case.review = [("review", _dump(case.review))], Review()
    return taken


def _closed(case: Case, _e: Any, _l: Event) -> Taken:
    taken, case.closed = [("closed", _dump(case.closed))], None
    return taken


def _follow_up(case: Case, _e: Any, _l: Event) -> Taken:
    visit = case.relationship.follow_up
    return (
        [] if visit is None else _clear(visit, "relationship.follow_up", "done_at", "by", "notes")
    )


_TAKE: dict[type[events.Event], Callable[[Case, Any, Event], Taken]] = {
    events.Responded: _responded,
    events.EvidenceAdded: lambda c, e, _l: _pop(c.investigation.evidence, e.evidence,
                                                "investigation.evidence"),
    events.FindingAdded: lambda c, e, _l: _pop(c.investigation.findings, e.finding,
                                               "investigation.findings"),
    events.Investigated: lambda c, _e, line: _investigated(c, line),
    events.CauseClassified: lambda c, _e, _l: _clear(c.investigation, "investigation",
                                                     "cause", "attribution", "factor"),
    events.ActionAdded: lambda c, e, _l: _pop(c.actions, e.action, "actions"),
    events.ActionDone: lambda c, e, _l: _clear(_action(c, e.action), f"actions[{e.action}]",
                                               "done_at", "verification"),
    events.ActionCancelled: lambda c, e, _l: _clear(_action(c, e.action), f"actions[{e.action}]",
                                                    "cancelled_at", "cancel_reason"),
    events.UpdateSent: _update,
    events.PromiseKept: lambda c, e, _l: _clear(_promise(c, e.promise),
                                                f"response.promises[{e.promise}]", "kept_at"),
    events.PromiseKeptLate: lambda c, e, _l: _clear(_promise(c, e.promise),
                                                    f"response.promises[{e.promise}]", "kept_at"),
    events.NoteAdded: lambda c, e, _l: _pop(c.notes, e.note, "notes"),
    events.Escalated: lambda c, _e, _l: _last(c.escalations, "escalations"),
    events.Waiting: lambda c, _e, _l: _last(c.pauses, "pauses"),
    events.Resumed: lambda c, _e, _l: _clear(c.pauses[-1], f"pauses[{c.pauses[-1].id}]", "end"),
    events.Resolved: _resolved,
    events.Repaired: _repaired,
    events.FollowUpDone: _follow_up,
    events.SurveyRecorded: lambda c, _e, _l: _last(c.relationship.surveys, "relationship.surveys"),
    events.Reviewed: _reviewed,
    events.Closed: _closed,
    events.Forced: lambda _c, _e, _l: [],  # goes with the step it let through
}  # fmt: skip
