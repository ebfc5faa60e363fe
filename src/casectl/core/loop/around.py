"""The side steps any open case takes — escalate, wait and resume, note — and ``amend``, which
corrects a step's text. Pure, like the steps of the loop (``core.steps``)."""

from __future__ import annotations

from typing import Any

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


def edited(before: Case, after: Case, who: Who) -> Case:
    """A hand edit (``edit``) said in the record: every field it changed is kept in
    ``amendments`` with its old value (a step's text as ``amend`` keeps it; other values as
    their JSON), reason ``edit``, and the timeline names the top-level fields it changed."""
    new = after.model_copy(deep=True)
    was, is_ = before.model_dump(mode="json"), after.model_dump(mode="json")
    for where, old in changes(was, is_):
        mid = next_item_id("m", (m.id for m in new.amendments), who.pick)
        new.amendments.append(
            Amendment(id=mid, at=who.at, by=who.by, field=where, old=old, reason="edit")
        )
    fields = [k for k in is_ if k not in _NOT_EDITS and is_[k] != was.get(k)]
    if fields:
        log_event(new, who, events.EditedByHand(changed=tuple(fields)))
    return new


_NOT_EDITS = ("timeline", "amendments")


def changes(was: Any, is_: Any, where: str = "") -> list[tuple[str, str]]:
    """Each field that differs between two JSON values of a case, as ``(path, old value)``:
    ``priority``, ``response.summary``, ``actions[a1].due``; items of a list matched by their
    id (a list without ids is one value). The old value as text: a string as it was, anything
    else as JSON, an absent one as ``""``."""
    if isinstance(was, dict) and isinstance(is_, dict):
        found = []
        for key in [*was, *(k for k in is_ if k not in was)]:
            if not where and key in _NOT_EDITS:
                continue
            path = f"{where}.{key}" if where else key
            found += changes(was.get(key), is_.get(key), path)
        return found
    if _by_id(was) and _by_id(is_):
        olds, news = {i["id"]: i for i in was}, {i["id"]: i for i in is_}
        return [
            change
            for item in [*olds, *(i for i in news if i not in olds)]
            for change in changes(olds.get(item), news.get(item), f"{where}[{item}]")
        ]
    if was == is_:
        return []
    return [(where, _as_text(was))]


def _by_id(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(i, dict) and "id" in i for i in value)


def _as_text(value: Any) -> str:
    import json

    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def customer_renamed(case: Case, who: Who, *, to: str) -> Case:
    """The case's customer named as its profile names it (``customer merge``), said in the
    timeline. Closed cases too: a merge is bookkeeping, not a step of the loop."""
    new = case.model_copy(deep=True)
    old = new.customer.name
    new.customer = new.customer.model_copy(update={"name": to})
    log_event(new, who, events.CustomerRenamed(old=old, new=to, why=events.MERGE))
    return new
