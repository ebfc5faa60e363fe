"""The team's scorecard (report --by owner, and the report's team section), the customer star
and the month's plan, on a casebook whose figures are worked out by hand below."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

NOW = {"CASECTL_NOW": "2026-11-30T18:00:00+08:00"}
CONFIG = """\
schema_version: 1
timezone: Asia/Shanghai
sla:
  clock: calendar
  high: {first_response: 4h, resolution: 3d}
  medium: {first_response: 8h, resolution: 5d}
"""


def ok(run: Cli, *args: str) -> str:
    result = run(*args, env=NOW)
    assert result.exit_code == 0, (args, result)
    return result.stdout.strip()


def case(run: Cli, customer: str, priority: str, at: str, owner: str) -> str:
    return ok(
        run, "record", "--customer", customer, "--title", f"{customer} 的投诉",
        "--category", "technical", "--priority", priority, "--owner", owner, "--at", at,
    )  # fmt: skip


@pytest.fixture
def team(run: Cli, casebook: Path) -> dict[str, str]:
    """li.wei: A (high: all met, promise kept, NPS 10 CSAT 5) and B (medium, same customer:
    first response late, NPS 6 CSAT 3). wang.fang: C (high: resolved late, promise never
    kept, NPS 9 CSAT 4) and D (high, unresolved past its due)."""
    (casebook / "casectl.yaml").write_text(CONFIG, encoding="utf-8")
    a = case(run, "华东精密制造有限公司", "high", "2026-11-02T09:00", "li.wei")
    ok(run, "respond", a, "--summary", "致歉", "--promise", "给出原因", "--due",
       "2026-11-03T18:00", "--at", "2026-11-02T09:30")  # fmt: skip
    ok(run, "promise", "keep", a, "p1", "--at", "2026-11-03T10:00")
    ok(run, "investigate", a, "--root-cause", "配置", "--at", "2026-11-02T10:00")
    ok(run, "resolve", a, "--summary", "已修复", "--at", "2026-11-03T12:00")
    ok(run, "survey", a, "--nps", "10", "--csat", "5", "--at", "2026-11-04T10:00")
    b = case(run, "华东精密制造有限公司", "medium", "2026-11-09T09:00", "li.wei")
    ok(run, "respond", b, "--summary", "回电", "--at", "2026-11-09T20:00")
    ok(run, "investigate", b, "--root-cause", "数据", "--at", "2026-11-10T10:00")
    ok(run, "resolve", b, "--summary", "已修复", "--at", "2026-11-12T09:00")
    ok(run, "survey", b, "--nps", "6", "--csat", "3", "--at", "2026-11-13T10:00")
    c = case(run, "苏州恒远电子有限公司", "high", "2026-11-05T09:00", "wang.fang")
    ok(run, "respond", c, "--summary", "致歉", "--promise", "上门", "--due",
       "2026-11-06T18:00", "--at", "2026-11-05T09:10")  # fmt: skip
    ok(run, "investigate", c, "--root-cause", "硬件", "--at", "2026-11-06T10:00")
    ok(run, "resolve", c, "--summary", "更换", "--at", "2026-11-10T09:00")
    ok(run, "survey", c, "--nps", "9", "--csat", "4", "--at", "2026-11-11T10:00")
    d = case(run, "杭州云帆连锁餐饮", "high", "2026-11-16T09:00", "wang.fang")
    ok(run, "respond", d, "--summary", "收到", "--at", "2026-11-16T09:20")
    return {"a": a, "b": b, "c": c, "d": d}


def scorecard(run: Cli, *extra: str) -> dict[str, Any]:
    result = run(
        "report", "--month", "2026-11", "--by", "owner", "--format", "json", *extra, env=NOW
    )
    assert result.exit_code == 0, result
    return dict(result.json()["team"])


def test_each_engineers_figures_as_worked_out_by_hand(run: Cli, team: dict[str, str]) -> None:
    rows = {r["owner"]: r for r in scorecard(run)["engineers"]}
    assert rows["li.wei"] == {
        "owner": "li.wei",
        "handled": 2,
        "received": 2,
        "resolved": 2,
        "first_response_met_rate": 50.0,  # A in 30 min; B in 11 h against 8 h
        "resolution_met_rate": 100.0,
        "first_response_unmeasured": 0,
        "resolution_unmeasured": 0,
        "promises_made": 1,
        "promises_kept_rate": 100.0,
        "nps": 0.0,  # one promoter (10), one detractor (6)
        "csat": 4.0,
        "answers": 2,
        "repeat_complaints": 1,  # B: the customer of A complained again
        "follow_ups_due": 0,  # due in December
        "follow_ups_on_time_rate": None,
        "satisfaction": 65.0,  # CSAT 4 → 75 × 0.6 + NPS 0 → 50 × 0.4
        "review_points": 9.8,  # 65 × 15 %
    }
    fang = rows["wang.fang"]
    assert (fang["first_response_met_rate"], fang["resolution_met_rate"]) == (100.0, 0.0)
    assert (fang["promises_made"], fang["promises_kept_rate"]) == (1, 0.0)
    assert (fang["nps"], fang["csat"], fang["answers"]) == (100.0, 4.0, 1)
    assert fang["satisfaction"] == 85.0  # 75 × 0.6 + 100 × 0.4


def test_the_star_follows_the_documented_rule(run: Cli, team: dict[str, str]) -> None:
    card = scorecard(run)
    assert card["star"]["owner"] == "li.wei"  # wang.fang has 1 answer; the rule asks for 2
    config = Path("casectl.yaml")
    config.write_text(
        config.read_text(encoding="utf-8") + "scorecard: {star_min_answers: 1}\n", encoding="utf-8"
    )
    assert scorecard(run)["star"]["owner"] == "wang.fang"  # the higher satisfaction
    config.write_text(
        CONFIG + "scorecard: {star_min_answers: 1, star_order: [first_response_met_rate]}\n",
        encoding="utf-8",
    )
    assert scorecard(run)["star"]["owner"] == "wang.fang"
    config.write_text(CONFIG + "scorecard: {star_order: [popularity]}\n", encoding="utf-8")
    bad = run("report", "--by", "owner", env=NOW)
    assert bad.exit_code == 3 and "'popularity' is not one of" in bad.stderr


def test_the_scorecard_as_a_table_and_in_the_monthly_report(run: Cli, team: dict[str, str]) -> None:
    table = run("report", "--month", "2026-11", "--by", "owner", "--wide", env=NOW).stdout
    assert table.startswith("Team scorecard 2026-11\n")
    assert "Customer star of the month: li.wei" in table
    assert "review points =\nsatisfaction × 15% of a performance review" in table
    line = next(x for x in table.splitlines() if x.startswith("li.wei"))
    assert line.split() == ["li.wei", "2", "50%", "100%", "100%", "0", "4", "1", "—", "65", "9.8"]
    short = run("report", "--month", "2026-11", "--by", "owner", env=NOW).stdout.splitlines()
    assert short[2].split() == [
        "engineer", "handled", "1st", "resp.", "met", "resolution", "met", "promises", "kept",
        "satisfaction",
    ]  # fmt: skip
    assert max(len(x) for x in short) <= 80  # the lead's view fits a narrow terminal
    line = next(x for x in short if x.startswith("li.wei"))
    assert line.split() == ["li.wei", "2", "50%", "100%", "100%", "65"]
    full = run("report", "--month", "2026-11", env=NOW).stdout
    assert "Customer star of the month: li.wei" in full
    markdown = run("report", "--month", "2026-11", "--format", "markdown", env=NOW).stdout
    assert "## Team" in markdown and "| li.wei | 2 | 50% |" in markdown
    html = run("report", "--month", "2026-11", "--format", "html", env=NOW).stdout
    assert "<h2>Team</h2>" in html and "<td>wang.fang</td>" in html
    assert run("report", "--by", "customer", env=NOW).exit_code == 2


def test_the_plan_set_for_a_month_is_checked_by_its_report(run: Cli, team: dict[str, str]) -> None:
    october = {"CASECTL_NOW": "2026-10-30T17:00:00+08:00"}
    first = run("plan", "add", "2026-11", "升级前核对网关配置", "--owner", "li.wei", env=october)
    assert first.exit_code == 0
    second = run("plan", "add", "2026-11", "回访所有 A 类客户", env=october).stdout.strip()
    p1, p2 = first.stdout.strip(), second
    plan_file = Path("plans/2026-11.yaml")
    plan_file.write_text("# 十月复盘定的计划\n" + plan_file.read_text(encoding="utf-8"), "utf-8")
    assert ok(run, "plan", "done", "2026-11", "p1", "--note", "检查单已更新") == ""
    assert plan_file.read_text(encoding="utf-8").startswith("# 十月复盘定的计划\n")
    ok(run, "plan", "add", "2026-12", "客户之星评选公开")
    data = run("report", "--month", "2026-11", "--format", "json", env=NOW).json()
    assert data["plan_month"] == "2026-11" and data["plan"]["done"] == 1
    assert [(i["id"], i["done"]) for i in data["plan"]["items"]] == [(p1, True), (p2, False)]
    assert data["next_plan"]["items"][0]["text"] == "客户之星评选公开"
    text = run("report", "--month", "2026-11", env=NOW).stdout
    assert "The plan for 2026-11: 1 of 2 done:" in text
    assert f"[x] {p1} 升级前核对网关配置 (li.wei): 检查单已更新" in text
    assert "The plan for 2026-12:" in text
    listed = run("plan", "list", "2026-11", env=NOW).stdout.splitlines()
    assert listed == [f"[x] {p1} 升级前核对网关配置 (li.wei)", f"[ ] {p2} 回访所有 A 类客户"]


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["plan", "add", "2026-13", "x"], 2, "'2026-13' is not a month like 2026-12"),
        (["plan", "add", "2026-12", ""], 2, "TEXT must not be empty"),
        (["plan", "done", "2026-12", "p1"], 2, "there is no plan for 2026-12"),
    ],
)
def test_bad_plan_input_is_one_line(
    run: Cli, casebook: Path, args: list[str], code: int, needle: str
) -> None:
    result = run(*args)
    assert result.exit_code == code, result
    assert needle in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_done_item_is_not_done_twice_and_an_unknown_one_is_named(
    run: Cli, casebook: Path
) -> None:
    added = run("plan", "add", "2026-12", "x").stdout.strip()
    assert run("plan", "done", "2026-12", "p1").exit_code == 0
    again = run("plan", "done", "2026-12", "p1")
    assert again.exit_code == 2 and "is done already" in again.stderr
    unknown = run("plan", "done", "2026-12", "p7")
    assert unknown.exit_code == 2 and f"has no item 'p7' (items: {added})" in unknown.stderr


def test_a_plan_file_that_does_not_read_is_left_out_of_the_report(
    run: Cli, team: dict[str, str]
) -> None:
    Path("plans").mkdir()
    Path("plans/2026-11.yaml").write_text("month: 2026-11\nitems: [oops\n", encoding="utf-8")
    result = run("report", "--month", "2026-11", "--format", "json", env=NOW)
    assert result.exit_code == 0, result
    assert "casectl: warning: the report leaves out plans/2026-11.yaml:" in result.stderr
    assert result.json()["plan"] is None and result.json()["team"]["star"]["owner"] == "li.wei"


def test_validate_checks_the_plans(run: Cli, casebook: Path) -> None:
    assert run("plan", "add", "2026-12", "x").exit_code == 0
    assert run("validate").exit_code == 0
    Path("plans/2027-01.yaml").write_text("month: 2026-12\nitems: []\n", encoding="utf-8")
    Path("plans/2027-02.yaml").write_text("month: 2027-02\nitems: [{id: p1}]\n", "utf-8")
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = {(p["file"], p["field"]) for p in result.json()["problems"]}
    assert ("plans/2027-01.yaml", "month") in problems
    assert any(f == "plans/2027-02.yaml" for f, _ in problems)


RANKED = [  # satisfaction, first response met, promises kept, handled; then the name
    ({"owner": "b", "satisfaction": 90, "handled": 1}, {"owner": "a", "satisfaction": 80}),
    ({"owner": "b", "satisfaction": 80}, {"owner": "a", "satisfaction": None}),
    ({"owner": "b", "satisfaction": 80, "handled": 3}, {"owner": "a", "satisfaction": 80}),
    ({"owner": "a", "satisfaction": 80}, {"owner": "b", "satisfaction": 80}),
    ({"owner": "Z", "satisfaction": 80}, {"owner": "a", "satisfaction": 80}),  # code points
    ({"owner": "李伟", "satisfaction": 80}, {"owner": "王芳", "satisfaction": 80}),
]


@pytest.mark.parametrize(("first", "second"), RANKED)
def test_the_scorecard_is_sorted_by_the_figures_then_handled_then_the_name(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    from casectl.core.learning.scorecard import rank
    from casectl.core.sections import Scorecard

    blank = {"first_response_met_rate": None, "promises_kept_rate": None, "handled": 1}
    rules = Scorecard()
    assert rank({**blank, **first}, rules) < rank({**blank, **second}, rules)
