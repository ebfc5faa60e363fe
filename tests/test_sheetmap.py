"""The pure rules of reading an old complaint log: dates in every form a sheet holds them, the
words logs use for values, and the guessed header row and columns."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from casectl.core.transfer import sheetmap
from casectl.core.transfer.rows import column_letter
from casectl.errors import UsageError

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 10, tzinfo=TZ)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2026, 11, 20, 9, 15), "2026-11-20T09:15:00+08:00"),
        (date(2026, 11, 20), "2026-11-20T00:00:00+08:00"),
        (46346.385416666664, "2026-11-20T09:15:00+08:00"),  # an Excel serial
        ("46346.5", "2026-11-20T12:00:00+08:00"),  # a serial as CSV text
        ("2026-11-20 09:15", "2026-11-20T09:15:00+08:00"),
        ("2026/11/20 9:15", "2026-11-20T09:15:00+08:00"),
        ("2026.11.20", "2026-11-20T00:00:00+08:00"),
        ("2026年11月20日", "2026-11-20T00:00:00+08:00"),
        ("2026年11月20日 9时15分", "2026-11-20T09:15:00+08:00"),
        ("2026年11月20日 下午3点", "2026-11-20T15:00:00+08:00"),
        ("2026年11月20日 下午3点半", "2026-11-20T15:30:00+08:00"),
        ("2026-11-20T01:15:00+00:00", "2026-11-20T09:15:00+08:00"),  # an offset is kept
        ("2026-11-20T01:15:00.250+00:00", "2026-11-20T09:15:00+08:00"),
        ("2026-11-20 09:15:00.000", "2026-11-20T09:15:00+08:00"),  # to the second
        ("20/11/2026", "2026-11-20T00:00:00+08:00"),  # only one reading: 20 is no month
        ("05/05/2026", "2026-05-05T00:00:00+08:00"),  # both readings the same day
        ("20261120", "2026-11-20T00:00:00+08:00"),
        ("2026年11月20日 晚上8点", "2026-11-20T20:00:00+08:00"),
        ("2026年11月20日 中午12点", "2026-11-20T12:00:00+08:00"),
        ("2026年11月20日 中午1点", "2026-11-20T13:00:00+08:00"),
        ("2026年11月20日 凌晨2点", "2026-11-20T02:00:00+08:00"),
        ("2026年11月20日 上午9点半", "2026-11-20T09:30:00+08:00"),
    ],
)
def test_a_date_cell_in_every_form(cell: Any, expected: str) -> None:
    assert sheetmap.cell_time(cell, TZ, "received_at", now=NOW).isoformat() == expected


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("明年某天", "received_at '明年某天' is not a date"),
        (time(9, 15), "is a time of day without a date"),
        (0.5, "is not an Excel date"),
        ("1900-01-01", "received_at '1900-01-01': out of range"),
        ("1", "received_at '1' is not a date: as an Excel date number it is 1899-12-31"),
        (1, "is not a date: as an Excel date number it is 1899-12-31, before 1970"),
        ("25568.5", "1969-12-31, before 1970"),
        ("03/04/2026", r"ambiguous: 2026-03-04 or 2026-04-03; write it as YYYY-MM-DD"),
        ("03.04.2026", "ambiguous"),
        ("11月20日", "not a whole date: it needs a year, a month and a day"),
        ("2026-11", "not a whole date"),
    ],
)
def test_a_cell_that_is_no_date_says_why(cell: Any, problem: str) -> None:
    with pytest.raises(UsageError, match=problem):
        sheetmap.cell_time(cell, TZ, "received_at", now=NOW)


@pytest.mark.parametrize(
    ("name", "word", "value"),
    [
        ("priority", "紧急", "urgent"),
        ("priority", "P2", "high"),
        ("priority", " 中 ", "medium"),
        ("category", "服务态度", "attitude"),
        ("channel", "微信", "chat"),
        ("cause", "配置", "deployment"),
        ("attribution", "我方", "ours"),
        ("priority", "LOW", "low"),
    ],
)
def test_the_words_logs_use(name: str, word: str, value: str) -> None:
    assert sheetmap.choice(word, name, sheetmap.Mapping()) == value


def test_the_mapping_words_come_first_and_unknown_words_are_refused() -> None:
    mapping = sheetmap.Mapping(values={"priority": {"特急": "urgent", "中": "low"}})
    assert sheetmap.choice("特急", "priority", mapping) == "urgent"
    assert sheetmap.choice("中", "priority", mapping) == "low"
    with pytest.raises(UsageError, match="'特急' is not one of: urgent, high, medium, low"):
        sheetmap.choice("特急", "priority", sheetmap.Mapping())


@pytest.mark.parametrize(
    ("cell", "score"), [("5", 5), ("4.0", 4), (3.0, 3), ("满意", 4), ("非常不满意", 1)]
)
def test_satisfaction_as_a_score_or_in_words(cell: Any, score: int) -> None:
    assert sheetmap.score(sheetmap.text(cell), "csat", sheetmap.Mapping()) == score


@pytest.mark.parametrize("cell", ["6", "0", "4.5", "还行"])
def test_a_score_out_of_range_is_refused(cell: str) -> None:
    with pytest.raises(UsageError, match="not a score from 1 to 5"):
        sheetmap.score(cell, "csat", sheetmap.Mapping())


def test_the_header_row_is_found_below_a_title_line() -> None:
    rows = [
        ["2026 年客户投诉台账", "", ""],
        ["", "", ""],
        ["序号", "投诉时间 (必填)", "客户 名称", "优先级", "Owner", "问题描述", "备注"],
        [1, "2026-11-20", "华东", "高", "li.wei", "导出超时", ""],
    ]
    mapping = sheetmap.guess(rows, "台账")
    assert mapping.header_row == 3
    assert mapping.columns == {
        "received_at": "投诉时间 (必填)",
        "customer": "客户 名称",
        "priority": "优先级",
        "owner": "Owner",
        "description": "问题描述",
    }
    assert mapping.missing() == ["category"]


def test_a_mapping_file_with_an_unknown_field_is_refused() -> None:
    with pytest.raises(UsageError, match=r"map.yaml: columns.colour: not an import field"):
        sheetmap.Mapping.from_data({"columns": {"colour": "颜色"}}, "map.yaml")


@pytest.mark.parametrize(
    ("index", "letter"), [(0, "A"), (5, "F"), (25, "Z"), (26, "AA"), (701, "ZZ")]
)
def test_column_letters(index: int, letter: str) -> None:
    assert column_letter(index) == letter
