"""Shell completion: bash, zsh, fish and PowerShell; case IDs (open ones first), owners,
customers, stages, priorities and categories from the casebook, answered before typer loads."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from casectl.cli import complete
from casectl.cli.app import _commands, app
from conftest import Cli

SHELLS = ["bash", "zsh", "fish", "powershell"]
# On a terminal typer detects the shell; here the shell is named on the command line instead.
NAMED_SHELL = ("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


def env_for(shell: str, line: str, **extra: str) -> dict[str, str]:
    """What each shell's script (typer's) sets for a TAB at the end of ``line``."""
    env = {"_CASECTL_COMPLETE": f"complete_{shell}", **extra}
    if shell == "bash":
        words = line.split()
        cword = len(words) if line.endswith(" ") else len(words) - 1
        env.update(COMP_WORDS=line, COMP_CWORD=str(cword))
    elif shell == "powershell":
        env["_TYPER_COMPLETE_ARGS"] = line
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = "" if line.endswith(" ") else line.split()[-1]
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        if shell == "fish":
            env.setdefault("_TYPER_COMPLETE_FISH_ACTION", "get-args")
    return env


def values_of(shell: str, line: str, **extra: str) -> list[str]:
    found = complete.answer(env_for(shell, line, **extra))
    assert found is not None, (shell, line)
    text, code = found
    assert code == 0
    if shell == "zsh":
        if text == "_files":
            return []
        body = text.removeprefix("_arguments '*: :((").removesuffix("))'")
        return [item.split('":"')[0].strip('"') for item in body.split("\n")]
    sep = {"bash": None, "fish": "\t", "powershell": ":::"}[shell]
    return [ln.split(sep)[0] if sep else ln for ln in text.splitlines() if ln]


@pytest.fixture
def book(run: Cli, record: Callable[..., str]) -> dict[str, str]:
    """Three cases: an old closed one, an open one owned by wang.fang, a newer open one."""
    closed = record("--owner", "zhou.lei", title="已关闭", at="2026-11-02T09:00:00+08:00")
    assert run("close", closed, "--force", "--reason", "重复投诉").exit_code == 0
    older = record("--owner", "wang.fang", title="较早的投诉", at="2026-11-16T10:00:00+08:00")
    newer = run(
        "record",
        "--customer=Acme Logistics Ltd",
        "--title=Label printer offline",
        "--category=process",
        "--priority=low",
        "--channel=email",
        "--at=2026-11-23T09:00:00+08:00",
    ).stdout.strip()
    assert run("list", "--all").exit_code == 0  # any command keeps the index
    return {"closed": closed, "older": older, "newer": newer}


@pytest.mark.parametrize("shell", SHELLS)
def test_case_ids_complete_open_ones_first_newest_first(shell: str, book: dict[str, str]) -> None:
    assert values_of(shell, "casectl show ") == [book["newer"], book["older"], book["closed"]]
    assert values_of(shell, "casectl respond C-26111") == [book["older"]]
    assert values_of(shell, "casectl action add c-261102") == [book["closed"]]  # any case


def test_ids_say_stage_and_title_where_the_shell_shows_help(book: dict[str, str]) -> None:
    text, _ = complete.answer(env_for("fish", "casectl note "))  # type: ignore[misc]
    assert f"{book['older']}\trecorded: 较早的投诉" in text.splitlines()
    text, _ = complete.answer(env_for("zsh", "casectl note "))  # type: ignore[misc]
    assert f'"{book["older"]}":"recorded\\\\: 较早的投诉"' in text


@pytest.mark.parametrize("shell", SHELLS)
def test_owners_customers_and_choices(shell: str, book: dict[str, str]) -> None:
    assert sorted(values_of(shell, "casectl list --owner ")) == ["li.wei", "wang.fang", "zhou.lei"]
    assert values_of(shell, "casectl overdue --owner wa") == ["wang.fang"]
    customers = values_of(shell, "casectl list --customer ")
    if shell == "bash":  # bash inserts the words as they are: spaces escaped
        assert sorted(customers) == ["Acme\\ Logistics\\ Ltd", "华东精密制造有限公司"]
    else:
        assert sorted(customers) == ["Acme Logistics Ltd", "华东精密制造有限公司"]
    assert values_of(shell, "casectl customer 华") == ["华东精密制造有限公司"]
    assert values_of(shell, "casectl list --stage re")[:2] == ["recorded", "responded"]
    assert values_of(shell, "casectl record --priority ") == ["urgent", "high", "medium", "low"]
    assert values_of(shell, "casectl list --category co") == ["communication"]
    assert values_of(shell, "casectl note --by zh") == ["zhou.lei"]


def test_ids_after_options_and_global_options(
    book: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = str(Path.cwd())
    assert values_of("bash", "casectl show --format json ")[0] == book["newer"]
    assert values_of("bash", "casectl repair --apology written C-26111") == [book["older"]]
    assert values_of("bash", "casectl respond --apology C-26111") == [book["older"]]
    monkeypatch.chdir(tmp_path)  # outside the casebook: -C or CASECTL_CASEBOOK names it
    assert values_of("bash", "casectl show ") == []
    assert values_of("bash", f"casectl -C {root} show ")[0] == book["newer"]
    assert values_of("bash", f"casectl --debug --casebook={root} show C-26111") == [book["older"]]
    assert values_of("bash", "casectl show ", CASECTL_CASEBOOK=root)[0] == book["newer"]


def test_cases_the_index_has_not_seen_complete_by_file_name(book: dict[str, str]) -> None:
    for leftover in Path(".casectl").glob("index.sqlite*"):
        leftover.unlink()
    assert sorted(values_of("bash", "casectl show ")) == sorted(book.values())
    assert values_of("bash", "casectl list --owner ") == []  # owners need the index


def test_everything_else_is_left_to_typer(book: dict[str, str]) -> None:
    for line in (
        "casectl sh",
        "casectl show --f",
        "casectl list --format ",
        "casectl ",
        "casectl show C-1 ",
    ):
        assert complete.answer(env_for("bash", line)) is None, line
    assert complete.answer({"_CASECTL_COMPLETE": "source_bash"}) is None
    fish = env_for("fish", "casectl show ", _TYPER_COMPLETE_FISH_ACTION="is-args")
    assert complete.answer(fish) == ("", 0)
    none = env_for("fish", "casectl show ZZZ", _TYPER_COMPLETE_FISH_ACTION="is-args")
    assert complete.answer(none) == ("", 1)


def casectl_process(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("_CASECTL", "_TYPER", "COMP_"))
    }
    beside = Path(sys.executable).parent / "casectl"  # the installed program, named casectl
    return subprocess.run(
        [str(beside) if beside.exists() else "casectl"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_a_tab_in_a_real_process_answers_without_loading_typer(book: dict[str, str]) -> None:
    done = casectl_process(env_for("bash", "casectl show C-26111"))
    assert done.returncode == 0 and done.stdout.split() == [book["older"]], done.stderr
    probe = (
        "import os, sys; os.environ.update(" + repr(env_for("zsh", "casectl show ")) + ");"
        "from casectl.cli.entry import complete; import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()): assert complete()\n"
        "print(sorted(m for m in ('typer', 'click', 'pydantic', 'rich', 'ruamel.yaml', 'yaml') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"


def test_typer_answers_command_names_in_a_real_process(casebook: Path) -> None:
    done = casectl_process(env_for("bash", "casectl sh"))
    assert done.returncode == 0 and done.stdout.split() == ["show"], done.stderr


@pytest.mark.parametrize("shell", SHELLS)
def test_show_completion_prints_each_shells_script(
    run: Cli, shell: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(*NAMED_SHELL)
    result = run("--show-completion", shell)
    assert result.exit_code == 0, result
    assert "_CASECTL_COMPLETE" in result.stdout and f"complete_{shell}" in result.stdout


@pytest.mark.parametrize(
    ("shell", "written", "hooked"),
    [
        ("bash", ".bash_completions/casectl.sh", (".bashrc", "casectl.sh")),
        ("zsh", ".zfunc/_casectl", (".zshrc", "fpath+=~/.zfunc")),
        ("fish", ".config/fish/completions/casectl.fish", None),
    ],
)
def test_install_completion_writes_the_script_and_hooks_it(
    run: Cli,
    shell: str,
    written: str,
    hooked: tuple[str, str] | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(*NAMED_SHELL)
    home = Path(os.environ["HOME"])
    result = run("--install-completion", shell)
    assert result.exit_code == 0, result
    assert "_CASECTL_COMPLETE" in (home / written).read_text(encoding="utf-8")
    if hooked:
        rc, line = hooked
        assert line in (home / rc).read_text(encoding="utf-8")


# --- the tables agree with the command tree ---------------------------------------------------


def tree() -> dict[str, typer.core.TyperCommand]:
    found = {}

    def walk(cmd: object, path: str) -> None:
        for name, sub in getattr(cmd, "commands", {}).items():
            here = f"{path} {name}".strip()
            if hasattr(sub, "commands"):
                walk(sub, here)
            else:
                found[here] = sub

    walk(_commands(), "")
    return found


def test_the_id_commands_are_those_whose_first_argument_is_an_id() -> None:
    firsts = {
        path
        for path, cmd in tree().items()
        if (args := [p for p in cmd.params if p.param_type_name == "argument"])
        and args[0].metavar == "ID"
    }
    assert firsts == complete.ID_FIRST
    assert {p.split()[0] for p in tree() if " " in p} == complete.GROUPS


def test_every_flag_is_known_and_no_option_taking_a_value_is_taken_for_one() -> None:
    root = typer.main.get_command(app)
    commands = {"": root, **tree()}
    for path, cmd in commands.items():
        for param in cmd.params:
            if param.param_type_name != "option":
                continue
            names = [*param.opts, *param.secondary_opts]
            valued_here = complete.VALUED_IN.get(path, frozenset())
            for name in names:
                if param.is_flag:
                    assert name in complete.FLAGS, (path, name)
                else:
                    assert name not in complete.FLAGS or name in valued_here, (path, name)
    for option in complete.VALUE_OF:
        assert any(option in p.opts for c in commands.values() for p in c.params), option
