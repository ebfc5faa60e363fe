"""What ``casectl notify`` tells, and to whom. Pure: the caller passes the cases, the times and
the environment, and sends.

An event is something that *became true* in a window (``since``, ``now``]: a clock that the
gate flags now and did not flag at ``since`` (``breach``; ``warning``, ``promise-due`` and
``follow-up-due`` for clocks due soon), an escalation recorded in the window, an urgent case
received in it, a customer's contact rhythm running out in it (``contact-due``). A run that
remembers when it last succeeded for a target therefore tells each event once, with no server
and no list of what was sent (docs/notifications.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from casectl.core.clocks.sla import Clock
from casectl.core.config import Config
from casectl.core.customers.rhythm import ContactItem
from casectl.core.model import Case, Escalation
from casectl.core.sections import Notify
from casectl.core.views import gate
from casectl.errors import UsageError


class Source(gate.Source, Protocol):
    """A case as notify reads it: the gate's view, its list row, and the whole case on demand."""

    @property
    def row(self) -> Mapping[str, Any]: ...

    def case(self) -> Case: ...


@dataclass(frozen=True)
class Event:
    kind: str  # one of sections.NOTIFY_EVENTS
    subject: gate.Subject
    owner: str | None
    clock: Clock | None = None  # for breach, warning, promise-due, follow-up-due
    to: str | None = None  # for escalation: whom it went to, and why
    reason: str | None = None
    ref: str | None = None  # the escalation's id

    @property
    def key(self) -> str:
        """Names the event, for a run that told it already (``escalate --notify``)."""
        what = self.clock.name if self.clock else self.ref or ""
        return f"{self.kind}/{self.subject.id}/{what}"


def _flagged_kind(item: gate.Item) -> str:
    if item.level == "breach":
        return "breach"
    return {"promise": "promise-due", "follow_up": "follow-up-due"}.get(item.clock.kind, "warning")


def _flags(items: Iterable[gate.Item]) -> set[tuple[str, str, str, datetime]]:
    return {(i.subject.id, i.clock.name, i.level, i.clock.due) for i in items}


def became_true(
    sources: Sequence[Source], config: Config, since: datetime, now: datetime
) -> list[Event]:
    """Every event that became true after ``since`` and is true at ``now``."""
    events: list[Event] = []
    flagged = gate.overdue(sources, config, now).items
    by_id = {s.subject.id: s for s in sources}
    fresh = [i for i in flagged if not _breached_before(i, by_id[i.subject.id].row, since)]
    if fresh:  # what the gate said at ``since``, measured on the whole cases
        ids = sorted({item.subject.id for item in fresh})
        whole = [c for c in (by_id[i].case() for i in ids) if c.received_at <= since]
        before = _flags(gate.overdue(whole, config, since).items)
        for item in fresh:
            if (item.subject.id, item.clock.name, item.level, item.clock.due) not in before:
                owner = item.clock.owner or by_id[item.subject.id].row.get("owner") or None
                events.append(Event(_flagged_kind(item), item.subject, owner, clock=item.clock))
    for source in sources:
        if not source.open:
            continue
        row = source.row
        owner = row.get("owner") or None
        if row["priority"] == "urgent" and since < _instant(row["_at"]) <= now:
            events.append(Event("new-urgent", source.subject, owner))
        if any(since < _instant(at) <= now for at in row.get("_escalated", ())):
            for x in source.case().escalations:
                if since < x.at <= now:
                    events.append(escalation(source.subject, owner, x))
    return events


def contact_due(items: Iterable[ContactItem], since: datetime, now: datetime) -> list[Event]:
    """``contact-due``: customers whose contact rhythm ran out in the window (``since``,
    ``now``] — each told once, when its due passes."""
    events = []
    for item in items:
        if item.level == "breach" and since < item.clock.due <= now:
            profile = item.customer.profile
            stem = item.customer.path.rsplit("/", 1)[-1].removesuffix(".yaml")
            subject = gate.Subject(f"customer:{stem}", "contact due", profile.name, "")
            events.append(Event("contact-due", subject, profile.owner, clock=item.clock))
    return events


def _breached_before(item: gate.Item, row: Mapping[str, Any], since: datetime) -> bool:
    """Whether a breach flagged now surely was at ``since`` too: its case has not changed
    since then (so the clock and its due were the same) and is not waiting (a paused clock's
    due moves), and the due had passed. Saves reading most long-breached cases."""
    changed = row.get("_changed")
    return (
        item.level == "breach"
        and item.clock.due <= since
        and not row.get("waiting")
        and changed is not None
        and _instant(changed) <= since
    )


def escalation(subject: gate.Subject, owner: str | None, x: Escalation) -> Event:
    return Event("escalation", subject, owner, to=x.to, reason=x.reason, ref=x.id)


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def routed(events: Iterable[Event], notify: Notify) -> dict[str, list[Event]]:
    """Each target's events, by the rules (an event two rules send to one target goes once)."""
    out: dict[str, list[Event]] = {name: [] for name in notify.targets}
    for event in events:
        for target in dict.fromkeys(
            name
            for rule in notify.rules
            if event.kind in rule.events
            and (rule.priorities is None or event.subject.priority in rule.priorities)
            for name in rule.to
        ):
            out[target].append(event)
    return out


_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class MissingSecret(UsageError):
    """A target's URL names an environment variable that is not set."""


def expand(url: str, env: Mapping[str, str]) -> str:
    """``url`` with each ``${NAME}`` read from ``env``; ``MissingSecret`` names the first one
    missing (never its value, never the URL)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if not env.get(name):
            raise MissingSecret(f"the environment variable {name} is not set")
        return env[name]

    return _VARIABLE.sub(value, url)


SERVICES = {
    "wecombot": "wecom",
    "dingtalk": "dingtalk",
    "feishu": "feishu",
    "lark": "lark",
    "slack": "slack",
    "mailto": "mail",
    "mailtos": "mail",
    "msteams": "teams",
    "tgram": "telegram",
}


def service(url: str) -> str:
    """The service a target's URL speaks (``wecom``, ``mail``…), as people's ``handles`` name
    it; ``webhook`` for the rest."""
    scheme = url.split("://", 1)[0].lower()
    return SERVICES.get(scheme, "webhook")


def handle(config: Config, owner: str | None, service_name: str) -> str | None:
    """The owner's handle on ``service_name`` (``people[].handles``), if known."""
    if owner is None:
        return None
    person = next((p for p in config.people if p.id.casefold() == owner.casefold()), None)
    return person.handles.get(service_name) if person is not None else None
