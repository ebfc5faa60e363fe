"""Bad input: a one-line message, the right exit code, no traceback, no case file changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, case_file

RECORD = [
    "record",
    "--customer",
    "A",
    "--title",
    "t",
    "--category",
    "technical",
    "--priority",
    "low",
]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.as_posix(): p.read_bytes() for p in sorted(root.glob("cases/**/*.yaml"))}


def assert_one_line_error(result, code: int, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("  hint:")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, (needle, result.stderr)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "C-999999-ZZZZZ"], "no case matches"),
        (["note", "nope", "x"], "no case matches"),
        (
            [
                "record",
                "--customer",
                "A",
                "--title",
                "t",
                "--category",
                "food",
                "--priority",
                "high",
            ],
            "--category: 'food' is not one of",
        ),
        (
            [
                "record",
                "--customer",
                "A",
                "--title",
                "t",
                "--category",
                "technical",
                "--priority",
                "p0",
            ],
            "--priority",
        ),
        (
            [
                "record",
                "--customer",
                "A",
                "--title",
                "",
                "--category",
                "technical",
                "--priority",
                "low",
            ],
            "--title must not be empty",
        ),
        ([*RECORD, "--at", "tomorow"], "'tomorow' is not a date"),
        (
            [*RECORD, "--received-at", "2026-02-30"],
            "'2026-02-30' is not a date: 2026-02 has no day 30",
        ),
        (
            ["record", "--customer", "A", "--category", "technical", "--priority", "low"],
            "missing --title",
        ),
        (
            ["respond", "{id}", "--summary", "hi", "--promise", "x"],
            "each --promise needs its --due",
        ),
        (["respond", "{id}", "--summary", "hi", "--channel", "pigeon"], "--channel"),
        (["list", "--bogus"], "No such option: --bogus"),
        (["list", "--limit", "abc"], "--limit: not a whole number"),
        (["survey", "{id}", "--nps", "x"], "--nps: not a whole number"),
        (["survey", "{id}", "--nps", "11"], "--nps: 11 is not a score from 0 to 10"),
        (["survey", "{id}", "--csat", "0"], "--csat: 0 is not a score from 1 to 5"),
        (["close", "{id}", "--force"], "--force needs --reason"),
        (["investigate", "{id}", "--cause", "gremlins"], "--cause"),
        (["investigate", "{id}", "--evidence", "nocolon"], "KIND:REF"),
        (["action", "done", "{id}", "a9"], "has no action 'a9'"),
        (["action", "add", "{id}", "fix", "--horizon", "someday"], "--horizon"),
        (["update", "{id}", "--summary", "x"], "no first response yet"),
        (["note", "{id}", "before it came", "--at", "2020-01-01"], "before it was received"),
        (["resume", "{id}"], "is not waiting"),
        (["reopen", "{id}", "--reason", "x"], "nothing to reopen"),
        # times outside the years casectl keeps, and offsets past any calendar
        ([*RECORD, "--received-at", "1900-01-01"], "'1900-01-01': out of range"),
        ([*RECORD, "--received-at", "0001-01-01T00:00+14:00"], "out of range"),
        ([*RECORD, "--at", "9999-12-31T23:00Z"], "out of range"),
        (["note", "{id}", "x", "--at", "9999-12-31T23:59:59-14:00"], "out of range"),
        (
            ["respond", "{id}", "--summary", "x", "--promise", "p", "--due", "+99999999d"],
            "too long a duration",
        ),
        (
            [
                "respond",
                "{id}",
                "--summary",
                "x",
                "--promise",
                "p",
                "--due",
                "+9999999999999999999h",
            ],
            "too long a duration",
        ),
        (["report", "--since", "0001-01-01"], "out of range"),
        (["report", "--since", "1970-01-02"], "too early"),
        (["report", "--month", "0001-01"], "out of range"),
        (["overdue", "--within", "99999999d"], "too long a duration"),
    ],
)
def test_bad_values_exit_2_and_change_nothing(
    run: Cli, record: Callable[..., str], args: list[str], needle: str
) -> None:
    cid = record()
    before = snapshot(Path.cwd())
    result = run(*[a.replace("{id}", cid) for a in args])
    assert_one_line_error(result, 2, needle)
    assert snapshot(Path.cwd()) == before


def test_ambiguous_prefix_lists_the_candidates(run: Cli, record: Callable[..., str]) -> None:
    ids = {record(title=f"case {n}") for n in range(6)}
    result = run("show", "C-261123")
    assert_one_line_error(result, 2, "matches 6 cases")
    for cid in ids:
        assert cid in result.stderr
    one = sorted(ids)[0]
    assert run("show", one.lower()).exit_code == 0  # case-insensitive
    assert run("show", one[:-1]).exit_code in (0, 2)


def test_no_casebook_is_exit_3(run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert_one_line_error(run("list"), 3, "no casebook found", "casectl init")
    assert_one_line_error(run("-C", str(tmp_path / "none"), "list"), 3, "no casebook at")


def test_a_step_on_a_closed_case_is_refused(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    assert run("close", cid, "--force", "--reason", "duplicate of another case").exit_code == 0
    before = snapshot(Path.cwd())
    for args in (
        ["note", cid, "x"],
        ["respond", cid, "--summary", "x"],
        ["wait", cid, "--reason", "x"],
    ):
        assert_one_line_error(run(*args), 2, "is closed", "reopen")
    assert snapshot(Path.cwd()) == before


BROKEN = {
    "syntax": ("title: [unclosed\n", "YAML syntax error"),
    "conflict": (
        "<<<<<<< HEAD\ntitle: ours\n=======\ntitle: theirs\n>>>>>>> branch\n",
        "unresolved git conflict markers",
    ),
    "types": ("priority: very-high\n", "priority"),
    "unknown": ("custmer_mood: angry\n", "custmer_mood: unknown field"),
    "year one": ("received_at: 0001-01-01T00:00:00+14:00\n", "from the years 1970 to 2999"),
    "local mean time": ("received_at: 1900-01-01T00:00:00+08:05:43\n", "received_at: not a time"),
    "tag": ("impact: !!timestamp 'x'\n", "not a valid value"),
    "nested": ("people: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    "twice": ("category: technical\n", "duplicate key 'category' (first on line 4)"),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_corrupt_file_names_file_and_line_and_others_keep_working(
    run: Cli, record: Callable[..., str], kind: str
) -> None:
    bad, good = record(title="bad one"), record(title="good one")
    path = case_file(Path.cwd(), bad)
    text = path.read_text(encoding="utf-8")
    replacement, needle = BROKEN[kind]
    lines = text.splitlines(keepends=True)
    if kind in ("syntax", "conflict"):
        broken = text.replace("title: bad one\n", replacement)
        line = text.splitlines().index("title: bad one") + 1
    elif kind == "types":
        broken = text.replace("priority: high\n", replacement)
        line = text.splitlines().index("priority: high") + 1
    elif kind in ("year one", "local mean time"):
        old = next(ln for ln in text.splitlines(keepends=True) if ln.startswith("received_at:"))
        broken = text.replace(old, replacement)
        line = text.splitlines().index(old.rstrip("\n")) + 1
    else:
        broken = "".join([*lines[:3], replacement, *lines[3:]])
        line = 4
    path.write_text(broken, encoding="utf-8")

    result = run("show", bad)
    assert_one_line_error(result, 3, needle, f"{path.relative_to(Path.cwd()).as_posix()}:")
    if kind not in ("syntax", "tag", "nested", "twice"):
        assert f".yaml:{line}:" in result.stderr
    assert path.read_text(encoding="utf-8") == broken  # never rewritten
    assert_one_line_error(run("note", bad, "x"), 3, needle)
    assert path.read_text(encoding="utf-8") == broken

    assert run("show", good).exit_code == 0
    assert run("note", good, "still fine").exit_code == 0
    listed = run("list", "--format", "json")
    assert listed.exit_code == 0
    assert [r["id"] for r in listed.json()] == [good]
    assert "skipped" in listed.stderr and bad in listed.stderr


def test_bad_casectl_yaml_is_exit_3(run: Cli, casebook: Path) -> None:
    config = casebook / "casectl.yaml"
    config.write_text(config.read_text().replace("Asia/Shanghai", "Mars/Olympus"), encoding="utf-8")
    assert_one_line_error(run("list"), 3, "casectl.yaml:", "unknown time zone")


def test_init_refuses_to_overwrite(run: Cli, casebook: Path) -> None:
    before = (casebook / "casectl.yaml").read_bytes()
    assert_one_line_error(run("init", str(casebook)), 2, "refusing to overwrite")
    assert (casebook / "casectl.yaml").read_bytes() == before


def test_a_step_dated_in_the_future_is_recorded_with_a_warning(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    result = run("note", cid, "typo in the year?", "--at", "2027-11-23T10:00+08:00")
    assert result.exit_code == 0
    assert "warning: --at 2027-11-23T10:00:00+08:00 is later than now" in result.stderr
    quiet = run("note", cid, "a minute ahead is fine", "--at", "2026-11-23T10:01+08:00")
    assert "warning" not in quiet.stderr


@pytest.mark.parametrize(
    ("env", "args", "code", "needle"),
    [
        ({"CASECTL_LOCK_TIMEOUT": "abc"}, ["note", "{id}", "x"], 2, "CASECTL_LOCK_TIMEOUT"),
        ({"CASECTL_LOCK_TIMEOUT": "-1"}, ["note", "{id}", "x"], 2, "CASECTL_LOCK_TIMEOUT"),
        ({"EDITOR": 'vim "x'}, ["edit", "{id}"], 2, "cannot be run"),
        ({"CASECTL_NOW": "9999-12-31T23:59:59-12:00"}, ["overdue"], 2, "out of range"),
    ],
)
def test_a_broken_environment_is_one_line_and_changes_nothing(
    run: Cli,
    record: Callable[..., str],
    env: dict[str, str],
    args: list[str],
    code: int,
    needle: str,
) -> None:
    cid = record()
    before = snapshot(Path.cwd())
    assert_one_line_error(run(*[a.replace("{id}", cid) for a in args], env=env), code, needle)
    assert snapshot(Path.cwd()) == before


def test_a_full_disk_leaves_the_case_as_it_was(
    run: Cli, record: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from casectl.storage import writes

    cid = record()
    before = snapshot(Path.cwd())

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(writes, "atomic_write", full)
    assert_one_line_error(run("note", cid, "x"), 3, "cannot write (No space left on device)")
    assert snapshot(Path.cwd()) == before


def test_what_an_interrupted_write_left_is_reported_then_cleaned(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    folder = next(Path("cases").glob("*/*"))
    stray = folder / f".{cid}.yaml.abc123.tmp"
    stray.write_text("half a case", encoding="utf-8")
    checked = run("validate")
    assert checked.exit_code == 1 and "left by an interrupted write" in checked.stdout
    assert run("note", cid, "x").exit_code == 0
    assert not stray.exists()
    assert ".*.yaml.*.tmp" in Path(".gitignore").read_text(encoding="utf-8")


def test_a_target_too_long_in_casectl_yaml_is_one_line(
    run: Cli, record: Callable[..., str]
) -> None:
    record()
    config = Path("casectl.yaml")
    config.write_text(
        config.read_text(encoding="utf-8").replace("investigation: 8h", "investigation: 99999999d"),
        encoding="utf-8",
    )
    assert_one_line_error(run("list"), 3, "too long a duration: '99999999d'")


def test_a_file_size_limit_is_one_line_and_changes_nothing(
    run: Cli, record: Callable[..., str]
) -> None:
    import resource
    import subprocess
    import sys

    cid = record()
    before = snapshot(Path.cwd())

    def limit() -> None:  # as `ulimit -f 1` does: at most 1 KiB a file
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    done = subprocess.run(
        [sys.executable, "-m", "casectl", "note", cid, "x" * 3000],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        check=False,
    )
    assert done.returncode == 3 and "cannot write (File too large)" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert snapshot(Path.cwd()) == before


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["overdue", "--fail-on", "bogus"],
            "--fail-on: 'bogus' is not one of: breach, warning, never",
        ),
        (["show", "x", "--format", "pdf"], "--format: 'pdf' is not one of: table, json, yaml"),
        (
            ["record", "--priority", "p0"],
            "--priority: 'p0' is not one of: urgent, high, medium, low",
        ),
    ],
)
def test_every_bad_choice_is_worded_alike(
    run: Cli, casebook: Path, args: list[str], line: str
) -> None:
    result = (
        run(*args, "--customer", "A", "--title", "t", "--category", "technical")
        if args[0] == "record"
        else run(*args)
    )
    assert_one_line_error(result, 2, f"casectl: error: {line}")
