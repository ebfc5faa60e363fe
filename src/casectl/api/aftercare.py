"""The second half of the loop and the steps around it as library calls: repair, follow-up,
survey, review, close, reopen; escalate, wait, resume, note, amend; how a promise ends."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from casectl.api.base import Base, When
from casectl.api.steps import choice, needed
from casectl.i18n import N_, msg

if TYPE_CHECKING:
    from casectl.api.results import StepResult
    from casectl.core.model import Case

AMENDED = {
    "response": N_("response amended"),
    "resolution": N_("resolution amended"),
    "root-cause": N_("root-cause amended"),
}


class Aftercare(Base):
    """repair … reopen."""

    def repair(
        self,
        case_id: str,
        *,
        apology: str | None = None,
        apology_ref: str | None = None,
        compensation: Sequence[str] = (),
        follow_up_due: When = None,
        force: bool = False,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """The relationship repaired: formal apology, compensation, the visit's due."""
        from casectl.core.choices import ApologyKind
        from casectl.core.loop import aftercare

        actor = self.who(at, by)
        kind = choice(apology, ApologyKind, "apology")
        visit = (
            self.when(follow_up_due, base=actor.at, due=True) if follow_up_due is not None else None
        )
        config = self.config
        return self._step(
            case_id,
            lambda c: aftercare.repair(
                c,
                actor,
                apology=kind,
                apology_ref=apology_ref,
                compensation=compensation,
                follow_up_due=visit,
                config=config,
                force=force,
                reason=reason,
            ),
            N_("relationship repair recorded"),
        )

    def follow_up(
        self,
        case_id: str,
        *,
        notes: str,
        force: bool = False,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """The follow-up visit done."""
        from casectl.core.loop import aftercare

        actor = self.who(at, by)
        text = needed(notes, "notes")
        config = self.config
        return self._step(
            case_id,
            lambda c: aftercare.follow_up(
                c, actor, notes=text, config=config, force=force, reason=reason
            ),
            N_("follow-up done"),
        )

    def survey(
        self,
        case_id: str,
        *,
        nps: int | None = None,
        csat: int | None = None,
        comment: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """The customer's satisfaction survey (any time after the resolution)."""
        from casectl.core.loop import aftercare

        actor = self.who(at, by)
        return self._step(
            case_id,
            lambda c: aftercare.survey(c, actor, nps=nps, csat=csat, comment=comment),
            N_("survey recorded"),
        )

    def review(
        self,
        case_id: str,
        *,
        lessons: Sequence[str] = (),
        prevention: Sequence[str] = (),
        publish: bool | None = None,
        tags: Sequence[str] = (),
        force: bool = False,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """Lessons, prevention items, and whether the case goes into the case library."""
        from casectl.core.loop import aftercare

        actor = self.who(at, by)
        return self._step(
            case_id,
            lambda c: aftercare.review(
                c,
                actor,
                lessons=lessons,
                prevention=prevention,
                publish=publish,
                tags=tags,
                force=force,
                reason=reason,
            ),
            N_("reviewed"),
        )

    def close(
        self,
        case_id: str,
        *,
        force: bool = False,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """The case closed (needs the review, the visit, every action ended)."""
        from casectl.core.loop import aftercare

        actor = self.who(at, by)
        return self._step(
            case_id, lambda c: aftercare.close(c, actor, force=force, reason=reason), N_("closed")
        )

    def reopen(
        self, case_id: str, *, reason: str, at: When = None, by: str | None = None
    ) -> StepResult:
        """A resolved or closed case reopened, with the reason."""
        from casectl.core.loop import aftercare

        actor = self.who(at, by)
        why = needed(reason, "reason")
        return self._step(case_id, lambda c: aftercare.reopen(c, actor, reason=why), N_("reopened"))

    # --- around the steps -----------------------------------------------------------------

    def escalate(
        self, case_id: str, *, to: str, reason: str, at: When = None, by: str | None = None
    ) -> StepResult:
        """The case escalated to a lead or the customer-success team."""
        from casectl.core.loop import around

        actor = self.who(at, by)
        target, why = needed(to, "to"), needed(reason, "reason")
        return self._step(
            case_id,
            lambda c: around.escalate(c, actor, to=target, reason=why),
            msg("escalated to {to}", to=target),
        )

    def wait(
        self, case_id: str, *, reason: str, at: When = None, by: str | None = None
    ) -> StepResult:
        """The SLA clocks paused: waiting on the customer."""
        from casectl.core.loop import around

        actor = self.who(at, by)
        why = needed(reason, "reason")
        return self._step(
            case_id, lambda c: around.wait(c, actor, reason=why), N_("waiting on customer")
        )

    def resume(self, case_id: str, *, at: When = None, by: str | None = None) -> StepResult:
        """The waiting-on-customer pause ended."""
        from casectl.core.loop import around

        actor = self.who(at, by)
        return self._step(case_id, lambda c: around.resume(c, actor), N_("resumed"))

    def note(
        self, case_id: str, text: str, *, at: When = None, by: str | None = None
    ) -> StepResult:
        """An internal note (not customer-visible); ``item`` is its id."""
        from casectl.core.loop import around

        actor = self.who(at, by)
        body = needed(text, "text")
        return self._step(
            case_id,
            lambda c: around.note(c, actor, text=body),
            N_("note added"),
            lambda case: case.notes[-1].id,
        )

    def amend(
        self,
        case_id: str,
        what: str,
        text: str,
        *,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """A step's text corrected (response, resolution, root-cause, or a note's id); the old
        text is kept in the case."""
        from casectl.core.loop import around

        actor = self.who(at, by)
        body = needed(text, "text")
        return self._step(
            case_id,
            lambda c: around.amend(c, actor, what=what, text=body, reason=reason),
            AMENDED.get(what) or msg("{what} amended", what=what),
        )

    def undo(
        self, case_id: str, *, force: bool = False, at: When = None, by: str | None = None
    ) -> StepResult:
        """The last step recorded on the case taken back, kept in the audit trail (the
        timeline says ``step X retracted``; ``amendments`` keeps what it wrote). Only your own
        last step, unless ``force``."""
        from casectl.core.loop import undo

        actor = self.who(at, by)
        return self._step(
            case_id, lambda c: undo.undo(c, actor, force=force), N_("last step taken back")
        )

    # --- how a promise ends ---------------------------------------------------------------

    def keep_promise(
        self, case_id: str, promise: str, *, at: When = None, by: str | None = None
    ) -> StepResult:
        from casectl.core.loop import promises

        actor = self.who(at, by)
        return self._step(
            case_id,
            lambda c: promises.keep(c, actor, promise),
            msg("promise {promise} kept", promise=promise),
        )

    def withdraw_promise(
        self, case_id: str, promise: str, *, reason: str, at: When = None, by: str | None = None
    ) -> StepResult:
        from casectl.core.loop import promises

        actor = self.who(at, by)
        why = needed(reason, "reason")
        return self._step(
            case_id,
            lambda c: promises.withdraw(c, actor, promise, reason=why),
            msg("promise {promise} withdrawn", promise=promise),
        )

    def renegotiate_promise(
        self,
        case_id: str,
        promise: str,
        *,
        due: When,
        reason: str,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """A promise's due moved with the customer's agreement; the old due is kept."""
        from casectl.core.loop import promises

        actor = self.who(at, by)
        new_due = self.when(due, base=actor.at, due=True)
        why = needed(reason, "reason")
        return self._step(
            case_id,
            lambda c: promises.renegotiate(c, actor, promise, due=new_due, reason=why),
            msg("promise {promise} renegotiated", promise=promise),
        )

    # --- a hand edit ----------------------------------------------------------------------

    def save_edit(self, case_id: str, original: str, edited: str) -> StepResult:
        """A hand-edited case file written once it validates and the file still holds
        ``original`` (else the other change is kept: ``ChangedMeanwhile``); the timeline says
        what the edit changed."""
        from casectl.core.loop import around

        actor = self.who()
        path = self.store.resolve(case_id)[1]

        def say_edited(before: Case, after: Case) -> Case:
            return around.edited(before, after, actor)

        case = self.store.replace_text(path, edited, was=original, then=say_edited)
        return _result(case, self.relative(path), N_("edit saved"))


def _result(case: Case, path: str, done: str) -> StepResult:
    from casectl.api.results import StepResult

    return StepResult(case=case, path=path, done=done)
