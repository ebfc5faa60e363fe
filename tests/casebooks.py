"""The shared two-month casebook: six cases over October and November 2026, built through the
CLI with ``--at`` for every step, on the default calendar (Mon-Fri 09:00-12:00 and 13:30-18:00,
Asia/Shanghai, no holidays). The hand calculations the report tests check are in the comments of
``two_months``. conftest.py builds it once per session; each test module gets its own copy.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from casectl.cli.app import app

BUILD_NOW = "2026-12-01T10:00:00+08:00"
PEOPLE = """
people:
  - {id: li.wei, name: 李伟, email: li.wei@example.com}
  - {id: wang.fang, name: 王芳, email: wang.fang@example.com}
"""


class Book:
    """A casebook folder and a way to run casectl on it with a fixed "now"."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ids: dict[str, str] = {}

    def env(self, now: str = BUILD_NOW) -> dict[str, str]:
        return {
            "CASECTL_CASEBOOK": str(self.root),
            "CASECTL_NOW": now,
            "CASECTL_USER": "li.wei",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "COLUMNS": "120",
        }

    def run(self, *args: str, now: str = BUILD_NOW) -> Any:
        result = CliRunner().invoke(app, list(args), env=self.env(now), catch_exceptions=False)
        return result

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return str(result.stdout)

    def record(
        self,
        key: str,
        customer: str,
        contact: str,
        title: str,
        category: str,
        priority: str,
        owner: str,
        at: str,
        description: str = "",
    ) -> str:
        args = [
            "record",
            "--customer",
            customer,
            "--contact",
            contact,
            "--title",
            title,
            "--category",
            category,
            "--priority",
            priority,
            "--owner",
            owner,
            "--at",
            at,
        ]
        if description:
            args += ["--description", description]
        self.ids[key] = self.ok(*args).strip()
        return self.ids[key]


HUADONG = "华东精密制造有限公司"
HUADONG_CONTACT = "张敏 (财务经理) <zhang.min@example.com> 138-1234-5678"
ACME = "Acme Logistics Ltd"
ACME_CONTACT = "John Smith <john.smith@acme.example> +44 20 7946 0958"


# First-response targets as ``init`` wrote them before "24h calendar" became the default. The
# tests of the gate, the list filters and the report were written for clocks that all count
# working time, which tells the business calendar's rules apart better.
WORKING_HOUR_FIRST_RESPONSE = {"urgent": "1h", "high": "4h", "medium": "1d", "low": "2d"}


def working_hour_targets(root: Path) -> None:
    """Put casectl.yaml's first-response targets back on working time (see above)."""
    path = root / "casectl.yaml"
    text = path.read_text(encoding="utf-8")
    for priority, target in WORKING_HOUR_FIRST_RESPONSE.items():
        text, done = re.subn(
            rf"^(  {priority}:\s*\{{first_response: )24h calendar,",
            rf"\g<1>{target},",
            text,
            flags=re.M,
        )
        assert done == 1, f"no {priority} first_response target to rewrite"
    path.write_text(text, encoding="utf-8")


def two_months(root: Path) -> Book:
    book = Book(root)
    assert book.run("init", str(root)).exit_code == 0
    working_hour_targets(root)
    with (root / "casectl.yaml").open("a", encoding="utf-8") as handle:
        handle.write(PEOPLE)
    ok = book.ok
    # E: October, high. First response 10:00->11:00 = 60 min. Resolved Thu 10-15 10:00 ->
    # Fri 10-16 10:00: 2h + 4h30 + 1h = 450 min. Follow-up due 11-10, done 11-12: late.
    e = book.record(
        "E",
        HUADONG,
        HUADONG_CONTACT,
        "凭证打印错位",
        "technical",
        "high",
        "li.wei",
        "2026-10-15T10:00",
    )
    ok("respond", e, "--summary", "电话致歉", "--at", "2026-10-15T11:00")
    ok(
        "investigate",
        e,
        "--root-cause",
        "打印模板缺陷",
        "--cause",
        "defect",
        "--attribution",
        "ours",
        "--at",
        "2026-10-15T15:00",
    )
    ok("resolve", e, "--summary", "修复打印模板", "--at", "2026-10-16T10:00")
    ok(
        "repair",
        e,
        "--apology",
        "verbal",
        "--follow-up-due",
        "2026-11-10T10:00",
        "--at",
        "2026-10-16T11:00",
    )
    ok("survey", e, "--nps", "10", "--csat", "5", "--at", "2026-10-20T10:00")
    ok("review", e, "--lesson", "打印模板改动要回归测试", "--publish", "--at", "2026-10-22T10:00")
    ok("follow-up", e, "--notes", "回访正常", "--at", "2026-11-12T10:00")
    ok("close", e, "--at", "2026-11-13T10:00")
    # F: October, medium. First response Mon 10-26 09:00 -> 13:00 (lunch) = 180 min.
    # Resolved Mon 11-02 10:00: 5 working days of 7h30 (10-26..10-30) + 1h = 2310 min.
    f = book.record(
        "F",
        "Gamma Tech",
        "Lee <lee@gamma.example>",
        "接口同步失败",
        "technical",
        "medium",
        "zhao.lei",
        "2026-10-26T09:00",
    )
    ok("respond", f, "--summary", "已知悉", "--at", "2026-10-26T13:00")
    ok(
        "investigate",
        f,
        "--root-cause",
        "第三方网关证书过期",
        "--cause",
        "third-party",
        "--attribution",
        "third-party",
        "--at",
        "2026-10-27T10:00",
    )
    ok("resolve", f, "--summary", "更新证书", "--at", "2026-11-02T10:00")
    ok("repair", f, "--follow-up-due", "2026-11-25T10:00", "--at", "2026-11-02T11:00")
    ok("survey", f, "--nps", "3", "--csat", "2", "--at", "2026-11-05T10:00")
    # A: November, high. First response 09:15 -> 10:00 = 45 min. Resolved Tue 11-03 16:00:
    # Mon 2h45 + 4h30, Tue 3h + 2h30 = 765 min. Promise p1 kept on time by update u1.
    a = book.record(
        "A",
        HUADONG,
        HUADONG_CONTACT,
        "月末报表导出超时",
        "technical",
        "high",
        "li.wei",
        "2026-11-02T09:15",
        "张敏反馈导出超过 5 万行的报表会超时;请回电 021-6234-5678 或 finance@huadong.example",
    )
    ok(
        "respond",
        a,
        "--summary",
        "电话致歉",
        "--promise",
        "反馈原因",
        "--due",
        "+48h",
        "--at",
        "2026-11-02T10:00",
    )
    ok(
        "investigate",
        a,
        "--root-cause",
        "升级后网关超时从 300 s 变为默认的 60 s",
        "--cause",
        "deployment",
        "--attribution",
        "ours",
        "--at",
        "2026-11-02T14:00",
    )
    ok(
        "action",
        "add",
        a,
        "恢复网关超时为 300 s",
        "--horizon",
        "short",
        "--due",
        "+4h",
        "--at",
        "2026-11-02T14:00",
    )
    ok(
        "action",
        "done",
        a,
        "a1",
        "--verification",
        "客户导出 8 万行成功",
        "--at",
        "2026-11-02T15:00",
    )
    ok(
        "action",
        "add",
        a,
        "升级检查单加入网关超时",
        "--horizon",
        "long",
        "--owner",
        "wang.fang",
        "--due",
        "2026-12-15T18:00",
        "--at",
        "2026-11-03T10:00",
    )
    ok("update", a, "--summary", "原因已查明", "--keeps", "p1", "--at", "2026-11-03T11:00")
    ok(
        "resolve",
        a,
        "--summary",
        "网关超时已恢复,导出正常",
        "--confirmed-by",
        "张敏",
        "--at",
        "2026-11-03T16:00",
    )
    ok(
        "repair",
        a,
        "--apology",
        "written",
        "--compensation",
        "延长 3 个月维保",
        "--follow-up-due",
        "2026-11-20T10:00",
        "--at",
        "2026-11-04T10:00",
    )
    ok(
        "review",
        a,
        "--lesson",
        "升级前由李伟核对网关超时配置",
        "--prevention",
        "检查单",
        "--publish",
        "--tag",
        "gateway",
        "--at",
        "2026-11-05T10:00",
    )
    ok("survey", a, "--nps", "9", "--csat", "5", "--at", "2026-11-10T10:00")
    ok("follow-up", a, "--notes", "运行正常", "--at", "2026-11-19T10:00")
    # B: November, urgent. First response 14:00 -> 16:30 = 150 min (1h target: breached).
    # Resolved Thu 11-12 11:00: Tue 4h + Wed 7h30 + Thu 2h = 810 min.
    b = book.record(
        "B",
        ACME,
        ACME_CONTACT,
        "Upgrade broke the nightly export",
        "communication",
        "urgent",
        "wang.fang",
        "2026-11-10T14:00",
        "John Smith says nobody told them about the new export format.",
    )
    ok("respond", b, "--summary", "Called back and apologised", "--at", "2026-11-10T16:30")
    ok(
        "investigate",
        b,
        "--root-cause",
        "Release notes were not sent to the customer",
        "--cause",
        "communication",
        "--attribution",
        "ours",
        "--at",
        "2026-11-11T10:00",
    )
    ok(
        "resolve",
        b,
        "--summary",
        "Sent the notes and a migration guide",
        "--at",
        "2026-11-12T11:00",
    )
    ok("repair", b, "--apology", "written", "--at", "2026-11-13T10:00")
    ok(
        "review",
        b,
        "--lesson",
        "Send release notes before every upgrade",
        "--publish",
        "--tag",
        "release",
        "--at",
        "2026-11-16T10:00",
    )
    ok("survey", b, "--nps", "6", "--csat", "3", "--at", "2026-11-20T10:00")
    ok(  # B's visit is due 12-12: early, so forced (the report counts it as early)
        "follow-up",
        b,
        "--notes",
        "fine",
        "--force",
        "--reason",
        "customer away in December",
        "--at",
        "2026-11-25T10:00",
    )
    ok("close", b, "--at", "2026-11-26T10:00")
    # C: November, medium, same customer as A and E; promise p1 due 11-19 never kept.
    # First response 09:00 -> 09:30 = 30 min.
    c = book.record(
        "C",
        HUADONG,
        HUADONG_CONTACT,
        "审批流程卡住",
        "process",
        "medium",
        "li.wei",
        "2026-11-18T09:00",
    )
    ok(
        "respond",
        c,
        "--summary",
        "已致歉",
        "--promise",
        "给出方案",
        "--due",
        "+24h",
        "--at",
        "2026-11-18T09:30",
    )
    ok(
        "investigate",
        c,
        "--root-cause",
        "审批规则双方理解不同",
        "--cause",
        "process",
        "--attribution",
        "shared",
        "--at",
        "2026-11-19T10:00",
    )
    # D: November, low, no response yet (received Fri 17:00; 2d target due Tue 12-01 17:00).
    book.record(
        "D",
        "Beta Corp",
        "Ms Beta <beta@beta.example>",
        "客服态度差",
        "attitude",
        "low",
        "zhao.lei",
        "2026-11-27T17:00",
    )
    return book
