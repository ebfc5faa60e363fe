"""``list --format csv`` and ``--excel``: the columns people filter on, and a file Excel on a
Chinese Windows opens without mojibake."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import Cli

FIRST_EIGHT = ["id", "stage", "priority", "category", "customer", "title", "owner", "received_at"]
ADDED = ["sla", "sla_clock", "due", "waiting", "tags"]


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_keeps_its_first_columns_and_adds_the_sla_standing_and_tags(
    run: Cli, record: Callable[..., str]
) -> None:
    late = record("--tag", "月结", "--tag", "报表", at="2026-11-16T10:00:00+08:00")
    fresh = record(title="今天的投诉", at="2026-11-23T09:15:00+08:00")
    run("wait", fresh, "--reason", "等客户提供日志")
    text = run("list", "--format", "csv").stdout
    assert not text.startswith("\ufeff") and "\r\n" not in text  # scripts' CSV unchanged
    header = next(csv.reader(io.StringIO(text)))
    assert header == FIRST_EIGHT + ADDED
    by_id = {r["id"]: r for r in rows_of(text)}
    assert by_id[late]["sla"] == "breached" and by_id[late]["sla_clock"] == "first_response"
    assert by_id[late]["due"] == "2026-11-17T10:00:00+08:00"  # 24 hours, the default
    assert by_id[late]["tags"] == "月结;报表" and by_id[late]["waiting"] == "false"
    assert by_id[fresh]["waiting"] == "true" and by_id[fresh]["sla"] == "paused"
    assert by_id[fresh]["tags"] == ""


def test_a_case_with_no_running_clock_has_an_empty_standing(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    assert run("close", cid, "--force", "--reason", "客户撤回投诉").exit_code == 0
    (row,) = rows_of(run("list", "--all", "--format", "csv").stdout)
    assert (row["id"], row["stage"], row["sla"], row["sla_clock"], row["due"]) == (
        cid,
        "closed",
        "",
        "",
        "",
    )


def test_the_standing_agrees_with_list_breached(run: Cli, record: Callable[..., str]) -> None:
    record(at="2026-11-16T10:00:00+08:00")
    record(at="2026-11-23T09:15:00+08:00")
    breached = {r["id"] for r in run("list", "--breached", "--format", "json").json()}
    marked = {
        r["id"] for r in rows_of(run("list", "--format", "csv").stdout) if r["sla"] == "breached"
    }
    assert breached == marked and len(marked) == 1


def test_excel_csv_has_a_byte_order_mark_crlf_and_dates_excel_reads(
    run: Cli, record: Callable[..., str], tmp_path: Path
) -> None:
    cid = record("--tag", "月结", title='=HYPERLINK("http://x")')
    target = tmp_path / "投诉清单.csv"
    result = run("list", "--excel", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 2 and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode("utf-8-sig")
    (row,) = rows_of(text)
    assert row["id"] == cid and row["customer"] == "华东精密制造有限公司"
    assert row["title"].startswith("'=")  # still no formula
    assert row["received_at"] == "2026-11-23 09:15:00"
    assert row["due"] == "2026-11-24 09:15:00" and row["tags"] == "月结"
    # on stdout the same text (the test runner reads CRLF as LF; the bytes: below)
    assert run("list", "--excel").stdout == "\ufeff" + text.replace("\r\n", "\n")
    assert run("list", "--format", "csv", "--excel").stdout == run("list", "--excel").stdout


def test_excel_csv_on_stdout_is_the_same_bytes(record: Callable[..., str], tmp_path: Path) -> None:
    record()
    done = subprocess.run(
        [sys.executable, "-m", "casectl", "list", "--excel"], capture_output=True, check=True
    )
    target = tmp_path / "cases.csv"
    subprocess.run(
        [sys.executable, "-m", "casectl", "list", "--excel", "-o", str(target)],
        check=True,
        capture_output=True,
    )
    assert done.stdout.startswith(b"\xef\xbb\xbfid,") and done.stdout.count(b"\r\n") == 2
    assert done.stdout == target.read_bytes()


def test_excel_keeps_a_line_break_inside_a_cell(run: Cli, record: Callable[..., str]) -> None:
    record("--owner", "li\nwei")
    text = run("list", "--excel").stdout.removeprefix("\ufeff")
    (row,) = rows_of(text)
    assert row["owner"] == "li\nwei"


def test_excel_with_another_format_is_refused(run: Cli, record: Callable[..., str]) -> None:
    record()
    result = run("list", "--excel", "--format", "json")
    assert result.exit_code == 2 and "--excel writes CSV" in result.stderr


def test_csv_of_several_casebooks_has_each_cases_standing(run: Cli, tmp_path: Path) -> None:
    ids = {}
    for name in ("east", "west"):
        root = tmp_path / name
        assert run("init", str(root)).exit_code == 0
        made = run(
            "-C",
            str(root),
            "record",
            "--customer=华东精密",
            "--title=导出超时",
            "--category=technical",
            "--priority=high",
            "--channel=phone",
            "--at=2026-11-16T10:00:00+08:00",
        )
        ids[name] = made.stdout.strip()
    text = run(
        "-C", str(tmp_path / "east"), "-C", str(tmp_path / "west"), "list", "--format", "csv"
    ).stdout
    rows = {r["id"]: r for r in rows_of(text)}
    assert set(rows) == {f"east:{ids['east']}", f"west:{ids['west']}"}
    assert all(r["sla"] == "breached" and r["sla_clock"] == "first_response" for r in rows.values())
