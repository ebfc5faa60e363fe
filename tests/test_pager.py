"""Long output through a pager on a terminal, by git's rules: CASECTL_PAGER, else PAGER, else
``less -FRX``; none when piped, with ``--no-pager``, or an empty value or ``cat``."""

from __future__ import annotations

import os
import pty
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.storage import pager
from conftest import Cli

Record = Callable[..., str]

RULES = [
    ({}, ["less", "-FRX"]),
    ({"PAGER": "more"}, ["more"]),
    ({"PAGER": "more", "CASECTL_PAGER": "less -S"}, ["less", "-S"]),
    ({"PAGER": "more", "CASECTL_PAGER": ""}, None),  # set but empty: no pager
    ({"PAGER": ""}, None),
    ({"PAGER": "cat"}, None),
    ({"CASECTL_PAGER": "'unclosed"}, None),
]


@pytest.mark.parametrize(("environ", "expected"), RULES)
def test_the_pager_is_chosen_as_git_chooses_it(
    environ: dict[str, str], expected: list[str] | None
) -> None:
    assert pager.command(environ) == expected


def test_a_pager_that_cannot_start_means_none() -> None:
    assert pager.start(["/nonexistent/pager-program"]) is None


def test_piped_output_is_never_paged(run: Cli, record: Record, tmp_path: Path) -> None:
    record()
    paged = tmp_path / "paged.txt"
    env = {"CASECTL_PAGER": f"sh -c 'cat > {shlex.quote(str(paged))}'"}
    listed = run("list", env=env)
    assert "月末报表导出超时" in listed.stdout
    assert not paged.exists()


def _on_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> str:
    """casectl run with its stdout a pseudo terminal; what it wrote there."""
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "casectl", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
        cwd=cwd,
        timeout=30,
        check=False,
    )
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal closed
        pass
    os.close(leader)
    assert done.returncode == 0, done.stderr
    return seen.decode()


@pytest.mark.slow
def test_on_a_terminal_output_goes_through_the_pager_unless_no_pager(
    record: Record, casebook: Path, tmp_path: Path
) -> None:
    record()
    paged = tmp_path / "paged.txt"
    env = {"CASECTL_PAGER": f"sh -c 'cat > {shlex.quote(str(paged))}'", "NO_COLOR": "1"}
    shown = _on_a_terminal(["list"], env, casebook)
    assert "月末报表导出超时" in paged.read_text(encoding="utf-8")
    assert "月末报表导出超时" not in shown
    paged.unlink()
    shown = _on_a_terminal(["--no-pager", "list"], env, casebook)
    assert "月末报表导出超时" in shown
    assert not paged.exists()


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["list"], True),
        (["show", "C-1"], True),
        (["overdue"], True),
        (["report"], True),
        (["kb", "search"], True),
        (["plan", "list"], True),
        (["customer"], True),
        (["customer", "华东精密"], True),
        (["plan", "add"], False),  # a step may ask on the terminal, which a pager reads too
        (["customer", "add"], False),
        (["kb", "export"], False),
        (["record"], False),
        ([], False),
    ],
)
def test_the_reading_commands_are_paged_and_no_step(words: list[str], expected: bool) -> None:
    from casectl.cli.app import paged

    assert paged(words) is expected
