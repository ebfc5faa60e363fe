"""How a promise to the customer ends: kept, withdrawn (with the reason), or renegotiated to a
new due (the old due kept in history). Pure, like the steps (``core.steps``).

Promises are made in the first response and in updates (``steps.respond``/``steps.update``).
A case does not close while one of them is neither kept nor withdrawn (``lifecycle``).
"""

from __future__ import annotations

from datetime import datetime

from casectl.core import events
from casectl.core.loop.steps import Who, build, changed_copy, log_event
from casectl.core.model import Case, Promise, Renegotiation, Withdrawal
from casectl.errors import StepRefused, UsageError, field, not_found
from casectl.i18n import N_, msg

# One whole sentence a verb, so each language can say it its own way.
_KEPT = {
    "keep": N_("cannot keep promise {promise} of {case}: it was kept at {kept_at}"),
    "withdraw": N_("cannot withdraw promise {promise} of {case}: it was kept at {kept_at}"),
    "renegotiate": N_("cannot renegotiate promise {promise} of {case}: it was kept at {kept_at}"),
}
_WITHDRAWN = {
    "keep": N_("cannot keep promise {promise} of {case}: it was withdrawn at {at}"),
    "withdraw": N_("cannot withdraw promise {promise} of {case}: it was withdrawn at {at}"),
    "renegotiate": N_("cannot renegotiate promise {promise} of {case}: it was withdrawn at {at}"),
}


def _open_promise(case: Case, promise_id: str, doing: str) -> Promise:
    promise = case.promise(promise_id.strip().lower())
    if promise is None:
        known = [p.id for p in case.response.promises] if case.response else []
        raise not_found("promise", promise_id, within=case.id, known=known)
    if promise.kept_at is not None:
        raise StepRefused(
            msg(
                _KEPT[doing],
                promise=promise.id,
                case=case.id,
                kept_at=promise.kept_at.isoformat(),
            )
        )
    if promise.withdrawn is not None:
        raise StepRefused(
            msg(
                _WITHDRAWN[doing],
                promise=promise.id,
                case=case.id,
                at=promise.withdrawn.at.isoformat(),
            )
        )
    return promise


def _reason(reason: str) -> str:
    if not reason.strip():
        raise UsageError(msg("{reason} must not be empty", reason=field("reason")))
    return reason


def keep(case: Case, who: Who, promise_id: str) -> Case:
    """The promise kept now."""
    new = changed_copy(case, N_("keep a promise of"), who)
    promise = _open_promise(new, promise_id, "keep")
    if promise.made_at is not None and who.at < promise.made_at:
        raise UsageError(
            msg("promise {promise} cannot be kept before it was made", promise=promise.id)
        )
    promise.kept_at = who.at
    kept = events.PromiseKeptLate if who.at > promise.due else events.PromiseKept
    log_event(new, who, kept(promise=promise.id), promise.what)
    return new


def withdraw(case: Case, who: Who, promise_id: str, *, reason: str) -> Case:
    """The promise taken back; the reason is what the customer was told."""
    new = changed_copy(case, N_("withdraw a promise of"), who)
    promise = _open_promise(new, promise_id, "withdraw")
    promise.withdrawn = build(Withdrawal, at=who.at, by=who.by, reason=_reason(reason))
    log_event(new, who, events.PromiseWithdrawn(promise=promise.id), reason)
    return new


def renegotiate(case: Case, who: Who, promise_id: str, *, due: datetime, reason: str) -> Case:
    """A new due agreed with the customer; the old one stays in ``renegotiations``, and a due
    that had already passed counts in the report as missed, then renegotiated."""
    new = changed_copy(case, N_("renegotiate a promise of"), who)
    promise = _open_promise(new, promise_id, "renegotiate")
    if due <= who.at:
        raise UsageError(
            msg(
                "the new due {due} must be after now ({at})",
                due=due.isoformat(),
                at=who.at.isoformat(),
            )
        )
    if due == promise.due:
        raise UsageError(
            msg("promise {promise} is already due {due}", promise=promise.id, due=due.isoformat())
        )
    old = promise.due
    promise.renegotiations.append(
        build(Renegotiation, at=who.at, by=who.by, old_due=old, reason=_reason(reason))
    )
    promise.due = due
    late = who.at > old
    said = events.PromiseRenegotiatedLate if late else events.PromiseRenegotiated
    log_event(new, who, said(promise=promise.id), reason)
    return new
