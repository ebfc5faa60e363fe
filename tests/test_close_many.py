"""Closing history in bulk: ``Casebook.close_many`` and ``casectl close --where/--imported/-``.
Every case passes close's checks; one that cannot close is listed with why, the others close."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casectl import Casebook
from casectl.core import lifecycle
from casectl.errors import UsageError
from conftest import Cli, case_file

NOW = "2026-11-23T10:00:00+08:00"
ENV = {"CASECTL_NOW": NOW}
Record = Callable[..., str]


@pytest.fixture
def three(record: Record, casebook: Path) -> tuple[str, str, str]:
    """A case ready to close, one missing its review and visit, one imported from a sheet."""
    ready = record(title="可以关闭", at="2026-11-02T09:00:00+08:00")
    stuck = record(title="缺少复盘", at="2026-11-03T09:00:00+08:00")
    imported = record(title="从表格导入", at="2026-11-04T09:00:00+08:00")
    book = Casebook(casebook, now=NOW, user="li.wei")
    for cid in (ready, imported):
        book.review(cid, lessons=["先核对配置"], force=True, reason="历史记录")
        book.follow_up(cid, notes="客户满意", force=True, reason="历史记录")
    path = case_file(casebook, imported)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "source:\n  file: log.xlsx\n  sheet: 投诉\n  row: 7\n", "utf-8")
    return ready, stuck, imported


def test_the_closable_close_and_the_others_are_listed_with_why(
    casebook: Path, three: tuple[str, str, str]
) -> None:
    ready, stuck, imported = three
    book = Casebook(casebook, now=NOW, user="li.wei")
    done = book.close_many([ready, stuck, imported], reason="历史数据:已线下处理")
    assert [c.case_id for c in done.closed] == [ready, imported]
    assert [r.case_id for r in done.refused] == [stuck]
    assert "no review yet" in str(done.refused[0].error)
    assert done.failed
    closed = book.case(ready)
    assert lifecycle.is_closed(closed) and not closed.closed.forced  # type: ignore[union-attr]
    assert (closed.timeline[-1].event, closed.timeline[-1].detail) == (
        "closed",
        "历史数据:已线下处理",
    )
    assert not lifecycle.is_closed(book.case(stuck))


def test_a_dry_run_writes_nothing(casebook: Path, three: tuple[str, str, str]) -> None:
    ready, _stuck, _imported = three
    before = case_file(casebook, ready).read_bytes()
    book = Casebook(casebook, now=NOW, user="li.wei")
    plan = book.close_many(where=["text=关闭"], reason="历史", dry_run=True)
    assert [c.case_id for c in plan.closed] == [ready]
    assert case_file(casebook, ready).read_bytes() == before


def test_force_closes_past_the_missing_steps_and_names_them(
    casebook: Path, three: tuple[str, str, str]
) -> None:
    _ready, stuck, _imported = three
    book = Casebook(casebook, now=NOW, user="li.wei")
    done = book.close_many([stuck], reason="历史", force=True)
    (closing,) = done.closed
    assert [str(m) for m in closing.forced] == [
        "no review yet",
        "the follow-up visit is not done",
    ]
    assert book.case(stuck).closed.forced  # type: ignore[union-attr]


def test_imported_picks_the_cases_an_import_made(
    casebook: Path, three: tuple[str, str, str]
) -> None:
    _ready, _stuck, imported = three
    book = Casebook(casebook, now=NOW, user="li.wei")
    done = book.close_many(imported=True, reason="历史")
    assert [c.case_id for c in done.closed] == [imported]
    assert not done.failed
    assert book.close_many(imported=True, reason="历史").closed == []  # closed ones not chosen


@pytest.mark.parametrize(
    ("ids", "options", "said"),
    [
        ([], {}, "say which cases to close"),
        (["C-1"], {"imported": True}, "not both"),
        ([], {"imported": True, "reason": " "}, "must not be empty"),
        ([], {"where": ["colour=red"]}, "where"),
    ],
)
def test_what_it_refuses_before_writing(
    casebook: Path, ids: list[str], options: dict[str, object], said: str
) -> None:
    book = Casebook(casebook, now=NOW, user="li.wei")
    given: dict[str, object] = {"reason": "历史", **options}
    with pytest.raises(UsageError, match=said):
        book.close_many(ids, **given)  # type: ignore[arg-type]


def test_the_command_reads_ids_from_stdin_and_exits_1_when_one_could_not(
    run: Cli, three: tuple[str, str, str]
) -> None:
    ready, stuck, _imported = three
    result = run("close", "-", "--reason", "历史", input=f"{ready}\n{stuck}  # 缺复盘\n", env=ENV)
    assert result.exit_code == 1, result
    assert f"{ready}: closed — cases/2026/11/{ready}.yaml" in result.stderr
    assert f"{stuck}: not closed: cannot close {stuck}: no review yet" in result.stderr
    assert "casectl review" in result.stderr  # the step that would supply it
    assert "1 closed, 1 could not close" in result.stderr
    assert "--force --reason TEXT" in result.stderr


def test_the_command_json_and_dry_run(run: Cli, three: tuple[str, str, str]) -> None:
    ready, stuck, imported = three
    result = run("close", "--where", "priority=high", "--reason", "历史", "--dry-run",
                 "--format", "json", env=ENV)  # fmt: skip
    assert result.exit_code == 1, result
    data = result.json()
    assert data["dry_run"] is True
    assert [c["case"] for c in data["closed"]] == [ready, imported]
    assert [r["case"] for r in data["refused"]] == [stuck]
    assert run("show", ready, "--format", "json", env=ENV).json()["stage"] != "closed"


def test_one_id_is_still_the_single_close(run: Cli, three: tuple[str, str, str]) -> None:
    _ready, stuck, _imported = three
    result = run("close", stuck, env=ENV)
    assert result.exit_code == 2  # refused as before, with the remedies
    assert "(or skip with --force --reason TEXT)" in result.stderr


@pytest.mark.parametrize(("answer", "closed"), [("n\n", False), ("y\n", True)])
def test_a_terminal_is_shown_the_plan_and_asked(
    run: Cli,
    three: tuple[str, str, str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    closed: bool,
) -> None:
    from casectl.cli import prompts

    ready, _stuck, _imported = three
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    result = run(
        "close", "--where", f"text={ready[-5:]}", "--reason", "历史", input=answer, env=ENV
    )
    assert f"{ready}: would close" in result.stderr  # the plan first
    assert "Close 1 cases?" in result.stderr
    stage = run("show", ready, "--format", "json", env=ENV).json()["stage"]
    assert (stage == "closed") is closed
    assert result.exit_code == 0, result


def test_yes_skips_the_question(
    run: Cli, three: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from casectl.cli import prompts

    ready, _stuck, _imported = three
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    result = run("close", ready, ready, "--reason", "历史", "--yes", env=ENV)
    assert result.exit_code == 0, result
    assert "?" not in result.stderr
    assert f"{ready}: closed" in result.stderr
