"""The monthly retrospective, checked figure by figure against values computed by hand.

The casebook is the shared two-month one (tests/casebooks.py, where the hand calculations are).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from casebooks import Book


@pytest.fixture(scope="module")
def book(two_months_copy: Book) -> Book:
    return two_months_copy


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
        "early": 0,
        "overdue": 1,
        "not_yet": 0,
        "on_time_rate": 33.3,
    }
    # B's visit, due in December, was forced through on 11-25: counted as early, not on time
    december = report_json(book, "--month", "2026-12")["current"]["follow_ups"]
    assert (december["early"], december["on_time"]) == (1, 0)


def test_promises_sla_and_repeat_complainants(book: Book) -> None:
    data = report_json(book, "--month", "2026-11")
    cur = data["current"]
    assert cur["promises"] == {
        "made": 2,
        "kept_on_time": 1,
        "kept_late": 0,
        "overdue": 1,
        "pending": 0,
        "withdrawn": 0,
        "missed_then_renegotiated": 0,
        "renegotiated": 0,
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
    days = book.run("report", "--since", "2026-11-01T00:00", "--until", "2026-11-15T00:00").stdout
    assert "2026-11-01 to 2026-11-14, compared with" in days  # whole days: the last one named
    hours = book.run("report", "--since", "2026-11-01T09:00", "--until", "2026-11-15T18:00").stdout
    assert "2026-11-01 09:00 to 2026-11-15 18:00 (end excluded)" in hours
    month = book.run("report", "--month", "2026-11").stdout
    assert "2026-11-01 to 2026-11-30, compared with 2026-10" in month


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
