"""Shared fixtures: every test runs in its own temporary casebook, off the user's home, with
"now" fixed by CASECTL_NOW."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import goldens
from casebooks import Book, two_months
from casectl.cli.app import app

NOW = "2026-11-23T10:00:00+08:00"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ with what casectl prints now, instead of failing on a change",
    )


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("CASECTL_USER", "li.wei")
    monkeypatch.setenv("CASECTL_NOW", NOW)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English unless a test asks for Chinese
    for name in ("CASECTL_CASEBOOK", "VISUAL", "EDITOR", "CASECTL_LANG", "LANGUAGE", "LC_ALL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)


class Result:
    def __init__(
        self, exit_code: int, stdout: str, stderr: str, exception: Any, output: str = ""
    ) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.exception = exception
        self.output = output  # both streams in the order they were written, as a terminal shows

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __repr__(self) -> str:
        return f"<exit {self.exit_code} stdout={self.stdout!r} stderr={self.stderr!r}>"


Cli = Callable[..., Result]


@pytest.fixture
def run() -> Cli:
    """Run casectl in-process as a user would; ``input`` feeds stdin."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(
            result.exit_code, result.stdout, result.stderr, result.exception, result.output
        )

    return invoke


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, text)``: ``text`` must be tests/golden/<name> exactly; ``pytest
    --update-goldens`` rewrites the file instead (tests/golden/README.md)."""
    update = bool(request.config.getoption("--update-goldens"))

    def check(name: str, text: str) -> None:
        goldens.check(name, text, update=update)

    return check


@pytest.fixture
def casebook(tmp_path: Path, run: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh casebook; the working directory is its root."""
    root = tmp_path / "book"
    assert run("init", str(root)).exit_code == 0
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def record(run: Cli, casebook: Path) -> Callable[..., str]:
    """Record a case and return its ID."""

    def make(
        *extra: str, title: str = "月末报表导出超时", at: str = "2026-11-23T09:15:00+08:00"
    ) -> str:
        result = run(
            "record",
            "--customer",
            "华东精密制造有限公司",
            "--title",
            title,
            "--category",
            "technical",
            "--priority",
            "high",
            "--channel",
            "phone",
            "--at",
            at,
            *extra,
        )
        assert result.exit_code == 0, result
        return result.stdout.strip()

    return make


def case_file(root: Path, case_id: str) -> Path:
    (path,) = root.glob(f"cases/*/*/{case_id}.yaml")
    return path


@pytest.fixture(scope="session")
def _two_months_master(tmp_path_factory: pytest.TempPathFactory) -> Book:
    """The two-month casebook (tests/casebooks.py), built through the CLI once per session."""
    return two_months(tmp_path_factory.mktemp("two-months") / "book")


@pytest.fixture(scope="module")
def two_months_copy(_two_months_master: Book, tmp_path_factory: pytest.TempPathFactory) -> Book:
    """A copy of the two-month casebook for one test module, which may change it freely."""
    root = tmp_path_factory.mktemp("two-months-copy") / "book"
    shutil.copytree(_two_months_master.root, root, ignore=shutil.ignore_patterns(".casectl"))
    book = Book(root)
    book.ids = dict(_two_months_master.ids)
    return book


def item_ids(run: Cli, case_id: str, where: str) -> list[str]:
    """The ids of a case's items at ``where`` (``actions``, ``notes``, ``response.promises``…),
    in the file's order: items get random ids, so tests read them rather than guess them."""
    data: Any = run("show", case_id, "--format", "json").json()
    for part in where.split("."):
        data = data.get(part) or {}
    return [item["id"] for item in data or []]
