"""Docs that cannot drift: the tutorial's commands run in order, every command has help text,
and docs/commands.md is what docs/gen_commands.py writes today.

The tutorial's ```console blocks hold ``$ …`` command lines, each followed by the output it
shows. The runner understands the few shell forms the tutorial uses: ``casectl …``,
``ID=$(casectl …)``, ``export NAME=VALUE`` and ``cd DIR``. Every output line shown must appear in
what the command printed (with the sample ID replaced by the one minted); a shown
``casectl: error:`` line means the command must fail with exit code 2.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer

from casectl.cli.app import app
from conftest import Cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TUTORIAL = DOCS / "tutorial.md"
SAMPLE_ID = "C-261123-7QH4K"  # the ID the tutorial shows; each run mints its own
ASSIGN = re.compile(r"^(\w+)=\$\((.*)\)$")
VARIABLE = re.compile(r"\$\{?(\w+)\}?")


@dataclass
class Command:
    line: str
    output: list[str] = field(default_factory=list)
    number: int = 0  # line number in the file

    @property
    def fails(self) -> bool:
        return any(line.startswith("casectl: error:") for line in self.output)


def console_commands(path: Path) -> list[Command]:
    """Every ``$ …`` line of the ```console blocks of ``path``, with the output shown below it."""
    commands: list[Command] = []
    inside = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        if line.startswith("```"):
            inside = line == "```console"
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            commands.append(Command(line[2:].strip(), number=number))
        elif commands and line:
            commands[-1].output.append(line)
    return commands


def expand(text: str, variables: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in variables:
            raise AssertionError(f"the tutorial uses ${name} before setting it")
        return variables[name]

    return VARIABLE.sub(value, text)


class Shell:
    """Runs the tutorial's lines in process, as the shell would."""

    def __init__(self, run: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
        self.run = run
        self.monkeypatch = monkeypatch
        self.variables: dict[str, str] = {}

    def casectl(self, words: list[str], command: Command, assign: str | None) -> None:
        result = self.run(*words)
        if assign:
            self.variables[assign] = result.stdout.strip()
        where = f"docs/tutorial.md:{command.number}: {command.line}"
        printed = (result.stdout + result.stderr).splitlines()
        if command.fails:
            assert result.exit_code == 2, f"{where}: expected exit 2, got {result!r}"
        else:
            assert result.exit_code == 0, f"{where}: {result!r}"
        case_id = self.variables.get("ID", SAMPLE_ID)
        actual = {line.rstrip() for line in printed}
        for shown in command.output:
            expected = shown.replace(SAMPLE_ID, case_id).rstrip()
            assert expected in actual, f"{where}: shows {expected!r}, printed:\n" + "\n".join(
                printed
            )
        shown_lines = {line.replace(SAMPLE_ID, case_id).rstrip() for line in command.output}
        unsaid = [
            line
            for line in result.stderr.splitlines()
            if "warning:" in line and line.rstrip() not in shown_lines
        ]
        assert unsaid == [], f"{where}: prints warnings the page does not show: {unsaid}"

    def execute(self, command: Command) -> None:
        assign = ASSIGN.match(command.line)
        line = assign.group(2) if assign else command.line
        words = shlex.split(expand(line, self.variables))
        if words[0] == "casectl":
            self.casectl(words[1:], command, assign.group(1) if assign else None)
        elif words[0] == "export" and len(words) == 2 and "=" in words[1]:
            name, _, value = words[1].partition("=")
            self.monkeypatch.setenv(name, value)
        elif words[0] == "cd" and len(words) == 2:
            self.monkeypatch.chdir(words[1])
        else:
            raise AssertionError(f"docs/tutorial.md:{command.number}: cannot run {command.line!r}")


def test_the_tutorial_has_commands() -> None:
    commands = console_commands(TUTORIAL)
    assert len(commands) >= 20
    assert any(ASSIGN.match(c.line) for c in commands), "the tutorial keeps the ID in $ID"


def test_the_tutorial_runs_from_record_to_close(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CASECTL_SEED", "tutorial")  # the page's item ids, drawn the same each run
    shell = Shell(run, monkeypatch)
    for command in console_commands(TUTORIAL):
        shell.execute(command)
    case_id = shell.variables["ID"]
    shown = run("show", case_id, "--format", "json")
    assert shown.exit_code == 0, shown
    data = shown.json()
    assert data["stage"] == "closed"
    assert data["customer"]["name"] == "华东精密制造有限公司"
    events = [event["event"] for event in data["timeline"]]
    for step in ("recorded", "responded", "investigated", "resolved", "repaired", "reviewed"):
        assert step in events
    assert events[-1] == "closed"


# --- help text ---------------------------------------------------------------------------------


def walk(command: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command and subcommand of the click tree, with its path of names."""
    found = [(path, command)]
    if hasattr(command, "list_commands"):  # a group: its commands may load on demand
        ctx = typer.Context(command)
        for name in sorted(command.list_commands(ctx)):
            found.extend(walk(command.get_command(ctx, name), (*path, name)))
    return found


def test_every_command_and_option_has_help_text() -> None:
    tree = walk(typer.main.get_command(app))
    assert len(tree) > 20
    missing = []
    for path, command in tree:
        name = " ".join(("casectl", *path))
        if not (command.help or command.short_help or "").strip():
            missing.append(f"{name}: no help")
        for param in command.params:
            if param.param_type_name == "option" and not (getattr(param, "help", "") or "").strip():
                missing.append(f"{name} {param.opts[0]}: no help")
            if (
                param.param_type_name == "argument"
                and not (getattr(param, "help", "") or "").strip()
            ):
                missing.append(f"{name} {param.name}: no help")
    assert missing == []


# --- docs/commands.md --------------------------------------------------------------------------


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_commands", DOCS / "gen_commands.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_commands_md_is_up_to_date() -> None:
    expected = _generator().render()
    actual = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/commands.md is out of date: run python docs/gen_commands.py"


def test_commands_md_covers_every_command() -> None:
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    for path, _command in walk(typer.main.get_command(app))[1:]:
        assert f"## casectl {' '.join(path)}\n" in text


def test_help_lists_every_command_in_the_loops_order(run: Cli) -> None:
    from casectl.cli.app import HELP_ORDER

    top = [path[0] for path, _command in walk(typer.main.get_command(app))[1:] if len(path) == 1]
    assert sorted(top) == sorted(HELP_ORDER)  # a new command finds its place in the list
    lines = run("--help").stdout.split("Commands:")[1].splitlines()
    listed = [line.split()[0] for line in lines if line.startswith("  ") and line.split()]
    assert listed == list(HELP_ORDER)
    assert listed[:7] == [
        "record",
        "respond",
        "investigate",
        "action",
        "update",
        "promise",
        "resolve",
    ]
