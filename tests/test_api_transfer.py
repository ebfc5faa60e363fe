"""The library's import and export (``casectl.api.transfer``, ``casectl.api.export``), called
directly on temporary casebooks: an old complaint log becomes cases all at once or not at all,
and cases go out as CSV, JSON lines, a workbook or a SQLite file, from one casebook or
several."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from casectl import Casebook, open_many
from casectl.api import teamwork
from casectl.api.export import export_filter
from casectl.core.model import Stage
from casectl.errors import UsageError

NOW = "2026-11-23T10:00:00+08:00"
HEAD = "投诉时间,客户名称,投诉类型,优先级,问题描述,处理人,响应时间\n"
GOOD = [
    "2026-11-02 09:00,华东精密,技术,高,月末报表导出超时,li.wei,2026-11-02 10:00\n",
    "2026-11-03 14:30,苏州新材料,沟通,低,回复太慢,wang.fang,\n",
]
BAD = "2026-11-04 09:00,华东精密,技术,特急,登录失败,li.wei,\n"


def make_book(folder: Path) -> Casebook:
    teamwork.init(folder)
    return Casebook(folder, now=NOW, user="li.wei")


@pytest.fixture
def book(tmp_path: Path) -> Casebook:
    return make_book(tmp_path / "book")


def log(folder: Path, *rows: str, name: str = "台账.csv") -> Path:
    path = folder / name
    path.write_text(HEAD + "".join(rows), encoding="utf-8")
    return path


def case_files(book: Casebook) -> list[Path]:
    return sorted(book.root.glob("cases/*/*/*.yaml"))


def said(book: Casebook) -> str:
    return "\n".join(n.message for n in book.notices)


def test_each_row_becomes_a_case_at_the_stage_it_shows(book: Casebook, tmp_path: Path) -> None:
    done = book.import_log(log(tmp_path, *GOOD))
    assert done.plan.counts() == {"added": 2, "updated": 0, "unchanged": 0, "conflict": 0, "bad": 0}
    assert len(done.written) == 2 and all(p.startswith("cases/2026/11/") for p in done.written)
    assert [p.name for p in case_files(book)] == sorted(Path(p).name for p in done.written)
    stages = {c.customer.name: c for c in done.plan.new}
    assert book.show(stages["华东精密"].id).case.response is not None  # responded
    assert stages["苏州新材料"].priority == "low" and done.report is None and not done.dry_run
    again = book.import_log(log(tmp_path, *GOOD, name="renamed.csv"))
    assert (
        again.plan.counts() == {"added": 0, "updated": 0, "unchanged": 2, "conflict": 0, "bad": 0}
        and again.written == []
    )


def test_a_dry_run_writes_nothing_and_tells_the_mapping_it_read_by(
    book: Casebook, tmp_path: Path
) -> None:
    done = book.import_log(log(tmp_path, *GOOD, BAD), dry_run=True)
    assert done.dry_run and done.written == [] and case_files(book) == []
    assert [r.row for r in done.plan.bad] == [4]
    assert "priority: '特急' is not one of" in done.plan.bad[0].problems[0]
    assert "received_at: 投诉时间" in said(book) and "received_at: 投诉时间" in done.mapping
    assert not done.mapped  # guessed, kept nowhere


def test_a_bad_row_refuses_the_import_each_problem_told(book: Casebook, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="nothing imported: 1 rows have problems"):
        book.import_log(log(tmp_path, *GOOD, BAD))
    assert case_files(book) == []
    assert said(book) == "台账.csv!D4: priority: '特急' is not one of: urgent, high, medium, low"


def test_skip_bad_lists_the_rows_left_out_beside_the_log(book: Casebook, tmp_path: Path) -> None:
    done = book.import_log(log(tmp_path, *GOOD, BAD), skip_bad=True)
    assert done.report == str(tmp_path / "台账.skipped.csv")
    assert len(done.written) == 2 == len(case_files(book))
    text = (tmp_path / "台账.skipped.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["row", "problem"] and rows[1][0] == "4" and "特急" in rows[1][1]
    assert f"wrote {done.report}" in said(book)


def test_a_saved_mapping_reads_the_log_again(book: Casebook, tmp_path: Path) -> None:
    path = log(tmp_path, *GOOD, BAD)
    saved = tmp_path / "map.yaml"
    first = book.import_log(path, save_mapping=saved, dry_run=True)
    assert first.mapped and saved.read_text(encoding="utf-8") == first.mapping
    assert f"wrote the mapping to {saved}" in said(book)
    saved.write_text(first.mapping + "values:\n  priority:\n    特急: urgent\n", encoding="utf-8")
    done = book.import_log(path, mapping=saved)
    assert done.plan.counts()["added"] == 3
    assert sorted(c.priority for c in done.plan.new) == ["high", "low", "urgent"]


def test_a_log_that_is_not_a_log_is_refused(book: Casebook, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        book.import_log(tmp_path / "missing.csv")


@pytest.fixture
def filled(book: Casebook, tmp_path: Path) -> Casebook:
    book.import_log(log(tmp_path, *GOOD))
    return book


def test_export_gives_csv_and_json_lines_as_text(filled: Casebook) -> None:
    found = filled.export()
    assert found.written is None and found.count == 2 and found.skipped == []
    rows = list(csv.DictReader(io.StringIO((found.text or "").lstrip("\ufeff"))))
    assert [r["customer"] for r in rows] == ["华东精密", "苏州新材料"]  # oldest first
    assert {r["casebook"] for r in rows} == {"book"}
    lines = filled.export(format="jsonl").text
    assert lines is not None and lines.count("\n") == 2 and '"casebook":"book"' in lines
    actions = filled.export(format="csv", table="events").text or ""
    assert actions.lstrip("\ufeff").startswith("casebook,case_id,seq,")


def test_export_keeps_what_where_says(filled: Casebook) -> None:
    found = filled.export(["priority=high"])
    assert [c.customer.name for b in found.books for c in b.cases] == ["华东精密"]
    assert filled.export(["state=closed"]).count == 0


def test_export_writes_a_workbook_and_a_database_to_a_file(
    filled: Casebook, tmp_path: Path
) -> None:
    workbook = filled.export(format="xlsx", to=tmp_path / "cases.xlsx")
    assert workbook.written == str(tmp_path / "cases.xlsx") and workbook.text is None
    sheets = openpyxl.load_workbook(tmp_path / "cases.xlsx").sheetnames
    assert sheets == ["cases", "actions", "promises", "surveys", "events", "clocks"]
    filled.export(format="sqlite", to=tmp_path / "cases.db")
    with sqlite3.connect(tmp_path / "cases.db") as db:
        assert db.execute("SELECT count(*) FROM cases").fetchone() == (2,)
    with pytest.raises(UsageError, match="xlsx writes a file"):
        filled.export(format="xlsx")


def test_export_refuses_what_it_does_not_know(filled: Casebook) -> None:
    with pytest.raises(UsageError, match="'parquet' is not one of"):
        filled.export(format="parquet")
    with pytest.raises(UsageError, match="'colour' is not one of"):
        filled.export(["colour=red"])


def test_export_over_several_casebooks_names_each_and_says_when_zones_differ(
    tmp_path: Path,
) -> None:
    east, west = make_book(tmp_path / "east"), make_book(tmp_path / "west")
    east.import_log(log(tmp_path, GOOD[0]))
    config = west.root / "casectl.yaml"
    text = config.read_text(encoding="utf-8").replace("Asia/Shanghai", "Europe/Berlin", 1)
    config.write_text(text, encoding="utf-8")
    west = Casebook(west.root, now=NOW)
    west.import_log(log(tmp_path, GOOD[1], name="west.csv"))
    both = open_many([east.root, west.root], now=NOW)
    found = both.export()
    assert [b.label for b in found.books] == ["east", "west"]
    rows = list(csv.DictReader(io.StringIO((found.text or "").lstrip("\ufeff"))))
    assert [r["casebook"] for r in rows] == ["east", "west"]
    assert any("different time zones" in n.message for n in both.first.notices)


@pytest.mark.parametrize(
    ("pairs", "kept"),
    [
        ([], {"state": "all"}),
        (["stage=Resolved"], {"stages": [Stage.resolved]}),
        (["priority=high", "priority=low"], {"priorities": ["high", "low"]}),
        (["tag=vip", "owner=li.wei"], {"tags": ["vip"], "owner": "li.wei"}),
        (["state=open", "customer=华东"], {"state": "open", "customer": "华东"}),
    ],
)
def test_where_pairs_read_as_a_filter(pairs: list[str], kept: dict[str, object]) -> None:
    wanted = export_filter(pairs)
    for name, value in kept.items():
        assert getattr(wanted, name) == value


@pytest.mark.parametrize(
    ("pair", "said"),
    [
        ("stage", "'stage' is not KEY=VALUE"),
        ("stage=bogus", "where stage=: 'bogus' is not one of: recorded, responded"),
        ("state=ajar", "where state=: 'ajar' is not one of: open, closed, all"),
    ],
)
def test_where_refuses_a_pair_it_cannot_read(pair: str, said: str) -> None:
    with pytest.raises(UsageError) as refused:
        export_filter([pair])
    assert said in refused.value.text()
