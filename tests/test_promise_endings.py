"""A promise ends kept, withdrawn or renegotiated; a case does not close on a promise that is
still running, nor resolve while it waits on the customer; the follow-up visit is a visit a
while after the fix, not minutes after it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, case_file, item_ids


def ok(run: Cli, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, (args, result)
    return result.stderr


@pytest.fixture
def promised(run: Cli, record: Callable[..., str]) -> str:
    """A case responded to on Mon 11-23 09:30 with two promises: p1 due 11-24 18:00 and p2 due
    11-25 18:00."""
    cid = record()
    ok(
        run,
        "respond",
        cid,
        "--summary",
        "电话致歉",
        "--promise",
        "提供差异清单",
        "--due",
        "2026-11-24T18:00+08:00",
        "--promise",
        "给出根本原因",
        "--due",
        "2026-11-25T18:00+08:00",
        "--at",
        "2026-11-23T09:30+08:00",
    )
    return cid


def promises_of(run: Cli, cid: str) -> dict[str, dict[str, object]]:
    """The case's promises by their ordinals (``p1``, ``p2``), as commands accept them."""
    shown = run("show", cid, "--format", "json").json()
    return {f"p{n}": p for n, p in enumerate(shown["response"]["promises"], 1)}


def ordinals(run: Cli, cid: str, text: str) -> str:
    """``text`` with each promise id of the case written as its ordinal."""
    for n, item_id in enumerate(item_ids(run, cid, "response.promises"), 1):
        text = re.sub(rf"\b{item_id}\b", f"p{n}", text)
    return text


def test_keep_withdraw_and_renegotiate_end_a_promise_and_keep_its_history(
    run: Cli, promised: str
) -> None:
    ok(run, "promise", "keep", promised, "p1", "--at", "2026-11-24T17:00+08:00")
    ok(
        run,
        "promise",
        "renegotiate",
        promised,
        "p2",
        "--due",
        "2026-11-27T18:00+08:00",
        "--reason",
        "客户同意延后,等待日志",
        "--at",
        "2026-11-24T10:00+08:00",
    )
    promises = promises_of(run, promised)
    assert promises["p1"]["kept_at"] == "2026-11-24T17:00:00+08:00"
    assert promises["p2"]["due"] == "2026-11-27T18:00:00+08:00"
    assert promises["p2"]["renegotiations"] == [
        {
            "at": "2026-11-24T10:00:00+08:00",
            "by": "li.wei",
            "old_due": "2026-11-25T18:00:00+08:00",
            "reason": "客户同意延后,等待日志",
        }
    ]
    ok(
        run,
        "promise",
        "withdraw",
        promised,
        "p2",
        "--reason",
        "客户自行排查,不再需要",
        "--at",
        "2026-11-26T10:00+08:00",
    )
    p2 = promises_of(run, promised)["p2"]
    assert p2["withdrawn"] == {
        "at": "2026-11-26T10:00:00+08:00",
        "by": "li.wei",
        "reason": "客户自行排查,不再需要",
    }
    text = case_file(Path.cwd(), promised).read_text(encoding="utf-8")
    assert "old_due: 2026-11-25T18:00:00+08:00" in text
    events = [e["event"] for e in run("show", promised, "--format", "json").json()["timeline"]]
    events = [ordinals(run, promised, e) for e in events]
    assert events[-3:] == ["promise p1 kept", "promise p2 renegotiated", "promise p2 withdrawn"]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["keep", "p9"], 2, "has no promise 'p9' (promises: p1, p2)"),
        (["withdraw", "p1", "--reason", ""], 2, "--reason must not be empty"),
        (["withdraw", "p1"], 2, "missing --reason (no terminal to ask on)"),
        (["renegotiate", "p1", "--reason", "x"], 2, "missing --due"),
        (["renegotiate", "p1", "--due", "2026-11-22T10:00+08:00", "--reason", "x"], 2, "after now"),
        (["renegotiate", "p1", "--due", "2026-11-24T18:00+08:00", "--reason", "x"], 2, "already"),
    ],
)
def test_bad_promise_input_is_one_line_and_changes_nothing(
    run: Cli, promised: str, args: list[str], code: int, needle: str
) -> None:
    path = case_file(Path.cwd(), promised)
    before = path.read_bytes()
    result = run("promise", args[0], promised, *args[1:])
    assert result.exit_code == code, result
    said, *hints = ordinals(run, promised, result.stderr).strip().splitlines()
    assert needle in said and all(h.startswith("  hint: ") for h in hints), result
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_an_ended_promise_cannot_end_again(run: Cli, promised: str) -> None:
    ok(run, "promise", "keep", promised, "p1")
    result = run("promise", "withdraw", promised, "p1", "--reason", "x")
    assert result.exit_code == 2
    assert "cannot withdraw promise p1" in ordinals(run, promised, result.stderr)
    assert "it was kept at 2026-11-23T10:00:00+08:00" in result.stderr


def report_promises(run: Cli, env: dict[str, str]) -> dict[str, object]:
    data = run("report", "--month", "2026-11", "--format", "json", env=env).json()
    return dict(data["current"]["promises"])


def test_the_report_counts_withdrawn_and_missed_then_renegotiated(run: Cli, promised: str) -> None:
    env = {"CASECTL_NOW": "2026-11-26T12:00:00+08:00"}
    # p1 (due 11-24 18:00) is missed, then moved on 11-25: missed then renegotiated
    result = run(
        "promise",
        "renegotiate",
        promised,
        "p1",
        "--due",
        "+2d",
        "--reason",
        "清单需要客户先导出数据",
        "--at",
        "2026-11-25T09:00+08:00",
        env=env,
    )
    assert result.exit_code == 0, result
    assert "due '+2d' read as 2026-11-27" in result.stderr
    ok(
        run,
        "promise",
        "withdraw",
        promised,
        "p2",
        "--reason",
        "不再需要",
        "--at",
        "2026-11-25T10:00+08:00",
    )
    counts = report_promises(run, env)
    assert counts["made"] == 2
    assert (counts["withdrawn"], counts["missed_then_renegotiated"]) == (1, 1)
    assert (counts["kept_on_time"], counts["renegotiated"]) == (0, 1)
    text = run("report", "--month", "2026-11", env=env).stdout
    assert "1 withdrawn, 1 missed then renegotiated" in text
    shown = run("show", promised, "--format", "json", env=env).json()
    clocks = {ordinals(run, promised, c["name"]): c for c in shown["sla"]}
    p1 = clocks["promise:p1"]
    assert "after it was missed" in p1["note"]
    p2 = clocks["promise:p2"]
    assert p2["note"] == "withdrawn: 不再需要" and p2["state"] == "withdrawn"
    report = run("report", "--month", "2026-11", "--format", "json", env=env).json()
    promise_row = next(r for r in report["current"]["sla"] if r["clock"] == "promise")
    assert (promise_row["met"], promise_row["breached"]) == (0, 0)  # p2 is neither; p1 moved


def _to_reviewed(run: Cli, cid: str) -> None:
    for args in (
        ["investigate", cid, "--root-cause", "网关超时", "--at", "2026-11-23T09:40+08:00"],
        ["resolve", cid, "--summary", "已恢复", "--at", "2026-11-23T09:50+08:00"],
        ["review", cid, "--lesson", "核对配置", "--at", "2026-11-23T09:55+08:00"],
    ):
        ok(run, *args)
    ok(run, "follow-up", cid, "--notes", "回访", "--force", "--reason", "客户要求尽早回访")


def test_close_is_refused_while_a_promise_runs_and_points_to_its_endings(
    run: Cli, promised: str
) -> None:
    _to_reviewed(run, promised)
    ok(run, "promise", "keep", promised, "p1")
    refused = run("close", promised)
    assert refused.exit_code == 2
    said = ordinals(run, promised, refused.stderr)
    assert "promise p2 is neither kept nor withdrawn" in said
    assert f"casectl promise keep {promised} p2" in said
    ok(run, "promise", "withdraw", promised, "p2", "--reason", "客户取消")
    ok(run, "close", promised)


def test_resolve_is_refused_while_waiting_on_the_customer(run: Cli, promised: str) -> None:
    ok(run, "investigate", promised, "--root-cause", "网关超时", "--at", "2026-11-23T09:40+08:00")
    ok(run, "wait", promised, "--reason", "等客户提供日志", "--at", "2026-11-23T09:45+08:00")
    refused = run("resolve", promised, "--summary", "已恢复")
    assert refused.exit_code == 2
    assert "it is waiting on the customer since 2026-11-23T09:45:00+08:00" in refused.stderr
    assert f"casectl resume {promised}" in refused.stderr
    ok(run, "resume", promised)
    ok(run, "resolve", promised, "--summary", "已恢复")


def test_a_follow_up_minutes_after_the_fix_needs_force_and_counts_as_early(
    run: Cli, promised: str
) -> None:
    ok(run, "investigate", promised, "--root-cause", "网关超时", "--at", "2026-11-23T09:40+08:00")
    ok(run, "resolve", promised, "--summary", "已恢复", "--at", "2026-11-23T09:51+08:00")
    path = case_file(Path.cwd(), promised)
    before = path.read_bytes()
    refused = run("follow-up", promised, "--notes", "回访")
    assert refused.exit_code == 2
    assert "it is due 2026-12-23T09:51+08:00" in refused.stderr
    assert "before 2026-12-16T09:51+08:00 is too early" in refused.stderr
    assert "(or skip with --force --reason TEXT)" in refused.stderr
    assert path.read_bytes() == before
    forced = run("follow-up", promised, "--notes", "回访", "--force")
    assert forced.exit_code == 2 and "--force needs --reason TEXT" in forced.stderr
    ok(run, "follow-up", promised, "--notes", "回访", "--force", "--reason", "客户月底停产")
    events = run("show", promised, "--format", "json").json()["timeline"]
    assert {"event": "forced follow-up", "detail": "客户月底停产"}.items() <= events[-2].items()
    follow = run("report", "--month", "2026-12", "--format", "json").json()
    assert follow["current"]["follow_ups"]["early"] == 1
    assert follow["current"]["follow_ups"]["on_time"] == 0


def test_a_visit_within_the_tolerance_before_its_due_goes_ahead(run: Cli, promised: str) -> None:
    ok(run, "investigate", promised, "--root-cause", "网关超时", "--at", "2026-11-23T09:40+08:00")
    ok(run, "resolve", promised, "--summary", "已恢复", "--at", "2026-11-23T09:51+08:00")
    env = {"CASECTL_NOW": "2026-12-17T10:00:00+08:00"}
    assert run("follow-up", promised, "--notes", "回访", env=env).exit_code == 0
    follow = run("report", "--month", "2026-12", "--format", "json", env=env).json()
    assert (
        follow["current"]["follow_ups"]["early"],
        follow["current"]["follow_ups"]["on_time"],
    ) == (
        0,
        1,
    )


def test_the_tolerance_is_the_teams_setting(run: Cli, promised: str) -> None:
    config = Path("casectl.yaml")
    text = config.read_text(encoding="utf-8").replace(
        "follow_up_tolerance: 7d", "follow_up_tolerance: 30d"
    )
    config.write_text(text, encoding="utf-8")
    ok(run, "investigate", promised, "--root-cause", "网关超时", "--at", "2026-11-23T09:40+08:00")
    ok(run, "resolve", promised, "--summary", "已恢复", "--at", "2026-11-23T09:51+08:00")
    assert run("follow-up", promised, "--notes", "回访").exit_code == 0
    assert json.loads(run("validate", "--format", "json").stdout)["ok"] is True


def test_a_case_resolved_without_a_root_cause_stops_its_investigation_clock(
    run: Cli, promised: str
) -> None:
    ok(run, "resolve", promised, "--summary", "已恢复", "--force", "--reason", "客户自行解决",
       "--at", "2026-11-23T11:00+08:00")  # fmt: skip
    later = {"CASECTL_NOW": "2026-11-30T10:00:00+08:00"}
    shown = run("show", promised, "--format", "json", env=later).json()
    clock = next(c for c in shown["sla"] if c["name"] == "investigation")
    assert clock["state"] == "met" and clock["note"] == "resolved without a root cause"
    gate = run("overdue", "--format", "json", env=later).json()
    assert not any(i["clock"]["name"] == "investigation" for i in gate["items"])
