"""``casectl import``: an old complaint log in Excel (made here with openpyxl) or CSV becomes
cases at the stage each row shows, through the same steps as the command line."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import Cli

HEADINGS = [
    "序号",
    "投诉时间",
    "客户名称",
    "联系人",
    "投诉类型",
    "优先级",
    "问题描述",
    "处理人",
    "响应时间",
    "根本原因",
    "解决时间",
    "解决方案",
    "满意度",
]
# Column letters: A 序号, B 投诉时间, C 客户名称, D 联系人, E 投诉类型, F 优先级, G 问题描述,
# H 处理人, I 响应时间, J 根本原因, K 解决时间, L 解决方案, M 满意度.


def row(n: int, received: Any, **cells: Any) -> list[Any]:
    base = {
        "序号": n,
        "投诉时间": received,
        "客户名称": "华东精密制造有限公司",
        "联系人": "张敏",
        "投诉类型": "技术",
        "优先级": "高",
        "问题描述": f"月末报表导出超时 {n}\n财务无法按时提交",
        "处理人": "li.wei",
    }
    base.update(cells)
    return [base.get(h) for h in HEADINGS]


def workbook(path: Path, rows: list[list[Any]], *, title_row: bool = True) -> Path:
    """A complaint log as teams keep one: a merged title line above the headings."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "台账"
    if title_row:
        sheet.append(["2026 年客户投诉台账"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    sheet.append(HEADINGS)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def log(tmp_path: Path) -> Path:
    """Four complaints at four stages, dates in three forms, a merged customer, an empty row."""
    rows = [
        # row 3: a datetime cell; only received → recorded
        row(1, datetime(2026, 11, 2, 9, 15), 优先级="中"),
        # row 4: an Excel serial number (2026-11-03 14:30); responded
        row(2, 46329.6041666667, 响应时间="2026/11/3 15:00"),
        # row 5: Chinese text; resolved, with satisfaction in words
        row(
            3,
            "2026年11月4日 9时20分",
            响应时间=datetime(2026, 11, 4, 10, 0),
            根本原因="升级后网关超时从 300 s 变为默认的 60 s",
            解决时间="2026-11-05 16:00",
            解决方案="恢复网关超时为 300 s",
            满意度="满意",
        ),
        [None] * len(HEADINGS),  # row 6: empty
        # row 7: resolved, satisfaction as a score
        row(
            5,
            datetime(2026, 11, 6, 11, 0),
            客户名称="苏州新材料股份有限公司",
            响应时间=datetime(2026, 11, 6, 11, 30),
            根本原因="缺少索引",
            解决时间=datetime(2026, 11, 7, 9, 0),
            满意度=5,
        ),
    ]
    return workbook(tmp_path / "投诉台账.xlsx", rows)


def imported(run: Cli) -> dict[int, dict[str, Any]]:
    """Every case in the casebook by the sheet row it came from."""
    shown = run("list", "--all", "--format", "json")
    out = {}
    for item in shown.json():
        case = run("show", item["id"], "--format", "json").json()
        out[case["source"]["row"]] = case
    return out


def test_each_row_becomes_a_case_at_the_stage_it_shows(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    result = run("import", str(log(tmp_path)))
    assert result.exit_code == 0, result
    assert "4 added, 0 updated, 0 unchanged, 0 in conflict, 0 with problems" in result.stderr
    cases = imported(run)
    assert sorted(cases) == [3, 4, 5, 7]  # the title line, headings and empty row are no cases
    assert [cases[n]["stage"] for n in (3, 4, 5, 7)] == [
        "recorded",
        "responded",
        "resolved",
        "resolved",
    ]
    # three forms of date, each read in the team's zone
    assert cases[3]["received_at"] == "2026-11-02T09:15:00+08:00"
    assert cases[4]["received_at"] == "2026-11-03T14:30:00+08:00"
    assert cases[5]["received_at"] == "2026-11-04T09:20:00+08:00"
    assert cases[4]["response"]["at"] == "2026-11-03T15:00:00+08:00"
    resolved = cases[5]
    assert resolved["priority"] == "high" and resolved["category"] == "technical"
    assert resolved["priority"] == "high"
    assert cases[3]["priority"] == "medium"
    assert resolved["title"] == "月末报表导出超时 3"  # the description's first line
    assert resolved["investigation"]["root_cause"].startswith("升级后网关超时")
    assert resolved["resolution"]["summary"] == "恢复网关超时为 300 s"
    assert resolved["relationship"]["surveys"][0]["csat"] == 4  # 满意
    assert cases[7]["relationship"]["surveys"][0]["csat"] == 5
    source = resolved["source"]
    assert {k: source[k] for k in ("file", "sheet", "row")} == {
        "file": "投诉台账.xlsx",
        "sheet": "台账",
        "row": 5,
    }
    assert resolved["timeline"][-1]["event"] == "imported"
    assert run("validate").exit_code == 0


def test_a_rerun_finds_the_rows_imported_before(run: Cli, casebook: Path, tmp_path: Path) -> None:
    path = log(tmp_path)
    assert run("import", str(path)).exit_code == 0
    files = sorted(casebook.glob("cases/*/*/*.yaml"))
    again = run("import", str(path))
    assert again.exit_code == 0, again
    assert "0 added, 0 updated, 4 unchanged" in again.stderr
    assert sorted(casebook.glob("cases/*/*/*.yaml")) == files


def test_a_merged_customer_names_each_row_it_covers(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "merged.xlsx"
    workbook(
        path, [row(1, datetime(2026, 11, 2, 9)), row(2, datetime(2026, 11, 2, 10), 客户名称=None)]
    )
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet.merge_cells("C3:C4")
    book.save(path)
    assert run("import", str(path)).exit_code == 0
    customers = {c["customer"] for c in run("list", "--format", "json").json()}
    assert customers == {"华东精密制造有限公司"}


def test_dry_run_names_the_bad_cell_and_writes_nothing(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "log.xlsx",
        [row(1, datetime(2026, 11, 2, 9)), row(2, datetime(2026, 11, 3, 9), 优先级="特急")],
    )
    result = run("import", str(path), "--dry-run")
    assert result.exit_code == 1
    assert "台账!F4: priority: '特急' is not one of: urgent, high, medium, low" in result.stdout
    assert "received_at: 投诉时间" in result.stderr  # the guessed mapping is shown
    assert not list(casebook.glob("cases/*/*/*.yaml"))


def test_one_bad_row_and_nothing_is_written(run: Cli, casebook: Path, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "log.xlsx",
        [row(1, datetime(2026, 11, 2, 9)), row(2, "明年某天"), row(3, datetime(2026, 11, 4))],
    )
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "台账!B4: received_at '明年某天' is not a date" in result.stderr
    assert "nothing imported: 1 rows have problems" in result.stderr
    assert not list(casebook.glob("cases/*/*/*.yaml"))


def test_skip_bad_imports_the_others_and_reports_the_skipped(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "log.xlsx",
        [row(1, datetime(2026, 11, 2, 9)), row(2, datetime(2026, 11, 3, 9), 优先级="特急")],
    )
    report = tmp_path / "skipped.csv"
    result = run("import", str(path), "--skip-bad", "--report", str(report))
    assert result.exit_code == 0, result
    assert len(list(casebook.glob("cases/*/*/*.yaml"))) == 1
    text = report.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["row", "problem"]
    assert rows[1][0] == "4" and "特急" in rows[1][1]


def test_what_an_old_log_leaves_out_is_said_not_refused(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    """Old logs seldom record the first contact or a root cause: a row that goes further
    is imported, the timeline saying what the log left out."""
    path = workbook(
        tmp_path / "log.xlsx",
        [
            row(1, datetime(2026, 11, 2, 9), 根本原因="配置错误"),  # no response
            row(2, datetime(2026, 11, 2, 9), 解决时间=datetime(2026, 11, 3)),  # no root cause
        ],
    )
    result = run("import", str(path), "--format", "json")
    assert result.exit_code == 0, result
    stages = {r["row"]: r["stage"] for r in result.json()["rows"]}
    assert stages == {3: "investigated", 4: "resolved"}
    shown = [run("show", r["id"], "--format", "json").json() for r in result.json()["rows"]]
    forced = [
        [e.get("detail") for e in s["timeline"] if e["event"].startswith("forced")] for s in shown
    ]
    assert forced == [
        ["imported: the log records no contact with the customer"],
        ["imported: the log records no root cause"],
    ]
    assert shown[1].get("response") is None  # no first response invented
    assert shown[1]["source"]["time_unknown"] == ["response"]
    assert run("validate").exit_code == 0
    gate = run("overdue", "--format", "json", env={"CASECTL_NOW": "2026-11-30T10:00:00+08:00"})
    flagged = {(i["case"], i["clock"]["name"]) for i in gate.json()["items"]}
    assert (shown[1]["id"], "first_response") not in flagged  # unmeasured: time unknown
    assert (shown[0]["id"], "first_response") in flagged  # never contacted, as the log says


def test_a_step_the_row_is_not_ready_for_is_refused_at_its_cell(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "log.xlsx",
        [
            row(1, datetime(2026, 11, 2, 9), 响应时间=datetime(2026, 11, 1, 9)),  # before
            row(2, datetime(2026, 11, 2, 9), 满意度=4),  # a survey before the resolution
        ],
    )
    result = run("import", str(path), "--dry-run", "--format", "json")
    assert result.exit_code == 1
    problems = {r["row"]: r["problems"] for r in result.json()["rows"]}
    assert problems[3][0].startswith(
        "台账!I3: cannot respond the case at 2026-11-01T09:00:00+08:00"
    )
    assert problems[4][0].startswith("台账!M4: csat: a survey needs the case resolved")


def test_a_mapping_file_is_written_to_edit_and_read_back(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "log.xlsx",
        [row(1, datetime(2026, 11, 2, 9)), row(2, datetime(2026, 11, 3, 9), 优先级="特急")],
    )
    mapping = tmp_path / "map.yaml"
    assert run("import", str(path), "--dry-run", "--save-map", str(mapping)).exit_code == 1
    text = mapping.read_text(encoding="utf-8")
    assert "priority: 优先级" in text and "header_row: 2" in text
    mapping.write_text(text + "values:\n  priority:\n    特急: urgent\n", encoding="utf-8")
    result = run("import", str(path), "--map", str(mapping))
    assert result.exit_code == 0, result
    priorities = sorted(c["priority"] for c in run("list", "--format", "json").json())
    assert priorities == ["high", "urgent"]


def test_a_csv_log_in_gb18030_with_english_headings(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "complaints.csv"
    lines = [
        "Received,Customer,Category,Priority,Title,Owner",
        "2026-11-02 09:00,华东精密,communication,low,回复太慢,li.wei",
    ]
    path.write_bytes("\n".join(lines).encode("gb18030"))
    result = run("import", str(path))
    assert result.exit_code == 0, result
    (case,) = run("list", "--format", "json").json()
    assert (case["customer"], case["title"], case["category"]) == (
        "华东精密",
        "回复太慢",
        "communication",
    )
    shown = run("show", case["id"], "--format", "json").json()
    assert (shown["source"]["file"], shown["source"]["row"]) == ("complaints.csv", 2)


def test_a_log_without_a_needed_column_is_refused_naming_it(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    path.write_text("投诉时间,客户名称,问题描述\n2026-11-02,华东,导出超时\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "no column for category, priority" in result.stderr


@pytest.mark.parametrize("name", ["notes.txt.docx", "missing.xlsx"])
def test_a_file_that_is_not_a_log_is_a_usage_error(
    run: Cli, casebook: Path, tmp_path: Path, name: str
) -> None:
    if name.endswith(".docx"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    result = run("import", str(tmp_path / name))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_an_imported_case_meets_the_json_schema(run: Cli, casebook: Path, tmp_path: Path) -> None:
    import jsonschema

    from test_schema import load, schema

    assert run("import", str(log(tmp_path))).exit_code == 0
    case_schema = schema(run)
    for path in casebook.glob("cases/*/*/*.yaml"):
        data = load(path)
        jsonschema.validate(data, case_schema, cls=jsonschema.Draft202012Validator)
        assert data["source"]["file"] == "投诉台账.xlsx"


def test_a_mapping_naming_a_heading_the_sheet_lacks_is_refused(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = workbook(tmp_path / "log.xlsx", [row(1, datetime(2026, 11, 2, 9))])
    mapping = tmp_path / "map.yaml"
    mapping.write_text("header_row: 2\ncolumns:\n  priority: 紧急度\n", encoding="utf-8")
    result = run("import", str(path), "--map", str(mapping))
    assert result.exit_code == 2
    assert (
        "log.xlsx: the sheet has no column priority: '紧急度' (headings in row 2: 序号, 投诉时间"
        in result.stderr
    )


@pytest.fixture
def on_every_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts, read-backs and index rows worked out in forked workers from the first case."""
    from casectl.storage import imports

    monkeypatch.setattr(imports, "PARALLEL_FROM", 1)
    monkeypatch.setattr(imports, "BATCH", 2)  # several batches, handed over as rows are planned
    monkeypatch.setattr(imports.os, "cpu_count", lambda: 2)


@pytest.mark.slow
def test_cases_prepared_in_workers_are_written_and_indexed_as_read(
    run: Cli, casebook: Path, tmp_path: Path, on_every_core: None
) -> None:
    from casectl.storage.casefile import parse_case, render_case

    rows = [row(n, datetime(2026, 11, 2 + n, 9), 解决时间=datetime(2026, 11, 9)) for n in range(6)]
    result = run("import", str(workbook(tmp_path / "log.xlsx", rows)))
    assert result.exit_code == 0, result
    files = sorted(casebook.glob("cases/*/*/*.yaml"))
    assert len(files) == 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert render_case(parse_case(text, path.name)) == text
    indexed = run("list", "--format", "json", "--state", "all")
    assert (
        indexed.stdout
        == run("list", "--format", "json", "--state", "all", env={"CASECTL_NO_CACHE": "1"}).stdout
    )
    checked = run("validate", "--format", "json")
    assert checked.exit_code == 0
    alone = run("validate", "--format", "json", env={"CASECTL_NO_CACHE": "1"})
    assert checked.stdout == alone.stdout  # the findings the import kept: every file read again


@pytest.mark.slow
def test_a_text_that_would_not_read_back_stops_the_import_before_any_file(
    run: Cli,
    casebook: Path,
    tmp_path: Path,
    on_every_core: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casectl.storage import imports

    real = imports.render_case
    monkeypatch.setattr(imports, "render_case", lambda c: real(c).replace("华东精密", "华西精密"))
    rows = [row(n, datetime(2026, 11, 2 + n, 9)) for n in range(3)]
    result = run("import", str(workbook(tmp_path / "log.xlsx", rows)))
    assert result.exit_code == 3, result
    assert "not written, it would read back as something else" in result.stderr
    assert not list(casebook.glob("cases/**/*.yaml"))
    assert not list(casebook.glob("cases/**/.*.tmp"))


@pytest.mark.slow
@pytest.mark.parametrize("where", ["here", "workers"])
def test_a_disk_failing_while_temporaries_are_written_leaves_nothing(
    run: Cli, casebook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """The temporaries are written as the texts are worked out (in the workers, from
    PARALLEL_FROM cases): a disk that fails half-way refuses the import, one line, and leaves
    no case file, no temporary and no journal."""
    import errno

    from casectl.storage import imports

    if where == "workers":
        monkeypatch.setattr(imports, "PARALLEL_FROM", 1)
        monkeypatch.setattr(imports, "BATCH", 2)
        monkeypatch.setattr(imports.os, "cpu_count", lambda: 2)
    real = imports.new_temporary

    def failing(path: Path, data: bytes) -> Path:
        if "月末报表导出超时 3".encode() in data:  # the fourth row's case, in whichever worker
            raise OSError(errno.ENOSPC, "No space left on device", str(path.parent / ".x.tmp"))
        return real(path, data)

    monkeypatch.setattr(imports, "new_temporary", failing)
    rows = [row(n, datetime(2026, 11, 2 + n, 9)) for n in range(6)]
    result = run("import", str(workbook(tmp_path / "log.xlsx", rows)))
    assert result.exit_code == 3, result
    assert "cannot write (No space left on device)" in result.stderr
    assert "Traceback" not in result.output
    assert not list(casebook.glob("cases/**/*.yaml"))
    assert not list(casebook.glob("cases/**/.*.tmp"))
    assert not (casebook / ".casectl" / "import.json").exists()


def test_a_file_where_a_months_folder_goes_refuses_the_import_in_one_line(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    (casebook / "cases" / "2026").mkdir(parents=True, exist_ok=True)
    (casebook / "cases" / "2026" / "11").write_text("not a folder\n", encoding="utf-8")
    rows = [row(n, datetime(2026, 11, 2 + n, 9)) for n in range(3)]
    result = run("import", str(workbook(tmp_path / "log.xlsx", rows)))
    assert result.exit_code == 3, result
    assert "cannot write" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(casebook.glob("cases/**/*.yaml"))
    assert not (casebook / ".casectl" / "import-files.txt").exists()
