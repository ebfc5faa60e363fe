"""How a promise to the customer ends: kept, withdrawn (with the reason), or renegotiated to a
new due (the old due kept in history). Pure, like the steps (``core.steps``).

Promises are made in the first response and in updates (``steps.respond``/``steps.update``).
A case does not close while one of them is neither kept nor withdrawn (``lifecycle``).
"""

from __future__ import annotations

from datetime import datetime

from casectl.core.model import Case, Promise, Renegotiation, Withdrawal
from casectl.core.steps import Who, build, changed_copy, log_event
from casectl.errors import StepRefused, UsageError, field


def _open_promise(case: Case, promise_id: str, doing: str) -> Promise:
    promise = case.promise(promise_id.strip().lower())
    if promise is None:
        promises = case.response.promises if case.response else []
        known = ", ".join(p.id for p in promises) or "none"
        raise UsageError(f"{case.id} has no promise {promise_id!r} (promises: {known})")
    if promise.kept_at is not None:
        raise StepRefused(
            f"cannot {doing} promise {promise.id} of {case.id}: it was kept at "
            f"{promise.kept_at.isoformat()}"
        )
    if promise.withdrawn is not None:
        raise StepRefused(
            f"cannot {doing} promise {promise.id} of {case.id}: it was withdrawn at "
            f"{promise.withdrawn.at.isoformat()}"
        )
    return promise


def _reason(reason: str) -> str:
    if not reason.strip():
        raise UsageError(f"{field('reason')} must not be empty")
    return reason


def keep(case: Case, who: Who, promise_id: str) -> Case:
    """The promise kept now."""
    new = changed_copy(case, "keep a promise of", who)
    promise = _open_promise(new, promise_id, "keep")
    if promise.made_at is not None and who.at < promise.made_at:
        raise UsageError(f"promise {promise.id} cannot be kept before it was made")
    promise.kept_at = who.at
    late = " (late)" if who.at > promise.due else ""
    log_event(new, who, f"promise {promise.id} kept{late}", promise.what)
    return new


def withdraw(case: Case, who: Who, promise_id: str, *, reason: str) -> Case:
    """The promise taken back; the reason is what the customer was told."""
    new = changed_copy(case, "withdraw a promise of", who)
    promise = _open_promise(new, promise_id, "withdraw")
    promise.withdrawn = build(Withdrawal, at=who.at, by=who.by, reason=_reason(reason))
    log_event(new, who, f"promise {promise.id} withdrawn", reason)
    return new


def renegotiate(case: Case, who: Who, promise_id: str, *, due: datetime, reason: str) -> Case:
    """A new due agreed with the customer; the old one stays in ``renegotiations``, and a due
    that had already passed counts in the report as missed, then renegotiated."""
    new = changed_copy(case, "renegotiate a promise of", who)
    promise = _open_promise(new, promise_id, "renegotiate")
    if due <= who.at:
        raise UsageError(f"the new due {due.isoformat()} must be after now ({who.at.isoformat()})")
    if due == promise.due:
        raise UsageError(f"promise {promise.id} is already due {due.isoformat()}")
    old = promise.due
    promise.renegotiations.append(
        build(Renegotiation, at=who.at, by=who.by, old_due=old, reason=_reason(reason))
    )
    promise.due = due
    missed = " after it was missed" if who.at > old else ""
    log_event(new, who, f"promise {promise.id} renegotiated{missed}", reason)
    return new
