"""Display width, the one rule every table uses: East Asian wide characters take two columns,
combining marks none; the fast measure agrees with the character-by-character one."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from casectl.render.text import char_width, grid, one_line, width

ASSIGNED = st.characters(
    blacklist_categories=("Cn", "Cs"), min_codepoint=0x20, max_codepoint=0x3FFFF
)


@settings(max_examples=400, deadline=None)
@given(st.text(ASSIGNED, max_size=30))
def test_width_is_the_sum_of_character_widths(text: str) -> None:
    assert width(text) == sum(char_width(c) for c in text)


def test_known_widths() -> None:
    assert width("月末报表导出超时") == 16
    assert width("abc") == 3
    assert width("e\u0301") == 1  # e and a combining accent
    assert width("Ｆｕｌｌ") == 8
    assert unicodedata.east_asian_width("😀") == "W" and width("😀") == 2


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.text(ASSIGNED, max_size=12), st.text(ASSIGNED, max_size=12)), max_size=6)
)
def test_grid_columns_line_up_by_display_width(rows: list[tuple[str, str]]) -> None:
    cells = [[a, b] for a, b in rows]
    table = [["名称", "b"], *[[one_line(a), one_line(b)] for a, b in rows]]
    column = max(width(r[0]) for r in table)
    expected = [(a + " " * (column - width(a)) + "  " + b).rstrip() for a, b in table]
    assert grid(["名称", "b"], cells).split("\n") == expected
