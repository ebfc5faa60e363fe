"""Sending notifications (through apprise, which speaks WeCom, DingTalk, Feishu/Lark, Slack,
Teams, webhooks and mail) and the small state file that remembers, per target, when a run last
told it everything: the next run tells what became true since (docs/notifications.md)."""

from __future__ import annotations

import json
import logging
import os
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from casectl.errors import CasebookError
from casectl.i18n import msg
from casectl.storage.files import atomic_write

STATE_VERSION = 1


@dataclass
class TargetState:
    last_success: datetime | None = None
    sent: dict[str, datetime] = field(default_factory=dict)  # told ahead (escalate --notify)


@dataclass
class State:
    path: Path
    targets: dict[str, TargetState] = field(default_factory=dict)

    def of(self, name: str) -> TargetState:
        return self.targets.setdefault(name, TargetState())


def load_state(path: Path) -> State:
    """The state file, or an empty state when there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return State(path)
    except OSError as exc:
        raise CasebookError(
            msg(
                "{path}: cannot read the notify state: {strerror}", path=path, strerror=exc.strerror
            )
        ) from None
    try:
        data = json.loads(text)
        targets = {
            name: TargetState(
                _time(entry.get("last_success")),
                {key: _need(_time(at)) for key, at in entry.get("sent", {}).items()},
            )
            for name, entry in data["targets"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CasebookError(
            msg(
                "{path}: not a notify state file; remove it (the next run then tells "
                "the last 24 hours)",
                path=path,
            )
        ) from None
    return State(path, targets)


def _time(text: Any) -> datetime | None:
    """A time the state file holds: ISO 8601 with its offset (ValueError otherwise: a time
    without one cannot be compared with the clock's)."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    if value.utcoffset() is None:
        raise ValueError("a time without its UTC offset")
    return value


def _need(value: datetime | None) -> datetime:
    if value is None:
        raise ValueError("no time")
    return value


def save_state(state: State) -> None:
    data = {
        "version": STATE_VERSION,
        "targets": {
            name: {
                "last_success": t.last_success.isoformat() if t.last_success else None,
                "sent": {key: at.isoformat() for key, at in sorted(t.sent.items())},
            }
            for name, t in sorted(state.targets.items())
        },
    }
    try:
        atomic_write(state.path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise CasebookError(
            msg(
                "{path}: cannot write the notify state: {strerror}",
                path=state.path,
                strerror=exc.strerror,
            )
        ) from None


def environment() -> Mapping[str, str]:
    """Where targets' ``${NAME}`` secrets come from."""
    return os.environ


def _with_timeouts(url: str, seconds: float) -> str:
    """``url`` with apprise's connect and read timeouts (``cto``, ``rto``) unless it sets them."""
    query = urlsplit(url).query
    extra = [f"{k}={seconds:g}" for k in ("cto", "rto") if f"{k}=" not in query]
    if not extra:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(extra)


def send(url: str, title: str, body: str, *, markdown: bool, timeout: float) -> str | None:
    """Send one message; None when it went, else why not (never the URL: it holds secrets)."""
    with warnings.catch_warnings():  # apprise's plugins import modules Python deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        import apprise

        logging.getLogger("apprise").setLevel(logging.CRITICAL + 1)  # its logs quote URLs
        sender = apprise.Apprise()
        if not sender.add(_with_timeouts(url, timeout)):
            return "not a notification URL casectl can use (see docs/notifications.md)"
    outcome: list[bool] = []
    fmt = apprise.NotifyFormat.MARKDOWN if markdown else apprise.NotifyFormat.TEXT

    def deliver() -> None:
        try:
            outcome.append(bool(sender.notify(title=title, body=body, body_format=fmt)))
        except Exception:  # a plugin that trips is a failed send, never a crash
            outcome.append(False)

    worker = threading.Thread(target=deliver, daemon=True)
    worker.start()
    worker.join(timeout * 2 + 1)  # connect and read, each bounded by ``timeout``
    if worker.is_alive():
        return f"no answer within {timeout:g} s"
    return None if outcome and outcome[0] else "the service refused the message or is down"
