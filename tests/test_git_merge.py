"""The merge driver with real git repositories: two clones of one casebook work at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from casectl.storage import yamlio
from casectl.storage.git import driver_command
from conftest import Cli, case_file

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _casectl_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """git starts the driver as ``casectl``: the venv's bin must be on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    monkeypatch.setenv("PATH", bin_dir + ":" + __import__("os").environ.get("PATH", ""))


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stdout}{done.stderr}")
    return done


def identity(repo: Path, name: str) -> None:
    git(repo, "config", "user.name", name)
    git(repo, "config", "user.email", f"{name}@example.com")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def cli(run: Cli, repo: Path, *args: str, user: str = "li.wei") -> str:
    result = run("-C", str(repo), *args, env={"CASECTL_USER": user})
    assert result.exit_code == 0, result
    return result.stdout.strip()


@pytest.fixture
def clones(tmp_path: Path, run: Cli) -> tuple[Path, Path, str]:
    """Clone ``a`` with one case committed, and ``b`` cloned from it; both with the driver."""
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("init", str(a)).exit_code == 0
    git(a, "init", "-q", "-b", "main")
    identity(a, "li.wei")
    cli(run, a, "git", "setup")
    case_id = cli(
        run,
        a,
        "record",
        "--customer",
        "华东精密",
        "--title",
        "月末报表导出超时",
        "--category",
        "technical",
        "--priority",
        "high",
        "--description",
        "第一行\n第二行\n",
        "--at",
        "2026-11-22T09:15:00+08:00",
    )
    cli(
        run,
        a,
        "respond",
        case_id,
        "--summary",
        "电话致歉",
        "--promise",
        "反馈原因",
        "--due",
        "+48h",
        "--at",
        "2026-11-22T10:00:00+08:00",
    )
    commit(a, "record")
    git(tmp_path, "clone", "-q", str(a), str(b))
    identity(b, "zhao.lei")
    cli(run, b, "git", "setup")
    return a, b, case_id


def work(run: Cli, repo: Path, case_id: str, who: str, hour: int) -> str:
    """A day's work in one clone: a new case, and notes, evidence, actions, updates on the
    shared one (each clone mints its own random item ids)."""
    at = f"2026-11-23T{hour:02d}:00:00+08:00"
    new_id = cli(
        run,
        repo,
        "record",
        "--customer",
        f"客户 {who}",
        "--title",
        f"{who} 的投诉",
        "--category",
        "process",
        "--priority",
        "low",
        "--at",
        at,
        user=who,
    )
    cli(run, repo, "note", case_id, f"{who} 的备注", "--at", at, user=who)
    cli(
        run, repo, "investigate", case_id, "--evidence", f"log:{who}.log:超时", "--at", at, user=who
    )
    cli(
        run,
        repo,
        "action",
        "add",
        case_id,
        f"{who} 的措施",
        "--horizon",
        "mid",
        "--at",
        at,
        user=who,
    )
    cli(
        run,
        repo,
        "update",
        case_id,
        "--summary",
        f"{who} 通报进展",
        "--keeps",
        "p1",
        "--promise",
        f"{who} 的承诺",
        "--due",
        "+1d",
        "--at",
        at,
        user=who,
    )
    commit(repo, f"{who} works")
    return new_id


def load(repo: Path, case_id: str) -> Any:
    data: Any = yamlio.fast_load(case_file(repo, case_id).read_text(encoding="utf-8"))
    return data


def texts(data: Any, name: str, field: str) -> list[str]:
    where: Any = data
    for part in name.split("."):
        where = where.get(part, []) if isinstance(where, dict) else []
    assert isinstance(where, list)
    return sorted(str(item[field]) for item in where)


def test_two_clones_merge_both_ways_without_conflict_or_loss(
    run: Cli, clones: tuple[Path, Path, str]
) -> None:
    a, b, case_id = clones
    new_a = work(run, a, case_id, "li.wei", 11)
    new_b = work(run, b, case_id, "zhao.lei", 14)
    lists = ("notes", "investigation.evidence", "actions", "updates", "response.promises")
    minted = {
        n: set(texts(load(a, case_id), n, "id")) | set(texts(load(b, case_id), n, "id"))
        for n in lists
    }
    b_head = git(b, "rev-parse", "HEAD").stdout.strip()
    git(a, "fetch", "-q", str(b), "main:from-b")
    git(b, "fetch", "-q", str(a), "main:from-a")
    for repo, other in ((a, "from-b"), (b, "from-a")):
        merged = git(repo, "merge", "--no-edit", other, check=False)
        assert merged.returncode == 0, merged.stdout + merged.stderr
        assert "CONFLICT" not in merged.stdout
        result = run("-C", str(repo), "validate", "--format", "json")
        assert result.exit_code == 0, result
        assert result.json()["ok"] is True
        assert case_file(repo, new_a).exists() and case_file(repo, new_b).exists()
        data = load(repo, case_id)
        assert texts(data, "notes", "text") == ["li.wei 的备注", "zhao.lei 的备注"]
        assert texts(data, "investigation.evidence", "ref") == ["li.wei.log", "zhao.lei.log"]
        assert texts(data, "actions", "what") == ["li.wei 的措施", "zhao.lei 的措施"]
        assert texts(data, "updates", "summary") == ["li.wei 通报进展", "zhao.lei 通报进展"]
        assert texts(data, "response.promises", "what") == sorted(
            ["li.wei 的承诺", "反馈原因", "zhao.lei 的承诺"]
        )
        for name in lists:
            ids = texts(data, name, "id")
            assert len(set(ids)) == len(ids), (name, ids)
            assert set(ids) == minted[name], name  # every id as its clone minted it
        timeline: list[dict[str, str]] = data["timeline"]
        for name, noun in (("notes", "note"), ("investigation.evidence", "evidence")):
            items: list[dict[str, str]] = (
                data[name] if "." not in name else data["investigation"]["evidence"]
            )
            said = {
                (e["event"].split()[1], e["by"])
                for e in timeline
                if e["event"].startswith(f"{noun} ") and e["event"].endswith(" added")
            }
            assert said == {(i["id"], i["by"]) for i in items}  # the timeline names the new ids
    assert load(a, case_id) == load(b, case_id)  # the same content whichever way it was merged
    assert case_file(a, case_id).read_bytes() == case_file(b, case_id).read_bytes()
    # and the two merge commits merge with each other trivially
    git(a, "fetch", "-q", str(b), "main:from-b2")
    assert git(a, "merge", "--no-edit", "from-b2", check=False).returncode == 0
    assert git(b, "rev-parse", "HEAD").stdout.strip() != b_head


def test_a_conflicting_scalar_gets_markers_around_that_field_only(
    run: Cli, clones: tuple[Path, Path, str]
) -> None:
    a, b, case_id = clones
    for repo, owner, hour in ((a, "wang.fang", 11), (b, "zhao.lei", 12)):
        path = case_file(repo, case_id)
        path.write_text(
            path.read_text(encoding="utf-8").replace("owner: li.wei", f"owner: {owner}"),
            encoding="utf-8",
        )
        cli(run, repo, "note", case_id, f"note by {owner}", "--at", f"2026-11-23T{hour}:00+08:00")
        commit(repo, "owner")
    git(a, "fetch", "-q", str(b), "main:from-b")
    merged = git(a, "merge", "--no-edit", "from-b", check=False)
    assert merged.returncode != 0
    text = case_file(a, case_id).read_text(encoding="utf-8")
    assert "<<<<<<< ours\nowner: wang.fang\n=======\nowner: zhao.lei\n>>>>>>> theirs\n" in text
    assert text.count("<<<<<<<") == 1
    assert "note by wang.fang" in text and "note by zhao.lei" in text
    assert git(a, "diff", "--name-only", "--diff-filter=U").stdout.strip().endswith(".yaml")
    result = run("-C", str(a), "validate")
    assert result.exit_code == 1
    assert "unresolved git conflict markers" in result.stdout


def test_without_the_driver_git_merges_as_it_always_does(run: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("init", str(a)).exit_code == 0
    git(a, "init", "-q", "-b", "main")
    identity(a, "li.wei")
    case_id = cli(
        run,
        a,
        "record",
        "--customer",
        "ACME",
        "--title",
        "t",
        "--category",
        "technical",
        "--priority",
        "high",
        "--at",
        "2026-11-22T09:15:00+08:00",
    )
    commit(a, "record")
    git(tmp_path, "clone", "-q", str(a), str(b))
    identity(b, "zhao.lei")
    assert git(a, "config", "--get", "merge.casectl.driver", check=False).returncode != 0
    for repo, hour in ((a, 10), (b, 11)):
        cli(run, repo, "note", case_id, f"note {hour}", "--at", f"2026-11-22T{hour}:00+08:00")
        commit(repo, "note")
    git(a, "fetch", "-q", str(b), "main:from-b")
    merged = git(a, "merge", "--no-edit", "from-b", check=False)
    assert merged.returncode != 0 and "CONFLICT (content)" in merged.stdout
    text = case_file(a, case_id).read_text(encoding="utf-8")
    assert "<<<<<<< HEAD" in text and ">>>>>>> from-b" in text  # git's own markers
    assert run("-C", str(a), "doctor").exit_code == 1


def test_the_driver_leaves_a_line_merge_for_a_file_it_cannot_read(run: Cli, tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    ours = tmp_path / "ours.yaml"
    theirs = tmp_path / "theirs.yaml"
    base.write_text("id: C-1\ntitle: t\n", encoding="utf-8")
    ours.write_text("id: C-1\ntitle: ours\n", encoding="utf-8")
    theirs.write_text("id: C-1\ntitle: [broken\n", encoding="utf-8")
    result = run("merge-driver", str(base), str(ours), str(theirs), "7", "cases/x.yaml")
    assert result.exit_code == 1
    assert "cannot merge field by field" in result.stderr
    text = ours.read_text(encoding="utf-8")
    assert "title: ours" in text and "title: [broken" in text and "<<<<<<< ours" in text


def test_git_setup_is_idempotent_and_doctor_agrees(run: Cli, tmp_path: Path) -> None:
    root = tmp_path / "book"
    assert run("init", str(root)).exit_code == 0
    assert run("-C", str(root), "git", "setup").exit_code == 3  # not a git repository yet
    git(root, "init", "-q", "-b", "main")
    (root / ".gitattributes").write_text("*.png binary\n", encoding="utf-8")
    for _ in range(2):
        assert run("-C", str(root), "git", "setup").exit_code == 0
    attributes = (root / ".gitattributes").read_text(encoding="utf-8")
    assert attributes == (
        "*.png binary\ncases/**/*.yaml merge=casectl\ncustomers/*.yaml merge=casectl\n"
        "plans/*.yaml merge=casectl\n"
    )
    driver = git(root, "config", "--get", "merge.casectl.driver").stdout.strip()
    assert driver == driver_command(sys.executable)
    assert driver.startswith("sh -c ") and driver.endswith(" %O %A %B %L %P")
    doctor = run("-C", str(root), "doctor", "--format", "json")
    assert doctor.exit_code == 0, doctor
    assert {c["name"] for c in doctor.json()["checks"] if c["ok"]} >= {
        "casebook",
        "casectl.yaml",
        "merge driver",
        ".gitattributes",
    }


def test_the_ci_example_merges_the_target_branch_with_the_driver(
    run: Cli, clones: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """examples/ci/merge-with-driver.yml's own shell steps, on a pull request's branch."""
    import os

    import yaml

    workflow = Path(__file__).resolve().parents[1] / "examples" / "ci" / "merge-with-driver.yml"
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    steps = {s.get("name", ""): s for s in jobs["merge"]["steps"]}
    a, b, case_id = clones
    git(b, "switch", "-q", "-c", "pr")
    work(run, b, case_id, "zhao.lei", 14)  # the pull request
    work(run, a, case_id, "li.wei", 11)  # meanwhile on main
    git(b, "config", "--unset", "merge.casectl.driver")  # a fresh CI checkout has no driver
    output = tmp_path / "github-output"
    env = {**os.environ, "TARGET": "main", "GITHUB_OUTPUT": str(output)}
    for name in (
        "Register the merge driver",
        "Merge the target branch with the driver",
        "Validate the merged casebook",
    ):
        done = subprocess.run(
            ["bash", "-e", "-c", steps[name]["run"]],
            cwd=b,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, (name, done.stdout, done.stderr)
    assert "pushed=true" in output.read_text()
    assert git(b, "merge-base", "--is-ancestor", "origin/main", "HEAD").returncode == 0
    assert texts(load(b, case_id), "notes", "text") == ["li.wei 的备注", "zhao.lei 的备注"]


def test_the_driver_runs_without_casectl_on_gits_path(
    clones: tuple[Path, Path, str], run: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A GUI client or a shell without the virtual environment: git still starts the driver,
    by the Python that ``git setup`` recorded."""
    a, b, case_id = clones
    cli(run, a, "note", case_id, "a 的备注", user="li.wei")
    commit(a, "note in a")
    cli(run, b, "note", case_id, "b 的备注", user="zhao.lei")
    commit(b, "note in b")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # no casectl here
    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    text = next(b.glob(f"cases/*/*/{case_id}.yaml")).read_text(encoding="utf-8")
    assert "a 的备注" in text and "b 的备注" in text and "<<<<<<<" not in text


def test_an_unfinished_merge_is_flagged_by_validate_and_doctor(
    clones: tuple[Path, Path, str], run: Cli
) -> None:
    a, b, case_id = clones
    for repo, title in ((a, "A 的标题"), (b, "B 的标题")):  # both change the title: a conflict
        path = next(repo.glob(f"cases/*/*/{case_id}.yaml"))
        path.write_text(
            path.read_text(encoding="utf-8").replace("月末报表导出超时", title), "utf-8"
        )
        commit(repo, f"title in {repo.name}")
    assert git(
        b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False
    ).returncode
    checked = run("-C", str(b), "validate", "--format", "json")
    assert checked.exit_code == 1
    assert any("unmerged" in p["message"] for p in checked.json()["problems"])
    doctor = run("-C", str(b), "doctor", "--format", "json").json()
    assert [c["ok"] for c in doctor["checks"] if c["name"] == "merges"] == [False]
