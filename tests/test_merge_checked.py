"""Merges a team lead can trust without reading them, with real git: a driver git cannot start
keeps both sides, disagreements are conflicts, and a merged case that breaks a rule is marked."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from conftest import Cli
from test_git_merge import cli, commit, git, identity

pytestmark = pytest.mark.slow
AT = "2026-11-22T{:02d}:00:00+08:00"


@pytest.fixture(autouse=True)
def _casectl_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bin_dir + os.pathsep + os.environ.get("PATH", ""))


def pair(tmp_path: Path, run: Cli, *, resolved: bool = False) -> tuple[Path, Path, str]:
    """Clone ``a`` with one case (responded, promise p1; resolved when asked), ``b`` its clone."""
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("init", str(a)).exit_code == 0
    git(a, "init", "-q", "-b", "main")
    identity(a, "li.wei")
    cli(run, a, "git", "setup")
    case_id = cli(
        run, a, "record", "--customer", "华东精密", "--title", "导出超时", "--category",
        "technical", "--priority", "high", "--at", AT.format(9),
    )  # fmt: skip
    cli(
        run, a, "respond", case_id, "--summary", "致歉", "--promise", "反馈原因", "--due",
        "2026-11-25T10:00:00+08:00", "--at", AT.format(10),
    )  # fmt: skip
    if resolved:
        cli(run, a, "investigate", case_id, "--root-cause", "索引缺失", "--at", AT.format(11))
        cli(run, a, "resolve", case_id, "--summary", "加索引", "--at", AT.format(12))
    commit(a, "the case")
    git(tmp_path, "clone", "-q", str(a), str(b))
    identity(b, "zhao.lei")
    cli(run, b, "git", "setup")
    return a, b, case_id


def case_text(repo: Path, case_id: str) -> str:
    return next(repo.glob(f"cases/*/*/{case_id}.yaml")).read_text(encoding="utf-8")


def pull(b: Path) -> tuple[int, str]:
    done = git(b, "pull", "--no-rebase", "--no-edit", "origin", "main", check=False)
    return done.returncode, done.stdout + done.stderr


def _without_casectl() -> str:
    """A Python that cannot import casectl (the one this virtual environment was made from)."""
    import subprocess

    base = Path(sys.base_prefix) / ("python.exe" if os.name == "nt" else "bin/python3")
    if sys.prefix == sys.base_prefix or not base.exists():
        pytest.skip("no Python without casectl here")
    if subprocess.run([str(base), "-c", "import casectl"], capture_output=True).returncode == 0:
        pytest.skip("the base Python has casectl too")
    return str(base)


@pytest.mark.parametrize("python", ["gone", "without casectl"])
def test_a_driver_git_cannot_start_leaves_markers_and_both_sides(
    tmp_path: Path, run: Cli, python: str
) -> None:
    """The registered Python is gone (a venv moved), or cannot import casectl (a venv
    recreated): git's line merge, with markers."""
    from casectl.storage.git import driver_command

    python = str(tmp_path / "gone" / "python") if python == "gone" else _without_casectl()
    a, b, case_id = pair(tmp_path, run)
    for repo, title in ((a, "A 的标题"), (b, "B 的标题")):
        path = next(repo.glob(f"cases/*/*/{case_id}.yaml"))
        path.write_text(case_text(repo, case_id).replace("导出超时", title), encoding="utf-8")
        commit(repo, f"title in {repo.name}")
    git(b, "config", "merge.casectl.driver", driver_command(python))
    code, said = pull(b)
    assert code != 0
    assert "cannot start casectl" in said
    text = case_text(b, case_id)
    assert "<<<<<<< ours" in text and ">>>>>>> theirs" in text
    assert "A 的标题" in text and "B 的标题" in text


def test_doctor_flags_an_old_registration_and_git_setup_fixes_it(tmp_path: Path, run: Cli) -> None:
    _a, b, _case_id = pair(tmp_path, run)
    git(b, "config", "merge.casectl.driver", f"{sys.executable} -m casectl merge-driver %O %A %B")
    checks = run("-C", str(b), "doctor", "--format", "json").json()["checks"]
    driver = next(c for c in checks if c["name"] == "merge driver")
    assert not driver["ok"] and "old registration" in driver["detail"]
    (b / ".gitattributes").write_text(
        (b / ".gitattributes").read_text(encoding="utf-8").replace("plans/*.yaml", "#"), "utf-8"
    )
    checks = {
        c["name"]: c for c in run("-C", str(b), "doctor", "--format", "json").json()["checks"]
    }
    assert not checks[".gitattributes"]["ok"] and "plans/" in checks[".gitattributes"]["detail"]
    cli(run, b, "git", "setup")
    checks = {
        c["name"]: c for c in run("-C", str(b), "doctor", "--format", "json").json()["checks"]
    }
    assert checks["merge driver"]["ok"] and checks[".gitattributes"]["ok"]


def test_a_promise_kept_on_one_side_and_withdrawn_on_the_other_is_one_conflict(
    tmp_path: Path, run: Cli
) -> None:
    a, b, case_id = pair(tmp_path, run)
    cli(run, a, "promise", "keep", case_id, "p1", "--at", AT.format(13))
    commit(a, "kept")
    cli(run, b, "promise", "withdraw", case_id, "p1", "--reason", "换方案", "--at", AT.format(14))
    commit(b, "withdrawn")
    code, said = pull(b)
    assert code != 0
    ended = r"promise p[0-9a-z]{5} ended differently: withdrawn \(ours\), kept \(theirs\)"
    assert re.search(ended, said), said
    text = case_text(b, case_id)
    assert text.count("<<<<<<< ours") == 1
    ours, theirs = text.split("=======\n")
    assert "withdrawn:" in ours.split("<<<<<<< ours")[1] and "kept_at" not in ours
    assert "kept_at" in theirs.split(">>>>>>> theirs")[0]


def test_the_same_ending_on_both_sides_merges_clean(tmp_path: Path, run: Cli) -> None:
    a, b, case_id = pair(tmp_path, run)
    cli(run, a, "promise", "keep", case_id, "p1", "--at", AT.format(13))
    commit(a, "kept")
    cli(run, b, "promise", "keep", case_id, "p1", "--at", AT.format(14))
    commit(b, "kept too")
    code, said = pull(b)
    assert code == 0, said
    text = case_text(b, case_id)
    assert "<<<<<<<" not in text and "kept_at: 2026-11-22T13:00:00+08:00" in text
    assert run("-C", str(b), "validate").exit_code == 0


def test_a_step_recorded_differently_on_both_sides_is_one_conflict(
    tmp_path: Path, run: Cli
) -> None:
    a, b, case_id = pair(tmp_path, run)
    for repo, hour, summary in ((a, 13, "加索引"), (b, 14, "扩容")):
        cli(run, repo, "investigate", case_id, "--root-cause", "慢查询", "--at", AT.format(11))
        cli(run, repo, "resolve", case_id, "--summary", summary, "--at", AT.format(hour))
        commit(repo, f"resolved in {repo.name}")
    code, said = pull(b)
    assert code != 0 and "resolution recorded on both sides" in said
    text = case_text(b, case_id)
    assert text.count("<<<<<<< ours") == 1
    block = text.split("<<<<<<< ours")[1].split(">>>>>>> theirs")[0]
    assert "扩容" in block and "加索引" in block and block.count("resolution:") == 2


def test_closed_on_one_side_and_reopened_on_the_other_is_a_conflict(
    tmp_path: Path, run: Cli
) -> None:
    a, b, case_id = pair(tmp_path, run, resolved=True)
    cli(run, a, "close", case_id, "--force", "--reason", "客户不再回复", "--at", AT.format(15))
    commit(a, "closed")
    cli(run, b, "reopen", case_id, "--reason", "问题复现", "--at", AT.format(16))
    commit(b, "reopened")
    code, said = pull(b)
    assert code != 0 and "closed on one side, reopened on the other" in said
    text = case_text(b, case_id)
    assert text.count("<<<<<<< ours") == 1 and "问题复现" in text and "客户不再回复" in text


def test_a_merged_case_that_breaks_a_rule_is_marked_with_the_rule(tmp_path: Path, run: Cli) -> None:
    """Scenario (b): one side repairs a resolved case while the other reopens it."""
    a, b, case_id = pair(tmp_path, run, resolved=True)
    cli(run, a, "repair", case_id, "--apology", "written", "--at", AT.format(16))
    commit(a, "repaired")
    cli(run, b, "reopen", case_id, "--reason", "问题复现", "--at", AT.format(15))
    commit(b, "reopened")
    code, said = pull(b)
    assert code != 0 and "repair recorded but the case is not resolved" in said
    text = case_text(b, case_id)
    marker = next(line for line in text.splitlines() if line.startswith("<<<<<<<"))
    assert "repair recorded but the case is not resolved" in marker
    block = text.split(marker)[1].split(">>>>>>> theirs")[0]
    assert "relationship:" in block and "kind: written" in block


def test_two_people_adding_plan_items_merge_clean(tmp_path: Path, run: Cli) -> None:
    """Scenario (c): plans/ are routed to the driver and merged item by item."""
    a, b, _case_id = pair(tmp_path, run)
    cli(run, a, "plan", "add", "2026-12", "首次响应提速")
    commit(a, "plan")
    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    cli(run, a, "plan", "add", "2026-12", "回访模板", user="li.wei")
    commit(a, "plan a")
    cli(run, b, "plan", "add", "2026-12", "夜班交接", user="zhao.lei")
    commit(b, "plan b")
    code, said = pull(b)
    assert code == 0, said
    text = (b / "plans" / "2026-12.yaml").read_text(encoding="utf-8")
    assert all(t in text for t in ("首次响应提速", "回访模板", "夜班交接"))
    assert "<<<<<<<" not in text and run("-C", str(b), "validate").exit_code == 0


def test_validate_merge_refuses_a_merge_that_lost_the_other_sides_items(
    tmp_path: Path, run: Cli
) -> None:
    """A conflict resolved by keeping one side's file: the other side's note is gone."""
    a, b, case_id = pair(tmp_path, run)
    cli(run, a, "note", case_id, "a 的备注", "--at", AT.format(13))
    cli(run, a, "note", case_id, "a 的第二条备注", "--at", AT.format(13))
    commit(a, "notes a")
    cli(run, b, "note", case_id, "b 的备注", "--at", AT.format(14))
    commit(b, "note b")
    assert run("-C", str(b), "validate", "--merge").exit_code == 0  # no merge in progress
    git(b, "config", "--remove-section", "merge.casectl")  # git's line merge: a conflict
    assert pull(b)[0] != 0
    rel = next(b.glob(f"cases/*/*/{case_id}.yaml")).relative_to(b).as_posix()
    git(b, "checkout", "--ours", "--", rel)
    git(b, "add", rel)
    checked = run("-C", str(b), "validate", "--merge", "--format", "json")
    assert checked.exit_code == 1, checked
    lost = [p for p in checked.json()["problems"] if p["field"] == "notes"]
    assert lost and all("is not in the merged file" in p["message"] for p in lost)
    git(b, "commit", "-q", "--no-verify", "--no-edit")
    assert run("-C", str(b), "validate", "--merge-commit", "HEAD").exit_code == 1
    assert run("-C", str(b), "validate", "--merge-commit", "HEAD~1").exit_code == 3  # not a merge


def test_validate_merge_passes_a_merge_the_driver_made(tmp_path: Path, run: Cli) -> None:
    a, b, case_id = pair(tmp_path, run)
    cli(run, a, "note", case_id, "a 的备注", "--at", AT.format(13))
    commit(a, "note a")
    cli(run, b, "note", case_id, "b 的备注", "--at", AT.format(14))
    commit(b, "note b")
    assert pull(b)[0] == 0
    assert run("-C", str(b), "validate", "--merge-commit", "HEAD").exit_code == 0


def _owner_conflict(tmp_path: Path, run: Cli) -> tuple[Path, str]:
    """Both clones give the case a different owner, and b pulls: one conflicting field."""
    a, b, case_id = pair(tmp_path, run)
    for repo, owner in ((a, "wang.fang"), (b, "zhao.lei")):
        path = next(repo.glob(f"cases/*/*/{case_id}.yaml"))
        text = case_text(repo, case_id).replace("owner: li.wei\n", f"owner: {owner}\n")
        path.write_text(text, encoding="utf-8")
        commit(repo, f"owner in {repo.name}")
    assert pull(b)[0] != 0
    return b, case_id


def test_conflicts_lists_each_field_with_both_values(tmp_path: Path, run: Cli) -> None:
    b, case_id = _owner_conflict(tmp_path, run)
    listed = run("-C", str(b), "conflicts", "--format", "json")
    assert listed.exit_code == 1
    (only,) = listed.json()["files"]
    assert only["path"].endswith(f"{case_id}.yaml")
    assert only["conflicts"] == [
        {"field": "owner", "reason": "", "ours": "zhao.lei", "theirs": "wang.fang"}
    ]
    table = run("-C", str(b), "conflicts").stdout
    assert "owner" in table and "zhao.lei" in table and "wang.fang" in table
    assert run("-C", str(b), "conflicts", case_id, "owner", "--theirs").exit_code == 0
    assert "owner: wang.fang\n" in case_text(b, case_id)
    assert run("-C", str(b), "conflicts").exit_code == 0  # resolved and added


def test_conflicts_resolves_a_field_leaving_a_valid_file(tmp_path: Path, run: Cli) -> None:
    b, case_id = _owner_conflict(tmp_path, run)
    assert run("-C", str(b), "conflicts", case_id, "owner").exit_code == 2  # which side?
    done = run("-C", str(b), "conflicts", case_id, "owner", "--value", "li.wei")
    assert done.exit_code == 0, done
    assert "added to git's index" in done.stderr
    text = case_text(b, case_id)
    assert "<<<<<<<" not in text and "owner: li.wei\n" in text
    path = str(next(b.glob(f"cases/*/*/{case_id}.yaml")))
    assert run("-C", str(b), "validate", path).exit_code == 0


def test_conflicts_refuses_a_resolution_that_breaks_a_rule(tmp_path: Path, run: Cli) -> None:
    """Scenario (b) again: keeping the repair of a reopened case is refused, the file kept."""
    a, b, case_id = pair(tmp_path, run, resolved=True)
    cli(run, a, "repair", case_id, "--apology", "written", "--at", AT.format(16))
    commit(a, "repaired")
    cli(run, b, "reopen", case_id, "--reason", "问题复现", "--at", AT.format(15))
    commit(b, "reopened")
    assert pull(b)[0] != 0
    before = case_text(b, case_id)
    refused = run("-C", str(b), "conflicts", case_id, "relationship", "--theirs")
    assert refused.exit_code != 0 and "repair recorded" in refused.stderr
    assert case_text(b, case_id) == before
    assert run("-C", str(b), "conflicts", case_id, "relationship", "--ours").exit_code == 0
    assert "<<<<<<<" not in case_text(b, case_id)
