"""``casectl overdue``, the CI gate: exit codes and every output format, through the CLI."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml

from casebooks import working_hour_targets
from conftest import Cli, case_file

# A Monday afternoon: the late case is a week old, first response and resolution late; the fresh one's
# (received 09:15, 4 working hours for high priority) is due at 14:45, within 25% of its target.
AFTERNOON = {"CASECTL_NOW": "2026-11-23T13:50:00+08:00"}
Record = Callable[..., str]

# ::command key=value,key=value::message (values and message escaped, one line each)
WORKFLOW_COMMAND = re.compile(
    r"^::(?P<cmd>error|warning|notice)"
    r"(?: (?P<props>[a-z]+=[^,:\n]*(?:,[a-z]+=[^,:\n]*)*))?"
    r"::(?P<msg>[^\r\n]*)$"
)


@pytest.fixture
def two(record: Record, casebook: Path) -> tuple[str, str]:
    working_hour_targets(casebook)  # high: first response within 4 working hours
    late = record("--owner", "wang.fang", title="上周五的投诉", at="2026-11-16T10:00:00+08:00")
    fresh = record("--owner", "li.wei", title="今天的投诉", at="2026-11-23T09:15:00+08:00")
    return late, fresh


def test_breaches_fail_the_gate_most_urgent_first(run: Cli, two: tuple[str, str]) -> None:
    late, fresh = two
    result = run("overdue", "--format", "json", env=AFTERNOON)
    assert result.exit_code == 1, result
    data = result.json()
    got = [(i["level"], i["case"], i["clock"]["name"]) for i in data["items"]]
    assert got == [
        ("breach", late, "first_response"),
        ("breach", late, "resolution"),
        ("warning", fresh, "first_response"),
    ]
    assert data["counts"] == {
        "checked": 4,
        "cases": 2,
        "breached": 2,
        "warning": 1,
        "unreadable": 0,
    }
    assert data["now"] == "2026-11-23T13:50:00+08:00"
    assert data["items"][0]["path"] == f"cases/2026/11/{late}.yaml"
    assert data["items"][2]["clock"]["due"] == "2026-11-23T14:45:00+08:00"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 1),
        (["--fail-on", "breach"], 1),
        (["--fail-on", "never"], 0),
        (["--owner", "li.wei"], 0),  # only a warning left
        (["--owner", "li.wei", "--fail-on", "warning"], 1),
        (["--owner", "nobody", "--fail-on", "warning"], 0),
    ],
)
def test_exit_codes(run: Cli, two: tuple[str, str], args: list[str], code: int) -> None:
    result = run("overdue", "--format", "json", *args, env=AFTERNOON)
    assert result.exit_code == code, result


def test_an_empty_casebook_passes(run: Cli, casebook: Path) -> None:
    result = run("overdue")
    assert result.exit_code == 0, result
    assert "0 breached" in result.stderr


def test_within_flags_clocks_due_soon(run: Cli, two: tuple[str, str]) -> None:
    _late, fresh = two
    early = {"CASECTL_NOW": "2026-11-23T10:00:00+08:00"}  # fresh: 3h 45m of working time left
    assert run("overdue", "--format", "json", "--owner", "li.wei", env=early).json()["items"] == []
    wide = run("overdue", "--format", "json", "--owner", "li.wei", "--within", "4h", env=early)
    assert [(i["case"], i["level"]) for i in wide.json()["items"]] == [(fresh, "warning")]
    assert wide.json()["within"] == "4h"


def test_github_annotations_point_at_the_case_files(
    run: Cli, two: tuple[str, str], casebook: Path
) -> None:
    late, fresh = two
    result = run("overdue", "--format", "github", env=AFTERNOON)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    matches = [WORKFLOW_COMMAND.match(line) for line in lines]
    assert all(matches), lines
    commands = [
        (m["cmd"], dict(p.split("=", 1) for p in m["props"].split(","))) for m in matches if m
    ]
    assert [c for c, _ in commands] == ["error", "error", "warning", "notice"]
    for _cmd, props in commands[:3]:
        assert (casebook / props["file"]).is_file()
    assert commands[0][1]["title"] == f"{late} first_response breached"
    assert commands[2][1]["title"] == f"{fresh} first_response due soon"
    assert "%3A" not in lines[0].split("::")[2]  # the message keeps its colons


def test_junit_parses_with_one_case_per_clock_and_a_failure_per_breach(
    run: Cli, two: tuple[str, str]
) -> None:
    late, _fresh = two
    result = run("overdue", "--format", "junit", env=AFTERNOON)
    assert result.exit_code == 1
    suites = list(JUnitXml.fromstring(result.stdout.encode()))
    assert len(suites) == 1
    cases = list(suites[0])
    assert len(cases) == 4
    failed = [(c.classname, c.name) for c in cases if any(isinstance(r, Failure) for r in c.result)]
    assert failed == [(late, "first_response"), (late, "resolution")]
    assert suites[0].failures == 2


def test_markdown_summary(run: Cli, two: tuple[str, str]) -> None:
    late, _fresh = two
    result = run("overdue", "--format", "markdown", env=AFTERNOON)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "### casectl overdue — 2 breached, 1 due soon"
    rows = [ln for ln in lines if ln.startswith("| ")]
    assert len(rows) == 4  # header and three items
    assert f"`{late}`" in rows[1]
    assert rows[1].count("|") == 8


def test_table_for_people(run: Cli, two: tuple[str, str]) -> None:
    late, _fresh = two
    result = run("overdue", env=AFTERNOON)
    assert result.exit_code == 1
    header, first, *_ = result.stdout.splitlines()
    assert header.split() == ["LEVEL", "CASE", "CLOCK", "DUE", "REMAINING", "OWNER", "TITLE"]
    assert first.split()[:3] == ["breach", late, "first_response"]
    assert "2 breached, 1 due soon" in result.stderr


def test_waiting_on_the_customer_holds_the_clock(run: Cli, record: Record) -> None:
    case_id = record(at="2026-11-23T09:15:00+08:00")
    assert (
        run(
            "wait", case_id, "--reason", "等客户日志", "--at", "2026-11-23T10:00:00+08:00"
        ).exit_code
        == 0
    )
    result = run("overdue", "--format", "json", env={"CASECTL_NOW": "2026-11-24T16:00:00+08:00"})
    assert result.exit_code == 0, result
    assert result.json()["items"] == []
    shown = run(
        "show", case_id, "--format", "json", env={"CASECTL_NOW": "2026-11-24T16:00:00+08:00"}
    )
    first = {c["name"]: c for c in shown.json()["sla"]}["first_response"]
    assert (first["state"], first["elapsed_working_minutes"]) == ("paused", 45)


def test_a_closed_case_is_not_checked(run: Cli, record: Record) -> None:
    case_id = record(at="2026-11-01T09:15:00+08:00")
    closing = run(
        "close", case_id, "--force", "--reason", "duplicate", "--at", "2026-11-02T09:00:00+08:00"
    )
    assert closing.exit_code == 0, closing
    result = run("overdue", "--format", "json")
    assert result.exit_code == 0
    assert result.json()["counts"]["cases"] == 0


def test_a_corrupt_case_file_fails_the_gate_loudly(
    run: Cli, two: tuple[str, str], casebook: Path
) -> None:
    late, _fresh = two
    broken = case_file(casebook, late)
    broken.write_text(broken.read_text(encoding="utf-8").replace("priority: high", "priority: p0"))
    result = run("overdue", "--format", "github", "--fail-on", "never", env=AFTERNOON)
    assert result.exit_code == 3, result
    assert "Traceback" not in result.stderr
    assert f"cases/2026/11/{late}.yaml" in result.stderr
    assert f"::error file=cases/2026/11/{late}.yaml" in result.stdout
    junit = run("overdue", "--format", "junit", env=AFTERNOON)
    assert junit.exit_code == 3
    errors = [
        c
        for s in JUnitXml.fromstring(junit.stdout.encode())
        for c in s
        if any(isinstance(r, Error) for r in c.result)
    ]
    assert [c.name for c in errors] == [f"cases/2026/11/{late}.yaml"]
    data = run("overdue", "--format", "json", env=AFTERNOON).json()
    assert data["counts"]["unreadable"] == 1
    assert data["problems"][0]["path"] == f"cases/2026/11/{late}.yaml"


def test_a_bad_within_is_a_usage_error(run: Cli, casebook: Path) -> None:
    result = run("overdue", "--within", "soon")
    assert result.exit_code == 2
    assert "--within" in result.stderr


CONFIG_TROUBLE = [
    ("timezone: Asia/Shanghai", "timezone: Mars/Olympus", "unknown time zone"),
    ('hours: ["09:00-12:00", "13:30-18:00"]', 'hours: ["09:00-12:00", "13:30-25:00"]', "hours"),
    ('hours: ["09:00-12:00", "13:30-18:00"]', 'hours: ["18:00-09:00"]', "ends before it starts"),
    ("  low:    {", "  critical: {first_response: 1h}\n  low:    {", "unknown priority 'critical'"),
    ("investigation: 8h,", "investigation: 1 hour,", "not a duration"),
    ("first_response: 24h calendar,", "first_response: 24h sideways,", "not a duration"),
    ("warn_before: 25%", "warn_before: 250%", "percentage"),
    ("holidays: []", "holidays: [2026-02-30]", "day is out of range"),
]


@pytest.mark.parametrize(("old", "new", "needle"), CONFIG_TROUBLE)
def test_a_bad_casectl_yaml_is_one_clear_message(
    run: Cli, casebook: Path, old: str, new: str, needle: str
) -> None:
    config = casebook / "casectl.yaml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("overdue")
    assert result.exit_code == 3, result
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if not ln.startswith("  hint:")]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("casectl: error: casectl.yaml")
    assert needle in lines[0]


def test_list_breached_and_due_within(run: Cli, two: tuple[str, str]) -> None:
    late, fresh = two

    def ids(*args: str) -> list[str]:
        result = run("list", "--format", "json", *args, env=AFTERNOON)
        assert result.exit_code == 0, result
        return [row["id"] for row in result.json()]

    assert ids("--breached") == [late]
    assert ids("--due-within", "1h") == [late, fresh]  # breached counts as due within
    assert ids("--due-within", "30m", "--owner", "li.wei") == []
    assert ids() == [late, fresh]
    bad = run("list", "--due-within", "soon")
    assert bad.exit_code == 2
    assert "--due-within" in bad.stderr
