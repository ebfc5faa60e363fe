"""casectl notify: messages reach a real HTTP server and a real SMTP server on 127.0.0.1, once
each across runs; a failing target or a missing secret is one line naming the target, and the
others are still told."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from casebooks import working_hour_targets
from conftest import Cli

LATER = "2026-11-23T16:00:00+08:00"  # the high case's 4 h first response is breached by then
LATER_STILL = "2026-11-23T16:15:00+08:00"


class Hook:
    """A webhook on 127.0.0.1 that keeps what apprise's json:// target posts."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, Any]]] = []
        received = self.posts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers["Content-Length"])
                received.append((self.path, json.loads(self.rfile.read(size))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    yield server
    server.server.shutdown()
    server.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def mailbox() -> Iterator[tuple[int, list[Any]]]:
    from aiosmtpd.controller import Controller

    mails: list[Any] = []

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            mails.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port, mails
    controller.stop()


def configure(targets: dict[str, str], rules: list[dict[str, Any]], extra: str = "") -> None:
    config = Path("casectl.yaml")
    lines = ["notify:", "  timeout: 3", "  targets:"]
    lines += [f"    {name}: {json.dumps(url)}" for name, url in targets.items()]
    lines.append("  rules:")
    lines += [f"  - {json.dumps(rule, ensure_ascii=False)}" for rule in rules]
    text = config.read_text(encoding="utf-8") + "\n".join(lines) + "\n" + extra
    config.write_text(text, encoding="utf-8")


def at(when: str) -> dict[str, str]:
    return {"CASECTL_NOW": when}


@pytest.fixture(autouse=True)
def _working_hour_targets(casebook: Path) -> None:
    """These tests were written for a first response within 4 working hours (high)."""
    working_hour_targets(casebook)


@pytest.fixture
def breached(record: Callable[..., str]) -> str:
    return record()


def test_a_breach_is_told_once_across_scheduled_runs(run: Cli, hook: Hook, breached: str) -> None:
    configure({"team": hook.url()}, [{"events": ["breach"], "to": ["team"]}])
    first = run("notify", env=at(LATER))
    assert first.exit_code == 0, first
    assert len(hook.posts) == 1
    path, body = hook.posts[0]
    assert path == "/hook"
    assert body["title"] == f"[casectl] SLA breached: {breached}"
    message = body["message"]
    assert f"**{breached} (high) 华东精密制造有限公司: 月末报表导出超时**" in message
    assert "first response: working " in message and " over (due 2026-11-23 " in message
    assert "owner: li.wei" in message and f"casectl show {breached}" in message
    again = run("notify", env=at(LATER_STILL))
    assert again.exit_code == 0, again
    assert len(hook.posts) == 1  # the same breach is not told again
    assert again.stderr.strip() == "notify: nothing became due since 2026-11-23 16:00"
    assert Path(".casectl/notify-state.json").is_file()


def test_a_first_run_tells_only_the_last_day(run: Cli, hook: Hook, breached: str) -> None:
    configure({"team": hook.url()}, [{"events": ["breach"], "to": ["team"]}])
    assert run("notify", env=at("2026-11-30T16:00:00+08:00")).exit_code == 0
    assert hook.posts == []  # breached a week ago: old news for a first run
    assert run("notify", "--since", "2026-11-23T10:00", env=at(LATER)).exit_code == 0
    assert len(hook.posts) == 1


def test_a_failing_target_is_named_and_the_others_are_still_told(
    run: Cli, hook: Hook, breached: str
) -> None:
    down = f"json://127.0.0.1:{free_port()}/secret-token-123"
    configure({"down": down, "team": hook.url()}, [{"events": ["breach"], "to": ["down", "team"]}])
    result = run("notify", env=at(LATER))
    assert result.exit_code == 1
    assert len(hook.posts) == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("casectl: error: notify target down: ") for line in lines), lines
    assert "secret-token-123" not in result.stderr and "127.0.0.1" not in result.stderr
    retry = run("notify", env=at(LATER_STILL))  # the down target is tried again, team is not
    assert retry.exit_code == 1 and len(hook.posts) == 1


def test_a_missing_secret_is_named_never_its_url(run: Cli, hook: Hook, breached: str) -> None:
    url = f"json://127.0.0.1:{hook.port}/${{HOOK_TOKEN}}"
    configure({"team": url}, [{"events": ["breach"], "to": ["team"]}])
    result = run("notify", env={**at(LATER), "HOOK_TOKEN": ""})
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "casectl: error: notify target team: the environment variable HOOK_TOKEN is not set"
    )
    assert hook.posts == []
    told = run("notify", env={**at(LATER), "HOOK_TOKEN": "t0k3n"})
    assert told.exit_code == 0, told
    assert [p for p, _ in hook.posts] == ["/t0k3n"]
    state = Path(".casectl/notify-state.json").read_text(encoding="utf-8")
    assert "t0k3n" not in state and "t0k3n" not in Path("casectl.yaml").read_text()


def test_dry_run_prints_what_would_be_sent_and_sends_nothing(
    run: Cli, hook: Hook, breached: str
) -> None:
    configure({"team": hook.url()}, [{"events": ["breach"], "to": ["team"]}])
    result = run("notify", "--dry-run", env=at(LATER))
    assert result.exit_code == 0, result
    lines = result.stdout.splitlines()
    assert lines[0] == f"→ team (webhook): [casectl] SLA breached: {breached}"
    assert lines[1] == f"  **{breached} (high) 华东精密制造有限公司: 月末报表导出超时**"
    assert lines[-1] == f"  look: `casectl show {breached}`"
    assert hook.posts == [] and not Path(".casectl/notify-state.json").exists()
    assert run("notify", env=at(LATER)).exit_code == 0
    assert len(hook.posts) == 1  # the dry run did not count as telling


def test_mail_reaches_an_smtp_server(
    run: Cli, mailbox: tuple[int, list[Any]], breached: str
) -> None:
    port, mails = mailbox
    url = f"mailto://127.0.0.1:{port}?from=casectl@example.com&to=lead@example.com&mode=insecure"
    configure({"lead": url}, [{"events": ["breach"], "to": ["lead"], "priorities": ["high"]}])
    result = run("notify", env=at(LATER))
    assert result.exit_code == 0, result
    (mail,) = mails
    assert mail.rcpt_tos == ["lead@example.com"]
    parsed = message_from_bytes(mail.content)
    assert str(make_header(decode_header(parsed["Subject"]))) == (
        f"[casectl] SLA breached: {breached}"
    )
    text = next(
        part.get_payload(decode=True).decode("utf-8")
        for part in parsed.walk()
        if part.get_content_type() == "text/plain"
    )
    assert "华东精密制造有限公司" in text and f"look: casectl show {breached}" in text


def test_priorities_filter_and_the_owners_handle_is_mentioned(
    run: Cli, hook: Hook, breached: str
) -> None:
    people = "people:\n- id: li.wei\n  handles: {webhook: LiWei}\n"
    configure(
        {"urgent-only": hook.url("urgent"), "all": hook.url("all")},
        [
            {"events": ["breach"], "to": ["urgent-only"], "priorities": ["urgent"]},
            {"events": ["breach", "warning"], "to": ["all"]},
        ],
        extra=people,
    )
    assert run("notify", env=at(LATER)).exit_code == 0
    assert [p for p, _ in hook.posts] == ["/all"]
    assert "owner: li.wei @LiWei" in hook.posts[0][1]["message"]


def test_escalate_notify_tells_at_once_and_the_next_run_not_again(
    run: Cli, hook: Hook, record: Callable[..., str]
) -> None:
    cid = record(at="2026-11-23T09:50:00+08:00")
    configure({"lead": hook.url()}, [{"events": ["escalation", "new-urgent"], "to": ["lead"]}])
    result = run("escalate", cid, "--to", "王芳", "--reason", "客户要求 **总监** 回电", "--notify")
    assert result.exit_code == 0, result
    (post,) = hook.posts
    assert post[1]["title"] == f"[casectl] Escalated: {cid}"
    assert "to 王芳: 客户要求 \\*\\*总监\\*\\* 回电" in post[1]["message"]  # markup escaped
    assert run("notify", env=at("2026-11-23T10:15:00+08:00")).exit_code == 0
    assert len(hook.posts) == 1


def test_a_new_urgent_complaint_is_told(run: Cli, hook: Hook, casebook: Path) -> None:
    configure({"lead": hook.url()}, [{"events": ["new-urgent"], "to": ["lead"]}])
    cid = run(
        "record", "--customer", "Acme\x1b[2J", "--title", "Line down <b>now</b>",
        "--category", "technical", "--priority", "urgent", "--at", "2026-11-23T09:55:00+08:00",
    ).stdout.strip()  # fmt: skip
    assert run("notify").exit_code == 0
    (post,) = hook.posts
    assert post[1]["title"] == f"[casectl] New urgent complaint: {cid}"
    assert "Acme\\\\x1b\\[2J: Line down \\<b\\>now\\</b\\>" in post[1]["message"]


def test_overdue_notify_is_the_one_job_setup(run: Cli, hook: Hook, breached: str) -> None:
    configure({"team": hook.url()}, [{"events": ["breach"], "to": ["team"]}])
    result = run("overdue", "--notify", "--format", "json", env=at(LATER))
    assert result.exit_code == 1  # breached: the gate fails, as without --notify
    assert result.json()["counts"]["breached"] == 1
    assert len(hook.posts) == 1


@pytest.mark.parametrize(
    ("section", "needle"),
    [
        ('notify:\n  targets: {a: "json://x"}\n  rules:\n  - {events: [breach], to: [b]}\n', "b"),
        ('notify:\n  targets: {a: "json://x"}\n  rules:\n  - {events: [fire], to: [a]}\n', "fire"),
    ],
)
def test_a_bad_notify_section_is_one_line(
    run: Cli, casebook: Path, section: str, needle: str
) -> None:
    config = Path("casectl.yaml")
    config.write_text(config.read_text(encoding="utf-8") + section, encoding="utf-8")
    result = run("notify")
    assert result.exit_code == 3, result
    assert len(result.stderr.strip().splitlines()) == 1 and needle in result.stderr


def test_without_a_notify_section_notify_says_where_to_read(run: Cli, casebook: Path) -> None:
    result = run("notify")
    assert result.exit_code == 2
    assert "casectl.yaml has no notify: section" in result.stderr


def test_the_ci_schedule_examples_run(run: Cli, hook: Hook, breached: str) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples" / "ci"
    lines = [
        line.strip().removeprefix("- ").removeprefix("run: ")
        for name in ("notify-github-actions.yml", "notify-gitlab-ci.yml")
        for line in (examples / name).read_text(encoding="utf-8").splitlines()
        if line.strip().removeprefix("- ").removeprefix("run: ").startswith("casectl ")
    ]
    assert lines == ["casectl notify", "casectl notify"]
    configure({"team": hook.url()}, [{"events": ["breach"], "to": ["team"]}])
    for line in lines:
        assert run(*line.split()[1:], env=at(LATER)).exit_code == 0
    assert len(hook.posts) == 1


def test_a_breach_older_than_the_window_is_not_told_even_if_the_case_changed(
    run: Cli, hook: Hook, record: Callable[..., str]
) -> None:
    old = record(at="2026-11-20T09:15:00+08:00")  # first response breached on 11-20
    touched = record(title="另一个问题", at="2026-11-20T09:20:00+08:00")
    assert run("note", touched, "客户又来电", "--at", "2026-11-23T09:00+08:00").exit_code == 0
    new = record(title="新的问题", at="2026-11-23T09:15:00+08:00")
    configure({"team": hook.url()}, [{"events": ["breach"], "to": ["team"]}])
    assert run("notify", "--since", "2026-11-23T08:00", env=at(LATER)).exit_code == 0
    told = [body["title"] for _, body in hook.posts]
    assert told == [f"[casectl] SLA breached: {new}"], (old, told)


def test_a_target_that_never_answers_is_given_up_after_the_timeout(
    run: Cli, hook: Hook, breached: str
) -> None:
    import time

    silent = socket.socket()  # listens, never answers: the connection hangs on the read
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    try:
        port = silent.getsockname()[1]
        configure(
            {"silent": f"json://127.0.0.1:{port}/hook", "team": hook.url()},
            [{"events": ["breach"], "to": ["silent", "team"]}],
        )
        config = Path("casectl.yaml")
        config.write_text(
            config.read_text(encoding="utf-8").replace("timeout: 3", "timeout: 1"), "utf-8"
        )
        started = time.monotonic()
        result = run("notify", env=at(LATER))
        took = time.monotonic() - started
    finally:
        silent.close()
    assert result.exit_code == 1
    assert "casectl: error: notify target silent: " in result.stderr
    assert len(hook.posts) == 1  # the other target was told
    assert took < 8, took  # bounded: connect 1 s + read 1 s, with apprise's retries


def test_a_crowded_run_names_every_event_in_its_last_message(
    run: Cli, hook: Hook, casebook: Path
) -> None:
    configure({"lead": hook.url()}, [{"events": ["new-urgent"], "to": ["lead"]}])
    ids = [
        run(
            "record", "--customer", f"客户{n:02d}", "--title", f"停线 {n}", "--category",
            "technical", "--priority", "urgent", "--at", f"2026-11-23T09:{n:02d}:00+08:00",
        ).stdout.strip()
        for n in range(12)
    ]  # fmt: skip
    assert run("notify").exit_code == 0
    assert len(hook.posts) == 10
    last = hook.posts[-1][1]
    assert last["title"] == "[casectl] 3 more"
    told = {body["title"].rsplit(" ", 1)[-1] for _, body in hook.posts[:9]}
    rest = [i for i in ids if i not in told]
    assert len(rest) == 3
    for case_id in rest:  # every case is named: the first nine alone, the rest in the last
        assert f"- New urgent complaint: {case_id} 停线 " in last["message"]


def test_a_secret_is_read_only_for_a_target_with_something_to_tell(
    run: Cli, hook: Hook, breached: str
) -> None:
    configure(
        {"team": hook.url(), "oncall": "dingtalk://${DINGTALK_TOKEN}"},
        [{"events": ["breach"], "to": ["team"]}, {"events": ["escalation"], "to": ["oncall"]}],
    )
    told = run("notify", env={**at(LATER), "DINGTALK_TOKEN": ""})
    assert told.exit_code == 0, told  # oncall had nothing: its token was never needed
    assert len(hook.posts) == 1 and "DINGTALK_TOKEN" not in told.stderr


def test_a_dry_run_warns_of_a_missing_secret_and_fails_nothing(
    run: Cli, hook: Hook, breached: str
) -> None:
    url = f"json://127.0.0.1:{hook.port}/${{HOOK_TOKEN}}"
    configure({"team": url}, [{"events": ["breach"], "to": ["team"]}])
    preview = run("notify", "--dry-run", env={**at(LATER), "HOOK_TOKEN": ""})
    assert preview.exit_code == 0, preview
    assert preview.stdout.startswith(f"→ team (webhook): [casectl] SLA breached: {breached}")
    assert "casectl: warning: notify target team: the environment variable HOOK_TOKEN" in (
        preview.stderr
    )
    assert hook.posts == []
