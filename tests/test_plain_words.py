"""The plain-language check (``core.learning.plain``): customer-facing text that uses an
engineer's term gets a warning with the plain words; it is never refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.core.learning import plain
from casectl.core.sections import Glossary
from conftest import Cli

STARTER = plain.terms(Glossary())


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("问题是缓存失效导致的", ["缓存失效"]),  # the longer term, not 缓存 inside it
        ("缓存失效，随后异步队列阻塞", ["异步队列阻塞", "缓存失效"]),
        ("缓存满了；另外缓存失效", ["缓存失效", "缓存"]),  # each told once
        ("A race condition in the CACHE layer", ["race condition", "cache"]),
        ("the cached report", []),  # English terms are whole words
        ("导出已恢复，请您再试一次", []),
        ("", []),
    ],
)
def test_terms_are_found(text: str, terms: list[str]) -> None:
    assert [j.term for j in plain.jargon(text, STARTER)] == terms


def test_the_teams_terms_join_or_replace_the_starter() -> None:
    own = Glossary(terms={"ETL": "数据搬运任务"})
    assert [j.plain for j in plain.jargon("ETL 卡住，缓存失效", plain.terms(own))] == [
        "系统里临时保存的数据过期了",
        "数据搬运任务",
    ]
    alone = Glossary(starter=False, terms={"ETL": "数据搬运任务"})
    assert [j.term for j in plain.jargon("ETL 卡住，缓存失效", plain.terms(alone))] == ["ETL"]


def test_every_starter_term_has_plain_words_without_jargon() -> None:
    for term, words in plain.STARTER.items():
        assert words and term not in words, term
    assert any(not t.isascii() for t in plain.STARTER) and any(t.isascii() for t in plain.STARTER)


def test_a_step_with_jargon_is_recorded_with_a_warning(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    said = run("respond", cid, "--summary", "经排查是缓存失效，异步队列阻塞")
    assert said.exit_code == 0, said
    assert "warning: the response uses words a customer may not know" in said.stderr
    assert "缓存失效 → 系统里临时保存的数据过期了" in said.stderr
    assert "异步队列阻塞 → 后台排队处理的任务卡住了" in said.stderr
    update = run("update", cid, "--summary", "We shipped a hotfix")
    assert update.exit_code == 0 and "the update uses words" in update.stderr
    plain_one = run("update", cid, "--summary", "已恢复，请再试一次")
    assert "warning" not in plain_one.stderr


def test_a_letter_with_jargon_warns_and_is_written(
    run: Cli, record: Callable[..., str], casebook: Path
) -> None:
    cid = record()
    for step in (["respond", cid, "--summary", "电话致歉"],
                 ["investigate", cid, "--root-cause", "网关超时导致导出中断", "--cause", "配置"],
                 ["resolve", cid, "--summary", "已恢复导出"]):  # fmt: skip
        assert run(*step).exit_code == 0
    letter = run("letter", cid, "--kind", "apology", "--lang", "zh")
    assert letter.exit_code == 0 and "网关超时导致导出中断" in letter.stdout
    assert "the letter uses words a customer may not know" in letter.stderr
    assert "网关超时 → 系统之间的连接等待太久被中断" in letter.stderr
    with (casebook / "casectl.yaml").open("a", encoding="utf-8") as handle:
        handle.write("glossary:\n  starter: false\n")
    quiet = run("letter", cid, "--kind", "apology", "--lang", "zh")
    assert quiet.exit_code == 0 and "warning" not in quiet.stderr


def test_in_chinese_the_warning_is_chinese(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    said = run("respond", cid, "--summary", "缓存失效", env={"CASECTL_LANG": "zh_CN"})
    assert "首次响应" in said.stderr and "缓存失效 → 系统里临时保存的数据过期了" in said.stderr
