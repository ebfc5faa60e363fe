"""The first half of the loop as library calls: record, respond, investigate, actions,
updates, resolve. Each takes plain values (a WHEN may be a ``datetime`` or text such as
``+48h``; a choice its code or its words), runs the core's step under the case's lock and
returns a ``StepResult``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from casectl.api.base import Base, When
from casectl.errors import UsageError
from casectl.i18n import N_, msg

if TYPE_CHECKING:
    from enum import StrEnum

    from casectl.api.results import StepResult
    from casectl.core.model import Case

Promised = Sequence[tuple[str, When]]  # (what was promised, when it is due)


def choice(value: str | None, enum: type[StrEnum], name: str) -> str | None:
    """A choice's code, given as the code or one of its words (a usage error naming them)."""
    from casectl.core.choices import read

    return None if value is None else read(value, enum, name).value


def needed(value: str | None, name: str) -> str:
    """A value the step cannot do without."""
    from casectl.errors import field

    if value is None or not value.strip():
        raise UsageError(msg("{name} must not be empty", name=field(name)))
    return value


class Steps(Base):
    """record … resolve."""

    def record(
        self,
        *,
        customer: str,
        title: str,
        category: str,
        priority: str,
        channel: str | None = None,
        contact: str | None = None,
        description: str | None = None,
        impact: str | None = None,
        remedy: str | None = None,
        owner: str | None = None,
        tags: Sequence[str] = (),
        people: Sequence[str] = (),
        received_at: When = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """Record a new complaint. A customer named by a profile's alias or prefix is stored by
        the profile's name, a key person named as contact by their line; an open case of the
        same customer with a look-alike title is told as a notice."""
        from casectl.api.results import StepResult
        from casectl.core import ids
        from casectl.core.choices import Category, Channel, Priority
        from casectl.core.loop import steps

        actor = self.who(at, by)
        received = self.when(received_at, base=actor.at) if received_at else actor.at
        named, contact, people = self._customer_for_record(customer, contact, list(people))
        fields = {
            "customer": named,
            "title": needed(title, "title"),
            "contact": contact,
            "description": description,
            "category": choice(category, Category, "category"),
            "priority": choice(priority, Priority, "priority"),
            "channel": choice(channel or "other", Channel, "channel"),
            "impact": impact,
            "remedy_sought": remedy,
            "owner": owner or actor.by,
            "tags": list(dict.fromkeys(tags)),
            "people": people,
            "received_at": received,
        }
        for other, other_title in self.store.look_alikes(named, str(fields["title"])):
            self.warn(
                msg(
                    "an open case of this customer looks alike: {case} {title!r}",
                    case=other,
                    title=other_title,
                )
            )
        tz = self.config.tz
        case, path = self.store.create(
            lambda taken: steps.record(ids.mint(received.astimezone(tz), taken), actor, **fields)
        )
        return StepResult(case=case, path=self.relative(path), done=N_("recorded"))

    def _customer_for_record(
        self, typed: str, contact: str | None, people: list[str]
    ) -> tuple[str, str | None, list[str]]:
        """The customer, contact and people a new case names: an alias or prefix of a profiled
        customer becomes its name; a key person's name (or its start) becomes the person with
        role and how to reach them. A customer with no profile is kept as typed (in a casebook
        with profiles, a notice says how to add one)."""
        import shlex

        from casectl.core.customers import profile as rules
        from casectl.core.names import without_invisible

        found = self.profiles()
        chosen = found.find(needed(typed, "customer"))
        if chosen is None:
            if found.all:
                command = f"casectl customer add {shlex.quote(without_invisible(typed))}"
                self.info(
                    msg(
                        "hint: {typed!r} has no customer profile; add one with: {command}",
                        typed=typed,
                        command=command,
                    )
                )
            return typed, contact, people
        if chosen.name != typed:
            self.info(msg("customer: {name}", name=chosen.name))
        if contact is not None:
            person = rules.pick_person(chosen, contact)
            contact = rules.person_line(person) if person else contact
        lines = [rules.person_line(p) if (p := rules.pick_person(chosen, x)) else x for x in people]
        return chosen.name, contact, lines

    def _promises(self, promises: Promised, base: datetime) -> list[tuple[str, datetime]]:
        return [
            (needed(what, "promise"), self.when(due, base=base, due=True)) for what, due in promises
        ]

    def respond(
        self,
        case_id: str,
        *,
        summary: str,
        channel: str | None = None,
        apology: bool = False,
        promises: Promised = (),
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """The first response to the customer, with the promises made in it."""
        from casectl.core.choices import Channel
        from casectl.core.loop import steps

        actor = self.who(at, by)
        made = self._promises(promises, actor.at)
        chan = choice(channel, Channel, "channel")
        text = needed(summary, "summary")
        result = self._step(
            case_id,
            lambda c: steps.respond(
                c, actor, summary=text, channel=chan, apology=apology, promises=made
            ),
            N_("responded"),
        )
        self.plain_words(text, msg("the response"))
        return result

    def investigate(
        self,
        case_id: str,
        *,
        evidence: Sequence[tuple[str, str, str | None]] = (),
        findings: Sequence[str] = (),
        root_cause: str | None = None,
        cause: str | None = None,
        attribution: str | None = None,
        factor: str | None = None,
        force: bool = False,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """Evidence (kind, reference, note), findings and the root cause."""
        from casectl.core.choices import Attribution, Cause, Factor
        from casectl.core.loop import steps

        actor = self.who(at, by)
        values = {
            "cause": choice(cause, Cause, "cause"),
            "attribution": choice(attribution, Attribution, "attribution"),
            "factor": choice(factor, Factor, "factor"),
        }
        return self._step(
            case_id,
            lambda c: steps.investigate(
                c,
                actor,
                evidence=evidence,
                findings=findings,
                root_cause=root_cause,
                force=force,
                reason=reason,
                **values,
            ),
            N_("investigation recorded"),
        )

    def add_action(
        self,
        case_id: str,
        what: str,
        *,
        horizon: str = "short",
        owner: str | None = None,
        due: When = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """An action on one of three horizons; ``item`` is its id."""
        from casectl.core.choices import Horizon
        from casectl.core.loop import steps

        actor = self.who(at, by)
        level = choice(horizon, Horizon, "horizon") or "short"
        due_at = self.when(due, base=actor.at, due=True) if due is not None else None
        added: list[str] = []

        def change(case: Case) -> Case:
            new, aid = steps.add_action(
                case, actor, what=what, horizon=level, owner=owner or actor.by, due=due_at
            )
            added.append(aid)
            return new

        return self._step(case_id, change, N_("action added"), lambda _case: added[0])

    def finish_action(
        self,
        case_id: str,
        action: str,
        *,
        verification: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """An action done, with how it was verified."""
        from casectl.core.loop import steps

        actor = self.who(at, by)
        return self._step(
            case_id,
            lambda c: steps.finish_action(c, actor, action, verification=verification),
            msg("action {action} done", action=action),
        )

    def cancel_action(
        self, case_id: str, action: str, *, reason: str, at: When = None, by: str | None = None
    ) -> StepResult:
        """An action cancelled, with the reason."""
        from casectl.core.loop import steps

        actor = self.who(at, by)
        why = needed(reason, "reason")
        return self._step(
            case_id,
            lambda c: steps.cancel_action(c, actor, action, reason=why),
            msg("action {action} cancelled", action=action),
        )

    def update(
        self,
        case_id: str,
        *,
        summary: str,
        channel: str | None = None,
        keeps: Sequence[str] = (),
        promises: Promised = (),
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """A progress update sent to the customer (it may keep promises and make new ones)."""
        from casectl.core.choices import Channel
        from casectl.core.loop import steps

        actor = self.who(at, by)
        made = self._promises(promises, actor.at)
        text = needed(summary, "summary")
        chan = choice(channel, Channel, "channel")
        result = self._step(
            case_id,
            lambda c: steps.update(
                c, actor, summary=text, channel=chan, keeps=keeps, promises=made
            ),
            N_("update recorded"),
        )
        self.plain_words(text, msg("the update"))
        return result

    def resolve(
        self,
        case_id: str,
        *,
        summary: str,
        confirmed_by: str | None = None,
        force: bool = False,
        reason: str | None = None,
        at: When = None,
        by: str | None = None,
    ) -> StepResult:
        """The case resolved (needs a root cause; open short-horizon actions block it)."""
        from casectl.core.loop import steps

        actor = self.who(at, by)
        text = needed(summary, "summary")
        result = self._step(
            case_id,
            lambda c: steps.resolve(
                c, actor, summary=text, confirmed_by=confirmed_by, force=force, reason=reason
            ),
            N_("resolved"),
        )
        self.plain_words(text, msg("the resolution summary"))  # the closure letter says it
        return result
