"""The CI examples (examples/ci/) run: every ``casectl`` command in them is a valid command."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from conftest import Cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ci"
STOP = {">", ">>", "||", "|", "&&", "2>", ";"}


def commands() -> list[tuple[str, list[str]]]:
    """``casectl ...`` command lines of every run/script step, up to any redirection."""
    found = []
    for path in sorted(EXAMPLES.glob("*.yml")):
        if path.name == "merge-with-driver.yml":  # not an overdue gate: tests/test_git_merge.py
            continue
        if path.name.startswith(("notify-", "site-")):  # tests/test_notify.py, test_site.py
            continue
        text = path.read_text(encoding="utf-8")
        yaml.safe_load(text)  # the file is YAML at all
        for line in text.splitlines():
            body = line.strip().removeprefix("- ").removeprefix("run: ").strip()
            if not body.startswith("casectl "):
                continue
            words = []
            for word in shlex.split(body)[1:]:
                if word in STOP:
                    break
                words.append(word)
            found.append((path.name, words))
    return found


def test_both_ci_examples_run_the_gate() -> None:
    files = {name for name, _ in commands()}
    assert files == {"github-actions.yml", "gitlab-ci.yml"}
    for name in files:
        formats = [
            w
            for n, words in commands()
            if n == name
            for w in words
            if w in ("junit", "markdown", "github", "--junit", "--markdown", "--github")
        ]
        assert "junit" in formats or "--junit" in formats


@pytest.mark.parametrize(("name", "words"), commands())
def test_each_command_runs(run: Cli, casebook: Path, name: str, words: list[str]) -> None:
    result = run(*words)
    assert result.exit_code in (0, 1), (name, words, result)
    assert "Traceback" not in result.stderr
