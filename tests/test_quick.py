"""``casectl list`` and ``casectl overdue`` piped are answered from the index alone when the
index is sure of every case file (``cli.quick``, ``api.quick``, ``storage.quick``): the same
bytes and exit code as the full command, at any "now"; never a stale row; and without loading
the case or settings models at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebooks import Book
from casectl import i18n
from casectl.cli import quick
from conftest import Cli, case_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "casebook"
HEAVY = ("pydantic", "typer", "rich", "ruamel", "yaml", "click")


def _age(root: Path) -> None:
    """Case files an hour old, as files are once the index's one-second doubt has passed."""
    old = time.time_ns() - 3600 * 10**9
    for path in (root / "cases").rglob("*.yaml"):
        os.utime(path, ns=(old, old))


def _quick(capsys: pytest.CaptureFixture[str]) -> str | None:
    """What the quick way prints for ``casectl list``; None when it leaves it to the full way."""
    answered = _answer(capsys, "list")
    return answered[1] if answered is not None else None


def _answer(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str] | None:
    """The exit code, stdout and stderr of ``argv`` the quick way; None: the full way."""
    capsys.readouterr()
    try:
        code = quick.answer(list(argv))
    finally:
        i18n.use(None)
    printed = capsys.readouterr()
    return (code, printed.out, printed.err) if code is not None else None


@pytest.fixture
def warm(tmp_path: Path, run: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example casebook, its files aged and its index built by a full command."""
    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
    monkeypatch.chdir(root)
    _age(root)
    assert run("list").exit_code == 0  # builds the index, trusting nothing yet
    assert run("list").exit_code == 0  # the files' signatures checked long after they changed
    return root


def test_the_quick_way_prints_what_the_full_command_prints(
    warm: Path, run: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    full = run("list").stdout
    assert full.count("\n") > 3
    assert _quick(capsys) == full


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(hours=st.integers(min_value=-24 * 20, max_value=24 * 120))
def test_the_same_rows_at_any_now(
    warm: Path,
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    hours: int,
) -> None:
    now = datetime.fromisoformat("2026-11-23T10:00:00+08:00") + timedelta(hours=hours)
    monkeypatch.setenv("CASECTL_NOW", now.isoformat())
    full = run("list")
    answered = _quick(capsys)
    if answered is not None:  # before a case settled, the full way measures it
        assert answered == full.stdout, now


def _both_ways(
    book: Book,
    argv: list[str],
    days: Iterable[int],
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    """``argv`` both ways on ``book`` at a "now" each of ``days`` after 2026-12-01: the same
    exit code, stdout and stderr whenever the quick way answers; how often it did."""
    monkeypatch.setenv("CASECTL_CASEBOOK", str(book.root))
    _age(book.root)
    answered = 0
    for day in days:
        now = datetime.fromisoformat("2026-12-01T10:00:00+08:00") + timedelta(days=day, hours=5)
        monkeypatch.setenv("CASECTL_NOW", now.isoformat())
        full = run(*argv)
        quick_way = _answer(capsys, *argv)
        if quick_way is not None:
            assert quick_way == (full.exit_code, full.stdout, full.stderr), now
            answered += 1
    return answered


def test_a_team_book_with_waiting_cases_lists_the_same_both_ways(
    two_months_copy: Book,
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    days = range(0, 60, 3)
    assert _both_ways(two_months_copy, ["list"], days, run, capsys, monkeypatch) >= 15


def test_the_gate_answers_the_same_both_ways_at_any_now(
    two_months_copy: Book,
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    days = range(-20, 60, 4)  # answered once every case had settled
    assert _both_ways(two_months_copy, ["overdue"], days, run, capsys, monkeypatch) >= 12


def test_a_casebook_with_customer_profiles_gates_the_full_way(
    warm: Path, run: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _answer(capsys, "overdue") is None  # the example keeps profiles: read the full way
    shutil.rmtree(warm / "customers")
    full = run("overdue")
    assert _answer(capsys, "overdue") == (full.exit_code, full.stdout, full.stderr)
    assert run("customer", "add", "华东精密制造有限公司").exit_code == 0
    assert _answer(capsys, "overdue") is None  # the contact rhythm is read from the profile
    assert _quick(capsys) is not None  # list does not read profiles


def test_a_file_changed_by_hand_is_never_shown_stale(
    warm: Path, run: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = run("list", "--format", "json").json()
    path = case_file(warm, listed[0]["id"])
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(listed[0]["title"], "改过的标题"), encoding="utf-8")
    assert _quick(capsys) is None  # just changed: the full way reads it
    old = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(old, old))  # even with an old time: its size and change time tell
    assert _quick(capsys) is None
    assert "改过的标题" in run("list").stdout
    assert "改过的标题" in (_quick(capsys) or "")  # and once the index knows, quickly too


@pytest.mark.parametrize(
    "spoil",
    ["no index", "unreadable file", "twin", "half import", "new settings", "no cache"],
)
def test_anything_the_index_is_not_sure_of_goes_the_full_way(
    warm: Path,
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    spoil: str,
) -> None:
    assert _quick(capsys) is not None
    first = sorted((warm / "cases").rglob("*.yaml"))[0]
    if spoil == "no index":
        shutil.rmtree(warm / ".casectl")
    elif spoil == "unreadable file":
        first.write_text("id: [not closed\n", encoding="utf-8")
    elif spoil == "twin":
        twin = first.parent.parent / "01" / first.name
        twin.parent.mkdir(exist_ok=True)
        shutil.copy(first, twin)
    elif spoil == "half import":
        (warm / ".casectl" / "import.json").write_text("{}", encoding="utf-8")
    elif spoil == "new settings":
        with (warm / "casectl.yaml").open("a", encoding="utf-8") as handle:
            handle.write("\n# a comment is a change of the settings' text\n")
    else:
        monkeypatch.setenv("CASECTL_NO_CACHE", "1")
    assert _quick(capsys) is None


def test_a_terminal_an_option_or_nothing_to_list_goes_the_full_way(
    warm: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert quick.answer(["list", "--all"]) is None
    assert quick.answer(["overdue", "--owner", "li.wei"]) is None
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert quick.answer(["list"]) is None


@pytest.mark.slow
@pytest.mark.parametrize(
    "command", ["list", "overdue", "overdue --within 4h --format github --junit gate.xml"]
)
def test_quick_commands_load_no_model_no_yaml_and_no_command_line_library(
    warm: Path, command: str
) -> None:
    shutil.rmtree(warm / "customers", ignore_errors=True)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "casectl", *command.split()],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=warm,
    )
    assert done.returncode in (0, 1), done.stderr
    assert done.stdout.count("\n") > 3
    loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "casectl.storage.quick" in loaded
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]


def test_one_casebook_named_with_dash_c_is_answered_quickly_too(
    warm: Path, run: Cli, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(warm.parent)
    full = run("-C", str(warm), "list")
    capsys.readouterr()
    try:
        code = quick.answer(["-C", str(warm), "list"])
    finally:
        i18n.use(None)
    assert (code, capsys.readouterr().out) == (0, full.stdout)
    org = warm.parent / "org.yaml"
    org.write_text(f"casebooks:\n  - {warm}\n", encoding="utf-8")
    assert quick.answer(["-C", str(org), "list"]) is None  # several casebooks: the full way
    assert quick.answer(["-C", str(warm), "--all", "list"]) is None


@pytest.mark.slow
def test_a_reader_that_stops_early_ends_a_quick_list_quietly(warm: Path) -> None:
    """A reader gone before the list is written (``| head`` done reading): no traceback, exit
    0, as the full way ends it."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "casectl", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=warm,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # closed before casectl writes a byte
    with proc.stderr:
        err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=30) == 0, err
    assert "Traceback" not in err


def test_in_chinese_the_quick_way_prints_what_the_full_command_prints(
    warm: Path, run: Cli, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASECTL_LANG", "zh")
    shutil.rmtree(warm / "customers")
    full_list, full_gate = run("list"), run("overdue")
    assert "工单" in full_list.stdout or "阶段" in full_list.stdout
    assert _quick(capsys) == full_list.stdout
    assert _answer(capsys, "overdue") == (full_gate.exit_code, full_gate.stdout, full_gate.stderr)


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--format", "json"],
        ["list", "--format", "csv"],
        ["list", "--format", "table"],
        ["overdue", "--format", "json"],
    ],
)
def test_json_csv_and_named_formats_are_answered_quickly_with_the_same_bytes(
    two_months_copy: Book,
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
) -> None:
    assert _both_ways(two_months_copy, argv, (3, 20, 45), run, capsys, monkeypatch) == 3


@pytest.mark.parametrize(
    "options",
    [
        ["--within", "4h"],
        ["--format", "github"],
        [
            "--within=1d",
            "--format",
            "github",
            "--junit",
            "{tmp}/gate.xml",
            "--markdown",
            "{tmp}/gate.md",
        ],
        ["--github", "--json-file", "{tmp}/gate.json", "--fail-on", "warning"],
        ["--format", "junit", "--fail-on", "never"],
    ],
)
def test_a_ci_job_s_gate_is_answered_quickly_with_the_same_output_and_files(
    two_months_copy: Book,
    run: Cli,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    options: list[str],
) -> None:
    """The shipped CI examples' command lines (examples/ci/): the same stdout, stderr, exit
    code and written files both ways, GitHub's annotations naming files from the repository."""
    monkeypatch.setenv("CASECTL_CASEBOOK", str(two_months_copy.root))
    monkeypatch.setenv("CASECTL_NOW", "2026-12-20T15:00:00+08:00")
    _age(two_months_copy.root)
    argv = ["overdue", *(o.replace("{tmp}", str(tmp_path)) for o in options)]

    def written() -> dict[str, str]:
        found = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("gate.*")}
        for name in found:
            (tmp_path / name).unlink()
        return found

    full = run(*argv)
    full_files = written()
    answered = _answer(capsys, *argv)
    assert answered == (full.exit_code, full.stdout, full.stderr)
    assert written() == full_files
    assert all(p in full.stderr for p in full_files)  # each told as written


def test_options_the_quick_way_does_not_answer_go_the_full_way() -> None:
    for argv in (
        ["overdue", "--owner", "li.wei"],
        ["overdue", "--within"],
        ["overdue", "--within", "4h", "--within", "1d"],
        ["overdue", "--format", "yaml"],
        ["overdue", "--github", "--format", "json"],
        ["overdue", "--junit", "-"],
        ["overdue", "--baseline", "b.txt"],
        ["list", "--all"],
    ):
        assert quick.wanted(argv) is None, argv
    assert quick.wanted(["-C", "book", "overdue", "--format=github"]) == (
        "book",
        "overdue",
        {"--format": "github"},
    )
