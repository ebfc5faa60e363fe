"""The monthly retrospective, checked figure by figure against values computed by hand.

The casebook (built once per module through the CLI, ``--at`` for every step) holds six cases
over October and November 2026, on the default calendar: Mon-Fri 09:00-12:00 and 13:30-18:00,
Asia/Shanghai, no holidays. The hand calculations are in the comments of ``two_months``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
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


def two_months(root: Path) -> Book:
    book = Book(root)
    assert book.run("init", str(root)).exit_code == 0
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
    ok("follow-up", b, "--notes", "fine", "--at", "2026-11-25T10:00")
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


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Book:
    return two_months(tmp_path_factory.mktemp("two-months") / "book")


def report_json(book: Book, *args: str) -> dict[str, Any]:
    result = book.run("report", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_counts_and_change(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    assert data["period"]["start"] == "2026-11-01T00:00:00+08:00"
    assert data["previous_period"]["label"] == "2026-10"
    assert data["counts"] == {
        "received": {"current": 4, "previous": 2, "change": 2},
        "resolved": {"current": 3, "previous": 1, "change": 2},
        "closed": {"current": 2, "previous": 0, "change": 2},
        "open": {"current": 4, "previous": 2, "change": 2},
    }


def _rows(data: dict[str, Any], dimension: str) -> dict[str, tuple[int, int]]:
    return {r["key"]: (r["current"], r["previous"]) for r in data["breakdowns"][dimension]}


def test_breakdowns(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    assert _rows(data, "category") == {
        "technical": (1, 2),
        "communication": (1, 0),
        "process": (1, 0),
        "attitude": (1, 0),
    }
    assert _rows(data, "priority") == {
        "urgent": (1, 0),
        "high": (1, 1),
        "medium": (1, 1),
        "low": (1, 0),
    }
    assert _rows(data, "cause") == {
        "defect": (0, 1),
        "deployment": (1, 0),
        "communication": (1, 0),
        "process": (1, 0),
        "third-party": (0, 1),
        "unrecorded": (1, 0),
    }
    assert _rows(data, "attribution") == {
        "ours": (2, 1),
        "third-party": (0, 1),
        "shared": (1, 0),
        "unrecorded": (1, 0),
    }
    assert _rows(data, "owner") == {"li.wei": (2, 1), "wang.fang": (1, 0), "zhao.lei": (1, 1)}
    assert next(r["key"] for r in data["breakdowns"]["owner"]) == "li.wei"


def test_times_in_working_minutes_median_and_p90(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    # first response [30, 45, 150]: median 45; p90 at rank 1.8 = 45 + 0.8 * 105 = 129
    assert data["current"]["first_response"] == {
        "count": 3,
        "median_minutes": 45.0,
        "p90_minutes": 129.0,
    }
    # resolution [765, 810, 2310]: median 810; p90 = 810 + 0.8 * 1500 = 2010
    assert data["current"]["resolution"] == {
        "count": 3,
        "median_minutes": 810.0,
        "p90_minutes": 2010.0,
    }
    # October: first response [60, 180] -> median 120, p90 = 60 + 0.9 * 120 = 168
    assert data["previous"]["first_response"] == {
        "count": 2,
        "median_minutes": 120.0,
        "p90_minutes": 168.0,
    }
    assert data["previous"]["resolution"]["median_minutes"] == 450.0
    assert data["changes"]["first_response_median_minutes"] == -75.0
    assert data["changes"]["resolution_median_minutes"] == 360.0


def test_feedback_nps_csat_follow_ups(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    cur, pre = data["current"], data["previous"]
    # November answers 9, 6, 3: one promoter, two detractors -> (1 - 2) / 3 = -33.3
    assert cur["nps"] == {
        "score": -33.3,
        "answers": 3,
        "promoters": 1,
        "passives": 0,
        "detractors": 2,
    }
    assert pre["nps"]["score"] == 100.0 and pre["nps"]["answers"] == 1
    assert data["changes"]["nps"] == -133.3
    assert cur["csat"] == {"average": 3.33, "answers": 3}
    assert pre["csat"] == {"average": 5.0, "answers": 1}
    # visits due in November: A on time, E late, F overdue (B is due in December)
    assert cur["follow_ups"] == {
        "due": 3,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "not_yet": 0,
        "on_time_rate": 33.3,
    }


def test_promises_sla_and_repeat_complainants(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    cur = data["current"]
    assert cur["promises"] == {
        "made": 2,
        "kept_on_time": 1,
        "kept_late": 0,
        "overdue": 1,
        "pending": 0,
        "on_time_rate": 50.0,
    }
    first = next(r for r in cur["sla"] if r["clock"] == "first_response")
    assert (first["met"], first["breached"], first["running"]) == (2, 1, 1)
    assert next(r["clock"] for r in cur["sla"]) == "first_response"
    assert cur["repeat_complainants"] == [
        {"customer": "华东精密制造有限公司", "in_period": 2, "total": 3}
    ]
    assert data["previous"]["repeat_complainants"] == []


def test_root_causes_lessons_prevention_trend(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    cur = data["current"]
    assert [(r["cause"], r["count"]) for r in cur["root_causes"]] == [
        ("deployment", 1),
        ("communication", 1),
        ("process", 1),
    ]
    assert [r["lesson"] for r in cur["lessons"]] == [
        "升级前由李伟核对网关超时配置",
        "Send release notes before every upgrade",
    ]
    assert [r["lesson"] for r in data["previous"]["lessons"]] == ["打印模板改动要回归测试"]
    (prevention,) = data["open_prevention"]
    assert prevention["what"] == "升级检查单加入网关超时"
    assert prevention["owner"] == "wang.fang" and prevention["overdue"] is False
    assert data["trend"][-2:] == [
        {"label": "2026-10", "received": 2, "resolved": 1, "closed": 0},
        {"label": "2026-11", "received": 4, "resolved": 3, "closed": 2},
    ]
    assert len(data["trend"]) == 6


def test_default_month_is_the_current_one(book: Book) -> None:
    result = book.run("report", "--format", "json", now="2026-11-20T12:00:00+08:00")
    assert json.loads(result.stdout)["period"]["label"] == "2026-11"


def test_since_until_compares_with_the_span_before(book: Book) -> None:
    data = report_json(book, "--since", "2026-11-01T00:00", "--until", "2026-11-15T00:00")
    assert data["counts"]["received"]["current"] == 2  # A and B
    assert data["previous_period"]["start"].startswith("2026-10-18")
    assert data["counts"]["received"]["previous"] == 1  # F


def test_table_and_markdown_show_the_figures(book: Book) -> None:
    table = book.run("report", "--month", "2026-11").stdout
    assert "received" in table and "█" in table and "-33.3" in table
    assert "13h 30m" in table  # resolution median 810 min
    markdown = book.run("report", "--month", "2026-11", "--format", "markdown").stdout
    assert markdown.startswith("# Retrospective 2026-11")
    assert "| received | 4 | 2 | +2 |" in markdown
    assert "Send release notes before every upgrade" in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2026-13"], "--month"),
        (["--month", "November"], "--month"),
        (["--format", "pdf"], "--format"),
        (["--month", "2026-11", "--since", "2026-11-01"], "not both"),
        (["--until", "2026-11-01"], "--until needs --since"),
        (["--since", "2026-11-10", "--until", "2026-11-01"], "must be after"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(book: Book, args: list[str], message: str) -> None:
    result = book.run("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
