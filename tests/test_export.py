"""``casectl export``: every format read back with its own reader — openpyxl, ``csv``,
``json`` line by line, ``sqlite3``, and DuckDB."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import Cli

FORMULA = '=HYPERLINK("http://evil.example","点我")'


@pytest.fixture
def book(run: Cli, record: Callable[..., str]) -> dict[str, str]:
    """Two cases: one resolved with an action, a promise and a survey; one whose title a
    spreadsheet would run as a formula, its first response breached."""
    done = record("--owner", "li.wei", at="2026-11-20T09:15:00+08:00")
    steps = [
        ("respond", done, "--summary", "电话致歉", "--promise", "反馈原因", "--due", "+48h",
         "--at", "2026-11-20T10:00:00+08:00"),
        ("action", "add", done, "恢复网关超时", "--horizon", "short", "--due", "+1d",
         "--at", "2026-11-20T10:05:00+08:00"),
        ("investigate", done, "--root-cause", "网关超时变为 60 s", "--cause", "deployment",
         "--at", "2026-11-20T15:00:00+08:00"),
        ("action", "done", done, "a1", "--at", "2026-11-20T16:00:00+08:00"),
        ("resolve", done, "--summary", "已恢复", "--at", "2026-11-20T17:00:00+08:00"),
        ("survey", done, "--csat", "4", "--nps", "9", "--at", "2026-11-21T10:00:00+08:00"),
    ]  # fmt: skip
    for args in steps:
        assert run(*args).exit_code == 0
    risky = record(title=FORMULA, at="2026-11-16T09:00:00+08:00")
    return {"done": done, "risky": risky, "root": str(Path.cwd())}


def test_xlsx_has_a_sheet_per_table_typed_frozen_filtered_and_safe(
    run: Cli, book: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.xlsx"
    result = run("export", "--format", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["cases", "actions", "promises", "surveys", "events", "clocks"]
    cases = workbook["cases"]
    assert cases.freeze_panes == "A2"
    assert cases.auto_filter.ref == f"A1:{cases.cell(1, cases.max_column).column_letter}3"
    header = [c.value for c in cases[1]]
    rows = {r[1]: dict(zip(header, r, strict=True)) for r in cases.iter_rows(2, values_only=True)}
    done = rows[book["done"]]
    assert done["stage"] == "resolved" and done["csat"] == 4 and done["nps"] == 9
    assert done["received_at"] == datetime(2026, 11, 20, 9, 15)  # a time cell, team's zone
    assert done["open"] is True
    # a title that would run as a formula is text with a leading '
    assert rows[book["risky"]]["title"] == "'" + FORMULA
    assert cases.cell(2, header.index("title") + 1).data_type == "s"
    assert rows[book["risky"]]["breached_clocks"] >= 1
    assert cases.column_dimensions["K"].width >= 10  # title: wide enough for Chinese text
    actions = list(workbook["actions"].iter_rows(2, values_only=True))
    assert [(a[1], a[10]) for a in actions] == [(book["done"], "done")]
    assert str(actions[0][2]).startswith("a") and len(str(actions[0][2])) == 6
    assert workbook["promises"].max_row == 2 and workbook["surveys"].max_row == 2
    events = [r[5] for r in workbook["events"].iter_rows(2, values_only=True)]
    assert "resolved" in events


def test_csv_is_excel_safe(run: Cli, book: dict[str, str]) -> None:
    result = run("export", "--format", "csv")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id[book["risky"]]["title"] == "'" + FORMULA
    assert by_id[book["done"]]["received_at"] == "2026-11-20T09:15:00+08:00"
    actions = run("export", "--format", "csv", "--table", "actions").stdout
    action_id = list(csv.reader(io.StringIO(actions.lstrip("\ufeff"))))[1][2]
    assert action_id.startswith("a") and len(action_id) == 6


def test_jsonl_is_one_case_a_line(run: Cli, book: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    assert run("export", "--format", "jsonl", "-o", str(path)).exit_code == 0
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [c["id"] for c in lines] == [book["risky"], book["done"]]  # oldest first
    assert lines[1]["casebook"] == "book" and lines[1]["stage"] == "resolved"
    assert lines[0]["title"] == FORMULA  # data for scripts keeps the text as it is
    assert {c["name"] for c in lines[1]["sla"]} >= {"first_response", "resolution"}


def test_sqlite_tables_for_datasette_and_bi_tools(
    run: Cli, book: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.db"
    assert run("export", "--format", "sqlite", "-o", str(path)).exit_code == 0
    db = sqlite3.connect(path)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"cases", "actions", "promises", "surveys", "events", "clocks"}
    stage, csat = db.execute(
        "SELECT stage, csat FROM cases WHERE id = ?", (book["done"],)
    ).fetchone()
    assert (stage, csat) == ("resolved", 4)
    breached = db.execute(
        "SELECT COUNT(*) FROM clocks WHERE case_id = ? AND breached = 1", (book["risky"],)
    ).fetchone()[0]
    assert breached >= 1
    joined = db.execute(
        "SELECT c.customer, a.what FROM actions a JOIN cases c ON c.id = a.case_id"
    ).fetchall()
    assert joined == [("华东精密制造有限公司", "恢复网关超时")]
    db.close()


def test_duckdb_reads_the_exports(run: Cli, book: dict[str, str], tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    jsonl, table = tmp_path / "cases.jsonl", tmp_path / "cases.csv"
    assert run("export", "--format", "jsonl", "-o", str(jsonl)).exit_code == 0
    assert run("export", "--format", "csv", "-o", str(table)).exit_code == 0
    con = duckdb.connect()
    stages = con.sql(f"SELECT stage, count(*) FROM read_json('{jsonl}') GROUP BY 1 ORDER BY 1")
    assert stages.fetchall() == [("recorded", 1), ("resolved", 1)]
    csats = con.sql(f"SELECT id, csat FROM read_csv('{table}') WHERE csat IS NOT NULL")
    assert csats.fetchall() == [(book["done"], 4)]


def test_where_selects_cases(run: Cli, book: dict[str, str]) -> None:
    result = run("export", "--where", "stage=resolved", "--where", "customer=华东")
    ids = [r["id"] for r in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))]
    assert ids == [book["done"]]
    bad = run("export", "--where", "colour=red")
    assert bad.exit_code == 2 and "'colour' is not one of" in bad.stderr


def test_binary_formats_need_an_output_file(run: Cli, book: dict[str, str]) -> None:
    result = run("export", "--format", "xlsx")
    assert result.exit_code == 2
    assert "give -o FILE.xlsx" in result.stderr


def test_control_characters_are_shown_not_refused_by_xlsx(
    run: Cli, record: Callable[..., str], tmp_path: Path
) -> None:
    record("--description", "导出失败\x1b[31m\x07 日志见附件")
    path = tmp_path / "cases.xlsx"
    assert run("export", "--format", "xlsx", "-o", str(path)).exit_code == 0
    sheet = openpyxl.load_workbook(path)["cases"]
    header = [c.value for c in sheet[1]]
    assert (
        sheet.cell(2, header.index("description") + 1).value == "导出失败\\x1b[31m\\x07 日志见附件"
    )


DOC = Path(__file__).resolve().parent.parent / "docs" / "spreadsheets.md"


def test_the_documented_queries_run_on_an_export(
    run: Cli, book: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/spreadsheets.md's Datasette SQL and DuckDB lines, on the files export writes."""
    import re

    text = DOC.read_text(encoding="utf-8")
    (query,) = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    assert run("export", "--format", "sqlite", "-o", str(tmp_path / "cases.db")).exit_code == 0
    db = sqlite3.connect(tmp_path / "cases.db")
    breached = db.execute(query).fetchall()
    db.close()
    assert book["risky"] in {r[0] for r in breached}
    duckdb = pytest.importorskip("duckdb")
    monkeypatch.chdir(tmp_path)
    for fmt, name in (("jsonl", "cases.jsonl"), ("csv", "cases.csv")):
        assert (
            run("-C", str(Path(book["root"])), "export", "--format", fmt, "-o", name).exit_code == 0
        )
    lines = re.findall(r'^\$ duckdb -c "(SELECT .*)"$', text, flags=re.M)
    assert len(lines) == 2
    for line in lines:
        assert duckdb.connect().sql(line).fetchall()


def test_where_names_itself_when_a_value_is_not_allowed(run: Cli, book: dict[str, str]) -> None:
    for pair, allowed in [
        ("stage=bogus", "recorded, responded"),
        ("priority=huge", "urgent, high"),
        ("category=bogus", "technical"),
        ("state=ajar", "open, closed, all"),
    ]:
        key, _, value = pair.partition("=")
        result = run("export", "--where", pair)
        assert result.exit_code == 2
        assert f"--where {key}=: {value!r} is not one of: {allowed}" in result.stderr
        assert f"--{key}:" not in result.stderr  # export has no such option


def test_where_customer_finds_a_profiles_cases_by_any_of_its_names(
    run: Cli, record: Callable[..., str]
) -> None:
    """As ``list --customer`` does: a case that names an alias (typed before the profile was
    added) is the profile's case."""

    def case(customer: str, at: str) -> str:
        made = run(
            "record", "--customer", customer, "--title", "登录失败", "--category", "technical",
            "--priority", "high", "--channel", "phone", "--at", at,
        )  # fmt: skip
        assert made.exit_code == 0, made
        return str(made.stdout.strip())

    typed = case("HD Precision", "2026-11-21T09:00:00+08:00")
    full = case("华东精密制造有限公司", "2026-11-22T09:00:00+08:00")
    case("苏州新材料", "2026-11-22T10:00:00+08:00")  # another customer: never a match
    added = run("customer", "add", "华东精密制造有限公司", "--alias", "HD Precision")
    assert added.exit_code == 0, added
    for name in ("HD Precision", "hd", "华东精密制造有限公司"):
        result = run("export", "--where", f"customer={name}")
        assert result.exit_code == 0, result
        ids = [r["id"] for r in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))]
        assert ids == [typed, full], name
