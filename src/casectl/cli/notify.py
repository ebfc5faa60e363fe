"""``casectl notify``: tell the team's chat groups and mailboxes what became due since the last
run (and ``escalate --notify``, ``overdue --notify``). docs/notifications.md."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from casectl.cli import context, output
from casectl.i18n import _, msg, text

if TYPE_CHECKING:
    from casectl.core.config import Config
    from casectl.core.sections import Notify
    from casectl.core.teamwork.notify import Event
    from casectl.storage.notify import State

FIRST_WINDOW = timedelta(hours=24)  # a target's first run tells what became true in the last day
MOST = 10  # messages to one target in one run; more are summed up in one last message
STATE_FILE = "notify-state.json"


def notify(
    since: Annotated[
        str | None,
        typer.Option(
            help="Tell what became true after WHEN (default: each target's last successful "
            "run, else the last 24 hours).",
            metavar="WHEN",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would be sent; send nothing.")
    ] = False,
    state: Annotated[
        str | None,
        typer.Option(
            help="The state file that remembers each target's last run (default: "
            ".casectl/notify-state.json; keep it in the CI cache).",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    """Send what is due now to the notify targets of casectl.yaml: breaches, clocks due soon,
    escalations, new urgent complaints, customers due a contact. Exit 1 when a target could
    not be told."""
    failed = run_notify(since=since, dry_run=dry_run, state_path=state)
    raise typer.Exit(1 if failed else 0)


def _settings() -> Notify:
    from casectl.errors import UsageError

    settings = context.book().config.notify
    if settings is None:
        raise UsageError(
            msg(
                "casectl.yaml has no notify: section with targets and rules (docs/notifications.md)"
            )
        )
    return settings


def _state(path: str | None) -> State:
    from casectl.storage.notify import load_state
    from casectl.storage.store import LOCAL_DIR

    book = context.book()
    return load_state(Path(path) if path else book.root / LOCAL_DIR / STATE_FILE)


def run_notify(*, since: str | None, dry_run: bool, state_path: str | None) -> bool:
    """Tell every target what became true since its last run; True when a send failed."""
    from casectl.core.customers import rhythm
    from casectl.core.teamwork.notify import became_true, contact_due, routed
    from casectl.storage import profiles

    settings = _settings()
    book = context.book()
    now = context.now()
    state = _state(state_path)
    given = context.when(since) if since else None
    windows: dict[str, datetime] = {}
    for name in settings.targets:
        last = state.of(name).last_success
        windows[name] = given or last or now - FIRST_WINDOW
    sources = book.entries("settled").entries
    _due_soon, contacts = rhythm.due(
        profiles.rhythm_customers(book, entries=sources), book.config, now
    )
    events: dict[str, list[Event]] = {}
    for start in sorted(set(windows.values())):
        happened = became_true(sources, book.config, start, now)
        happened += contact_due(contacts, start, now)
        found = routed(happened, settings)
        for name, start_of in windows.items():
            if start_of == start:
                told = state.of(name).sent
                events[name] = [e for e in found[name] if e.key not in told]
    failed = tell(events, book.config, state, now, dry_run=dry_run, complete=True)
    if not any(events.values()):  # a scheduled job's log says it ran, and over which window
        start = min(windows.values()).astimezone(book.config.tz)
        said = _("notify: nothing became due since {since}")
        output.info(said.format(since=f"{start:%Y-%m-%d %H:%M}"))
    if not dry_run:
        from casectl.storage.notify import save_state

        save_state(state)
    return failed


def tell(
    events: dict[str, list[Event]],
    config: Config,
    state: State,
    now: datetime,
    *,
    dry_run: bool,
    complete: bool,
) -> bool:
    """Send each target its events; ``complete``: these are all the events of its window, so
    a target told them all has its last run moved to ``now``. True when a send failed."""
    from casectl.core.teamwork.notify import MissingSecret, expand, service
    from casectl.render.notify import message, summary
    from casectl.storage.notify import environment, send

    assert config.notify is not None
    failed = False
    for name, found in events.items():
        url = config.notify.targets[name].url
        kind = service(url)
        messages = [message(e, config, kind) for e in found]
        if len(messages) > MOST:
            messages = [*messages[: MOST - 1], summary(found[MOST - 1 :], kind)]
        if dry_run:
            for m in messages:
                output.echo(f"→ {name} ({kind}): {m.title}\n")
                output.echo("".join(f"  {line}\n" for line in m.body.splitlines()))
        if not messages:  # nothing for it: its secret is not needed, nor read
            if complete:
                _told_all(state, name, now)
            continue
        try:
            address = expand(url, environment())
        except MissingSecret as exc:
            said = _("notify target {name}: {problem}").format(name=name, problem=text(exc))
            if dry_run:  # a preview: it says the send would fail, and fails nothing
                output.warn(said)
                continue
            failed = True
            output.error(said)
            continue
        if dry_run:
            continue
        sent = 0
        problem = None
        for event, m in zip(found, messages, strict=False):
            problem = send(
                address, m.title, m.body, markdown=m.markdown, timeout=config.notify.timeout
            )
            if problem is not None:
                break
            state.of(name).sent[event.key] = now
            sent += 1
        if problem is not None:
            failed = True
            said = _("notify target {name}: {problem} ({sent} of {total} sent)")
            output.error(
                said.format(name=name, problem=text(problem), sent=sent, total=len(messages))
            )
            continue
        said = _("notify: {count} message(s) sent to {name}")
        output.info(said.format(count=len(messages), name=name))
        if complete:
            _told_all(state, name, now)
    return failed


def _told_all(state: State, name: str, now: datetime) -> None:
    """The target was told everything of its window: the next run starts at ``now``."""
    target = state.of(name)
    target.last_success = now
    target.sent = {k: at for k, at in target.sent.items() if at > now}


def tell_escalation(case: Any) -> bool:
    """``escalate --notify``: the case's newest escalation, told now to the targets whose rules
    take escalations; the next ``notify`` run does not tell it again. True when a send failed."""
    from casectl.core.teamwork.notify import escalation, routed
    from casectl.core.views.gate import Subject
    from casectl.storage.notify import save_state

    settings = _settings()
    config = context.book().config
    state = _state(None)
    event = escalation(Subject.of(case), case.owner, case.escalations[-1])
    failed = tell(
        routed([event], settings), config, state, context.now(), dry_run=False, complete=False
    )
    save_state(state)
    return failed
