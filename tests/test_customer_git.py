"""The merge driver on a customer profile: two clones edit one profile at once — aliases, key
people and touchpoints grow on both sides — and git merges them field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from casectl.storage import yamlio
from conftest import Cli
from test_git_merge import _casectl_on_path, cli, commit, git, identity

pytestmark = pytest.mark.slow
__all__ = ["_casectl_on_path"]  # git starts the driver as ``casectl``: the venv on PATH

NAME = "华东精密制造有限公司"
PROFILE = f"customers/{NAME}.yaml"


@pytest.fixture
def clones(tmp_path: Path, run: Cli) -> tuple[Path, Path]:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run("init", str(a)).exit_code == 0
    git(a, "init", "-q", "-b", "main")
    identity(a, "li.wei")
    cli(run, a, "git", "setup")
    cli(run, a, "customer", "add", NAME, "--alias", "华东精密", "--tier", "key")
    cli(
        run, a, "touch", "华东", "--channel", "visit", "--summary", "上线拜访", "--at", "2026-11-02"
    )
    path = a / PROFILE
    path.write_text("# 重点客户\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    commit(a, "profile")
    git(tmp_path, "clone", "-q", str(a), str(b))
    identity(b, "zhao.lei")
    cli(run, b, "git", "setup")
    return a, b


def test_two_clones_edit_one_profile(run: Cli, clones: tuple[Path, Path]) -> None:
    a, b = clones
    cli(run, a, "customer", "set", "华东", "--alias", "HDJM", "--lifecycle", "renewal")
    cli(run, a, "customer", "person", "add", "华东", "--name", "张敏", "--role", "财务经理")
    cli(
        run, a, "touch", "华东", "--channel", "phone", "--summary", "续约沟通", "--at", "2026-11-20"
    )
    commit(a, "a: renewal")
    cli(
        run,
        b,
        "customer",
        "set",
        "华东",
        "--alias",
        "华东精机",
        "--channel",
        "wechat",
        user="zhao.lei",
    )
    cli(
        run,
        b,
        "customer",
        "person",
        "add",
        "华东",
        "--name",
        "王强",
        "--role",
        "CIO",
        user="zhao.lei",
    )
    cli(
        run, b, "touch", "华东", "--channel", "meeting", "--summary", "需求评审",
        "--at", "2026-11-18", user="zhao.lei",
    )  # fmt: skip
    commit(b, "b: review")
    git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main")
    text = (b / PROFILE).read_text(encoding="utf-8")
    assert "<<<<<<<" not in text and text.startswith("# 重点客户\n")
    data = yamlio.fast_load(text)
    assert data["aliases"] == ["华东精密", "华东精机", "HDJM"]  # base's, ours' new, theirs' new
    assert data["lifecycle"] == "renewal" and data["preferences"] == {"channel": "wechat"}
    assert sorted(p["name"] for p in data["people"]) == ["张敏", "王强"]
    assert len({p["id"] for p in data["people"]}) == 2  # each keeps the id it was given
    points = [t["summary"] for t in data["touchpoints"]]
    assert points[0] == "上线拜访" and sorted(points[1:]) == ["续约沟通", "需求评审"]
    assert len({t["id"] for t in data["touchpoints"]}) == 3
    assert run("-C", str(b), "validate").exit_code == 0


def test_both_sides_change_the_tier_is_a_conflict_on_that_line(
    run: Cli, clones: tuple[Path, Path]
) -> None:
    a, b = clones
    cli(run, a, "customer", "set", "华东", "--tier", "strategic")
    commit(a, "a: strategic")
    cli(run, b, "customer", "set", "华东", "--tier", "standard", user="zhao.lei")
    commit(b, "b: standard")
    pulled = git(b, "pull", "-q", "--no-rebase", "--no-edit", "origin", "main", check=False)
    assert pulled.returncode != 0
    text = (b / PROFILE).read_text(encoding="utf-8")
    assert "<<<<<<< ours\ntier: standard\n=======\ntier: strategic\n>>>>>>> theirs\n" in text
    assert "上线拜访" in text
    checked = run("-C", str(b), "validate", "--format", "json")
    assert checked.exit_code == 1
    problems = {(p["file"], p["message"]) for p in checked.json()["problems"]}
    assert any("unresolved git conflict markers" in m for _, m in problems)
    assert any("unmerged" in m for _, m in problems)
