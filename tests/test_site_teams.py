"""The dashboard's figures per team (``team:`` of a person in casectl.yaml's ``people:``): open
and breached cases per team, each leading to exactly the cases it counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from casectl import Casebook
from casectl.core.views import dashboard
from casectl.core.views.dashboard import NOBODY
from sitebooks import NOW, build, example_copy, figures_of

TEAMS = {
    "li.wei": "上海一组",
    "sam.taylor": "上海一组",
    "chen.jing": "实施组",
    "liu.yang": "实施组",
}


def _with_teams(root: Path) -> Path:
    config = root / "casectl.yaml"
    text = config.read_text(encoding="utf-8")
    for person, team in TEAMS.items():
        text = text.replace(f"{{id: {person},", f"{{id: {person}, team: {team},")
    config.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def teams_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = _with_teams(example_copy(tmp_path_factory.mktemp("teams") / "book"))
    return root, build(root, root.parent / "out")


def _team_of(owner: str | None) -> str:
    return TEAMS.get(owner or "", NOBODY)


def test_each_team_figure_lists_exactly_its_open_and_breached_cases(
    teams_site: tuple[Path, Path],
) -> None:
    root, out = teams_site
    book = Casebook(root, now=NOW)
    figures = figures_of(out)
    rows = book.list_cases().rows
    breached = {r["id"] for r in book.list_cases(breached=True).rows}
    teams = {_team_of(r["owner"]) for r in rows}
    assert {"上海一组", "实施组"} <= teams
    for team in teams:
        mine = {r["id"] for r in rows if _team_of(r["owner"]) == team}
        assert set(figures[f"team:{team}"]) == mine, team
        assert set(figures[f"team-breached:{team}"]) == mine & breached, team
    assert {k for k in figures if k.startswith("team:")} == {f"team:{t}" for t in teams}


def test_the_dashboard_shows_each_team_with_links_to_its_cases(
    teams_site: tuple[Path, Path],
) -> None:
    page = (teams_site[1] / "zh" / "index.html").read_text(encoding="utf-8")
    assert "上海一组" in page and "实施组" in page
    assert 'href="cases.html?f=team:%E4%B8%8A%E6%B5%B7%E4%B8%80%E7%BB%84"' in page
    assert 'data-figure="team-breached:实施组"' in page


def test_without_teams_the_dashboard_has_no_team_figures(tmp_path: Path) -> None:
    root = example_copy(tmp_path / "book")
    out = build(root, tmp_path / "out")
    assert not [k for k in figures_of(out) if k.startswith("team")]
    assert "team:" not in (out / "en" / "index.html").read_text(encoding="utf-8")


def test_team_rule_groups_owners_and_puts_the_rest_under_no_team() -> None:
    board = dashboard.Dashboard(owners=["a", "b", "c", NOBODY])
    board.figures = {
        "open": ["1", "2", "3", "4", "5"],
        "breached": ["2", "5"],
        "owner:a": ["1", "4"],
        "owner:b": ["2"],
        "owner:c": ["3"],
        f"owner:{NOBODY}": ["5"],
    }
    dashboard._teams(board, {"a": "x", "b": "x"})
    assert board.teams == ["x", NOBODY]
    assert board.figures["team:x"] == ["1", "2", "4"]
    assert board.figures["team-breached:x"] == ["2"]
    assert board.figures[f"team:{NOBODY}"] == ["3", "5"]
    assert board.figures[f"team-breached:{NOBODY}"] == ["5"]
