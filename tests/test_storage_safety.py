"""What storage promises whatever the disk holds (docs/guarantees.md): one checked write for
every casebook file, a step's acknowledgement that never depends on ``.casectl/``, ``--output``
that replaces only a regular file, reads of regular files within their limits, an index that
trusts no row the file does not back, and no leftover kept quiet."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, case_file

WORKER = """
import sys
from casectl.core.loop import around
from casectl.core.loop.steps import Who
from casectl.errors import CasectlError
from casectl.storage import env
from casectl.storage.store import Casebook

root, case_id, name, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for n in range(count):
    text = f"{name}-{n}"
    try:
        book = Casebook.open(root)
        who = Who(env.now(book.config.tz), name)
        book.update(case_id, lambda case: around.note(case, who, text=text))
    except CasectlError as exc:
        print("refused", text, exc, file=sys.stderr, flush=True)
        continue
    print(text, flush=True)  # the acknowledgement: the command would say "note added" now
"""

POSIX = pytest.mark.skipif(os.name != "posix", reason="flock, links and FIFOs: POSIX")

DELETER = """
import shutil, sys
while True:
    shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


@POSIX
@pytest.mark.slow
def test_every_acknowledged_note_is_in_the_case_file_while_casectl_folder_is_deleted(
    record: Callable[..., str],
) -> None:
    """4 writers × 15 notes on one case while another process deletes .casectl/ in a loop
    (what ``git clean -fdX`` does once): each note a writer was told was added is in the file."""
    cid = record()
    root = Path.cwd()
    environ = {**os.environ, "CASECTL_NOW": "2026-11-23T11:00:00+08:00"}
    deleter = subprocess.Popen([sys.executable, "-c", DELETER, str(root / ".casectl")])
    try:
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WORKER, str(root), cid, f"w{w}", "15"],
                env=environ,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for w in range(4)
        ]
        outcomes = [p.communicate(timeout=60) for p in writers]
    finally:
        deleter.kill()
        deleter.wait()
    acknowledged = [line for out, _ in outcomes for line in out.split()]
    from casectl.storage.store import Casebook

    notes = [n.text for n in Casebook.open(root).load(cid).notes]
    missing = sorted(set(acknowledged) - set(notes))
    assert missing == [], (missing, [err for _, err in outcomes])
    assert len(acknowledged) == 60, [err for _, err in outcomes]  # none refused either
    assert len(notes) == 60 and len({n.id for n in Casebook.open(root).load(cid).notes}) == 60


@POSIX
def test_a_held_lock_survives_the_deletion_of_casectl_folder(
    run: Cli, record: Callable[..., str]
) -> None:
    """The lock is the case file's own: deleting .casectl/ while a step holds it lets no second
    writer in (before, the second writer made a new lock file there and took it)."""
    import shutil

    from casectl.storage.store import Casebook

    cid = record()
    with Casebook.open(Path.cwd()).lock(cid):
        shutil.rmtree(".casectl")
        waited = run("note", cid, "x", env={"CASECTL_LOCK_TIMEOUT": "0.2"})
        assert waited.exit_code == 3 and f"held the lock of {cid}" in waited.stderr
        shutil.rmtree(".casectl", ignore_errors=True)
        held = run("customer", "add", "东方电气", env={"CASECTL_LOCK_TIMEOUT": "5"})
        assert held.exit_code == 0  # another case's lock and the casebook's are free


def test_a_step_works_when_casectl_folder_is_not_a_folder(
    run: Cli, record: Callable[..., str]
) -> None:
    import shutil

    cid = record()
    shutil.rmtree(".casectl")
    Path(".casectl").write_text("not a folder", encoding="utf-8")
    assert run("note", cid, "still written").exit_code == 0
    assert run("record", "--customer", "A", "--title", "t", "--category", "process",
               "--priority", "low").exit_code == 0  # fmt: skip
    assert "still written" in case_file(Path.cwd(), cid).read_text(encoding="utf-8")


@POSIX
def test_a_lock_taken_on_a_file_replaced_meanwhile_moves_to_the_new_file(tmp_path: Path) -> None:
    """A waiter that obtains the lock of a file the holder has just written a new one over
    takes the new file's lock instead (every write ends with such a replacement)."""
    import threading

    from casectl.storage import locks

    path = tmp_path / "C-1.yaml"
    path.write_text("old\n", encoding="utf-8")
    got: list[int] = []
    holder = locks._flock(path, "C-1", 5.0, "C-1.yaml")
    waiter = threading.Thread(target=lambda: got.append(locks._flock(path, "C-1", 5.0, "x")))
    waiter.start()
    fresh = tmp_path / "fresh"
    fresh.write_text("new\n", encoding="utf-8")
    os.replace(fresh, path)
    os.close(holder)
    waiter.join(timeout=10)
    assert got, "the waiter never got the lock"
    assert os.fstat(got[0]).st_ino == os.stat(path).st_ino
    os.close(got[0])


# --- one checked write ---------------------------------------------------------------------


def _crlf(path: Path) -> bytes:
    data = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("kind", ["case", "profile", "plan"])
def test_a_crlf_file_stays_crlf_whatever_kind_it_is(
    run: Cli, record: Callable[..., str], kind: str
) -> None:
    cid = record()
    assert run("customer", "add", "华东精密制造有限公司", "--tier", "key").exit_code == 0
    assert run("plan", "add", "2026-11", "回访所有 A 类客户").exit_code == 0
    path, step, said = {
        "case": (case_file(Path.cwd(), cid), ["note", cid, "一条备注"], "一条备注"),
        "profile": (
            Path("customers/华东精密制造有限公司.yaml"),
            ["customer", "set", "华东精密", "--industry", "制造业"],
            "制造业",
        ),
        "plan": (Path("plans/2026-11.yaml"), ["plan", "done", "2026-11", "p1"], "done_at"),
    }[kind]
    if not path.exists():  # the profile's file name is the customer's, made safe
        (path,) = Path("customers").glob("*.yaml")
    before = _crlf(path)
    result = run(*step)
    assert result.exit_code == 0, result
    after = path.read_bytes()
    assert after != before and said.encode() in after
    assert b"\n" not in after.replace(b"\r\n", b""), "a line ended another way"
    assert after.startswith(before.split(b"\r\n", 1)[0] + b"\r\n")


@pytest.mark.parametrize("kind", ["case", "profile", "plan"])
@pytest.mark.parametrize("how", ["unreadable", "another"])
def test_a_write_that_would_not_read_back_as_meant_leaves_the_file_byte_identical(
    run: Cli, record: Callable[..., str], monkeypatch: pytest.MonkeyPatch, kind: str, how: str
) -> None:
    from casectl.storage import yamlio

    cid = record()
    assert run("customer", "add", "华东精密制造有限公司").exit_code == 0
    assert run("plan", "add", "2026-11", "回访").exit_code == 0
    files = [
        case_file(Path.cwd(), cid),
        *Path("customers").glob("*.yaml"),
        Path("plans/2026-11.yaml"),
    ]
    before = {p: p.read_bytes() for p in files}
    real = yamlio.dump

    def broken(doc: object) -> str:
        text = real(doc)
        if how == "unreadable":
            return text + "oops: [\n"
        return (
            text.replace("一条备注", "别的")
            .replace("制造业", "别的")
            .replace("10:00:00", "10:01:00")
        )

    monkeypatch.setattr(yamlio, "dump", broken)
    step = {
        "case": ["note", cid, "一条备注"],
        "profile": ["customer", "set", "华东精密", "--industry", "制造业"],
        "plan": ["plan", "done", "2026-11", "p1"],
    }[kind]
    result = run(*step)
    assert result.exit_code == 3, result
    said = "would not read back" if how == "unreadable" else "read back as something else"
    assert said in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in files} == before
    assert not list(Path.cwd().rglob("*.tmp"))


def test_no_write_goes_to_a_profile_or_plan_that_is_a_link(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    assert run("plan", "add", "2026-11", "回访").exit_code == 0
    outside = tmp_path / "outside.yaml"
    plan = Path("plans/2026-11.yaml")
    outside.write_bytes(plan.read_bytes())
    plan.unlink()
    plan.symlink_to(outside)
    result = run("plan", "done", "2026-11", "p1")
    assert result.exit_code == 3 and "a symbolic link" in result.stderr
    assert plan.is_symlink() and b"done_at" not in outside.read_bytes()


def test_init_does_not_replace_a_linked_gitignore(run: Cli, tmp_path: Path) -> None:
    root = tmp_path / "book"
    root.mkdir()
    shared = tmp_path / "shared-gitignore"
    shared.write_text("node_modules/\n", encoding="utf-8")
    (root / ".gitignore").symlink_to(shared)
    result = run("init", str(root))
    assert result.exit_code == 3 and "cannot write" in result.stderr
    assert "symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert shared.read_text(encoding="utf-8") == "node_modules/\n"
    assert (root / ".gitignore").is_symlink()


# --- --output ------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_output_refuses_a_fifo_without_opening_it(run: Cli, record: Callable[..., str]) -> None:
    record()
    os.mkfifo("out.json")
    result = run("list", "--format", "json", "-o", "out.json")  # writing would wait forever
    assert result.exit_code == 2 and "is a FIFO, not a regular file" in result.stderr
    for fmt in ("xlsx", "sqlite"):
        exported = run("export", "--format", fmt, "-o", "out.json")
        assert exported.exit_code == 2 and "is a FIFO" in exported.stderr
    assert Path("out.json").is_fifo()


def test_output_never_follows_a_link(run: Cli, record: Callable[..., str], tmp_path: Path) -> None:
    record()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    Path("out.json").symlink_to(outside)
    result = run("list", "--format", "json", "-o", "out.json")
    assert result.exit_code == 2 and "is a symbolic link" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep me" and Path("out.json").is_symlink()


def _device(tmp_path: Path) -> Path:
    """A character device to write to: /dev/null itself only where a regression could not
    replace it (not root); for root, a node of its own in ``tmp_path``."""
    import stat

    if not hasattr(os, "geteuid"):
        pytest.skip("no devices here")
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        pytest.skip("cannot make a device node here")
    return node


def test_output_refuses_a_device_and_a_folder(
    run: Cli, record: Callable[..., str], tmp_path: Path
) -> None:
    import stat

    record()
    device = _device(tmp_path)
    result = run("list", "--format", "json", "-o", str(device))
    assert result.exit_code == 2 and "is a device, not a regular file" in result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    result = run("list", "--format", "json", "-o", "cases")
    assert result.exit_code == 2 and "is a folder, not a regular file" in result.stderr


def test_output_makes_no_folder(run: Cli, record: Callable[..., str]) -> None:
    record()
    result = run("list", "--format", "json", "-o", "reports/november/list.json")
    assert result.exit_code == 2 and "there is no folder reports/november" in result.stderr
    assert not Path("reports").exists()


def test_output_dash_is_stdout_and_a_file_is_replaced_whole(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    shown = run("list", "--format", "json", "-o", "-")
    assert shown.exit_code == 0 and shown.json()[0]["id"] == cid and not Path("-").exists()
    target = Path("list.json")
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    assert run("list", "--format", "json", "-o", str(target)).exit_code == 0
    assert cid in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o777 == 0o600  # a private file stays private
    assert not list(Path.cwd().glob(".list.json.*"))


# --- reads ----------------------------------------------------------------------------------


def _reader_cases(tmp_path: Path) -> list[tuple[str, Path, str]]:
    regular = tmp_path / "ok.yaml"
    regular.write_bytes(b"a: 1\r\n")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    linked = tmp_path / "linked.yaml"
    linked.symlink_to(regular)
    found = [("regular", regular, ""), ("big", big, "1025 KiB, past casectl's limit of 1 MiB")]
    found.append(("link", linked, "not a regular file but a symbolic link"))
    found.append(("folder", tmp_path, "not a regular file but a folder"))
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.yaml"
        os.mkfifo(fifo)
        found.append(("fifo", fifo, "not a regular file but a FIFO"))
    if Path("/dev/zero").exists():
        zero = tmp_path / "zero.yaml"
        zero.symlink_to("/dev/zero")
        found.append(("zero", zero, "not a regular file but a symbolic link"))
    return found


def test_the_one_reader_reads_regular_files_within_the_limit_only(tmp_path: Path) -> None:
    from casectl.storage import reading

    for name, path, problem in _reader_cases(tmp_path):
        if not problem:
            assert reading.read_text(path, reading.CASE) == "a: 1\r\n", name
            continue
        with pytest.raises(reading.Unreadable) as caught:
            reading.read_text(path, reading.CASE)
        assert problem in caught.value.problem, name
    followed = reading.read_text(tmp_path / "linked.yaml", reading.MAPPING, follow=True)
    assert followed == "a: 1\r\n"  # a file the user names may be a link to a regular file
    if Path("/dev/zero").exists():
        with pytest.raises(reading.Unreadable, match="a device"):
            reading.read_text(tmp_path / "zero.yaml", reading.MAPPING, follow=True)


def _odd_case_files(folder: Path, outside: Path) -> dict[str, str]:
    """Files named like case files that are not regular files, or too big; what each is."""
    odd = {}
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "C-261123-FIFO1.yaml")
        odd["C-261123-FIFO1.yaml"] = "not a regular file but a FIFO"
    if Path("/dev/zero").exists():
        (folder / "C-261123-ZERO1.yaml").symlink_to("/dev/zero")
        odd["C-261123-ZERO1.yaml"] = "not a regular file but a symbolic link"
    (outside / "elsewhere.yaml").write_text("id: C-261123-OUT01\n", encoding="utf-8")
    (folder / "C-261123-LINK1.yaml").symlink_to(outside / "elsewhere.yaml")
    odd["C-261123-LINK1.yaml"] = "not a regular file but a symbolic link"
    (folder / "C-261123-HUGE1.yaml").write_bytes(b"# " + b"x" * (5 * 1024 * 1024) + b"\n")
    odd["C-261123-HUGE1.yaml"] = "past casectl's limit of 1 MiB for a case file"
    return odd


def test_bulk_commands_and_validate_report_odd_case_files_and_never_hang(
    record: Callable[..., str], tmp_path: Path
) -> None:
    cid = record()
    folder = case_file(Path.cwd(), cid).parent
    odd = _odd_case_files(folder, tmp_path)
    environ = {**os.environ, "CASECTL_NOW": "2026-11-23T11:00:00+08:00"}
    for args in (["list", "--format", "json"], ["overdue", "--format", "json"], ["validate"]):
        done = subprocess.run(
            [sys.executable, "-m", "casectl", *args],
            env=environ, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        said = done.stdout + done.stderr
        for name, problem in odd.items():
            lines = [line for line in said.splitlines() if f"{name}:" in line]
            assert len(lines) == 1 and problem in lines[0], (args, name, said)
        if args[0] == "list":
            assert done.returncode == 0 and [r["id"] for r in json.loads(done.stdout)] == [cid]
        else:
            assert done.returncode in (1, 3), said


def test_bulk_reads_never_follow_a_linked_folder_out_of_the_casebook(
    run: Cli, record: Callable[..., str], tmp_path: Path
) -> None:
    import shutil

    mine = record()
    outside = tmp_path / "theirs" / "12"
    outside.mkdir(parents=True)
    shutil.copy(case_file(Path.cwd(), mine), outside / "C-261201-THEIR.yaml")
    Path("cases/2026/12").symlink_to(outside)
    listed = run("list", "--format", "json")
    assert [r["id"] for r in listed.json()] == [mine]
    problems = run("validate", "--format", "json").json()["problems"]
    assert [(p["file"], p["message"][:38]) for p in problems] == [
        ("cases/2026/12", "a symbolic link, not a regular file or")
    ]


@pytest.mark.parametrize("folder", ["customers", "plans"])
def test_validate_names_links_and_special_files_under_profiles_and_plans(
    run: Cli, casebook: Path, tmp_path: Path, folder: str
) -> None:
    Path(folder).mkdir(exist_ok=True)
    (tmp_path / "x.yaml").write_text("name: X\n", encoding="utf-8")
    (Path(folder) / "linked.yaml").symlink_to(tmp_path / "x.yaml")
    (Path(folder) / "notes").symlink_to(tmp_path)
    found = run("validate", "--format", "json")
    assert found.exit_code == 1
    said = {(p["file"], p["message"].split(":")[0]) for p in found.json()["problems"]}
    assert said == {
        (f"{folder}/linked.yaml", "not a regular file but a symbolic link"),
        (f"{folder}/notes", "a symbolic link, not a regular file or folder"),
    }


BOMB = "".join(
    f"a{i}: &a{i} [{','.join(['*a' + str(i - 1)] * 9) if i else 'x,x,x,x,x,x,x,x,x'}]\n"
    for i in range(9)
)


@pytest.mark.parametrize("where", ["casectl.yaml", "customers/x.yaml", "plans/2026-11.yaml"])
def test_a_yaml_alias_bomb_is_refused_at_once(run: Cli, casebook: Path, where: str) -> None:
    assert len(BOMB) < 450
    path = Path(where)
    path.parent.mkdir(exist_ok=True)
    path.write_text(path.read_text(encoding="utf-8") + BOMB if path.exists() else BOMB, "utf-8")
    started = time.monotonic()
    result = run("validate", "--format", "json")
    assert time.monotonic() - started < 10  # before: 42 s and a MemoryError
    messages = [p["message"] for p in result.json()["problems"]]
    assert any("aliases (*name) stand for more than 10000 values" in m for m in messages)


def test_anchors_and_merge_keys_in_settings_still_read(run: Cli, casebook: Path) -> None:
    config = Path("casectl.yaml")
    text = config.read_text(encoding="utf-8")
    text = text.replace("  low:    {", "  low:    &low {").replace(
        "follow_up_after: 30d", "follow_up_after: 30d\n# shared: *low"
    )
    config.write_text(text, encoding="utf-8")
    assert run("validate").exit_code == 0


# --- the index ------------------------------------------------------------------------------


def _age(path: Path) -> None:
    old = path.stat().st_mtime_ns - 10_000_000_000  # old enough for its row to be trusted
    os.utime(path, ns=(old, old))


def test_a_row_changed_in_the_index_by_hand_is_not_believed(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record(title="真实的标题")
    _age(case_file(Path.cwd(), cid))
    assert run("list", "--format", "json").json()[0]["title"] == "真实的标题"
    assert run("list", "--format", "json").json()[0]["title"] == "真实的标题"  # trusted now
    with sqlite3.connect(".casectl/index.sqlite") as db:
        for column in ("row", "search"):
            (value,) = db.execute(f"SELECT {column} FROM files").fetchone()
            db.execute(f"UPDATE files SET {column} = ?", (value.replace("真实的", "伪造的"),))
        _forge_doc(db)
    listed = run("list", "--format", "json", "--text", "伪造")
    assert listed.exit_code == 0 and listed.json() == []
    listed = run("list", "--format", "json")
    assert listed.json()[0]["title"] == "真实的标题"
    from casectl.storage.store import Casebook

    assert [c.title for c in Casebook.open(Path.cwd()).cases().cases] == ["真实的标题"]


def test_a_case_json_changed_in_the_index_by_hand_is_read_from_the_file(
    record: Callable[..., str],
) -> None:
    from casectl.storage.store import Casebook

    cid = record(title="真实的标题")
    _age(case_file(Path.cwd(), cid))
    Casebook.open(Path.cwd()).cases()
    with sqlite3.connect(".casectl/index.sqlite") as db:
        _forge_doc(db)
    assert [c.title for c in Casebook.open(Path.cwd()).cases().cases] == ["真实的标题"]


def test_a_case_json_that_does_not_unpack_is_read_from_the_file(
    record: Callable[..., str],
) -> None:
    from casectl.storage.store import Casebook

    cid = record(title="真实的标题")
    _age(case_file(Path.cwd(), cid))
    Casebook.open(Path.cwd()).cases()
    with sqlite3.connect(".casectl/index.sqlite") as db:
        db.execute("UPDATE docs SET doc = ?", (b"not zlib at all",))
    assert [c.title for c in Casebook.open(Path.cwd()).cases().cases] == ["真实的标题"]


def _forge_doc(db: sqlite3.Connection) -> None:
    """Change the kept JSON of the one case, as a hand edit of the index would."""
    (kept,) = db.execute("SELECT doc FROM docs").fetchone()
    forged = zlib.decompress(kept).decode("utf-8").replace("真实的", "伪造的")
    db.execute("UPDATE docs SET doc = ?", (zlib.compress(forged.encode("utf-8")),))


# --- leftovers ------------------------------------------------------------------------------


def test_validate_names_leftovers_anywhere_and_the_next_write_removes_the_stale_ones(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    other = record(title="另一个")
    assert run("customer", "add", "华东精密制造有限公司").exit_code == 0
    assert run("plan", "add", "2026-11", "回访").exit_code == 0
    folder = case_file(Path.cwd(), cid).parent.relative_to(Path.cwd())
    stale = folder / f".{other}.yaml.k2j4h1q8.tmp"  # another case's, an hour and more old
    fresh = folder / f".{other}.yaml.a8d7f6s5.tmp"  # another case's, being written now maybe
    left = [stale, fresh, Path("customers/.x.yaml.abcd1234.tmp")]
    left += [Path("plans/.2026-12.yaml.abcd1234.tmp"), Path(".casectl.yaml.abcd1234.tmp")]
    for path in left:
        path.write_text("half a file", encoding="utf-8")
    hour_ago = time.time() - 3700
    os.utime(stale, (hour_ago, hour_ago))
    checked = run("validate", "--format", "json")
    named = {p["file"] for p in checked.json()["problems"]}
    assert checked.exit_code == 1 and named == {p.as_posix() for p in left}
    assert run("note", cid, "x").exit_code == 0
    assert not stale.exists() and fresh.exists()
    assert run("customer", "set", "华东精密", "--tier", "key").exit_code == 0
    assert run("plan", "done", "2026-11", "p1").exit_code == 0
    assert Path("customers/.x.yaml.abcd1234.tmp").exists()  # not stale yet: kept


def test_a_file_is_read_in_a_buffer_of_its_size_not_a_mebibyte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mebibyte buffer is mapped on its own and stays mapped once shrunk: reading 100,000
    case files that way used up the process's memory maps (then no module could load)."""
    from casectl.storage import reading

    path = tmp_path / "C-261123-ABCDE.yaml"
    path.write_bytes(b"x" * 5000)
    asked: list[int] = []
    real = os.read

    def read(fd: int, size: int) -> bytes:
        asked.append(size)
        return real(fd, size)

    monkeypatch.setattr(os, "read", read)
    assert reading.read_bytes(path, reading.CASE) == b"x" * 5000
    assert asked and max(asked) <= 5001
    big = tmp_path / "big.yaml"
    big.write_bytes(b"y" * (3 * 2**20))
    asked.clear()
    assert len(reading.read_bytes(big, reading.Kind("big", 4 * 2**20))) == 3 * 2**20
    assert max(asked) == 2**20  # a large file still in mebibyte steps
