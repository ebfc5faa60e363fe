"""The library's notifications (``casectl.api.notify``), called directly: what a run sent to
each target, or why not, returned rather than printed; a preview sends nothing and keeps no
state. The messages reach a real HTTP server on 127.0.0.1 (tests/test_notify.py's)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from casebooks import working_hour_targets
from casectl import Casebook
from casectl.api import teamwork
from casectl.errors import UsageError
from test_notify import Hook

LATER = "2026-11-23T16:00:00+08:00"  # the high case's 4 working hours are over by then


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A casebook with a high case recorded at 09:15, first response due in 4 working hours."""
    made = teamwork.init(tmp_path / "book").path
    working_hour_targets(made)
    Casebook(made, user="li.wei").record(
        customer="华东精密", title="月末报表导出超时", category="technical", priority="high",
        at="2026-11-23T09:15:00+08:00",
    )  # fmt: skip
    return made


def targets(root: Path, **urls: str) -> None:
    lines = ["notify:", "  timeout: 3", "  targets:"]
    lines += [f'    {name}: "{url}"' for name, url in urls.items()]
    lines += ["  rules:", f"  - {{events: [breach, escalation], to: [{', '.join(urls)}]}}"]
    config = root / "casectl.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\n".join(lines) + "\n", "utf-8")


def test_a_run_returns_what_it_sent_and_the_next_run_is_quiet(root: Path, hook: Hook) -> None:
    targets(root, team=hook.url())
    told = Casebook(root, now=LATER).notify()
    (team,) = told.targets
    assert (team.name, team.service, team.sent, team.problem) == ("team", "webhook", 1, None)
    assert team.messages[0].title.startswith("[casectl] SLA breached: C-")
    assert not told.failed and not told.quiet and len(hook.posts) == 1
    again = Casebook(root, now="2026-11-23T16:15:00+08:00").notify()
    assert again.quiet and again.since is not None and f"{again.since:%H:%M}" == "16:00"
    assert len(hook.posts) == 1 and (root / ".casectl" / "notify-state.json").is_file()


def test_a_preview_sends_nothing_and_a_missing_secret_fails_nothing(
    root: Path, hook: Hook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HOOK_TOKEN", raising=False)
    targets(root, team=hook.url(), secret=f"json://127.0.0.1:{hook.port}/${{HOOK_TOKEN}}")
    preview = Casebook(root, now=LATER).notify(dry_run=True)
    parts = {t.name: t for t in preview.targets}
    assert parts["team"].messages and parts["team"].sent == 0 and parts["team"].problem is None
    assert parts["secret"].problem == "the environment variable HOOK_TOKEN is not set"
    assert not parts["secret"].tried and not preview.failed
    assert hook.posts == [] and not (root / ".casectl" / "notify-state.json").exists()
    told = Casebook(root, now=LATER).notify()
    assert told.failed and len(hook.posts) == 1  # team told; the secret's target not


def test_an_escalation_is_told_at_once_and_not_again(root: Path, hook: Hook) -> None:
    targets(root, team=hook.url())
    book = Casebook(root, now="2026-11-23T09:30:00+08:00")
    case = book.list_cases().rows[0]["id"]
    escalated = book.escalate(case, to="wang.fang", reason="客户要求")
    told = book.notify_escalation(escalated.case)
    assert told.since is None and told.targets[0].sent == 1
    assert hook.posts[0][1]["title"] == f"[casectl] Escalated: {case}"
    assert Casebook(root, now="2026-11-23T09:45:00+08:00").notify().quiet


def test_without_a_notify_section_nothing_is_sent(root: Path) -> None:
    with pytest.raises(UsageError, match="no notify: section"):
        Casebook(root).notify()
