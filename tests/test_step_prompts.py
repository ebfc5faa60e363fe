"""On a terminal, the steps ask for what they need when it is not given (investigate, update,
note, repair) and resolve and close show what they will record and ask to go ahead (--yes
skips); without a terminal nothing is asked and scripts run as before. The terminal is stood
in for by ``prompts.interactive``; ``test_prompts_tty.py`` drives a real one."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casectl.cli import prompts
from conftest import Cli


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)


@pytest.fixture
def responded(run: Cli, record: Callable[..., str]) -> str:
    cid = record()
    assert run("respond", cid, "--summary", "电话致歉", "--channel", "phone").exit_code == 0
    return cid


def shown(run: Cli, cid: str) -> dict:  # type: ignore[type-arg]
    return run("show", cid, "--format", "json").json()  # type: ignore[no-any-return]


def test_investigate_asks_root_cause_and_its_categories(
    run: Cli, responded: str, terminal: None
) -> None:
    asked = run("investigate", responded, input="网关超时\n天气\n配置\n我方\n\n")
    assert asked.exit_code == 0, asked
    assert "'天气' is not one of" in asked.stderr  # said, and the cause asked again
    found = shown(run, responded)["investigation"]
    assert found["root_cause"] == "网关超时"
    assert (found["cause"], found["attribution"], found.get("factor")) == (
        "deployment",
        "ours",
        None,
    )  # the empty answer leaves the factor for later


def test_update_and_note_ask_for_their_text(run: Cli, responded: str, terminal: None) -> None:
    assert run("update", responded, input="微信\n已定位原因\n").exit_code == 0
    update = shown(run, responded)["updates"][0]
    assert (update["summary"], update["channel"]) == ("已定位原因", "chat")
    noted = run("note", responded, input="\n客户下午再来电\n")  # empty: asked again
    assert noted.exit_code == 0, noted
    assert [n["text"] for n in shown(run, responded)["notes"]] == ["客户下午再来电"]


def test_without_a_terminal_nothing_is_asked(run: Cli, responded: str) -> None:
    refused = run("note", responded)
    assert refused.exit_code == 2 and "no terminal to ask on" in refused.stderr


@pytest.fixture
def investigated(run: Cli, responded: str) -> str:
    assert run("investigate", responded, "--root-cause", "网关超时").exit_code == 0
    return responded


def test_resolve_shows_what_it_records_and_a_no_records_nothing(
    run: Cli, investigated: str, terminal: None
) -> None:
    declined = run("resolve", investigated, "--summary", "已恢复超时", "--confirmed-by", "张敏",
                   input="n\n")  # fmt: skip
    assert declined.exit_code == 1, declined
    assert f"{investigated} will be resolved: 已恢复超时" in declined.stderr
    assert "confirmed by: 张敏" in declined.stderr and "nothing recorded" in declined.stderr
    assert shown(run, investigated)["stage"] == "investigated"
    agreed = run("resolve", investigated, "--summary", "已恢复超时", input="y\n")
    assert agreed.exit_code == 0, agreed
    assert shown(run, investigated)["stage"] == "resolved"


def test_yes_and_no_terminal_skip_the_question(
    run: Cli, investigated: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("resolve", investigated, "--summary", "已恢复").exit_code == 0  # no terminal
    assert run("reopen", investigated, "--reason", "复发").exit_code == 0
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    quiet = run("resolve", investigated, "--summary", "再次恢复", "--yes")
    assert quiet.exit_code == 0, quiet
    assert "Record it?" not in quiet.stderr


def test_repair_asks_and_close_confirms(run: Cli, investigated: str, terminal: None) -> None:
    assert run("resolve", investigated, "--summary", "已恢复", "--yes").exit_code == 0
    repaired = run("repair", investigated, input="书面\n致歉函 2026-031\n免费培训一次\n")
    assert repaired.exit_code == 0, repaired
    relationship = shown(run, investigated)["relationship"]
    assert relationship["apology"]["kind"] == "written"
    assert relationship["apology"]["ref"] == "致歉函 2026-031"
    assert relationship["compensation"] == ["免费培训一次"]
    closing = run("close", investigated, "--force", "--reason", "客户要求结案", input="n\n")
    assert closing.exit_code == 1 and "will be closed" in closing.stderr
    assert shown(run, investigated)["stage"] != "closed"
