"""The follow-up visit's due time has one rule (``core.sla.follow_up_due``): ``follow_up_after``
counted in calendar days after the resolution, the same wall time in the team's zone — also
across a daylight-saving change, and the same whether it is shown, set by ``repair`` or
recorded by ``follow-up``."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli, case_file

NOW = "2026-03-11T10:00:00+01:00"
RESOLVED = "2026-03-10T10:00:00+01:00"  # Berlin moves to summer time on 2026-03-29
DUE = "2026-04-09T10:00:00+02:00"  # 30 calendar days later, still 10:00 on the wall


@pytest.fixture
def berlin_case(run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    root = tmp_path / "book"
    assert run("init", str(root), "--timezone", "Europe/Berlin").exit_code == 0
    monkeypatch.chdir(root)
    monkeypatch.setenv("CASECTL_NOW", NOW)
    result = run(
        "record", "--customer", "Kunde GmbH", "--title", "Export bricht ab",
        "--category", "technical", "--priority", "high", "--at", "2026-03-09T09:30+01:00",
    )  # fmt: skip
    cid = result.stdout.strip()
    steps = [
        ["respond", cid, "--summary", "Anruf", "--at", "2026-03-09T10:00+01:00"],
        ["investigate", cid, "--root-cause", "Timeout", "--at", "2026-03-09T15:00+01:00"],
        ["resolve", cid, "--summary", "Timeout erhöht", "--at", RESOLVED],
    ]
    for args in steps:
        assert run(*args).exit_code == 0, args
    return cid


def _follow_up_clock(run: Cli, cid: str) -> dict[str, object]:
    shown = run("show", cid, "--format", "json").json()
    (clock,) = [c for c in shown["sla"] if c["name"] == "follow_up"]
    return dict(clock)


def test_shown_due_counts_calendar_days_across_dst(run: Cli, berlin_case: str) -> None:
    assert _follow_up_clock(run, berlin_case)["due"] == DUE


def test_repair_sets_the_same_due_as_the_clock_shows(run: Cli, berlin_case: str) -> None:
    result = run("repair", berlin_case, "--apology", "verbal", "--at", "2026-03-11T09:00+01:00")
    assert result.exit_code == 0, result
    assert f"due: {DUE}" in case_file(Path.cwd(), berlin_case).read_text(encoding="utf-8")
    assert _follow_up_clock(run, berlin_case)["due"] == DUE


def test_follow_up_without_repair_records_the_same_due(run: Cli, berlin_case: str) -> None:
    early = ("--force", "--reason", "Kunde im April nicht erreichbar")  # the visit is due in April
    result = run(
        "follow-up", berlin_case, "--notes", "Besuch", *early, "--at", "2026-03-11T09:30+01:00"
    )
    assert result.exit_code == 0, result
    assert f"due: {DUE}" in case_file(Path.cwd(), berlin_case).read_text(encoding="utf-8")
