"""The case file as people and git see it: comments survive, diffs stay small, writes are safe."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, case_file


def test_hand_written_comments_quoting_and_order_survive_an_update(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    path = case_file(Path.cwd(), cid)
    text = path.read_text(encoding="utf-8")
    text = text.replace("priority: high\n", "priority: high   # 张敏 called twice: keep it high\n")
    text = text.replace("owner: li.wei\n", "owner: 'li.wei'\n")
    text = "# Hand note at the top: 客户是重点客户\n" + text
    path.write_text(text, encoding="utf-8")

    assert run("note", cid, "客户来电催促", "--at", "2026-11-23T09:40+08:00").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith("# Hand note at the top: 客户是重点客户\n")
    assert "priority: high   # 张敏 called twice: keep it high\n" in after
    assert "owner: 'li.wei'\n" in after
    diff = [
        line
        for line in difflib.unified_diff(text.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    # Only additions: the note and its timeline line; nothing else moved or changed.
    assert all(line.startswith("+") for line in diff), diff
    assert any("客户来电催促" in line for line in diff)
    assert len(diff) == 6  # notes:, 4 lines of the note, 1 timeline line


def test_the_same_case_always_writes_the_same_bytes(run: Cli, casebook: Path) -> None:
    from casectl.storage.casefile import render_case
    from casectl.storage.store import Casebook

    result = run(
        "record",
        "--customer",
        "ACME",
        "--title",
        "x",
        "--category",
        "process",
        "--priority",
        "low",
        "--description",
        "line one\nline two",
    )
    cid = result.stdout.strip()
    book = Casebook.open(casebook)
    case = book.load(cid)
    path = case_file(casebook, cid)
    assert render_case(case) == path.read_text(encoding="utf-8")
    assert render_case(book.load(cid)) == render_case(case)
    assert "\\u" not in path.read_text(encoding="utf-8")


def test_discovery_walks_up_and_honours_C_and_the_environment(
    run: Cli, record: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = record()
    root = Path.cwd()
    deep = root / "cases" / "2026"
    monkeypatch.chdir(deep)
    assert run("show", cid).exit_code == 0
    monkeypatch.chdir(tmp_path)
    assert run("-C", str(root), "show", cid).exit_code == 0
    monkeypatch.setenv("CASECTL_CASEBOOK", str(root))
    assert run("show", cid).exit_code == 0


def test_twelve_concurrent_notes_leave_twelve_notes(record: Callable[..., str]) -> None:
    cid = record()
    env = {**os.environ, "CASECTL_NOW": "2026-11-23T11:00:00+08:00"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "casectl", "note", cid, f"并发备注 {n}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(12)
    ]
    results = [(p.returncode, *p.communicate(timeout=120)) for p in procs]
    results = [(p.returncode, err) for p, (_, _, err) in zip(procs, results, strict=True)]
    assert all(code == 0 for code, _ in results), results
    from casectl.storage.store import Casebook

    case = Casebook.open(Path.cwd()).load(cid)
    assert sorted(n.text for n in case.notes) == sorted(f"并发备注 {n}" for n in range(12))
    assert len({n.id for n in case.notes}) == 12
    assert not list(Path.cwd().glob("cases/**/.*.tmp"))


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(
        f"import sys, pathlib\np = pathlib.Path(sys.argv[1])\n{body}\n",
        encoding="utf-8",
    )
    return f"{sys.executable} {script}"


def test_edit_refuses_an_invalid_edit_and_keeps_the_file(
    run: Cli, record: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = record()
    path = case_file(Path.cwd(), cid)
    before = path.read_bytes()
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path, "p.write_text(p.read_text().replace('priority: high', 'priority: asap'))"
        ),
    )
    result = run("edit", cid)
    assert result.exit_code == 2, result
    assert "edit refused" in result.stderr and "priority" in result.stderr
    assert path.read_bytes() == before
    assert "your edit is kept in .casectl/edits/" in result.stderr

    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path,
            "p.write_text(p.read_text().replace('priority: high', 'priority: urgent  # 升级'))",
        ),
    )
    assert run("edit", cid).exit_code == 0
    assert "priority: urgent  # 升级" in path.read_text(encoding="utf-8")
    assert run("show", cid, "--format", "json").json()["priority"] == "urgent"


def test_list_filters_and_lines_up_chinese(run: Cli, record: Callable[..., str]) -> None:
    a = record(title="报表导出超时")
    b = run(
        "record",
        "--customer",
        "Northwind Ltd",
        "--title",
        "Rude reply from support",
        "--category",
        "attitude",
        "--priority",
        "low",
        "--owner",
        "wang.fang",
    ).stdout.strip()
    assert run("respond", b, "--summary", "apologised").exit_code == 0

    def ids(*args: str) -> list[str]:
        result = run("list", "--format", "json", *args)
        assert result.exit_code == 0, result
        return [r["id"] for r in result.json()]

    assert ids() == [a, b]
    assert ids("--stage", "responded") == [b]
    assert ids("--priority", "high") == [a]
    assert ids("--category", "attitude") == [b]
    assert ids("--owner", "WANG.FANG") == [b]
    assert ids("--customer", "华东") == [a]
    assert ids("--text", "导出") == [a]
    assert ids("--closed") == []
    table = run("list").stdout.splitlines()
    assert table[0].startswith("ID")
    from rich.cells import cell_len

    # Columns line up by display width: the TITLE column starts at the same column on every row.
    starts = {
        cell_len(line[: line.index(t)])
        for line, t in zip(table[1:], ["报表导出超时", "Rude reply"], strict=True)
    }
    assert len(starts) == 1
    csv_out = run("list", "--format", "csv").stdout
    assert csv_out.splitlines()[0].startswith("id,stage,priority")


@pytest.mark.parametrize(
    "text",
    [
        "line1\n\x1b[31mred\x1b[0m",  # a pasted coloured log
        "bell\x07 and form feed\x0c",
        "a bare\rcarriage return",
        "delete\x7f and NEL\x85 and\u2028line separator",
        "multi\nline\r\nwindows\n",
    ],
)
def test_text_with_control_characters_is_written_so_it_reads_back(
    run: Cli, record: Callable[..., str], text: str
) -> None:
    cid = record()
    assert run("note", cid, text).exit_code == 0
    assert run("list").exit_code == 0 and cid in run("list").stdout
    shown = run("show", cid, "--format", "json")
    assert shown.exit_code == 0, shown
    assert shown.json()["notes"][0]["text"].rstrip("\n") == text.rstrip("\n")
    assert run("validate").exit_code == 0


def test_a_key_given_twice_is_refused_with_its_line(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    path = case_file(Path.cwd(), cid)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "title: 第二个标题\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    shown = run("show", cid)
    assert shown.exit_code == 3
    assert (
        f"{path.relative_to(Path.cwd()).as_posix()}:{line}: duplicate key 'title'" in shown.stderr
    )
    assert run("note", cid, "x").exit_code == 3
    assert path.read_text(encoding="utf-8") == text + "title: 第二个标题\n"
    listed = run("list")
    assert listed.exit_code == 0 and "duplicate key 'title'" in listed.stderr
    checked = run("validate", "--format", "json")
    assert checked.exit_code == 1
    assert [(p["line"], p["message"]) for p in checked.json()["problems"]] == [
        (line, "duplicate key 'title' (first on line 3)")
    ]


def _twin(case_id: str, where: str) -> Path:
    original = case_file(Path.cwd(), case_id)
    target = Path(where) if "/" in where else original.with_name(where)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(original, target)
    return target


@pytest.mark.parametrize("where", ["cases/2026/10/{id}.yaml", "{lower}.yaml"])
def test_one_id_in_two_files_is_refused_by_every_command(
    run: Cli, record: Callable[..., str], where: str
) -> None:
    cid, other = record(title="twin"), record(title="other one")
    path = case_file(Path.cwd(), cid)
    twin = _twin(cid, where.format(id=cid, lower=cid.lower()))
    before = {p: p.read_bytes() for p in (path, twin)}
    refused = [["note", cid, "x"], ["respond", cid, "--summary", "x"]]
    if "lower" in where:  # a read looks in the case's own month folder only
        refused.append(["show", cid])
    for args in refused:
        result = run(*args)
        assert result.exit_code == 3, (args, result)
        assert f"two files hold case {cid}" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (path, twin)} == before
    listed = run("list", "--format", "json")
    assert [r["id"] for r in listed.json()] == [other]
    assert f"duplicate case ID {cid}" in listed.stderr
    assert run("overdue").exit_code == 3
    assert run("note", other, "the other case still works").exit_code == 0


def test_a_file_whose_id_is_not_its_name_takes_no_step(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    path = case_file(Path.cwd(), cid)
    text = path.read_text(encoding="utf-8").replace(f"id: {cid}", "id: C-261123-OTHER")
    path.write_text(text, encoding="utf-8")
    result = run("note", cid, "x")
    assert result.exit_code == 3 and "holds id 'C-261123-OTHER'" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_edit_never_overwrites_a_change_made_while_the_editor_was_open(
    run: Cli, record: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another command changes the case while the editor is open: the edit is refused, the
    other change stays, and the edit is kept in a file the user is told about."""
    cid = record()
    path = case_file(Path.cwd(), cid)
    # the "editor" adds a note through casectl itself, as a colleague would, then edits
    note = f"{sys.executable} -m casectl note {cid} 同事补充的备注"
    body = (
        f"import subprocess; subprocess.run({note!r}.split(), check=True)\n"
        "p.write_text(p.read_text().replace('月末报表导出超时', '改过的标题'))"
    )
    monkeypatch.setenv("EDITOR", _editor(tmp_path, body))
    result = run("edit", cid)
    assert result.exit_code == 3, result
    assert "changed by another command while you edited it" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert "同事补充的备注" in text and "改过的标题" not in text
    kept = sorted(Path(".casectl/edits").glob(f"{cid}.*.yaml"))
    assert len(kept) == 1 and kept[0].as_posix() in result.stderr
    assert "改过的标题" in kept[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("ending", ["\r\n", "\r\r\n"])
def test_a_file_keeps_its_line_endings(run: Cli, record: Callable[..., str], ending: str) -> None:
    cid = record()
    path = case_file(Path.cwd(), cid)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_bytes(ending.join(lines).encode() + ending.encode())
    assert run("note", cid, "一条备注").exit_code == 0
    after = path.read_bytes().decode()
    assert after.startswith(ending.join(lines[:5]) + ending)
    assert "\n" not in after.replace(ending, "")  # no line ended another way
    assert after.count(ending) == len(lines) + 6  # the note's six lines, nothing else
    assert run("show", cid, "--format", "json").json()["notes"][0]["text"] == "一条备注"


def test_steps_on_different_cases_do_not_wait_for_each_other(
    run: Cli, record: Callable[..., str]
) -> None:
    from casectl.storage.store import Casebook

    busy, free = record(title="busy"), record(title="free")
    with Casebook.open(Path.cwd()).lock(busy):  # another engineer's step, under way
        env = {"CASECTL_LOCK_TIMEOUT": "0.3"}
        assert run("note", free, "meanwhile", env=env).exit_code == 0
        waited = run("note", busy, "x", env=env)
        assert waited.exit_code == 3 and f"held the lock of {busy}" in waited.stderr


def test_limits_on_a_text_and_a_case_file(
    run: Cli, record: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses

    from casectl.storage import reading

    cid = record()
    path = case_file(Path.cwd(), cid)
    before = path.read_bytes()
    long = run("note", cid, "长" * (64 * 1024 + 1))
    assert long.exit_code == 2 and "more than 64 KiB" in long.stderr
    small = dataclasses.replace(reading.CASE, limit=len(before) + 100)
    monkeypatch.setattr(reading, "CASE", small)
    grown = run("note", cid, "x" * 500)
    assert grown.exit_code == 2 and "past casectl's limit" in grown.stderr
    assert path.read_bytes() == before


def test_symbolic_links_are_neither_written_through_nor_missed(
    run: Cli, record: Callable[..., str], tmp_path: Path
) -> None:
    cid = record(title="linked", at="2026-10-20T09:00:00+08:00")
    other = record(title="here")
    path = case_file(Path.cwd(), cid)
    # a case file that is a link to a file elsewhere in the casebook
    real = Path("elsewhere.yaml")
    real.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(real.resolve())
    result = run("note", cid, "x")
    assert result.exit_code == 3 and "is a symbolic link" in result.stderr
    assert path.is_symlink()
    # a month folder that is a link to a folder outside the casebook
    outside = tmp_path / "outside"
    month = case_file(Path.cwd(), other).parent
    (tmp_path / "moved").mkdir()
    month.rename(tmp_path / "moved" / month.name)
    outside.symlink_to(tmp_path / "moved" / month.name)
    month.symlink_to(outside)
    before = {p: p.read_bytes() for p in (tmp_path / "moved").rglob("*.yaml")}
    result = run("note", other, "x")
    assert result.exit_code == 3 and "outside the casebook" in result.stderr
    assert {p: p.read_bytes() for p in (tmp_path / "moved").rglob("*.yaml")} == before
    found = run("validate", "--format", "json").json()["problems"]
    links = [p["file"] for p in found if "symbolic link" in p["message"]]
    assert len(links) == 2


def test_an_invalid_edit_on_a_terminal_opens_again_with_the_reason(
    run: Cli, record: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casectl.cli import prompts

    cid = record()
    path = case_file(Path.cwd(), cid)
    seen = tmp_path / "seen.txt"
    body = (
        f"seen = pathlib.Path({str(seen)!r})\n"
        "text = p.read_text()\n"
        "if not seen.exists():\n"
        "    seen.write_text(text)\n"
        "    p.write_text(text.replace('priority: high', 'priority: asap'))\n"
        "else:\n"
        "    seen.write_text(text)\n"
        "    p.write_text(text.replace('priority: asap', 'priority: urgent'))\n"
    )
    monkeypatch.setenv("EDITOR", _editor(tmp_path, body))
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    result = run("edit", cid)
    assert result.exit_code == 0, result
    second = seen.read_text(encoding="utf-8")
    assert second.startswith("# casectl: not saved:") and "priority" in second.splitlines()[0]
    text = path.read_text(encoding="utf-8")
    assert "priority: urgent" in text and "# casectl:" not in text


def test_a_saved_edit_keeps_the_old_text_and_says_so_in_the_timeline(
    run: Cli, record: Callable[..., str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = record()
    assert run("respond", cid, "--summary", "电话致歉 x").exit_code == 0
    path = case_file(Path.cwd(), cid)
    path.write_text(
        path.read_text(encoding="utf-8").replace("priority: high", "priority: high  # 客户定"),
        encoding="utf-8",
    )
    replace = "replace('summary: 电话致歉 x', 'summary: 电话致歉,说明排查计划')"
    monkeypatch.setenv(
        "EDITOR",
        _editor(
            tmp_path,
            f"p.write_text(p.read_text(encoding='utf-8').{replace}.replace('high', 'urgent', 1),"
            " encoding='utf-8')",
        ),
    )
    assert run("edit", cid).exit_code == 0
    shown = run("show", cid, "--format", "json").json()
    assert shown["response"]["summary"] == "电话致歉,说明排查计划"
    assert shown["priority"] == "urgent"
    assert [(m["field"], m["old"], m["reason"]) for m in shown["amendments"]] == [
        ("priority", "high", "edit"),  # every field the edit changed, with its old value
        ("response.summary", "电话致歉 x", "edit"),
    ]
    last = shown["timeline"][-1]
    assert (last["event"], last["detail"], last["by"]) == (
        "edited by hand",
        "priority, response",
        "li.wei",
    )
    assert "# 客户定" in path.read_text(encoding="utf-8")  # a hand-written comment survives
    assert "edited by hand: priority, response" in run("show", cid).stdout


@pytest.mark.parametrize("syncfs", [True, False], ids=["one-syncfs", "an-fsync-each"])
def test_new_files_written_at_once_are_whole_named_and_flushed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs: bool
) -> None:
    from casectl.storage import files

    if syncfs and files._syncfs() is None:
        pytest.skip("syncfs is Linux's")
    flushed: list[str] = []
    real_sync = files._sync
    monkeypatch.setattr(files, "_sync", lambda p, *f: (flushed.append(p.name), real_sync(p, *f)))
    if not syncfs:  # as on macOS and Windows: each file fsynced, then each folder
        monkeypatch.setattr(files, "_syncfs", lambda: None)
    items = [
        (tmp_path / "cases" / f"2026/{m:02d}" / f"C-{m}.yaml", f"id: {m}\n".encode())
        for m in (1, 2)
    ]
    items.append((tmp_path / "cases" / "2026/01/C-3.yaml", b"id: 3\n"))
    files.write_new_files(items)
    assert [p.read_bytes() for p, _ in items] == [d for _, d in items]
    assert list(tmp_path.rglob(".*.tmp")) == []
    if os.name == "posix":
        assert oct(items[0][0].stat().st_mode & 0o777) == oct(files.NEW_FILE_MODE)
    if syncfs:
        assert flushed == []
    else:  # the three files' temporaries, then the two month folders and the new 2026, cases
        assert len([n for n in flushed if n.endswith(".tmp")]) == 3
        assert {"01", "02", "2026", "cases"} <= set(flushed)


def test_new_files_written_at_once_are_all_or_none(tmp_path: Path) -> None:
    from casectl.storage import files

    taken = tmp_path / "C-2.yaml"
    taken.write_text("someone else's", encoding="utf-8")
    items = [(tmp_path / f"C-{n}.yaml", b"new\n") for n in (1, 2, 3)]
    with pytest.raises(FileExistsError):
        files.write_new_files(items)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C-2.yaml"]
    assert taken.read_text(encoding="utf-8") == "someone else's"
