"""The loop keeps its word: a step records something or is refused with what it needs, and the
first contact with the customer is the first response."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, case_file


@pytest.fixture
def resolved(run: Cli, record: Callable[..., str]) -> str:
    cid = record()
    for args in (
        ["respond", cid, "--summary", "致歉", "--at", "2026-11-23T09:30+08:00"],
        ["investigate", cid, "--root-cause", "网关超时", "--at", "2026-11-23T09:40+08:00"],
        ["resolve", cid, "--summary", "已恢复", "--at", "2026-11-23T09:50+08:00"],
    ):
        assert run(*args).exit_code == 0, args
    return cid


def test_an_empty_repair_is_refused_with_the_options_it_needs(run: Cli, resolved: str) -> None:
    before = case_file(Path.cwd(), resolved).read_bytes()
    result = run("repair", resolved)
    assert result.exit_code == 2
    assert "nothing to record: give --apology written|verbal, --compensation TEXT or " in (
        result.stderr
    )
    assert case_file(Path.cwd(), resolved).read_bytes() == before
    assert run("repair", resolved, "--compensation", "免费培训").exit_code == 0


def test_a_review_needs_a_lesson_but_publishing_later_does_not(run: Cli, resolved: str) -> None:
    result = run("review", resolved)
    assert result.exit_code == 2 and "a review needs --lesson TEXT" in result.stderr
    assert run("review", resolved, "--lesson", "升级前核对配置").exit_code == 0
    assert run("review", resolved, "--publish").exit_code == 0  # already reviewed
    shown = run("show", resolved, "--format", "json").json()
    assert shown["review"]["publish"] is True


def test_an_update_before_the_response_points_to_respond(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    result = run("update", cid, "--summary", "我们正在处理")
    assert result.exit_code == 2
    assert "the first contact with the customer is recorded as the response" in result.stderr
    assert f"casectl respond {cid} --summary TEXT" in result.stderr


def test_survey_hint_offers_no_force_it_does_not_have(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    result = run("survey", cid, "--nps", "8")
    assert result.exit_code == 2 and "--force" not in result.stderr
    assert f"casectl resolve {cid} --summary TEXT" in result.stderr
