"""A target may name its own clock; ``init`` follows the complaint policy (a first response
within 24 hours, nights and weekends included); casebooks written before keep their meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import Cli

FRIDAY_5PM = "2026-11-27T17:00:00+08:00"

# casectl.yaml exactly as `casectl init` wrote it before targets could name a clock.
OLD_CONFIG = """\
# casectl casebook settings. Docs: docs/case-format.md and docs/sla.md.
schema_version: 1
timezone: Asia/Shanghai          # IANA name; times are stored with their UTC offset

# Business hours. Leave the calendar out (and use sla.clock: calendar) for a 24x7 clock.
calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours: ["09:00-12:00", "13:30-18:00"]
  holidays: []                   # e.g. [2026-10-01, 2026-10-02]
  extra_workdays: []             # make-up working days on weekends (调休)

sla:
  clock: business                # business (needs the calendar) or calendar (24x7)
  # Targets per priority. On the business clock h and m count working time, d working days.
  urgent: {first_response: 1h, investigation: 8h, resolution: 1d, update_every: 4h}
  high:   {first_response: 4h, investigation: 1d, resolution: 3d, update_every: 8h}
  medium: {first_response: 1d, investigation: 2d, resolution: 5d, update_every: 1d}
  low:    {first_response: 2d, investigation: 5d, resolution: 10d}

follow_up_after: 30d             # calendar days after resolution
review_within: 7d                # calendar days after resolution
warn_before: 25%                 # of the target, or a duration such as 2h
"""


def first_response(run: Cli, priority: str = "medium", now: str = FRIDAY_5PM) -> dict[str, Any]:
    made = run(
        "record",
        "--customer=华东精密",
        "--title=周五下班前的投诉",
        "--category=technical",
        f"--priority={priority}",
        "--channel=phone",
        f"--at={FRIDAY_5PM}",
    )
    assert made.exit_code == 0, made
    shown = run("show", made.stdout.strip(), "--format", "json", env={"CASECTL_NOW": now})
    clocks = {c["name"]: c for c in shown.json()["sla"]}
    return clocks["first_response"]


def set_config(root: Path, text: str) -> None:
    (root / "casectl.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("priority", ["urgent", "high", "medium", "low"])
def test_a_new_casebook_wants_a_first_response_within_24_hours_whatever_the_day(
    run: Cli, casebook: Path, priority: str
) -> None:
    clock = first_response(run, priority)
    assert clock["due"] == "2026-11-28T17:00:00+08:00"  # Saturday 17:00, not Monday
    assert (clock["target"], clock["clock"]) == ("24h", "calendar")


def test_the_rest_of_the_new_defaults_are_as_before(run: Cli, casebook: Path) -> None:
    from casectl.storage.store import Casebook

    new = Casebook.open(casebook).config.sla
    set_config(casebook, OLD_CONFIG)
    old = Casebook.open(casebook).config.sla
    for priority in ("urgent", "high", "medium", "low"):
        a, b = new.targets(priority), old.targets(priority)
        assert (a.investigation, a.resolution, a.update_every) == (
            b.investigation,
            b.resolution,
            b.update_every,
        )
        assert a.first_response is not None and str(a.first_response) == "24h calendar"


def test_an_existing_casebook_keeps_its_meaning(run: Cli, casebook: Path) -> None:
    set_config(casebook, OLD_CONFIG)
    clock = first_response(run)
    assert clock["due"] == "2026-11-30T17:00:00+08:00"  # one working day: Monday 17:00
    assert (clock["target"], clock["clock"]) == ("1d", "business")
    assert run("validate").exit_code == 0


def test_a_casebook_without_targets_keeps_the_built_in_ones(run: Cli, casebook: Path) -> None:
    set_config(casebook, "timezone: Asia/Shanghai\n")
    assert first_response(run)["due"] == "2026-11-30T17:00:00+08:00"


@pytest.mark.parametrize(
    "target",
    [
        "24h calendar",
        "{within: 24h, clock: calendar}",
        "'24h  Calendar'",
        "{within: 1d, clock: calendar}",
    ],
)
def test_the_short_and_the_long_form_mean_the_same(run: Cli, casebook: Path, target: str) -> None:
    set_config(
        casebook,
        OLD_CONFIG.replace("medium: {first_response: 1d,", f"medium: {{first_response: {target},"),
    )
    assert first_response(run)["due"] == "2026-11-28T17:00:00+08:00"


def test_a_target_may_ask_for_working_time_on_a_round_the_clock_casebook(
    run: Cli, casebook: Path
) -> None:
    text = OLD_CONFIG.replace("clock: business  ", "clock: calendar  ")
    set_config(
        casebook,
        text.replace("medium: {first_response: 1d,", "medium: {first_response: 1d business,"),
    )
    assert first_response(run)["due"] == "2026-11-30T17:00:00+08:00"
    assert first_response(run, "high")["due"] == "2026-11-27T21:00:00+08:00"  # 4h, round the clock


def test_a_calendar_target_is_flagged_by_calendar_hours_and_says_so(
    run: Cli, casebook: Path
) -> None:
    """Saturday 08:00: 9 hours left of the 24, though no working hour is left before Monday;
    --within 10h flags it."""
    saturday = {"CASECTL_NOW": "2026-11-28T08:00:00+08:00"}
    clock = first_response(run, now=saturday["CASECTL_NOW"])
    assert clock["remaining_working_minutes"] == 540 and clock["remaining"] == "9h left"
    assert run("overdue", "--format", "json", env=saturday).json()["items"] == []
    flagged = run("overdue", "--format", "json", "--within", "10h", env=saturday).json()["items"]
    assert [(i["level"], i["clock"]["name"]) for i in flagged] == [("warning", "first_response")]
    again = run("overdue", "--format", "json", "--within", "10h", env=saturday).json()["items"]
    assert again == flagged  # the second run reads the clock kept in the index
    breached = run(
        "list", "--breached", "--format", "json", env={"CASECTL_NOW": "2026-11-29T09:00:00+08:00"}
    )
    assert len(breached.json()) == 1


def test_the_config_schema_takes_both_forms(run: Cli, casebook: Path) -> None:
    import jsonschema
    import yaml

    schema = run("schema", "config").json()
    validator = jsonschema.Draft202012Validator(schema)
    for target in ("24h calendar", {"within": "24h", "clock": "calendar"}, "1d", "2d business"):
        settings = {"sla": {"medium": {"first_response": target}}}
        assert list(validator.iter_errors(settings)) == [], target
    for bad in ("24h sideways", {"within": "24h", "clock": "lunar"}, {"clock": "calendar"}):
        assert list(validator.iter_errors({"sla": {"medium": {"first_response": bad}}})), bad
    fresh = yaml.safe_load((casebook / "casectl.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(fresh)) == []
