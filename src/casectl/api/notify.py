"""Notifications as library calls: what became due since each target's last run, sent to the
team's chat groups and mailboxes (``notify``, ``overdue --notify``), and an escalation told
at once (``escalate --notify``). docs/notifications.md.

Each target has a window: from its last run that told it everything (kept in a small state
file), else the last day. What became true in it — breaches, clocks due soon, escalations,
new urgent complaints, customers due a contact — goes to the targets the rules route it to,
at most ``MOST`` messages a target a run (the rest named in the last one). The library sends
and returns what was sent and what failed; it prints nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.api.base import Base, When
from casectl.errors import UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.core.config import Config
    from casectl.core.model import Case
    from casectl.core.sections import Notify as Settings
    from casectl.core.teamwork.notify import Event
    from casectl.errors import CorruptFileError
    from casectl.render.notify import Message
    from casectl.storage.notify import State, TargetState

FIRST_WINDOW = timedelta(hours=24)  # a target's first run tells what became true in the last day
MOST = 10  # messages to one target in one run; more are summed up in one last message
STATE_FILE = "notify-state.json"


@dataclass
class TargetTold:
    """One target's part of a run: its messages (sent, or with ``dry_run`` to be sent), how
    many went, and why not all did (``tried``: a send failed; else its address could not be
    made, as when its secret is not set)."""

    name: str
    service: str  # wecom, dingtalk, slack, mail, webhook …
    messages: list[Message] = field(default_factory=list)
    sent: int = 0
    problem: str | None = None
    tried: bool = False


@dataclass
class Told:
    """A run of notifications: each target's part, whether it was only a preview, and where
    the earliest window began (None for an escalation told at once)."""

    targets: list[TargetTold] = field(default_factory=list)
    dry_run: bool = False
    since: datetime | None = None
    skipped: list[CorruptFileError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """A target could not be told (a preview fails nothing)."""
        return not self.dry_run and any(t.problem is not None for t in self.targets)

    @property
    def quiet(self) -> bool:
        """Nothing became due for any target."""
        return not any(t.messages for t in self.targets)


class Notify(Base):
    """notify, escalate --notify."""

    def notify(
        self,
        *,
        since: When = None,
        dry_run: bool = False,
        state: str | os.PathLike[str] | None = None,
    ) -> Told:
        """Tell every target what became true since its last run (``since``: since then
        instead); ``dry_run`` sends nothing and keeps no state. ``state`` is the file that
        remembers each target's last run (default: .casectl/notify-state.json)."""
        from casectl.storage.notify import save_state

        settings = self._settings()
        now = self.now()
        kept = self._state(state)
        given = self.when(since) if since else None
        windows = {
            name: given or kept.of(name).last_success or now - FIRST_WINDOW
            for name in settings.targets
        }
        events, unread = self._became_true(windows, kept, now, settings)
        told = self._deliver(events, kept, now, dry_run=dry_run, complete=True)
        told.skipped = unread
        if windows:
            told.since = min(windows.values()).astimezone(self.config.tz)
        if not dry_run:
            save_state(kept)
        return told

    def notify_escalation(self, case: Case) -> Told:
        """``case``'s newest escalation told now to the targets whose rules take escalations;
        the next ``notify`` run does not tell it again."""
        from casectl.core.teamwork.notify import escalation, routed
        from casectl.core.views.gate import Subject
        from casectl.storage.notify import save_state

        settings = self._settings()
        kept = self._state(None)
        event = escalation(Subject.of(case), case.owner, case.escalations[-1])
        told = self._deliver(
            routed([event], settings), kept, self.now(), dry_run=False, complete=False
        )
        save_state(kept)
        return told

    def _settings(self) -> Settings:
        settings = self.config.notify
        if settings is None:
            raise UsageError(
                msg(
                    "casectl.yaml has no notify: section with targets and rules "
                    "(docs/notifications.md)"
                )
            )
        return settings

    def _state(self, path: str | os.PathLike[str] | None) -> State:
        from casectl.storage.notify import load_state
        from casectl.storage.store import LOCAL_DIR

        return load_state(Path(path) if path else self.root / LOCAL_DIR / STATE_FILE)

    def _became_true(
        self, windows: dict[str, datetime], kept: State, now: datetime, settings: Settings
    ) -> tuple[dict[str, list[Event]], list[CorruptFileError]]:
        """Each target's events of its window not told ahead; the case files and profiles that
        could not be read (told)."""
        from casectl.core.customers import rhythm
        from casectl.core.teamwork.notify import became_true, contact_due, routed
        from casectl.storage import profiles

        scan = self.store.entries("settled")
        self.skipped(scan.problems)
        known = self.profiles()
        customers = profiles.rhythm_customers(self.store, known, scan.entries)
        contacts = rhythm.due(customers, self.config, now)[1]
        events: dict[str, list[Event]] = {}
        for start in sorted(set(windows.values())):
            happened = became_true(scan.entries, self.config, start, now)
            happened += contact_due(contacts, start, now)
            found = routed(happened, settings)
            for name, start_of in windows.items():
                if start_of == start:
                    told = kept.of(name).sent
                    events[name] = [e for e in found[name] if e.key not in told]
        return events, [*scan.problems, *known.problems]

    def _deliver(
        self,
        events: dict[str, list[Event]],
        kept: State,
        now: datetime,
        *,
        dry_run: bool,
        complete: bool,
    ) -> Told:
        """Send each target its events; ``complete``: these are all the events of its window,
        so a target told them all has its next window start at ``now``."""
        told = Told(dry_run=dry_run)
        for name, found in events.items():
            part = self._deliver_to(name, found, kept.of(name), now, dry_run=dry_run)
            told.targets.append(part)
            if complete and part.problem is None and (part.sent or not part.messages):
                _told_all(kept.of(name), now)
        return told

    def _deliver_to(
        self, name: str, found: list[Event], kept: TargetState, now: datetime, *, dry_run: bool
    ) -> TargetTold:
        """One target's messages, sent (each event marked told as it goes) unless ``dry_run``;
        a target with nothing to tell needs no address, and its secret is not read."""
        from casectl.core.teamwork.notify import MissingSecret, expand, service
        from casectl.storage.notify import environment, send

        settings = self._settings()
        url = settings.targets[name].url
        part = TargetTold(name, service(url))
        part.messages = _messages(found, self.config, part.service)
        if not part.messages:
            return part
        try:
            address = expand(url, environment())
        except MissingSecret as exc:
            part.problem = exc.message
            return part
        if dry_run:
            return part
        part.tried = True
        for event, message in zip(found, part.messages, strict=False):
            problem = send(
                address,
                message.title,
                message.body,
                markdown=message.markdown,
                timeout=settings.timeout,
            )
            if problem is not None:
                part.problem = problem
                break
            kept.sent[event.key] = now
            part.sent += 1
        return part


def _messages(found: list[Event], config: Config, service: str) -> list[Message]:
    """Each event as ``service`` shows it, at most ``MOST``: the last of a crowded run names
    the rest."""
    from casectl.render.notify import message, summary

    messages = [message(e, config, service) for e in found]
    if len(messages) > MOST:
        messages = [*messages[: MOST - 1], summary(found[MOST - 1 :], service)]
    return messages


def _told_all(target: TargetState, now: datetime) -> None:
    """The target was told everything of its window: the next run starts at ``now``."""
    target.last_success = now
    target.sent = {k: at for k, at in target.sent.items() if at > now}
