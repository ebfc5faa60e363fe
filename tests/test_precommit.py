"""The ``casectl-validate`` hooks through the real pre-commit framework (``pre-commit try-repo``
against this working tree), on a valid and on an invalid casebook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import Cli

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def pre_commit() -> str:
    found = shutil.which("pre-commit", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:  # pragma: no cover - pre-commit is a test dependency
        pytest.skip("pre-commit is not installed")
    return found


def try_repo(repo: Path, hook: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
    }
    return subprocess.run(
        [pre_commit(), "try-repo", str(PROJECT), hook, "--all-files", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def repo(run: Cli, record: object, casebook: Path) -> Path:
    """A casebook in a git repository with two cases staged."""
    for title in ("月末报表导出超时", "登录缓慢"):
        assert callable(record)
        record(title=title)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=casebook, check=True)
    subprocess.run(["git", "add", "-A"], cwd=casebook, check=True)
    return casebook


@pytest.mark.skipif(not (PROJECT / ".git").exists(), reason="try-repo needs this project's git")
def test_the_hook_passes_a_valid_casebook_and_fails_an_invalid_one(
    repo: Path, tmp_path: Path
) -> None:
    passed = try_repo(repo, "casectl-validate-system", tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "casectl validate" in passed.stdout and "Passed" in passed.stdout
    assert "3 files checked, all valid" in passed.stdout

    (path,) = (p for p in repo.glob("cases/*/*/*.yaml") if "月末" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("priority: high", "priority: highest"), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    failed = try_repo(repo, "casectl-validate-system", tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    rel = path.relative_to(repo).as_posix()
    assert f"{rel}:" in failed.stdout and ": priority: Input should be" in failed.stdout


@pytest.mark.skipif(
    os.environ.get("CASECTL_TEST_NETWORK") != "1",
    reason="installs casectl and its dependencies from the package index: CASECTL_TEST_NETWORK=1",
)
def test_the_python_hook_installs_casectl_itself(repo: Path, tmp_path: Path) -> None:
    result = try_repo(repo, "casectl-validate", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout


def test_the_docs_show_hooks_that_exist() -> None:
    """docs/validate.md's .pre-commit-config.yaml snippet names hooks this repository has, and
    the CI example installs the driver before it merges."""
    import re

    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"casectl-validate", "casectl-validate-system"}
    pattern = re.compile(hooks["casectl-validate"]["files"])
    for path in (
        "casectl.yaml",
        "cases/2026/11/C-261122-7QH4K.yaml",
        "team/cases/2026/11/x.yaml",
        "customers/huadong.yaml",
        "plans/2026-12.yaml",
    ):
        assert pattern.search(path), path
    for path in ("README.md", "examples/ci/gitlab-ci.yml", "templates/x.yaml"):
        assert not pattern.search(path), path
    docs = (PROJECT / "docs" / "validate.md").read_text(encoding="utf-8")
    snippet = docs.split("```yaml\nrepos:", 1)[1].split("```", 1)[0]
    config = yaml.safe_load("repos:" + snippet)
    assert {h["id"] for repo in config["repos"] for h in repo["hooks"]} <= set(hooks)
    workflow = yaml.safe_load((PROJECT / "examples/ci/merge-with-driver.yml").read_text())
    steps = "\n".join(str(s.get("run", "")) for s in workflow["jobs"]["merge"]["steps"])
    assert steps.index("casectl git setup") < steps.index("git merge --no-edit")
    assert "casectl validate" in steps
