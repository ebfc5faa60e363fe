"""The bundled example casebook (examples/casebook/, built by examples/make_casebook.sh) loads,
every case is valid and canonical, and it shows every stage and side step the README promises.

Read "as of" 2026-11-23T10:00:00+08:00 (conftest fixes CASECTL_NOW). These tests only read.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from casectl.cli.app import app
from casectl.core import lifecycle
from casectl.core.model import Case, Stage
from casectl.storage.casefile import render_case
from casectl.storage.store import Casebook
from conftest import NOW, Cli

BOOK = Path(__file__).resolve().parent.parent / "examples" / "casebook"


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    report = Casebook.open(BOOK).cases()
    assert report.problems == []
    return report.cases


@pytest.fixture(scope="module")
def shown() -> dict[str, dict[str, Any]]:
    """``show --format json`` of every case, as of NOW (the SLA clocks included)."""
    out: dict[str, dict[str, Any]] = {}
    env = {"CASECTL_NOW": NOW, "CASECTL_USER": "li.wei", "NO_COLOR": "1", "TERM": "dumb"}
    for path in sorted(BOOK.glob("cases/*/*/*.yaml")):
        result = CliRunner().invoke(
            app, ["-C", str(BOOK), "show", path.stem, "--format", "json"], env=env
        )
        assert result.exit_code == 0, result.stderr
        out[path.stem] = json.loads(result.stdout)
    return out


def test_the_casebook_has_about_ten_cases_that_all_load(cases: list[Case]) -> None:
    assert 10 <= len(cases) <= 15


def test_every_file_is_what_casectl_writes(cases: list[Case]) -> None:
    book = Casebook.open(BOOK)
    for case in cases:
        path = book.path_for(case)
        assert path.is_file()
        assert render_case(case) == path.read_text(encoding="utf-8"), path


def test_every_stage_is_present(cases: list[Case]) -> None:
    assert {lifecycle.stage(c) for c in cases} == set(Stage)


def test_the_side_steps_are_all_shown(cases: list[Case]) -> None:
    assert any(lifecycle.is_waiting(c) for c in cases), "a case waiting on the customer"
    assert any(c.escalations for c in cases), "an escalated case"
    assert any(c.reopenings and lifecycle.is_open(c) for c in cases), "a reopened case"
    assert any(c.closed and c.closed.forced for c in cases), "a forced close with a reason"
    assert any(a.cancelled_at for c in cases for a in c.actions), "a cancelled action"
    assert any(c.notes for c in cases), "internal notes"
    assert {a.horizon.value for c in cases for a in c.actions} == {"short", "mid", "long"}


def test_surveys_and_the_case_library(cases: list[Case]) -> None:
    surveys = [s for c in cases for s in c.relationship.surveys]
    assert len(surveys) >= 3
    assert all(s.nps is not None and s.csat is not None for s in surveys)
    published = [c for c in cases if c.review.publish]
    assert len(published) >= 2
    assert all(c.review.lessons and c.review.prevention for c in published)


def test_chinese_and_english_cases_received_in_october_and_november(cases: list[Case]) -> None:
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in c.title) for c in cases)
    assert any(c.title.isascii() for c in cases)
    assert {c.received_at.strftime("%Y-%m") for c in cases} == {"2026-10", "2026-11"}
    categories = {c.category.value for c in cases}
    assert categories == {"technical", "communication", "process", "attitude"}


def test_promises_kept_and_broken(cases: list[Case]) -> None:
    promises = [p for c in cases if c.response for p in c.response.promises]
    assert any(p.kept_at and p.kept_at <= p.due for p in promises), "a promise kept in time"
    assert any(p.kept_at and p.kept_at > p.due for p in promises), "a promise kept late"
    assert any(p.kept_at is None for p in promises), "a promise still open"


def test_the_calendar_has_national_day_and_a_make_up_workday() -> None:
    config = Casebook.open(BOOK).config
    assert config.timezone == "Asia/Shanghai"
    assert config.calendar is not None
    assert [str(h) for h in config.calendar.hours] == ["09:00-12:00", "13:30-18:00"]
    assert {d.isoformat() for d in config.calendar.holidays} >= {"2026-10-01", "2026-10-07"}
    assert any(d.isoformat() == "2026-10-10" for d in config.calendar.extra_workdays)


def test_clocks_as_of_now(shown: dict[str, dict[str, Any]]) -> None:
    states = {
        cid: {clock["name"]: clock["state"] for clock in data["sla"]} for cid, data in shown.items()
    }
    if not any(states.values()):
        pytest.fail("show --format json reports no SLA clocks")
    assert any(s.get("first_response") == "breached" for s in states.values())
    assert any(s.get("first_response") == "warning" for s in states.values())
    assert any("paused" in s.values() for s in states.values())
    assert any(not set(s.values()) & {"breached", "warning"} for s in states.values())


def test_list_reads_the_example_as_the_readme_shows(run: Cli) -> None:
    every = run("-C", str(BOOK), "list", "--all", "--format", "json")
    assert every.exit_code == 0, every
    assert {row["stage"] for row in every.json()} == {s.value for s in Stage}
    open_only = run("-C", str(BOOK), "list", "--format", "json")
    assert open_only.exit_code == 0, open_only
    assert all(row["stage"] != "closed" for row in open_only.json())
    table = run("-C", str(BOOK), "list")
    assert table.exit_code == 0, table
    assert "华东精密制造有限公司" in table.stdout
