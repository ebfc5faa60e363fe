"""``casectl import`` finds a complaint again by what its row says (received time and customer),
not by the file's name or the row's number; names customers as their profiles do; reads dates
without guessing; gives an owner to every case; keeps the report of skipped rows beside the log;
and keeps no carriage return of a cell."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import Cli
from test_import import row, workbook

HEAD = "投诉时间,客户名称,投诉类型,优先级,问题描述,处理人"


def csv_log(path: Path, *lines: str, head: str = HEAD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join([head, *lines]) + "\n", encoding="utf-8")
    return path


def cases(run: Cli) -> list[dict[str, Any]]:
    """Every case of the casebook in full, oldest first."""
    listed = run("list", "--all", "--format", "json").json()
    return [run("show", c["id"], "--format", "json").json() for c in listed]


# --- 1. the identity of an imported complaint ---------------------------------------------


def test_next_months_log_under_the_same_name_is_imported_not_skipped(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "投诉台账.csv"
    csv_log(path, "2026-10-03 09:00,华东精密,技术,高,十月的投诉,li.wei")
    assert run("import", str(path)).exit_code == 0
    csv_log(
        path,
        "2026-11-02 09:00,苏州新材料,技术,高,十一月的投诉一,li.wei",
        "2026-11-05 14:00,华东精密,沟通,中,十一月的投诉二,li.wei",
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result
    assert "2 added, 0 updated, 0 unchanged" in result.stderr
    titles = sorted(c["title"] for c in cases(run))
    assert titles == ["十一月的投诉一", "十一月的投诉二", "十月的投诉"]


def test_a_renamed_copy_of_a_log_imports_nothing_twice(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "t.xlsx",
        [row(1, datetime(2026, 11, 2, 9)), row(2, datetime(2026, 11, 3, 9))],
    )
    assert run("import", str(path)).exit_code == 0
    copy = shutil.copy(path, tmp_path / "t(1).xlsx")
    again = run("import", str(copy))
    assert again.exit_code == 0, again
    assert "0 added, 0 updated, 2 unchanged" in again.stderr
    assert len(cases(run)) == 2


def test_a_row_completed_later_and_rows_inserted_above_are_found_again(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    """The log grows as complaints are worked: a resolution filled in, a row inserted in the
    middle, a customer retyped in full-width letters with other spaces. Each complaint is still
    the one imported before (the completed one updated from the log); only the inserted one is
    new."""
    path = tmp_path / "log.csv"
    csv_log(
        path,
        "2026-11-02 09:00,ACME Ltd,技术,高,导出超时,li.wei",
        "2026-11-04 09:00,华东精密,技术,中,登录失败,li.wei",
    )
    assert run("import", str(path)).exit_code == 0
    first = {c["title"]: c["id"] for c in cases(run)}
    head = HEAD + ",解决时间,解决方案"
    csv_log(
        path,
        "2026-11-02 09:00,ＡＣＭＥ  ltd,技术,高,导出超时,li.wei,2026-11-03 10:00,恢复超时",
        "2026-11-03 09:00,苏州新材料,流程,低,发票延误,li.wei,,",
        "2026-11-04 09:00,华东精密,技术,中,登录失败,li.wei,,",
        head=head,
    )
    result = run("import", str(path), "--format", "json")
    assert result.exit_code == 0, result
    rows = {r["row"]: (r["result"], r["id"]) for r in result.json()["rows"]}
    assert rows[2] == ("updated", first["导出超时"])
    assert rows[3][0] == "added"
    assert rows[4] == ("unchanged", first["登录失败"])  # two more columns, both empty
    assert len(cases(run)) == 3


def test_two_rows_with_the_same_time_and_customer_are_two_complaints(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    """Told apart by their order; a row fixed after --skip-bad is the one imported next."""
    path = tmp_path / "log.csv"
    same = "2026-11-02 09:00,华东精密,技术"
    csv_log(path, f"{same},特急,第一件,li.wei", f"{same},高,第二件,li.wei")
    assert run("import", str(path), "--skip-bad").exit_code == 0
    assert [c["title"] for c in cases(run)] == ["第二件"]
    csv_log(path, f"{same},紧急,第一件,li.wei", f"{same},高,第二件,li.wei")
    result = run("import", str(path))
    assert result.exit_code == 0, result
    assert "1 added, 0 updated, 1 unchanged" in result.stderr
    assert sorted(c["title"] for c in cases(run)) == ["第一件", "第二件"]
    again = run("import", str(path))
    assert "0 added, 0 updated, 2 unchanged" in again.stderr


def test_a_case_recorded_by_hand_is_not_taken_for_an_imported_row(
    run: Cli, record: Any, tmp_path: Path
) -> None:
    record(at="2026-11-02T09:00:00+08:00")  # 华东精密制造有限公司, typed, no source
    path = csv_log(
        tmp_path / "log.csv", "2026-11-02 09:00,华东精密制造有限公司,技术,高,导出,li.wei"
    )
    result = run("import", str(path))
    assert "1 added, 0 updated, 0 unchanged" in result.stderr
    assert len(cases(run)) == 2


# --- 2. customers named as their profiles name them ---------------------------------------


def test_a_profile_name_or_alias_is_stored_as_the_profile_names_it(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    added = run("customer", "add", "华东精密制造有限公司", "--alias", "华东精密", "--alias", "HD")
    assert added.exit_code == 0, added
    path = csv_log(
        tmp_path / "log.csv",
        "2026-11-02 09:00,华东精密,技术,高,别名,li.wei",
        "2026-11-03 09:00,ｈｄ,技术,高,折叠的别名,li.wei",
        "2026-11-04 09:00,华东,技术,高,只是开头,li.wei",  # a prefix: no guessing in an import
        "2026-11-05 09:00,苏州新材料,技术,高,没有档案,li.wei",
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result
    assert (
        "4 added, 0 updated, 0 unchanged, 0 in conflict, 0 with problems; 2 of 4 customer names matched"
        in (result.stderr)
    )
    named = {c["title"]: c["customer"] for c in run("list", "--format", "json").json()}
    assert named == {
        "别名": "华东精密制造有限公司",
        "折叠的别名": "华东精密制造有限公司",
        "只是开头": "华东",
        "没有档案": "苏州新材料",
    }
    again = run("import", str(path))  # found again by the profile's name
    assert "0 added, 0 updated, 4 unchanged" in again.stderr


# --- 3. dates read without guessing -------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("1", "log.csv!A2: received_at '1' is not a date: as an Excel date number it is "
         "1899-12-31, before 1970"),
        ("45", "received_at '45' is not a date: as an Excel date number it is 1900-02-13"),
        ("03/04/2026", "log.csv!A2: received_at '03/04/2026' is ambiguous: 2026-03-04 or "
         "2026-04-03; write it as YYYY-MM-DD"),
        ("11-20", "received_at '11-20' is not a whole date"),
    ],
)  # fmt: skip
def test_a_date_that_would_be_a_guess_is_a_problem_at_its_cell(
    run: Cli, casebook: Path, tmp_path: Path, cell: str, problem: str
) -> None:
    path = csv_log(tmp_path / "log.csv", f"{cell},华东精密,技术,高,导出超时,li.wei")
    result = run("import", str(path), "--dry-run", "--format", "json")
    assert result.exit_code == 1, result
    (found,) = result.json()["rows"]
    assert problem in found["problems"][0]
    assert not list(casebook.glob("cases/*/*/*.yaml"))


@pytest.mark.parametrize(
    ("cell", "received"),
    [
        ("20/11/2026", "2026-11-20T00:00:00+08:00"),
        ("2026-11-20 09:15:00.000", "2026-11-20T09:15:00+08:00"),
        ("2026-11-20 09:15:59.870", "2026-11-20T09:15:59+08:00"),
        ("2026年11月20日 晚上8点", "2026-11-20T20:00:00+08:00"),
        ("2026年11月20日 中午12点", "2026-11-20T12:00:00+08:00"),
        ("2026年11月20日 凌晨2点", "2026-11-20T02:00:00+08:00"),
    ],
)
def test_dates_as_logs_write_them(
    run: Cli, casebook: Path, tmp_path: Path, cell: str, received: str
) -> None:
    path = csv_log(tmp_path / "log.csv", f"{cell},华东精密,技术,高,导出超时,li.wei")
    result = run("import", str(path))
    assert result.exit_code == 0, result
    (case,) = cases(run)
    assert case["received_at"] == received


# --- 4. an owner for every case -----------------------------------------------------------


def test_a_row_without_an_owner_is_owned_by_who_imports_it(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = csv_log(
        tmp_path / "log.csv",
        "2026-11-02 09:00,华东精密,技术,高,没有处理人,",
        "2026-11-03 09:00,华东精密,技术,高,有处理人,zhang.min",
    )
    result = run("import", str(path), "--by", "wang.fang")
    assert result.exit_code == 0, result
    owners = {c["title"]: c["owner"] for c in cases(run)}
    assert owners == {"没有处理人": "wang.fang", "有处理人": "zhang.min"}
    by_env = csv_log(tmp_path / "more.csv", "2026-11-04 09:00,苏州新材料,技术,高,环境变量,")
    assert run("import", str(by_env)).exit_code == 0
    assert {c["title"]: c["owner"] for c in cases(run)}["环境变量"] == "li.wei"  # CASECTL_USER


# --- 5. the report of skipped rows ---------------------------------------------------------


def test_skipped_rows_are_reported_beside_the_log_not_in_the_casebook(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = csv_log(
        tmp_path / "logs" / "log.csv",
        "2026-11-02 09:00,华东精密,技术,高,好的,li.wei",
        "2026-11-03 09:00,华东精密,技术,特急,坏的,li.wei",
    )
    result = run("import", str(path), "--skip-bad")
    assert result.exit_code == 0, result
    report = tmp_path / "logs" / "log.skipped.csv"
    assert report.is_file()
    assert not (casebook / "log.skipped.csv").exists()  # the working directory is the casebook
    rows = list(csv.reader(io.StringIO(report.read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "3" and "特急" in rows[1][1]


# --- 6. line ends inside a cell -------------------------------------------------------------


def test_a_crlf_inside_a_csv_cell_is_kept_as_a_plain_line_break(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    text = (
        HEAD + '\r\n2026-11-02 09:00,华东精密,技术,高,"导出超时\r\n财务无法提交\r月末",li.wei\r\n'
    )
    path.write_bytes(text.encode("utf-8"))
    assert run("import", str(path)).exit_code == 0
    (case,) = cases(run)
    assert case["description"].rstrip("\n") == "导出超时\n财务无法提交\n月末"
    (file,) = casebook.glob("cases/*/*/*.yaml")
    assert b"\r" not in file.read_bytes() and "\\r" not in file.read_text(encoding="utf-8")


def test_a_crlf_inside_an_xlsx_cell_is_kept_as_a_plain_line_break(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    """Excel keeps a cell's carriage return as ``_x000D_`` in the file, read back as ``\\r``."""
    typed = "导出超时_x000D_\n财务无法提交"
    path = workbook(tmp_path / "log.xlsx", [row(1, datetime(2026, 11, 2, 9), 问题描述=typed)])
    assert run("import", str(path)).exit_code == 0
    (case,) = cases(run)
    assert case["description"].rstrip("\n") == "导出超时\n财务无法提交"
    assert case["title"] == "导出超时"
