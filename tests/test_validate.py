"""``casectl validate``: each problem is found and named by file, line and field."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, case_file


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if ln.lstrip().startswith(start))


@pytest.fixture
def one(run: Cli, record: Callable[..., str]) -> tuple[str, Path]:
    case_id = record()
    assert (
        run(
            "respond",
            case_id,
            "--summary",
            "致歉",
            "--promise",
            "反馈原因",
            "--due",
            "+48h",
            "--at",
            "2026-11-23T10:00+08:00",
        ).exit_code
        == 0
    )
    assert run("note", case_id, "备注", "--at", "2026-11-23T10:30+08:00").exit_code == 0
    path = case_file(Path.cwd(), case_id)
    text = path.read_text(encoding="utf-8")  # fixed ids for the edits below: n00001, p00001
    for item_id, letter in re.findall(r"^ *- id: (([a-z])[0-9a-z]{5})$", text, re.M):
        text = re.sub(rf"\b{item_id}\b", f"{letter}00001", text)
    path.write_text(text, encoding="utf-8")
    return case_id, path


def problems(run: Cli, *args: str) -> list[dict[str, object]]:
    result = run("validate", "--format", "json", *args)
    assert result.exit_code == (0 if result.json()["ok"] else 1), result
    found: list[dict[str, object]] = result.json()["problems"]
    return found


def test_a_clean_casebook_is_valid(
    run: Cli, one: tuple[str, Path], record: Callable[..., str]
) -> None:
    record(title="第二个")
    result = run("validate")
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert "3 files checked, all valid" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "field", "message", "line_start"),
    [
        ("priority: high", "priority: highest", "priority", "Input should be", "priority:"),
        (
            "by: li.wei\n  summary: 致歉",
            "by: li.wei\n  summary: 致歉\n  colour: red",
            "response.colour",
            "unknown field",
            "colour:",
        ),
        (
            "received_at: 2026-11-23T09:15:00+08:00",
            "received_at: 2026-11-23T09:15:00",
            "received_at",
            "UTC offset",
            "received_at:",
        ),
        (
            "  at: 2026-11-23T10:00:00+08:00\n  by: li.wei\n  summary",
            "  at: 2026-11-23T08:00:00+08:00\n  by: li.wei\n  summary",
            "response.at",
            "before the case was received",
            "at: 2026-11-23T08",
        ),
        ("- id: n00001", "- id: pzzzz9", None, None, None),
    ],
)
def test_a_bad_field_is_named_with_its_line(
    run: Cli,
    one: tuple[str, Path],
    old: str,
    new: str,
    field: str | None,
    message: str | None,
    line_start: str | None,
) -> None:
    _, path = one
    edit(path, old, new)
    found = problems(run)
    if field is None:  # a harmless change
        assert found == []
        return
    assert len(found) >= 1, found
    first = found[0]
    assert first["file"] == path.relative_to(Path.cwd()).as_posix()
    assert first["field"] == field
    assert message is not None and message in str(first["message"])
    assert line_start is not None and first["line"] == line_of(path, line_start)


def test_conflict_markers_are_reported_at_their_line(run: Cli, one: tuple[str, Path]) -> None:
    _, path = one
    edit(
        path, "owner: li.wei\n", "<<<<<<< ours\nowner: li.wei\n=======\nowner: x\n>>>>>>> theirs\n"
    )
    result = run("validate")
    assert result.exit_code == 1
    rel = path.relative_to(Path.cwd()).as_posix()
    assert f"{rel}:{line_of(path, '<<<<<<<')}: unresolved git conflict markers" in result.stdout


def test_files_in_the_wrong_place_and_duplicate_ids(run: Cli, one: tuple[str, Path]) -> None:
    case_id, path = one
    misfiled = Path("cases/2026/10") / path.name
    misfiled.parent.mkdir(parents=True)
    shutil.copy(path, misfiled)
    renamed = path.with_name("C-261123-ZZZZZ.yaml")
    shutil.copy(path, renamed)
    found = {(p["file"], p["field"], str(p["message"]).split(" ")[0]) for p in problems(run)}
    assert (misfiled.as_posix(), "received_at", "received") in found
    assert (renamed.relative_to(Path.cwd()).as_posix(), "id", "the") in found
    dupes = [p for p in problems(run) if "duplicate case ID" in str(p["message"])]
    assert len(dupes) == 3 and case_id in str(dupes[0]["message"])


def test_cross_field_checks(run: Cli, one: tuple[str, Path]) -> None:
    case_id, path = one
    edit(
        path,
        "- id: n00001",
        "- id: n00001\n  at: 2026-11-23T10:30:00+08:00\n  by: x\n  text: 重复\n- id: n00001",
    )
    assert (
        run(
            "update",
            case_id,
            "--summary",
            "进展",
            "--keeps",
            "p1",
            "--at",
            "2026-11-23T11:00+08:00",
        ).exit_code
        == 0
    )
    edit(path, "  - p00001", "  - p7")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "resolution:\n  at: 2026-11-23T12:00:00+08:00\n  summary: 好了\n", encoding="utf-8"
    )
    found = {(p["field"], p["message"]) for p in problems(run)}
    assert ("notes[1].id", "duplicate item id 'n00001'") in found
    assert ("updates[0].keeps", "no promise 'p7' in response.promises") in found
    assert any(f == "resolution.at" and "without a root cause" in str(m) for f, m in found)


def test_dates_in_order(run: Cli, one: tuple[str, Path]) -> None:
    case_id, path = one
    assert run("action", "add", case_id, "修复", "--at", "2026-11-23T11:00+08:00").exit_code == 0
    edit(
        path,
        "  added_at: 2026-11-23T11:00:00+08:00",
        "  added_at: 2026-11-23T11:00:00+08:00\n  done_at: 2026-11-23T10:45:00+08:00",
    )
    (problem,) = problems(run)
    assert problem["field"] == "actions[0].done_at"
    assert "before it was added" in str(problem["message"])
    assert problem["line"] == line_of(path, "done_at:")


def test_a_bad_casectl_yaml_is_a_problem_not_a_crash(run: Cli, one: tuple[str, Path]) -> None:
    edit(Path("casectl.yaml"), "timezone: Asia/Shanghai", "timezone: Mars/Olympus")
    result = run("validate", "--format", "github")
    assert result.exit_code == 1
    line = line_of(Path("casectl.yaml"), "timezone:")
    assert result.stdout.startswith(
        f"::error file=casectl.yaml,line={line},title=casectl validate%3A timezone::timezone: "
    )


def test_only_the_files_named_are_read(
    run: Cli, one: tuple[str, Path], record: Callable[..., str]
) -> None:
    _, path = one
    other = case_file(Path.cwd(), record(title="另一个"))
    edit(other, "priority: high", "priority: 高")
    assert run("validate", str(path)).exit_code == 0
    assert run("validate", "casectl.yaml").exit_code == 0
    result = run("validate", str(path), str(other))
    assert result.exit_code == 1 and result.stdout.count("\n") == 1
    assert run("validate", "cases").exit_code == 1


def test_no_casebook_is_exit_3(run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("validate").exit_code == 3
    (tmp_path / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    assert run("validate", "x.yaml").exit_code == 3
    assert run("validate", "missing.yaml").exit_code == 3


def test_a_second_validate_takes_the_index_word_and_says_the_same(
    run: Cli, one: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking the whole casebook again, unchanged files are vouched for by the index (which
    kept what validate found in them); the answer is the one a full read gives."""
    from casectl.storage import validate

    _, path = one
    edit(
        path,
        "- id: n00001",
        "- id: n00001\n  at: 2026-11-23T10:30:00+08:00\n  by: x\n  text: 重复\n- id: n00001",
    )
    Path("cases/2026/11/C-261123-BAD00.yaml").write_text("id: [\n", encoding="utf-8")
    first = problems(run)
    read: list[Path] = []
    real = validate._check_file

    def counting(root: Path, file: Path, *args: object) -> object:
        read.append(file)
        return real(root, file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "_check_file", counting)
    assert problems(run) == first and read == []
    monkeypatch.setenv("CASECTL_NO_CACHE", "1")
    assert problems(run) == first
    monkeypatch.delenv("CASECTL_NO_CACHE")
    assert ("notes[1].id", "duplicate item id 'n00001'") in {
        (p["field"], p["message"]) for p in first
    }
    # a third note, with the duplicate id again: the changed file is read again, by the index
    edit(
        path,
        "  text: 重复\n",
        "  text: 重复\n- id: n00001\n  at: 2026-11-23T10:31:00+08:00\n  by: x\n  text: 又一条\n",
    )
    assert len(problems(run)) == len(first) + 1
    assert read == []  # and validate still took the index's word for it


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("title: 月末报表导出超时", "title: '   '", "title", "must not be empty or blank"),
        ("title: 月末报表导出超时", 'title: "两行\\n标题"', "title", "must be one line"),
        ("schema_version: 1", "schema_version: 7", "schema_version", "written by a newer casectl"),
    ],
)
def test_validate_refuses_what_commands_refuse(
    run: Cli, one: tuple[str, Path], old: str, new: str, field: str, message: str
) -> None:
    case_id, path = one
    edit(path, old, new)
    found = problems(run)
    assert [(p["field"], message in str(p["message"])) for p in found] == [(field, True)]
    assert run("note", case_id, "x").exit_code == 3


def test_validate_names_every_problem_of_a_file(run: Cli, one: tuple[str, Path]) -> None:
    _, path = one
    edit(path, "priority: high", "priority: sky-high")
    edit(path, "category: technical", "category: cosmic")
    found = problems(run)
    assert {p["field"] for p in found} == {"priority", "category"}
    assert all(p["line"] for p in found)


def test_record_refuses_a_title_on_two_lines(run: Cli, casebook: Path) -> None:
    result = run(
        "record",
        "--customer",
        "A",
        "--title",
        "一\n二",
        "--category",
        "technical",
        "--priority",
        "low",
    )
    assert result.exit_code == 2 and "title: must be one line" in result.stderr
