"""Windows: what can be checked without a Windows machine — the commands with the POSIX-only
modules gone and processes started by spawn, replace retried over a sharing violation,
Windows paths and editors, CRLF files."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

import pytest

from conftest import NOW, Cli, case_file

# Importing any of these on Windows fails; sitecustomize makes it fail here too.
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource", "tty", "pty")

SITECUSTOMIZE = f"""
import multiprocessing
import sys

class _WindowsHasNone:
    def find_spec(self, name, path=None, target=None):
        if name in {POSIX_ONLY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, _WindowsHasNone())
multiprocessing.set_start_method("spawn", force=True)  # how Windows starts processes
"""


@pytest.mark.slow
def test_key_commands_run_where_posix_only_modules_cannot_be_imported(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from make_casebook import generate

    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE), encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("CASECTL_") and k != "PYTHONPATH"
    }
    env.update(PYTHONPATH=str(site), CASECTL_NOW=NOW, CASECTL_USER="li.wei", NO_COLOR="1")

    def casectl(*args: str, cwd: Path, code: int = 0) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "casectl", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode == code, (args, done.returncode, done.stderr)
        return done.stdout

    probe = subprocess.run(
        [sys.executable, "-c", "import fcntl"], env=env, capture_output=True, text=True
    )
    assert probe.returncode != 0 and "No module named 'fcntl'" in probe.stderr

    casectl("init", "book", cwd=tmp_path)
    book = tmp_path / "book"
    cid = casectl(
        "record",
        "--customer=华东精密制造有限公司",
        "--title=月末报表导出超时",
        "--category=technical",
        "--priority=high",
        "--channel=phone",
        "--at=2026-11-23T09:15:00+08:00",
        cwd=book,
    ).strip()
    casectl("respond", cid, "--summary=电话致歉", "--channel=phone", cwd=book)
    casectl("note", cid, "客户来电催促", cwd=book)
    casectl("investigate", cid, "--root-cause=网关超时", "--cause=deployment", cwd=book)
    casectl("action", "add", cid, "恢复网关超时", "--horizon=short", "--due=+4h", cwd=book)
    shown = json.loads(casectl("show", cid, "--format=json", cwd=book))
    assert shown["stage"] == "investigated" and shown["notes"][0]["text"] == "客户来电催促"
    assert [c["id"] for c in json.loads(casectl("list", "--format=json", cwd=book))] == [cid]
    casectl("overdue", "--format=json", cwd=book)
    casectl("validate", cwd=book)
    casectl("show", "C-000000-NONE", cwd=book, code=2)

    # Past 200 changed files the reading is spread over processes: started by spawn here.
    big = tmp_path / "big"
    ids = generate(big, 240, seed=3, jobs=1)
    listed = json.loads(casectl("list", "--all", "--format=json", cwd=big))
    assert sorted(c["id"] for c in listed) == sorted(ids)
    casectl("validate", cwd=big)


class Held(PermissionError):
    """What ``os.replace`` raises on Windows while another program holds the target open."""

    def __init__(self, winerror: int) -> None:
        super().__init__(13, "The process cannot access the file")
        self.winerror = winerror


@pytest.fixture
def no_pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    from casectl.storage import files

    slept: list[float] = []
    monkeypatch.setattr(files.time, "sleep", slept.append)
    return slept


def flaky_replace(monkeypatch: pytest.MonkeyPatch, failures: list[BaseException]) -> list[str]:
    """``os.replace`` raising ``failures`` one by one, then working; the targets it was asked
    to replace."""
    real = os.replace
    calls: list[str] = []

    def replace(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        calls.append(str(target))
        if failures:
            raise failures.pop(0)
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    return calls


@pytest.mark.parametrize("winerror", [5, 32])
def test_a_write_waits_out_a_sharing_violation(
    run: Cli,
    record: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
    no_pauses: list[float],
    winerror: int,
) -> None:
    cid = record()
    calls = flaky_replace(monkeypatch, [Held(winerror), Held(winerror), Held(winerror)])
    result = run("note", cid, "杀毒软件正在扫描")
    assert result.exit_code == 0, result
    assert len(calls) == 4 and no_pauses == [0.05, 0.1, 0.2]
    assert "杀毒软件正在扫描" in case_file(Path.cwd(), cid).read_text(encoding="utf-8")


def test_a_lasting_sharing_violation_leaves_the_file_and_no_temporary(
    run: Cli, record: Callable[..., str], monkeypatch: pytest.MonkeyPatch, no_pauses: list[float]
) -> None:
    cid = record()
    path = case_file(Path.cwd(), cid)
    before = path.read_bytes()
    calls = flaky_replace(monkeypatch, [Held(32) for _ in range(100)])
    result = run("note", cid, "一直被占用")
    assert result.exit_code == 3, result
    assert f"{path.relative_to(Path.cwd()).as_posix()}: cannot write" in result.stderr
    assert "it is unchanged" in result.stderr
    assert len(calls) == 20 and sum(no_pauses) < 5
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_other_permission_errors_are_not_retried(
    run: Cli, record: Callable[..., str], monkeypatch: pytest.MonkeyPatch, no_pauses: list[float]
) -> None:
    cid = record()
    calls = flaky_replace(monkeypatch, [PermissionError(13, "Permission denied")])
    result = run("note", cid, "只读的文件夹")
    assert result.exit_code == 3 and "Permission denied" in result.stderr
    assert len(calls) == 1 and no_pauses == []


@pytest.mark.parametrize(
    ("python", "command"),
    [
        (
            r"C:\Users\li.wei\proj\.venv\Scripts\python.exe",
            "C:/Users/li.wei/proj/.venv/Scripts/python.exe -m casectl",
        ),
        (
            r"C:\Program Files\Python311\python.exe",
            "'C:/Program Files/Python311/python.exe' -m casectl",
        ),
        (r"D:\工具\python.exe", "'D:/工具/python.exe' -m casectl"),
        ("/usr/local/bin/python3", "/usr/local/bin/python3 -m casectl"),
    ],
)
def test_the_merge_driver_names_a_windows_python_so_gits_sh_runs_it(
    python: str, command: str
) -> None:
    from casectl.storage import git

    configured = git.driver_command(python)
    assert (
        configured
        == f"sh -c {shlex.quote(git.FALLBACK_SCRIPT)} {command.removesuffix(' -m casectl')} {git.DRIVER_ARGUMENTS}"
    )
    found = git.driver_python(configured)
    assert found is not None
    assert PureWindowsPath(found) == PureWindowsPath(python) or found == python


@pytest.mark.parametrize(
    ("editor", "windows", "command"),
    [
        ("", True, ["notepad"]),
        ("", False, ["vi"]),
        (
            r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst -nosession',
            True,
            [r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst", "-nosession"],
        ),
        (r"C:\tools\vim\gvim.exe -f", True, [r"C:\tools\vim\gvim.exe", "-f"]),
        ("code --wait", True, ["code", "--wait"]),
        ("code --wait", False, ["code", "--wait"]),
        ("'/opt/my editor/ed' -x", False, ["/opt/my editor/ed", "-x"]),
    ],
)
def test_the_editor_is_split_as_the_platforms_shell_would(
    editor: str, windows: bool, command: list[str]
) -> None:
    from casectl.storage.env import editor_command

    assert editor_command(editor, windows=windows) == command


@pytest.mark.parametrize(
    "root",
    [r"C:\Users\li.wei\book", r"\\fileserver\support\book", r"D:\客服\投诉"],
)
def test_a_case_under_a_windows_root_is_named_the_same_as_anywhere(root: str) -> None:
    """Messages, the index, ``validate`` and git see ``cases/2026/11/<ID>.yaml`` with forward
    slashes whatever separator the file system uses; a file on another drive keeps its own
    name."""
    from casectl.core.config import Config
    from casectl.core.model import Case
    from casectl.storage.store import Casebook

    book = Casebook(root=PureWindowsPath(root), config=Config())  # type: ignore[arg-type]
    case = Case.model_validate(
        {
            "id": "C-261123-7QH4A",
            "title": "t",
            "customer": {"name": "c"},
            "received_at": "2026-11-23T09:15:00+08:00",
            "category": "technical",
            "priority": "high",
        }
    )
    path = book.path_for(case)
    assert str(path) == root + r"\cases\2026\11\C-261123-7QH4A.yaml"
    assert book.relative(path) == "cases/2026/11/C-261123-7QH4A.yaml"
    assert book.relative(PureWindowsPath(r"E:\elsewhere\x.yaml")) == r"E:\elsewhere\x.yaml"  # type: ignore[arg-type]


def test_a_crlf_casebook_reads_validates_and_keeps_its_line_endings(
    run: Cli, record: Callable[..., str]
) -> None:
    """git's ``core.autocrlf=true`` on Windows checks every file out with CRLF."""
    cid = record()
    root = Path.cwd()
    for path in (root / "casectl.yaml", case_file(root, cid)):
        text = path.read_text(encoding="utf-8")
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    config = (root / "casectl.yaml").read_bytes()
    assert run("validate").exit_code == 0
    assert run("respond", cid, "--summary", "电话致歉", "--channel", "phone").exit_code == 0
    after = case_file(root, cid).read_bytes()
    assert b"\r\n" in after and b"\n" not in after.replace(b"\r\n", b"")
    assert run("show", cid, "--format", "json").json()["stage"] == "responded"
    assert run("overdue", "--format", "json").exit_code == 0
    assert (root / "casectl.yaml").read_bytes() == config


@pytest.mark.parametrize("windows", [True, False])
def test_redirected_output_on_windows_is_utf8_with_casectls_own_line_ends(windows: bool) -> None:
    """A Chinese Windows would write a redirected stdout in GBK and turn LF into CRLF; casectl
    writes UTF-8 bytes as on Linux. A console (a tty) is left to Python."""
    import io

    from casectl.cli.entry import utf8_when_redirected

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="gbk", newline="\r\n")
    utf8_when_redirected([stream], windows=windows)
    stream.write("id,标题\n")
    stream.flush()
    expected = "id,标题\n".encode() if windows else "id,标题\r\n".encode("gbk")
    assert raw.getvalue() == expected
