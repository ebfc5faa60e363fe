"""Text from cases reaches a terminal, a spreadsheet or Markdown only neutralised: terminal
controls shown visibly, formulas defused, markup escaped. JSON keeps the text as it is."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest

from conftest import Cli

HOSTILE = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\\rover"
RAW = ("\x1b", "\x07", "\r")


@pytest.fixture
def hostile(run: Cli, casebook: object) -> str:
    result = run(
        "record",
        "--title",
        "x" + HOSTILE.replace("\r", " "),
        "--customer",
        "客户" + HOSTILE,
        "--owner",
        "li\r# All clear",
        "--category",
        "technical",
        "--priority",
        "high",
        "--at",
        "2026-11-16T09:15:00+08:00",
    )  # breached by now
    assert result.exit_code == 0, result
    cid = result.stdout.strip()
    assert run("note", cid, "line1\n" + HOSTILE).exit_code == 0
    return cid


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--all"],
        ["show", "{id}"],
        ["overdue"],
        ["overdue", "--format", "markdown"],
        ["overdue", "--format", "github"],
        ["overdue", "--format", "junit"],
        ["report", "--format", "markdown"],
        ["report"],
        ["customer"],
        ["letter", "{id}"],
    ],
)
def test_no_terminal_control_reaches_the_output(run: Cli, hostile: str, args: list[str]) -> None:
    result = run(*[a.replace("{id}", hostile) for a in args])
    assert result.exit_code in (0, 1), result
    for raw in RAW:
        assert raw not in result.stdout, (args, raw)


def test_json_keeps_the_text_as_it_is(run: Cli, hostile: str) -> None:
    shown = run("show", hostile, "--format", "json").json()
    assert shown["customer"]["name"] == "客户" + HOSTILE


def test_the_title_is_shown_visibly(run: Cli, hostile: str) -> None:
    listed = run("list").stdout
    assert "\\x1b[2J" in listed


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ('a, "quoted" title', 'a, "quoted" title'),
    ],
)
def test_csv_defuses_formulas_and_keeps_one_row_a_case(
    run: Cli, record: Callable[..., str], title: str, cell: str
) -> None:
    record(title=title)
    text = run("list", "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 2
    assert rows[1][5] == cell


def test_a_carriage_return_never_splits_a_csv_row(run: Cli, record: Callable[..., str]) -> None:
    record("--owner", "two\rrows")
    rows = list(csv.reader(io.StringIO(run("list", "--format", "csv").stdout, newline="")))
    assert len(rows) == 2 and rows[1][6] == "two\rrows"


def test_markdown_cannot_be_given_a_heading_or_html(run: Cli, record: Callable[..., str]) -> None:
    record(
        "--owner",
        "li\r# All clear: 0 breached",
        title="x <img src=x onerror=alert(1)> ![i](http://e)",
        at="2026-11-16T09:15:00+08:00",
    )
    out = run("overdue", "--format", "markdown").stdout
    assert not any(line.startswith("# All clear") for line in out.splitlines())
    assert not re.search(r"(?<!\\)<img", out) and "![i]" not in out
