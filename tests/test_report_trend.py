"""The text report's last three months side by side, each figure with its way (↑ ↓ →)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casectl.render.report_text import arrow, three_months
from conftest import Cli

WAYS = [(9, 3, "↑"), (3, 9, "↓"), (3, 3, "→"), (-33.3, 0, "↓"), (None, 4, " "), (4, None, " ")]


@pytest.mark.parametrize(("now", "before", "way"), WAYS)
def test_the_arrow_says_which_way_a_figure_went(
    now: float | None, before: float | None, way: str
) -> None:
    assert arrow(now, before) == way


def test_three_months_side_by_side_oldest_first() -> None:
    blank = {"resolved": 0, "open": 0, "nps": None, "csat": None}
    minutes = {"first_response_median_minutes": None, "resolution_median_minutes": None}
    periods = [
        {"label": "2026-09", "received": 2, **blank, **minutes},
        {"label": "2026-10", "received": 5, **blank, **minutes},
        {"label": "2026-11", "received": 5, **blank, **minutes, "resolution_median_minutes": 90},
    ]
    table, gap = three_months({"key_figures": periods})
    lines = table.splitlines()
    assert lines[0].split() == ["last", "3", "months", "2026-09", "2026-10", "2026-11"]
    assert lines[1].split() == ["received", "2", "5", "↑", "5", "→"]
    assert "1h 30m" in lines[5] and gap == ""
    assert three_months({}) == []


def test_the_report_opens_with_the_three_months(run: Cli, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "casebook"
    book = tmp_path / "casebook"
    shutil.copytree(example, book, ignore=shutil.ignore_patterns(".casectl"))
    shown = run("-C", str(book), "report", "--month", "2026-11").stdout.splitlines()
    assert shown[2].split()[-3:] == ["2026-09", "2026-10", "2026-11"]
    assert shown[3].split() == ["received", "0", "3", "↑", "9", "↑"]
