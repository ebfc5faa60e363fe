"""Stages, what each step requires, and the derived stage of a case. Pure.

The stage is never stored: it is read off the case's content, so a hand-edited file cannot hold
a stage that disagrees with its data. A reopening sets the clock back: resolution, repair, review
and closure recorded before the last reopening no longer count.
"""

from __future__ import annotations

from datetime import datetime

from casectl.core.model import Case, Horizon, Stage
from casectl.errors import Remedy, StepRefused, UsageError, field
from casectl.i18n import Msg, joined, msg


def last_reopened(case: Case) -> datetime | None:
    return max((r.at for r in case.reopenings), default=None)


def _counts(at: datetime | None, since: datetime | None) -> bool:
    return at is not None and (since is None or at > since)


def is_resolved(case: Case) -> bool:
    return _counts(case.resolution.at, last_reopened(case))


def is_repaired(case: Case) -> bool:
    return _counts(case.relationship.at, last_reopened(case))


def is_reviewed(case: Case) -> bool:
    return _counts(case.review.at, last_reopened(case))


def is_closed(case: Case) -> bool:
    return case.closed is not None and _counts(case.closed.at, last_reopened(case))


def stage(case: Case) -> Stage:
    """The furthest step the case's content shows as done."""
    if is_closed(case):
        return Stage.closed
    if is_reviewed(case):
        return Stage.reviewed
    if is_repaired(case):
        return Stage.repaired
    if is_resolved(case):
        return Stage.resolved
    if case.investigation.root_cause:
        return Stage.investigated
    if case.response is not None:
        return Stage.responded
    return Stage.recorded


def is_open(case: Case) -> bool:
    return not is_closed(case)


def is_waiting(case: Case) -> bool:
    return any(p.end is None for p in case.pauses)


def open_actions(case: Case, horizon: Horizon | None = None) -> list[str]:
    return [a.id for a in case.actions if a.is_open and (horizon is None or a.horizon is horizon)]


def open_promises(case: Case) -> list[str]:
    """Promises neither kept (by ``promise keep`` or an update that ``keeps`` it) nor withdrawn."""
    kept = {pid for u in case.updates for pid in u.keeps}
    promises = case.response.promises if case.response else []
    return [
        p.id for p in promises if p.kept_at is None and p.withdrawn is None and p.id not in kept
    ]


def follow_up_done(case: Case) -> bool:
    follow = case.relationship.follow_up
    return follow is not None and follow.done_at is not None


def missing_for(step: str, case: Case) -> list[tuple[Msg, Remedy]]:
    """What ``step`` still needs, each as (what is missing, the step that supplies it)."""
    cid = case.id
    missing: list[tuple[Msg, Remedy]] = []
    if step == "investigated" and case.response is None:
        missing.append((msg("no first response yet"), Remedy("respond", cid, fields=("summary",))))
    elif step == "resolve":
        waiting = next((p for p in case.pauses if p.end is None), None)
        if waiting is not None:
            missing.append(
                (
                    msg(
                        "it is waiting on the customer since {since} ({reason})",
                        since=waiting.start.isoformat(),
                        reason=waiting.reason,
                    ),
                    Remedy("resume", cid),
                )
            )
        if not case.investigation.root_cause:
            missing.append(
                (msg("no root cause yet"), Remedy("investigate", cid, fields=("root_cause",)))
            )
        for action_id in open_actions(case, Horizon.short):
            missing.append(
                (
                    msg("short-horizon action {action} is still open", action=action_id),
                    Remedy("action done", cid, (action_id,)),
                )
            )
    elif step in ("repair", "review", "follow-up", "survey") and not is_resolved(case):
        missing.append(
            (msg("the case is not resolved yet"), Remedy("resolve", cid, fields=("summary",)))
        )
    elif step == "close":
        if not is_reviewed(case):
            missing.append((msg("no review yet"), Remedy("review", cid, fields=("lesson",))))
        if not follow_up_done(case):
            missing.append(
                (
                    msg("the follow-up visit is not done"),
                    Remedy("follow-up", cid, fields=("notes",)),
                )
            )
        for action_id in open_actions(case):
            missing.append(
                (
                    msg("action {action} is still open", action=action_id),
                    Remedy("action done", cid, (action_id,)),
                )
            )
        for promise_id in open_promises(case):
            missing.append(
                (
                    msg("promise {promise} is neither kept nor withdrawn", promise=promise_id),
                    Remedy("promise keep", cid, (promise_id,)),
                )
            )
    return missing


def require(step: str, case: Case, *, force: bool = False, reason: str | None = None) -> bool:
    """Refuse ``step`` (exit 2) unless its requirements are met or it is forced with a reason.

    Returns True when the step goes ahead only because it was forced.
    """
    if force and not (reason and reason.strip()):
        raise UsageError(
            msg(
                "{force} needs {reason} TEXT: the timeline records why a step was skipped",
                force=field("force"),
                reason=field("reason"),
            )
        )
    missing = missing_for(step, case)
    if not missing:
        return False
    if force:
        return True
    what = joined(m for m, _ in missing)
    if step == "investigated":  # a stage, not a command: a sentence of its own
        refused = msg("cannot record the root cause of {case}: {what}", case=case.id, what=what)
    else:
        refused = msg("cannot {step} {case}: {what}", step=step, case=case.id, what=what)
    raise StepRefused(
        refused,
        remedies=[r for _, r in missing],
        can_force=True,
    )


def require_open(case: Case, doing: str) -> None:
    if is_closed(case):
        raise StepRefused(
            msg(
                "cannot {doing} {case}: it is closed; reopen it first",
                doing=Msg(doing),
                case=case.id,
            ),
            remedies=[Remedy("reopen", case.id, fields=("reason",))],
        )


def require_not_before_received(case: Case, at: datetime, what: str) -> None:
    if at < case.received_at:
        raise UsageError(
            msg(
                "cannot {what} {case} at {at}: that is before it was received ({received_at})",
                what=Msg(what),
                case=case.id,
                at=at.isoformat(),
                received_at=case.received_at.isoformat(),
            )
        )


NEXT = {
    Stage.recorded: ("respond", ("summary",)),
    Stage.responded: ("investigate", ("root_cause",)),
    Stage.investigated: ("resolve", ("summary",)),
    Stage.resolved: ("repair", ("compensation",)),
    Stage.repaired: ("review", ("lesson",)),
}


def next_step(case: Case) -> Remedy | None:
    """The step the loop asks for next (None once the case is closed)."""
    current = stage(case)
    if current in NEXT:
        command, fields = NEXT[current]
        return Remedy(command, case.id, fields=fields)
    if current is Stage.reviewed:
        missing = missing_for("close", case)
        return missing[0][1] if missing else Remedy("close", case.id)
    return None
