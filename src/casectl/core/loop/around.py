"""The side steps any open case takes — escalate, wait and resume, note — and ``amend``, which
corrects a step's text. Pure, like the steps of the loop (``core.steps``)."""

from __future__ import annotations

from casectl.core import events, lifecycle
from casectl.core.ids import find_item, next_item_id
from casectl.core.loop.steps import Who, build, changed_copy, log_event
from casectl.core.model import Amendment, Case, Escalation, Note, Pause
from casectl.errors import StepRefused, UsageError, not_found
from casectl.i18n import N_, msg


def escalate(case: Case, who: Who, *, to: str, reason: str) -> Case:
    new = changed_copy(case, N_("escalate"), who)
    xid = next_item_id("x", (x.id for x in new.escalations), who.pick)
    new.escalations.append(build(Escalation, id=xid, at=who.at, by=who.by, to=to, reason=reason))
    log_event(new, who, events.Escalated(to=to), reason)
    return new


def wait(case: Case, who: Who, *, reason: str) -> Case:
    new = changed_copy(case, N_("pause"), who)
    if lifecycle.is_waiting(case):
        raise StepRefused(
            msg("{case} is already waiting on the customer; resume it first", case=case.id)
        )
    wid = next_item_id("w", (p.id for p in new.pauses), who.pick)
    new.pauses.append(build(Pause, id=wid, start=who.at, reason=reason, by=who.by))
    log_event(new, who, events.Waiting(), reason)
    return new


def resume(case: Case, who: Who) -> Case:
    new = changed_copy(case, N_("resume"), who)
    pause = next((p for p in new.pauses if p.end is None), None)
    if pause is None:
        raise StepRefused(msg("{case} is not waiting on the customer", case=case.id))
    if who.at < pause.start:
        raise UsageError(msg("the pause cannot end before it started"))
    pause.end = who.at
    log_event(new, who, events.Resumed())
    return new


def note(case: Case, who: Who, *, text: str) -> Case:
    new = changed_copy(case, N_("add a note to"), who)
    nid = next_item_id("n", (n.id for n in new.notes), who.pick)
    new.notes.append(build(Note, id=nid, at=who.at, by=who.by, text=text))
    log_event(new, who, events.NoteAdded(note=nid))
    return new


AMENDABLE = ("response", "resolution", "root-cause")  # or a note's id: n1, n2, …


def amend(case: Case, who: Who, *, what: str, text: str, reason: str | None) -> Case:
    """Correct a step's text — the response's or resolution's summary, the root cause, a note —
    keeping the old text whole in ``amendments`` and saying so in the timeline. Unlike a
    reopening, it changes no stage and counts in no statistics."""
    new = changed_copy(case, N_("amend"), who)
    if not text.strip():
        raise UsageError(msg("the new text must not be empty"))
    target = what.strip().lower()
    old: str | None
    said: events.Event | None = None  # a note's; a step's text is ``Amended(where)``
    if target == "response":
        if new.response is None:
            raise StepRefused(msg("{case} has no response to amend", case=case.id))
        where, old = "response.summary", new.response.summary
        new.response.summary = text
    elif target == "resolution":
        if new.resolution.at is None:
            raise StepRefused(msg("{case} has no resolution to amend", case=case.id))
        where, old = "resolution.summary", new.resolution.summary
        new.resolution.summary = text
    elif target == "root-cause":
        if not new.investigation.root_cause:
            raise StepRefused(msg("{case} has no root cause to amend", case=case.id))
        where, old = "investigation.root_cause", new.investigation.root_cause
        new.investigation.root_cause = text
    else:
        found = find_item(target, new.notes, "n")
        if found is None:
            known = [*AMENDABLE, *(n.id for n in new.notes)]
            raise not_found("text to amend", what, within=case.id, known=known)
        where, old = f"notes[{found.id}].text", found.text
        found.text = text
        said = events.NoteAmended(note=found.id)
    if (old or "") == text:
        raise UsageError(msg("{where} already says that: nothing to amend", where=where))
    mid = next_item_id("m", (m.id for m in new.amendments), who.pick)
    new.amendments.append(
        build(Amendment, id=mid, at=who.at, by=who.by, field=where, old=old or "", reason=reason)
    )
    log_event(new, who, said or events.Amended(where=where), reason)
    return new


def _step_texts(case: Case) -> dict[str, str]:
    """The texts ``amend`` corrects, by where they sit."""
    texts = {
        "response.summary": case.response.summary if case.response else None,
        "resolution.summary": case.resolution.summary,
        "investigation.root_cause": case.investigation.root_cause,
        **{f"notes[{n.id}].text": n.text for n in case.notes},
    }
    return {where: text for where, text in texts.items() if text}


def edited(before: Case, after: Case, who: Who) -> Case:
    """A hand edit (``edit``) said in the record: a step's text it changed is kept in
    ``amendments`` as ``amend`` keeps it, and the timeline names the fields it changed."""
    new = after.model_copy(deep=True)
    now = _step_texts(after)
    for where, old in _step_texts(before).items():
        if now.get(where, old) != old:
            mid = next_item_id("m", (m.id for m in new.amendments), who.pick)
            new.amendments.append(
                Amendment(id=mid, at=who.at, by=who.by, field=where, old=old, reason="edit")
            )
    was, is_ = before.model_dump(mode="json"), after.model_dump(mode="json")
    fields = [k for k in is_ if k not in ("timeline", "amendments") and is_[k] != was.get(k)]
    if fields:
        log_event(new, who, events.EditedByHand(changed=tuple(fields)))
    return new


def customer_renamed(case: Case, who: Who, *, to: str) -> Case:
    """The case's customer named as its profile names it (``customer merge``), said in the
    timeline. Closed cases too: a merge is bookkeeping, not a step of the loop."""
    new = case.model_copy(deep=True)
    old = new.customer.name
    new.customer = new.customer.model_copy(update={"name": to})
    log_event(new, who, events.CustomerRenamed(old=old, new=to, why=events.MERGE))
    return new
