"""A team adopts casectl with its history: a year's complaint log (here six rows of it) with
Chinese headings, a status column, rows without a response time and one customer spelled two
ways, imported from .xlsx and from .csv. Closed rows come in closed, no time is invented, the
report leaves unmeasured clocks out of its rates and says how many, and importing the log again
changes nothing until a row changes."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import adoption_log
from conftest import Cli

pytestmark = pytest.mark.parametrize("suffix", [".xlsx", ".csv"])


def imported(run: Cli, path: Path) -> dict[str, dict[str, Any]]:
    """Every case, by its key cell (T-001 …), as ``show --format json`` gives it."""
    result = run("import", str(path))
    assert result.exit_code == 0, result
    listed = run("list", "--all", "--format", "json").json()
    shown = [run("show", c["id"], "--format", "json").json() for c in listed]
    return {s["source"]["key"].split("#")[1]: s for s in shown}


def test_closed_rows_close_and_nothing_is_invented(
    run: Cli, casebook: Path, tmp_path: Path, suffix: str
) -> None:
    cases = imported(run, adoption_log.write(tmp_path / f"投诉台账{suffix}"))
    stages = {key: case["stage"] for key, case in cases.items()}
    assert stages == {
        "T-001": "closed",
        "T-002": "resolved",
        "T-003": "closed",  # 关闭 without a date: closed, time unknown
        "T-004": "responded",
        "T-005": "recorded",
        "T-006": "recorded",  # in progress, but the log gives no response time
    }
    assert cases["T-002"].get("response") is None  # no first response invented
    assert cases["T-002"]["source"]["time_unknown"] == ["response", "root_cause"]
    assert cases["T-003"]["source"]["time_unknown"] == [
        "response",
        "resolution",
        "closure",
        "follow_up",
        "review",
    ]
    events = [e["event"] for e in cases["T-003"]["timeline"]]
    said = "time unknown (imported): response, resolution, closure, follow_up, review"
    assert said in events and events[-1] == "imported"
    clocks = {c["name"]: c["state"] for c in cases["T-002"]["sla"]}
    assert clocks["first_response"] == "unmeasured" and clocks["resolution"] == "met"
    assert run("validate").exit_code == 0  # closed cases pass the lifecycle checks

    gate = run("overdue", "--format", "json").json()
    flagged = {(i["case"], i["clock"]["name"]) for i in gate["items"]}
    ids = {key: case["id"] for key, case in cases.items()}
    assert (ids["T-005"], "first_response") in flagged  # pending, never answered: real
    for key in ("T-002", "T-003", "T-006"):
        assert (ids[key], "first_response") not in flagged  # unmeasured is never breached
    assert not any(case == ids["T-001"] for case, _ in flagged)


def test_the_report_leaves_unmeasured_clocks_out_and_says_how_many(
    run: Cli, casebook: Path, tmp_path: Path, suffix: str
) -> None:
    imported(run, adoption_log.write(tmp_path / f"投诉台账{suffix}"))
    data = run("report", "--month", "2026-10", "--format", "json").json()
    sla = {r["clock"]: r for r in data["current"]["sla"]}
    first = sla["first_response"]
    # met: T-001 (1 h), T-004 (1.5 h); breached: T-005; unmeasured: T-002, T-003, T-006
    assert (first["met"], first["breached"], first["unmeasured"], first["total"]) == (2, 1, 3, 6)
    assert first["met_rate"] == 66.7
    causes = data["current"]["root_causes"]
    assert causes[0]["cause"] == "unclassified"  # root causes given as text alone
    assert {e["root_cause"] for e in causes[0]["examples"]} == {
        "升级后网关超时变为 60 s",
        "证书过期",
    }
    text = run("report", "--month", "2026-10").stdout
    assert "3 of 6 cases had no response time (imported): left out of met %" in text
    assert "unclassified (2)" in text
    team = {r["owner"]: r for r in data["team"]["engineers"]}
    assert team["li.wei"]["first_response_unmeasured"] == 2  # T-002, T-006
    assert "50% (2 unmeasured)" in text
    export = run("export", "--format", "csv").stdout
    assert "unmeasured_clocks" in export.splitlines()[0]


def test_importing_again_is_idempotent_and_tells_updates_and_conflicts(
    run: Cli, casebook: Path, tmp_path: Path, suffix: str
) -> None:
    path = adoption_log.write(tmp_path / f"投诉台账{suffix}")
    first = imported(run, path)
    again = run("import", str(path))
    assert "0 added, 0 updated, 6 unchanged, 0 in conflict, 0 with problems" in again.stderr

    rows = copy.deepcopy(adoption_log.ROWS)
    rows[3][7:11] = ["已解决", "2026-10-15 11:00", "客服排班不足", "2026-10-18 17:00"]  # T-004
    rows[4][7:9] = ["处理中", "2026-10-20 10:00"]  # T-005, also noted in casectl below
    rows.append(["T-007", "2026-11-02 09:00", "华东精密", "沟通", "中", "回访不及时", "li.wei",
        "待处理", "", "", "", ""])  # fmt: skip
    adoption_log.write(path, rows)
    assert run("note", first["T-005"]["id"], "客户来电催促").exit_code == 0

    plan = run("import", str(path), "--dry-run", "--format", "json")
    results = {r["row"]: r["result"] for r in plan.json()["rows"]}
    assert results == {2: "unchanged", 3: "unchanged", 4: "unchanged", 5: "updated",
        6: "conflict", 7: "unchanged", 8: "added"}  # fmt: skip
    assert len(run("list", "--all", "--format", "json").json()) == 6  # a dry run writes nothing

    done = run("import", str(path))
    assert done.exit_code == 0, done
    assert "1 added, 1 updated, 4 unchanged, 1 in conflict, 0 with problems" in done.stderr
    assert f"row 6: {first['T-005']['id']} changed in the log and in casectl since" in done.stderr
    now = {c["id"]: c for c in run("list", "--all", "--format", "json").json()}
    assert now[first["T-004"]["id"]]["stage"] == "resolved"
    assert now[first["T-005"]["id"]]["stage"] == "recorded"  # not overwritten
    updated = run("show", first["T-004"]["id"], "--format", "json").json()
    assert updated["timeline"][-1]["event"] == "updated from the log"
    assert updated["timeline"][: len(first["T-004"]["timeline"])] == first["T-004"]["timeline"]
    last = run("import", str(path))
    assert "0 added, 0 updated, 6 unchanged, 1 in conflict" in last.stderr
    kept = run("import", str(path), "--keep-casectl")
    assert f"row 6: {first['T-005']['id']} kept as casectl has it" in kept.stderr
    assert "0 added, 0 updated, 7 unchanged, 0 in conflict" in run("import", str(path)).stderr
    assert run("show", first["T-005"]["id"], "--format", "json").json()["notes"][0]["text"] == (
        "客户来电催促"
    )
    assert run("validate").exit_code == 0


def test_the_preview_shows_the_mapping_and_the_customer_spelled_two_ways(
    run: Cli, casebook: Path, tmp_path: Path, suffix: str
) -> None:
    rows = copy.deepcopy(adoption_log.ROWS)
    rows[1][4] = "特急"  # a priority word the team's log uses
    path = adoption_log.write(tmp_path / f"投诉台账{suffix}", rows)
    result = run("import", str(path), "--preview")
    assert result.exit_code == 0, result
    shown = result.stdout
    assert "H       status        状态      已关闭, 已解决, 关闭" in shown
    assert "I       responded_at  响应时间  2026-10-08 10:00, 2026-10-15 11:00" in shown
    assert "E3: priority '特急', in 1 row(s): " in shown
    assert "华东精密制造有限公司 (2), 华东精密 (1)" in shown
    assert "casectl customer add 华东精密制造有限公司 --alias 华东精密" in shown
    data = run("import", str(path), "--preview", "--format", "json").json()
    (group,) = data["customers"]
    assert group["aliases"] == ["华东精密"] and group["profile"] is None
    assert run("list", "--all", "--format", "json").json() == []  # nothing imported
