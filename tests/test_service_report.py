"""The monthly service report to a customer (``letter --kind service-report``): the month's
cases and how they ended, times against the promise, open actions with their dates, and the
reviews' recommendations; in Chinese and English; the library method without the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from casectl import Casebook
from conftest import Cli

NOV = "2026-11-10T09:30:00+08:00"


@pytest.fixture
def book(run: Cli, casebook: Path) -> Path:
    def record(customer: str, title: str, at: str, contact: str = "张敏 (财务经理)") -> str:
        made = run("record", "--customer", customer, "--title", title, "--category", "技术",
                   "--priority", "高", "--contact", contact, "--at", at)  # fmt: skip
        assert made.exit_code == 0, made
        return made.stdout.strip()

    done = record("华东精密", "月末报表导出超时", NOV)
    for step in (["respond", done, "--summary", "电话致歉", "--at", "2026-11-10T10:00:00+08:00"],
                 ["investigate", done, "--root-cause", "超时设置", "--at", "2026-11-10T11:00:00+08:00"],
                 ["action", "add", done, "升级检查单加入超时项", "--horizon", "mid",
                  "--due", "2026-12-15T18:00:00+08:00", "--at", "2026-11-10T11:05:00+08:00"],
                 ["resolve", done, "--summary", "已恢复导出", "--at", "2026-11-10T15:00:00+08:00"],
                 ["review", done, "--lesson", "升级前核对超时设置", "--prevention",
                  "建议贵司月结前一天避开系统升级", "--at", "2026-11-12T10:00:00+08:00"]):  # fmt: skip
        assert run(*step).exit_code == 0, step
    record("华东精密", "凭证打印错位", "2026-11-20T09:00:00+08:00")
    record("华东精密", "十月的事", "2026-10-20T09:00:00+08:00")
    record("其他公司", "别家的事", NOV)
    return casebook


def test_the_months_cases_times_actions_and_recommendations_in_chinese(
    run: Cli, book: Path
) -> None:
    made = run("letter", "--kind", "service-report", "--customer", "华东精密", "--month",
               "2026-11")  # fmt: skip
    assert made.exit_code == 0, made
    text = made.stdout
    assert text.startswith("华东精密：\n\n张敏 您好！")
    assert "月末报表导出超时：已于 2026-11-10 解决：已恢复导出" in text
    assert "凭证打印错位：处理中（已受理）" in text
    assert "十月的事" not in text and "别家的事" not in text  # another month, another customer
    assert "首次响应：1/2 项按承诺时间完成" in text
    assert "首次响应用时 0 小时 30 分钟（承诺 24h，按时）" in text
    assert "· 升级检查单加入超时项（计划 2026-12-15 前完成）" in text
    assert "· 建议贵司月结前一天避开系统升级" in text


def test_in_english_and_through_the_library(book: Path) -> None:
    report = Casebook(book).service_report("华东精密", "2026-11", lang="en")
    assert report.month == "2026-11" and report.customer == "华东精密"
    text = report.text
    assert "1. What you raised this month, and how it ended" in text
    assert "月末报表导出超时: resolved on 2026-11-10: 已恢复导出" in text
    assert "First response: 1 of 2 within the promised time" in text
    assert "- 升级检查单加入超时项 (due by 2026-12-15)" in text


def test_a_month_without_cases_and_bad_input(run: Cli, book: Path) -> None:
    quiet = run("letter", "--kind", "service-report", "--customer", "华东精密", "--month",
                "2026-09")  # fmt: skip
    assert quiet.exit_code == 0 and "本月没有新的服务事项。" in quiet.stdout
    assert "升级检查单加入超时项" in quiet.stdout  # the open action still is
    unknown = run("letter", "--kind", "service-report", "--customer", "无此客户", "--month",
                  "2026-11")  # fmt: skip
    assert unknown.exit_code == 2
    bad = run("letter", "--kind", "service-report", "--customer", "华东精密", "--month", "11月")
    assert bad.exit_code == 2 and "is not a month like 2026-11" in bad.stderr
    no_customer = run("letter", "--kind", "service-report", "--month", "2026-11")
    assert no_customer.exit_code == 2 and "--customer" in no_customer.stderr
