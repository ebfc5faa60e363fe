"""One complaint in Chinese taken through every step to closed, as an engineer types it."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli, case_file, item_ids


def stage(run: Cli, case_id: str) -> str:
    result = run("show", case_id, "--format", "json")
    assert result.exit_code == 0, result
    value: str = result.json()["stage"]
    return value


def test_a_complaint_from_record_to_close(run: Cli, casebook: Path) -> None:
    rec = run(
        "record",
        "--customer",
        "华东精密制造有限公司",
        "--contact",
        "张敏 (财务经理) <zhang.min@example.com>",
        "--title",
        "月末报表导出超时,财务无法按时提交",
        "--category",
        "technical",
        "--priority",
        "high",
        "--channel",
        "phone",
        "--impact",
        "财务部 12 名用户;月结流程停滞",
        "--remedy",
        "今天内恢复导出",
        "--description",
        "-",
        "--at",
        "2026-11-23T09:15:00+08:00",
        input="客户反馈自 11 月 20 日升级后,\n导出超过 5 万行的报表会超时失败。\n",
    )
    assert rec.exit_code == 0, rec
    cid = rec.stdout.strip()
    path = case_file(casebook, cid)
    assert path.parent.as_posix().endswith("cases/2026/11")
    text = path.read_text(encoding="utf-8")
    assert "title: 月末报表导出超时,财务无法按时提交" in text  # Chinese as-is, never \u escapes
    assert "description: |\n  客户反馈自 11 月 20 日升级后,\n" in text
    assert "received_at: 2026-11-23T09:15:00+08:00" in text
    assert stage(run, cid) == "recorded"

    steps: list[tuple[list[str], str, str]] = [
        (
            [
                "respond",
                cid[:10].lower(),
                "--summary",
                "电话致歉,说明排查计划",
                "--channel",
                "phone",
                "--apology",
                "--promise",
                "完成排查并反馈原因",
                "--due",
                "+48h",
                "--at",
                "2026-11-23T10:02+08:00",
            ],
            "responded",
            "due: 2026-11-25T10:02:00+08:00",
        ),
        (
            [
                "investigate",
                cid,
                "--evidence",
                "log:app-server.log:导出任务在 60 s 处被网关断开",
                "--finding",
                "网关默认超时 60 s",
                "--root-cause",
                "升级后网关超时从 300 s 变为默认的 60 s",
                "--cause",
                "deployment",
                "--attribution",
                "ours",
                "--factor",
                "objective",
                "--at",
                "2026-11-23T14:00+08:00",
            ],
            "investigated",
            "root_cause: 升级后网关超时从 300 s 变为默认的 60 s",
        ),
        (
            [
                "action",
                "add",
                cid,
                "恢复网关超时为 300 s",
                "--horizon",
                "short",
                "--due",
                "+4h",
                "--at",
                "2026-11-23T14:10+08:00",
            ],
            "investigated",
            "horizon: short",
        ),
        (
            [
                "action",
                "add",
                cid,
                "升级检查清单加入网关配置",
                "--horizon",
                "mid",
                "--owner",
                "wang.fang",
                "--at",
                "2026-11-23T14:12+08:00",
            ],
            "investigated",
            "owner: wang.fang",
        ),
        (
            [
                "action",
                "done",
                cid,
                "a1",
                "--verification",
                "客户导出 8 万行报表成功",
                "--at",
                "2026-11-23T15:30+08:00",
            ],
            "investigated",
            "verification: 客户导出 8 万行报表成功",
        ),
        (
            [
                "update",
                cid,
                "--summary",
                "已恢复网关超时,请验证",
                "--keeps",
                "p1",
                "--at",
                "2026-11-23T15:40+08:00",
            ],
            "investigated",
            "kept_at: 2026-11-23T15:40:00+08:00",
        ),
        (
            ["wait", cid, "--reason", "等待客户验证", "--at", "2026-11-23T15:41+08:00"],
            "investigated",
            "reason: 等待客户验证",
        ),
        (
            ["resume", cid, "--at", "2026-11-23T16:10+08:00"],
            "investigated",
            "end: 2026-11-23T16:10:00+08:00",
        ),
        (
            [
                "escalate",
                cid,
                "--to",
                "客户成功部",
                "--reason",
                "客户要求书面说明",
                "--at",
                "2026-11-23T16:20+08:00",
            ],
            "investigated",
            "to: 客户成功部",
        ),
        (
            [
                "resolve",
                cid,
                "--summary",
                "网关超时恢复为 300 s,导出正常",
                "--confirmed-by",
                "张敏",
                "--at",
                "2026-11-23T17:00+08:00",
            ],
            "resolved",
            "confirmed_by: 张敏",
        ),
        (
            [
                "repair",
                cid,
                "--apology",
                "written",
                "--apology-ref",
                "致歉函 2026-041",
                "--compensation",
                "免费延长维保 3 个月",
                "--at",
                "2026-11-24T10:00+08:00",
            ],
            "repaired",
            "due: 2026-12-23T17:00:00+08:00",
        ),
        (
            [
                "survey",
                cid,
                "--nps",
                "9",
                "--csat",
                "5",
                "--comment",
                "处理及时",
                "--at",
                "2026-11-24T11:00+08:00",
            ],
            "repaired",
            "nps: 9",
        ),
        (
            [
                "review",
                cid,
                "--lesson",
                "升级前核对网关配置",
                "--prevention",
                "部署脚本固定超时参数",
                "--publish",
                "--tag",
                "网关",
                "--at",
                "2026-11-25T10:00+08:00",
            ],
            "reviewed",
            "publish: true",
        ),
        (
            ["follow-up", cid, "--notes", "回访:客户满意", "--at", "2026-12-18T10:00+08:00"],
            "reviewed",
            "notes: 回访:客户满意",
        ),
        (
            [
                "action",
                "cancel",
                cid,
                "a2",
                "--reason",
                "并入季度流程改进",
                "--at",
                "2026-12-18T11:00+08:00",
            ],
            "reviewed",
            "cancel_reason: 并入季度流程改进",
        ),
        (
            ["note", cid, "内部:客户财务总监关注此事", "--at", "2026-12-18T11:05+08:00"],
            "reviewed",
            "text: 内部:客户财务总监关注此事",
        ),
        (
            ["close", cid, "--at", "2026-12-18T12:00+08:00"],
            "closed",
            "closed:\n  at: 2026-12-18T12:00:00+08:00",
        ),
    ]
    env = {"CASECTL_NOW": "2026-12-18T12:30:00+08:00"}
    for args, expected_stage, expected_text in steps:
        result = run(*args, env=env)
        assert result.exit_code == 0, (args, result)
        assert stage(run, cid) == expected_stage, args
        assert expected_text in path.read_text(encoding="utf-8"), (args, expected_text)

    shown = run("show", cid, "--format", "json").json()
    events = [e["event"] for e in shown["timeline"]]
    assert events[0] == "recorded" and events[-1] == "closed"
    assert "responded" in events and "resolved" in events and "reviewed" in events
    assert all(e["by"] == "li.wei" for e in shown["timeline"])
    assert shown["response"]["promises"][0]["kept_at"] == "2026-11-23T15:40:00+08:00"
    panel = run("show", cid)
    assert panel.exit_code == 0
    assert "华东精密制造有限公司" in panel.stdout and "Timeline" in panel.stdout
    # a closed case takes no more steps until reopened
    refused = run("note", cid, "too late")
    assert refused.exit_code == 2 and "reopen" in refused.stderr
    reopened = run(
        "reopen", cid, "--reason", "问题复现", env={"CASECTL_NOW": "2026-12-19T09:00:00+08:00"}
    )
    assert reopened.exit_code == 0
    assert stage(run, cid) == "investigated"


def test_steps_refused_say_what_is_missing(run: Cli, record) -> None:  # type: ignore[no-untyped-def]
    cid = record()
    before = case_file(Path.cwd(), cid).read_bytes()
    result = run("resolve", cid, "--summary", "x")
    assert result.exit_code == 2
    assert "no root cause yet" in result.stderr
    assert f"casectl investigate {cid} --root-cause" in result.stderr
    assert "Traceback" not in result.stderr
    assert run("close", cid).exit_code == 2
    assert run("review", cid, "--lesson", "x").exit_code == 2
    assert run("survey", cid, "--nps", "5").exit_code == 2
    assert case_file(Path.cwd(), cid).read_bytes() == before

    no_reason = run("resolve", cid, "--summary", "x", "--force")
    assert no_reason.exit_code == 2 and "--reason" in no_reason.stderr
    assert case_file(Path.cwd(), cid).read_bytes() == before

    forced = run("resolve", cid, "--summary", "客户撤回投诉", "--force", "--reason", "客户撤回")
    assert forced.exit_code == 0, forced
    shown = run("show", cid, "--format", "json").json()
    assert shown["stage"] == "resolved"
    assert {
        "at": "2026-11-23T10:00:00+08:00",
        "by": "li.wei",
        "event": "forced resolve",
        "detail": "客户撤回",
    } in shown["timeline"]


def test_open_short_action_blocks_resolve(run: Cli, record) -> None:  # type: ignore[no-untyped-def]
    cid = record()
    assert run("respond", cid, "--summary", "收到").exit_code == 0
    assert run("investigate", cid, "--root-cause", "配置错误").exit_code == 0
    aid = run("action", "add", cid, "修复配置").stdout.strip()
    assert item_ids(run, cid, "actions") == [aid]
    blocked = run("resolve", cid, "--summary", "done")
    assert blocked.exit_code == 2
    assert f"short-horizon action {aid} is still open" in blocked.stderr
    assert f"casectl action done {cid} {aid}" in blocked.stderr
    assert run("action", "done", cid, "a1").exit_code == 0  # its ordinal names it too
    assert run("resolve", cid, "--summary", "done").exit_code == 0


def test_record_json_prints_the_new_case(run: Cli, casebook: Path) -> None:
    result = run(
        "record",
        "--customer",
        "ACME GmbH",
        "--title",
        "Invoice export fails",
        "--category",
        "technical",
        "--priority",
        "urgent",
        "--tag",
        "export",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result
    data = result.json()
    assert data["stage"] == "recorded"
    assert data["customer"]["name"] == "ACME GmbH"
    assert data["tags"] == ["export"]
    assert data["received_at"] == "2026-11-23T10:00:00+08:00"
    assert isinstance(data["sla"], list)
    assert data["id"].startswith("C-261123-")
