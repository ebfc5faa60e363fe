"""The gate against a baseline (``overdue --baseline``, ``--write-baseline``,
``--update-baseline``) and several outputs in one run (``--github --junit --markdown --json-file``):
the rule directly, then the command line's contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from casebooks import working_hour_targets
from casectl.core.clocks.sla import Clock
from casectl.core.views import baseline
from casectl.core.views.gate import Gate, Item, Subject
from casectl.errors import UsageError
from conftest import Cli

Record = Callable[..., str]

AFTERNOON = {"CASECTL_NOW": "2026-11-23T13:50:00+08:00"}  # the late case breached, fresh due soon
EVENING = {"CASECTL_NOW": "2026-11-23T16:00:00+08:00"}  # the fresh case breached too
NOW = datetime(2026, 11, 23, tzinfo=UTC)


# --- the rule -----------------------------------------------------------------------------


def _item(case: str, clock: str, level: str = "breach") -> Item:
    ticking = cast(Clock, SimpleNamespace(name=clock))  # the rule reads only its name
    return Item(Subject(case, "t", "c", "high"), ticking, level)


def _gate(*items: Item) -> Gate:
    return Gate(now=NOW, within=None, items=list(items))


@pytest.mark.parametrize(
    ("flagged", "accepted", "new", "known", "gone"),
    [
        ([], [], [], [], []),
        ([("C-1", "resolution")], [], ["C-1 resolution"], [], []),
        ([("C-1", "resolution")], ["C-1 resolution"], [], ["C-1 resolution"], []),
        ([], ["C-1 resolution"], [], [], ["C-1 resolution"]),
        (  # the same case, another clock: new
            [("C-1", "resolution"), ("C-1", "first_response")],
            ["C-1 resolution", "C-2 promise:p1"],
            ["C-1 first_response"],
            ["C-1 resolution"],
            ["C-2 promise:p1"],
        ),
    ],
)
def test_new_known_and_gone(
    flagged: list[tuple[str, str]],
    accepted: list[str],
    new: list[str],
    known: list[str],
    gone: list[str],
) -> None:
    judged = baseline.judge(_gate(*(_item(c, k) for c, k in flagged)), accepted)
    assert [baseline.item_entry(i) for i in judged.new] == new
    assert [baseline.item_entry(i) for i in judged.known] == known
    assert judged.gone == gone


def test_a_warning_is_never_new_nor_recorded() -> None:
    gate = _gate(_item("C-1", "resolution", "warning"), _item("C-2", "resolution"))
    assert baseline.recorded(gate) == ["C-2 resolution"]
    judged = baseline.judge(gate, [])
    assert [baseline.item_entry(i) for i in judged.new] == ["C-2 resolution"]


def test_shrinking_drops_the_gone_and_never_adds() -> None:
    judged = baseline.judge(_gate(_item("C-3", "resolution")), ["C-1 resolution", "C-2 x"])
    assert baseline.shrunk(["C-2 x", "C-1 resolution"], judged) == []


def test_the_file_text_reads_back_sorted_with_its_header() -> None:
    text = baseline.text(["C-2 resolution", "C-1 first_response", "C-2 resolution"])
    assert text.startswith("# casectl overdue baseline")
    assert text.splitlines()[-2:] == ["C-1 first_response", "C-2 resolution"]
    assert baseline.parse(text, "b.txt") == ["C-1 first_response", "C-2 resolution"]


def test_a_line_that_is_not_an_entry_is_named() -> None:
    with pytest.raises(UsageError, match=r"b\.txt:3: not a baseline entry"):
        baseline.parse("# header\n\nC-1 resolution late\n", "b.txt")


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def two(record: Record, casebook: Path) -> tuple[str, str]:
    working_hour_targets(casebook)  # high: first response within 4 working hours
    late = record("--owner", "wang.fang", title="上周的投诉", at="2026-11-16T10:00:00+08:00")
    fresh = record("--owner", "li.wei", title="今天的投诉", at="2026-11-23T09:15:00+08:00")
    return late, fresh


def test_the_gate_passes_until_a_new_breach_then_fails_naming_only_it(
    run: Cli, two: tuple[str, str], casebook: Path
) -> None:
    late, fresh = two
    assert run("overdue", env=AFTERNOON).exit_code == 1  # red from the first day
    wrote = run("overdue", "--write-baseline", "baseline.txt", env=AFTERNOON)
    assert wrote.exit_code == 0, wrote
    assert "wrote baseline.txt: 2 baseline entries" in wrote.stderr
    lines = (casebook / "baseline.txt").read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if not x.startswith("#")] == [
        f"{late} first_response",
        f"{late} resolution",
    ]
    green = run("overdue", "--baseline", "baseline.txt", "--format", "json", env=AFTERNOON)
    assert green.exit_code == 0, green
    assert green.json()["baseline"] == {
        "file": "baseline.txt",
        "new": 0,
        "baselined": 2,
        "gone": [],
    }
    red = run("overdue", "--baseline", "baseline.txt", "--format", "json", env=EVENING)
    assert red.exit_code == 1, red
    data = red.json()
    new = [(i["case"], i["clock"]["name"]) for i in data["items"] if not i["baselined"]]
    assert new == [(fresh, "first_response")]
    assert data["baseline"]["new"] == 1 and data["baseline"]["baselined"] == 2
    github = run("overdue", "--baseline", "baseline.txt", "--format", "github", env=EVENING)
    errors = [x for x in github.stdout.splitlines() if x.startswith("::error")]
    assert len(errors) == 1 and f"title={fresh} first_response breached" in errors[0]
    assert github.stdout.count("(in the baseline)") == 2
    table = run("overdue", "--baseline", "baseline.txt", env=EVENING)
    assert "1 new, 2 in the baseline" in table.stderr
    assert "In the baseline (baseline.txt): 2 known breaches" in table.stderr


def test_a_fixed_breach_is_reported_and_update_shrinks_the_file(
    run: Cli, two: tuple[str, str], casebook: Path
) -> None:
    late, fresh = two
    run("overdue", "--write-baseline", "baseline.txt", env=AFTERNOON)
    responded = run("respond", late, "--summary", "已回电", env=EVENING)
    assert responded.exit_code == 0, responded
    checked = run("overdue", "--baseline", "baseline.txt", "--format", "json", env=EVENING)
    assert checked.json()["baseline"]["gone"] == [f"{late} first_response"]
    before = (casebook / "baseline.txt").read_text(encoding="utf-8")
    shrunk = run("overdue", "--baseline", "baseline.txt", "--update-baseline", env=EVENING)
    assert shrunk.exit_code == 1  # the fresh case's breach is new: reported, never added
    assert f"no longer breached, dropped from baseline.txt: {late} first_response" in shrunk.stderr
    after = (casebook / "baseline.txt").read_text(encoding="utf-8")
    assert after == before.replace(f"{late} first_response\n", "")
    assert fresh not in after
    again = run("overdue", "--baseline", "baseline.txt", "--format", "json", env=EVENING)
    assert again.json()["baseline"]["gone"] == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--update-baseline"], "--update-baseline needs --baseline FILE"),
        (["--baseline", "missing.txt"], "--baseline: cannot read missing.txt"),
        (["--baseline", "b.txt", "--write-baseline", "b.txt"], "not both"),
        (["--format", "json", "--github"], "both write to stdout"),
        (["--junit", "-"], "name files"),
    ],
)
def test_bad_baseline_options_are_usage_errors(
    run: Cli, casebook: Path, args: list[str], said: str
) -> None:
    (casebook / "b.txt").write_text("C-1 resolution\n", encoding="utf-8")
    result = run("overdue", *args)
    assert result.exit_code == 2, result
    assert said in result.stderr


def test_one_run_writes_every_output_as_separate_runs_print_them(
    run: Cli, two: tuple[str, str], casebook: Path
) -> None:
    run("overdue", "--write-baseline", "baseline.txt", env=AFTERNOON)
    base = ["overdue", "--baseline", "baseline.txt"]
    once = run(
        *base,
        "--github",
        "--junit",
        "out.xml",
        "--markdown",
        "out.md",
        "--json-file",
        "out.json",
        env=EVENING,
    )
    assert once.exit_code == 1, once
    separate = {
        fmt: run(*base, "--format", fmt, env=EVENING).stdout
        for fmt in ("github", "junit", "markdown", "json", "table")
    }
    assert once.stdout == separate["github"] + separate["table"]
    assert (casebook / "out.xml").read_text(encoding="utf-8") == separate["junit"]
    assert (casebook / "out.md").read_text(encoding="utf-8") == separate["markdown"]
    assert (casebook / "out.json").read_text(encoding="utf-8") == separate["json"]


def test_junit_skips_the_known_breaches(run: Cli, two: tuple[str, str]) -> None:
    run("overdue", "--write-baseline", "baseline.txt", env=AFTERNOON)
    xml = run("overdue", "--baseline", "baseline.txt", "--format", "junit", env=EVENING).stdout
    assert 'failures="1"' in xml and 'skipped="2"' in xml
    assert xml.count("<skipped message=") == 2
