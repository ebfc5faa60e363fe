"""Tables fitted to a terminal as Taskwarrior's and gh's are: the title shrinks and wraps first,
then the columns a narrow screen can spare go, then the widest others are cut; the ID, due and
time left are never cut. And durations as people read them, in their language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casectl import i18n
from casectl.render.clocks import span_words
from casectl.render.text import Table, lines, width

HEADERS = ["ID", "STAGE", "PRIORITY", "CUSTOMER", "TITLE", "OWNER", "DUE"]
ROW = [
    "C-261102-GM68H",
    "investigated",
    "urgent",
    "华东精密制造有限公司",
    "采购审批流在金额超过 50 万时跳过总经理审批",
    "chen.jing",
    "2026-11-03 09:30",
]
TABLE = Table(HEADERS, [ROW], keep=(0, 6), wrap=(4,), drop=(2, 5))


def _text(table: Table, total: int) -> list[str]:
    return [line for _row, line in lines(table, total=total)]


def test_a_wide_terminal_shows_everything_on_one_line() -> None:
    shown = _text(TABLE, 200)
    assert len(shown) == 2 and all(cell in shown[1] for cell in ROW)


def test_the_title_wraps_before_any_other_column_is_cut() -> None:
    shown = _text(TABLE, 120)
    assert shown[0].split() == HEADERS
    assert all(cell in shown[1] for cell in (*ROW[:4], *ROW[5:]))  # every other cell whole
    assert len(shown) > 2 and "…" not in "".join(shown)
    assert "".join("".join(line.split()) for line in shown[1:]).count("总经理审批") == 1


def test_narrower_the_spare_columns_go_in_their_order() -> None:
    assert "PRIORITY" not in _text(TABLE, 100)[0] and "OWNER" in _text(TABLE, 100)[0]
    assert _text(TABLE, 80)[0].split() == ["ID", "STAGE", "CUSTOMER", "TITLE", "DUE"]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=30, max_value=200))
def test_the_id_and_due_are_never_cut_and_lines_fit(total: int) -> None:
    shown = _text(TABLE, total)
    assert shown[1].startswith(ROW[0]) and ROW[6] in shown[1]
    if total >= 14 + 16 + 3 * 2 + 3 * 2 + 4:  # room for what is kept and a little of the rest
        assert max(map(width, shown)) <= total


def test_every_row_line_is_told_its_row() -> None:
    two = Table(HEADERS, [ROW, ROW], keep=(0, 6), wrap=(4,))
    rows = [row for row, _line in lines(two, total=70)]
    assert rows[0] == -1 and rows == sorted(rows) and set(rows) == {-1, 0, 1}


@pytest.fixture
def chinese() -> Iterator[None]:
    from casectl.storage.language import catalog

    i18n.use(catalog(i18n.CHINESE), i18n.CHINESE)
    yield
    i18n.use(None)


SPANS = [
    (0, "0m", "0 分钟"),
    (10, "10m", "10 分钟"),
    (60, "1h", "1 小时"),
    (70, "1h 10m", "1 小时 10 分钟"),
    (24 * 60, "1d", "1 天"),
    (3 * 24 * 60 + 4 * 60 + 5, "3d 4h", "3 天 4 小时"),
    (8735 * 60 + 22, "363d", "363 天"),  # a week or more: days alone
    (-(2 * 24 * 60 + 16 * 60), "2d 16h", "2 天 16 小时"),
]


@pytest.mark.parametrize(("minutes", "english", "chinese_text"), SPANS)
def test_durations_in_days_hours_and_minutes_in_the_readers_language(
    minutes: int, english: str, chinese_text: str, request: pytest.FixtureRequest
) -> None:
    assert span_words(minutes) == english
    request.getfixturevalue("chinese")
    assert span_words(minutes) == chinese_text


def test_working_time_stays_in_hours() -> None:
    assert span_words(25 * 60 + 14, days=False) == "25h 14m"
