"""China's calendar (and other countries') from the ``holidays`` package: ``init --calendar CN``
and ``calendar update``, which only add dates and keep every hand edit and comment."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest

from casebooks import working_hour_targets
from conftest import Cli

NOW = {"CASECTL_NOW": "2026-11-30T10:00:00+08:00"}


def config_of(root: Path) -> str:
    return (root / "casectl.yaml").read_text(encoding="utf-8")


def calendar_of(root: Path) -> tuple[list[date], list[date]]:
    from casectl.storage.store import Casebook

    cal = Casebook.open(root).config.calendar
    assert cal is not None
    return cal.holidays, cal.extra_workdays


def only_added(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any line of ``before`` changed."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    assert not [d for d in diff if d.startswith("- ")], [d for d in diff if d[:1] in "-+"]
    return [d[2:] for d in diff if d.startswith("+ ")]


def test_the_holidays_package_carries_chinas_make_up_working_days() -> None:
    """Why this package: it lists 调休 (weekend_workdays), and next year's statutory days."""
    from casectl.storage.calendars import offered

    year = offered("CN", 2026)
    assert date(2026, 10, 1) in year.holidays and date(2026, 2, 17) in year.holidays
    assert date(2026, 10, 10) in year.workdays  # a Saturday worked for National Day
    assert date(2026, 2, 14) in year.workdays and year.workdays_known
    later = offered("CN", 2030)
    assert date(2030, 10, 1) in later.holidays
    assert not later.workdays and not later.workdays_known


def test_init_with_china_fills_this_year_and_the_next(run: Cli, tmp_path: Path) -> None:
    root = tmp_path / "book"
    result = run("init", str(root), "--calendar", "CN", env=NOW)
    assert result.exit_code == 0, result
    assert (
        "2026 (CN, holidays " in result.stderr
        and "added 22 holiday(s) and 6 make-up" in result.stderr
    )
    holidays, workdays = calendar_of(root)
    assert date(2026, 10, 1) in holidays and date(2027, 10, 1) in holidays
    assert date(2026, 10, 10) in workdays
    text = config_of(root)
    assert "  - 2026-10-01                   # 国庆节\n" in text
    assert "  - 2026-10-10                   # 调休上班（补 2026-10-07 休息）\n" in text
    assert "# make-up working days on weekends (调休)" in text  # init's comments kept
    assert run("-C", str(root), "validate").exit_code == 0


def test_national_day_is_not_a_working_day_and_the_make_up_saturday_is(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "book"
    assert run("init", str(root), "--calendar", "CN", env=NOW).exit_code == 0
    working_hour_targets(root)  # medium: first response within one working day
    monkeypatch.chdir(root)
    made = run(
        "record",
        "--customer=华东精密",
        "--title=节前最后一天的投诉",
        "--category=technical",
        "--priority=medium",
        "--channel=phone",
        "--at=2026-09-30T17:00:00+08:00",
    )
    shown = run(
        "show",
        made.stdout.strip(),
        "--format",
        "json",
        env={"CASECTL_NOW": "2026-10-02T10:00:00+08:00"},
    )
    first = {c["name"]: c for c in shown.json()["sla"]}["first_response"]
    # 1 h on 30 September, then the holiday week (1-7 October); 6 h 30 m on Thursday 8 October
    assert first["due"] == "2026-10-08T17:00:00+08:00"
    saturday = run(
        "record",
        "--customer=华东精密",
        "--title=调休日的投诉",
        "--category=technical",
        "--priority=medium",
        "--channel=phone",
        "--at=2026-10-10T09:00:00+08:00",
    )
    shown = run(
        "show",
        saturday.stdout.strip(),
        "--format",
        "json",
        env={"CASECTL_NOW": "2026-10-10T10:00:00+08:00"},
    )
    first = {c["name"]: c for c in shown.json()["sla"]}["first_response"]
    assert first["elapsed_working_minutes"] == 60  # Saturday 10 October is worked


HAND_EDITED = """\
# 华东区客服组的案例库
timezone: Asia/Shanghai

calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours:   ["09:00-12:00", "13:30-18:00"]     # 午休 90 分钟
  holidays:
  # 公司自定的假日
  - 2027-02-04   # 年会
  - 2027-12-24   # 平安夜, 公司放假
  extra_workdays:
  - 2027-10-05   # 国庆值班: 我们这天上班
sla:
  clock:    business
  medium: {first_response: 24h calendar, investigation: 2d, resolution: 5d}
"""


def test_update_adds_a_year_and_keeps_every_hand_edit(run: Cli, casebook: Path) -> None:
    (casebook / "casectl.yaml").write_text(HAND_EDITED, encoding="utf-8")
    result = run("calendar", "update", "--country", "CN", "--year", "2027")
    assert result.exit_code == 0, result
    after = config_of(casebook)
    added = only_added(HAND_EDITED, after)
    assert "  - 2027-10-01                   # 国庆节" in added
    assert all(line.startswith("  - 2027-") for line in added)
    lines = after.splitlines()
    assert lines.index("  - 2027-02-04   # 年会") < lines.index(
        "  - 2027-02-05                   # 农历除夕"
    )
    assert (
        lines[-1] == "  medium: {first_response: 24h calendar, investigation: 2d, resolution: 5d}"
    )
    holidays, workdays = calendar_of(casebook)
    assert date(2027, 10, 5) in workdays and date(2027, 10, 5) not in holidays  # yours wins
    assert "kept as you listed them: 2027-10-05" in result.stderr
    assert "not in holidays" in result.stderr and "2027-02-04" in result.stderr
    again = run("calendar", "update", "--country", "CN", "--year", "2027")
    assert again.exit_code == 0 and "nothing to add" in again.stderr
    assert config_of(casebook) == after


def test_a_year_without_its_official_arrangement_yet_is_said(run: Cli, casebook: Path) -> None:
    """A year far enough ahead that no release of holidays has China's make-up days for it."""
    result = run("calendar", "update", "--country", "CN", "--year", "2030")
    assert result.exit_code == 0
    assert "has no make-up working days for 2030 yet" in result.stderr
    assert "casectl calendar update --country CN --year 2030' again" in result.stderr
    assert date(2030, 10, 1) in calendar_of(casebook)[0]


def test_update_of_a_one_line_list_keeps_its_dates_and_comment(run: Cli, casebook: Path) -> None:
    text = config_of(casebook).replace("holidays: []" + " " * 10, "holidays: [2026-12-24]")
    (casebook / "casectl.yaml").write_text(text, encoding="utf-8")
    assert run("calendar", "update", "--country", "CN", "--year", "2026").exit_code == 0
    after = config_of(casebook)
    assert "  holidays:                      # e.g. [2026-10-01, 2026-10-02]\n" in after
    assert "  - 2026-12-24\n" in after
    holidays, workdays = calendar_of(casebook)
    assert holidays[-1] == date(2026, 12, 24) and len(holidays) == 23 and len(workdays) == 6


def test_update_keeps_crlf_line_endings(run: Cli, casebook: Path) -> None:
    path = casebook / "casectl.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run("calendar", "update", "--country", "CN", "--year", "2026").exit_code == 0
    data = path.read_bytes()
    assert b"  - 2026-10-01                   # \xe5\x9b\xbd\xe5\xba\x86\xe8\x8a\x82\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_a_round_the_clock_casebook_gets_a_calendar_section(run: Cli, casebook: Path) -> None:
    (casebook / "casectl.yaml").write_text(
        "timezone: Asia/Shanghai\nsla: {clock: calendar}\n", encoding="utf-8"
    )
    assert run("calendar", "update", "--country", "CN", "--year", "2026").exit_code == 0
    holidays, workdays = calendar_of(casebook)
    assert len(holidays) == 22 and len(workdays) == 6
    assert config_of(casebook).startswith(
        "timezone: Asia/Shanghai\nsla: {clock: calendar}\ncalendar:\n"
    )


@pytest.mark.parametrize(
    ("country", "day"),
    [
        ("US", date(2027, 7, 5)),
        ("US-CA", date(2027, 3, 31)),
        ("DE", date(2027, 10, 3)),
        ("HK", date(2027, 7, 1)),
    ],
)
def test_other_countries_through_the_same_package(
    run: Cli, casebook: Path, country: str, day: date
) -> None:
    result = run("calendar", "update", "--country", country, "--year", "2027")
    assert result.exit_code == 0, result
    assert day in calendar_of(casebook)[0]


@pytest.mark.parametrize("country", ["XX", "CN-ZZ", "中国"])
def test_an_unknown_country_is_one_line(run: Cli, casebook: Path, country: str) -> None:
    before = config_of(casebook)
    result = run("calendar", "update", "--country", country)
    assert result.exit_code == 2
    assert "is not a country the holidays package knows" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and config_of(casebook) == before
