"""Several casebooks read as one: ``-C east -C west`` or an org file, for ``list``, ``overdue``,
``report`` and ``export``; each case says which casebook it comes from."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from conftest import Cli


@pytest.fixture
def two(run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Casebooks east and west, a case each (east's first response breached by now)."""
    ids = {}
    for name, at, priority in (
        ("east", "2026-11-20T09:00:00+08:00", "urgent"),
        ("west", "2026-11-23T09:30:00+08:00", "low"),
    ):
        assert run("init", str(tmp_path / name)).exit_code == 0
        made = run(
            "-C", str(tmp_path / name), "record", "--customer", f"{name} 客户", "--title",
            "报表导出超时", "--category", "technical", "--priority", priority,
            "--channel", "phone", "--at", at,
        )  # fmt: skip
        assert made.exit_code == 0, made
        ids[name] = made.stdout.strip()
    monkeypatch.chdir(tmp_path)
    return ids


def test_list_names_each_case_by_its_casebook(run: Cli, two: dict[str, str]) -> None:
    result = run("-C", "east", "-C", "west", "list", "--format", "json")
    assert result.exit_code == 0, result
    rows = result.json()
    assert [(r["casebook"], r["id"]) for r in rows] == [
        ("east", f"east:{two['east']}"),
        ("west", f"west:{two['west']}"),
    ]
    table = run("-C", "east", "-C", "west", "list").stdout
    assert f"east:{two['east']}" in table and f"west:{two['west']}" in table


def test_a_two_casebook_report_counts_both(run: Cli, two: dict[str, str]) -> None:
    one = run("-C", "east", "report", "--month", "2026-11", "--format", "json").json()
    both = run("-C", "east", "-C", "west", "report", "--month", "2026-11", "--format", "json")
    assert both.exit_code == 0, both
    counts = both.json()["counts"]
    assert one["counts"]["received"]["current"] == 1
    assert counts["received"]["current"] == 2
    assert both.json()["breakdowns"]["priority"] != one["breakdowns"]["priority"]


def test_an_org_file_lists_the_casebooks(run: Cli, two: dict[str, str], tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("casebooks:\n  - east\n  - {name: 西区, path: west}\n", encoding="utf-8")
    result = run("-C", str(org), "list", "--format", "json")
    assert result.exit_code == 0, result
    assert [r["casebook"] for r in result.json()] == ["east", "西区"]
    exported = run("-C", str(org), "export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff"))))
    assert [(r["casebook"], r["id"]) for r in rows] == [
        ("east", two["east"]),
        ("西区", two["west"]),
    ]


def test_overdue_gates_every_casebook(run: Cli, two: dict[str, str]) -> None:
    result = run("-C", "east", "-C", "west", "overdue", "--format", "json")
    assert result.exit_code == 1  # east's urgent case breached its first response
    items = result.json()["items"]
    assert {i["case"] for i in items} == {f"east:{two['east']}"}
    assert items[0]["path"].startswith("east/cases/")


def test_a_case_among_several_casebooks_is_named_label_colon_id(
    run: Cli, two: dict[str, str]
) -> None:
    by_label = run("-C", "east", "-C", "west", "show", f"west:{two['west']}", "--format", "json")
    assert by_label.exit_code == 0, by_label
    assert by_label.json()["id"] == two["west"]
    # an ID that only one of them holds needs no label; a step writes in that casebook
    noted = run("-C", "east", "-C", "west", "note", two["east"][:9], "from the lead")
    assert noted.exit_code == 0, noted
    shown = run("-C", "east", "-C", "west", "show", f"east:{two['east']}", "--format", "json")
    assert [n["text"] for n in shown.json()["notes"]] == ["from the lead"]
    unknown = run("-C", "east", "-C", "west", "show", f"north:{two['east']}")
    assert unknown.exit_code == 2
    assert "no casebook is labelled 'north' (these are: east, west)" in unknown.stderr
    missing = run("-C", "east", "-C", "west", "show", "C-991231")
    assert missing.exit_code == 2 and "no case matches" in missing.stderr


def test_a_command_on_one_casebook_refuses_several(run: Cli, two: dict[str, str]) -> None:
    result = run("-C", "east", "-C", "west", "customer", "add", "Beta Corp")
    assert result.exit_code == 2
    assert "this command works on one casebook" in result.stderr


def test_export_says_when_the_casebooks_keep_different_time_zones(
    run: Cli, two: dict[str, str], tmp_path: Path
) -> None:
    same = run("-C", "east", "-C", "west", "export", "--format", "csv")
    assert same.exit_code == 0 and "time zones" not in same.stderr
    config = tmp_path / "west" / "casectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "timezone: Asia/Shanghai", "timezone: Asia/Tokyo"
        ),
        encoding="utf-8",
    )
    mixed = run("-C", "east", "-C", "west", "export", "--format", "csv")
    assert mixed.exit_code == 0, mixed
    assert "the casebooks keep different time zones (Asia/Shanghai, Asia/Tokyo)" in mixed.stderr


def test_overdue_names_each_customer_with_its_casebook(
    run: Cli, two: dict[str, str], tmp_path: Path
) -> None:
    for name in ("east", "west"):
        added = run(
            "-C", name, "customer", "add", "同名客户", "--tier", "key", "--at", "2026-10-01T09:00"
        )
        assert added.exit_code == 0, added
    gate = run("-C", "east", "-C", "west", "overdue", "--format", "json").json()["contacts"]
    found = {(i["customer"], i["path"]) for i in gate["items"]}
    assert found == {
        ("east:同名客户", "east/customers/同名客户.yaml"),
        ("west:同名客户", "west/customers/同名客户.yaml"),
    }
