"""The library's teamwork and casebook calls (``casectl.api.teamwork``), called directly:
init, validate, doctor, git setup, the merge driver, schemas, the calendar, and what a hand
edit needs from the library (the file's text, saving, keeping a refused edit)."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from casectl import Casebook
from casectl.api import teamwork
from casectl.errors import CasebookError, ChangedMeanwhile, CorruptFileError, UsageError

NOW = "2026-11-23T10:00:00+08:00"


@pytest.fixture
def book(tmp_path: Path) -> Casebook:
    teamwork.init(tmp_path / "book")
    return Casebook(tmp_path / "book", now=NOW, user="li.wei")


def record(book: Casebook) -> str:
    made = book.record(
        customer="华东精密", title="月末报表导出超时", category="technical", priority="high",
        at="2026-11-23T09:15:00+08:00",
    )  # fmt: skip
    return made.case.id


def test_init_makes_a_casebook_and_refuses_to_make_one_twice(tmp_path: Path) -> None:
    made = teamwork.init(tmp_path / "book", timezone="Europe/Berlin")
    assert made.path == (tmp_path / "book").resolve() and made.calendar is None
    assert [Path(p).name for p in made.written] == ["casectl.yaml", ".gitignore", ".gitattributes"]
    assert Casebook(made.path).config.timezone == "Europe/Berlin"
    with pytest.raises(UsageError, match="refusing to overwrite a casebook"):
        teamwork.init(tmp_path / "book")


def test_init_refuses_an_unknown_zone_before_writing_anything(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="timezone"):
        teamwork.init(tmp_path / "book", timezone="Mars/Olympus")
    assert not (tmp_path / "book").exists()


def test_init_fills_the_calendar_for_this_year_and_the_next(tmp_path: Path) -> None:
    made = teamwork.init(tmp_path / "book", calendar="CN")
    assert made.calendar is not None and made.calendar.this_year == 2026  # CASECTL_NOW's year
    assert [offered.year for offered, _ in made.calendar.years] == [2026, 2027]
    holidays = Casebook(made.path).config.calendar.holidays  # type: ignore[union-attr]
    assert date(2026, 10, 1) in holidays


def test_update_calendar_adds_only_and_refuses_an_unknown_country(book: Casebook) -> None:
    done = book.update_calendar("CN", [2026])
    ((offered, plan),) = done.years
    assert offered.country == "CN" and plan.holidays and done.this_year == 2026
    before = (book.root / "casectl.yaml").read_text(encoding="utf-8")
    assert book.update_calendar("CN", [2026]).years[0][1].empty
    with pytest.raises(UsageError, match="not a country the holidays package knows"):
        book.update_calendar("XX")
    assert (book.root / "casectl.yaml").read_text(encoding="utf-8") == before


def test_validate_names_a_broken_file_and_passes_a_good_casebook(book: Casebook) -> None:
    case_id = record(book)
    assert teamwork.validate(casebook=book.root).ok and book.validate().ok
    path = book.root / book.show(case_id).path
    path.write_text(path.read_text(encoding="utf-8").replace("priority: high", "priority: asap"))
    found = teamwork.validate([path])
    assert not found.ok and found.files == 2  # the file and casectl.yaml
    assert found.problems[0].field == "priority" and found.problems[0].file.endswith(".yaml")
    assert not book.validate().ok


def test_validate_without_a_casebook_is_casebook_trouble(tmp_path: Path) -> None:
    with pytest.raises(CasebookError, match="no casebook"):
        teamwork.validate(casebook=tmp_path / "nowhere")


def test_doctor_says_what_is_not_in_order(book: Casebook, tmp_path: Path) -> None:
    checks = {c.name: c for c in teamwork.doctor(book.root)}
    assert checks["casebook"].ok and checks["casectl.yaml"].ok
    assert not all(c.ok for c in checks.values())  # not in a git repository
    (missing,) = teamwork.doctor(tmp_path / "nowhere")
    assert missing.name == "casebook" and not missing.ok and missing.fix == "casectl init"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_git_setup_registers_the_driver_and_refuses_outside_git(book: Casebook) -> None:
    with pytest.raises(CasebookError, match="not in a git repository"):
        teamwork.git_setup(book.root)
    git(book.root, "init", "-q")
    said = teamwork.git_setup(book.root)
    assert said[0].startswith("git config --local merge.casectl.driver ")
    assert "merge=casectl" in (book.root / ".gitattributes").read_text(encoding="utf-8")


def test_the_merge_driver_merges_two_sides_field_by_field(book: Casebook, tmp_path: Path) -> None:
    case_id = record(book)
    path = book.root / book.show(case_id).path
    base = path.read_text(encoding="utf-8")
    book.note(case_id, "客户来电催办")
    ours = tmp_path / "ours.yaml"
    shutil.copy(path, ours)
    path.write_text(base, encoding="utf-8")
    theirs = book.escalate(case_id, to="wang.fang", reason="客户要求").path
    (tmp_path / "base.yaml").write_text(base, encoding="utf-8")
    done = teamwork.merge_driver(tmp_path / "base.yaml", ours, book.root / theirs)
    assert done.merged is not None and not done.merged.result.conflicts
    merged = ours.read_text(encoding="utf-8")
    assert "客户来电催办" in merged and "wang.fang" in merged


def test_the_merge_driver_leaves_a_line_merge_for_what_it_cannot_read(tmp_path: Path) -> None:
    sides = []
    for name, text in (("base", "a\n"), ("ours", "a\nb\n"), ("theirs", "[not: a case\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        sides.append(tmp_path / name)
    done = teamwork.merge_driver(*sides, name="cases/2026/11/C-1.yaml")
    assert done.merged is None and done.fallback


def test_schema_is_json_schema_and_refuses_an_unknown_kind() -> None:
    case = json.loads(teamwork.schema("case"))
    assert case["$schema"].endswith("2020-12/schema") and "customer" in case["properties"]
    assert "timezone" in json.loads(teamwork.schema("config"))["properties"]
    with pytest.raises(UsageError, match="'weather' is not one of: case, config"):
        teamwork.schema("weather")


def test_a_hand_edit_is_saved_and_a_refused_one_is_kept(book: Casebook) -> None:
    case_id = record(book)
    found = book.case_text(case_id[:8].lower())
    assert found.case_id == case_id and "priority: high" in found.text
    saved = book.save_edit(
        case_id, found.text, found.text.replace("priority: high", "priority: urgent")
    )
    assert saved.case.priority == "urgent" and saved.case.timeline[-1].event == "edited by hand"
    saved_text = book.case_text(case_id).text
    bad = saved_text.replace("priority: urgent", "priority: asap")
    with pytest.raises(CorruptFileError, match="priority") as refused:
        book.save_edit(case_id, saved_text, bad)
    with pytest.raises(
        UsageError, match=r"edit refused, .* is unchanged: .*kept in \.casectl/edits/"
    ):
        book.keep_refused_edit(case_id, bad, refused.value)
    (kept,) = (book.root / ".casectl" / "edits").iterdir()
    assert kept.read_text(encoding="utf-8") == bad
    assert book.case_text(case_id).text == saved_text
    with pytest.raises(ChangedMeanwhile):
        book.keep_refused_edit(case_id, bad, ChangedMeanwhile("changed"))
