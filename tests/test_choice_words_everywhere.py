"""Every word of every choice, in every language, where people type it: on the option of a
command that takes the choice, and as the answer at a prompt (import: ``test_choices.py``).
The words come from ``core.choices.WORDS`` itself, so a word added there is tested here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path

import pytest

from casectl.cli import prompts
from casectl.core import choices
from casectl.core.choices import WORDS
from conftest import Cli


def said(choice: type[StrEnum]) -> Iterator[tuple[str, str]]:
    """(what is typed, the code it names) for every code and word of ``choice``."""
    for code, words in WORDS[choice].items():
        for word in (code, *words.en, *words.zh):
            yield word, code


def test_list_filters_take_every_word_of_stage_priority_and_category(
    run: Cli, record: Callable[..., str]
) -> None:
    record()
    for option, choice in (
        ("--stage", choices.Stage),
        ("--priority", choices.Priority),
        ("--category", choices.Category),
    ):
        typed = [arg for word, _ in said(choice) for arg in (option, word)]
        listed = run("list", "--all", *typed, "--format", "json")
        assert listed.exit_code == 0, (option, listed.stderr)
        assert len(listed.json()) == 1, option  # every code asked for: the one case is shown


def test_kb_search_takes_every_word_of_category_and_cause(run: Cli, casebook: Path) -> None:
    for option, choice in (("--category", choices.Category), ("--cause", choices.Cause)):
        for word, _ in said(choice):
            searched = run("kb", "search", option, word, "--format", "json")
            assert searched.exit_code == 0, (option, word, searched.stderr)


def test_record_takes_every_word_of_its_choices(run: Cli, casebook: Path) -> None:
    pairs = {
        "--channel": list(said(choices.Channel)),
        "--category": list(said(choices.Category)),
        "--priority": list(said(choices.Priority)),
    }
    longest = max(len(p) for p in pairs.values())
    for n in range(longest):
        picked = {option: words[n % len(words)] for option, words in pairs.items()}
        typed = [arg for option, (word, _) in picked.items() for arg in (option, word)]
        made = run("record", "--customer", "华东精密", "--title", "t", *typed, "--format", "json")
        assert made.exit_code == 0, (typed, made.stderr)
        shown = made.json()
        assert shown["channel"] == picked["--channel"][1], typed
        assert (shown["category"], shown["priority"]) == (
            picked["--category"][1],
            picked["--priority"][1],
        )


def test_steps_take_every_word_of_their_choices(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    assert run("respond", cid, "--summary", "电话致歉", "--channel", "电话").exit_code == 0
    for word, _ in said(choices.Horizon):
        added = run("action", "add", cid, "改", "--horizon", word, "--owner", "li.wei")
        assert added.exit_code == 0, (word, added.stderr)
    horizons = [a["horizon"] for a in run("show", cid, "--format", "json").json()["actions"]]
    assert horizons == [code for _, code in said(choices.Horizon)]
    pairs = {
        "--cause": list(said(choices.Cause)),
        "--attribution": list(said(choices.Attribution)),
        "--factor": list(said(choices.Factor)),
    }
    for n in range(max(len(p) for p in pairs.values())):  # every word of each, in one pass
        picked = {option: words[n % len(words)] for option, words in pairs.items()}
        typed = [arg for option, (word, _) in picked.items() for arg in (option, word)]
        found = run("investigate", cid, "--root-cause", "网关超时", *typed)
        assert found.exit_code == 0, (typed, found.stderr)
    got = run("show", cid, "--format", "json").json()["investigation"]
    for option, words in pairs.items():  # the last pass's codes stored
        last = (max(len(p) for p in pairs.values()) - 1) % len(words)
        assert got[option.lstrip("-")] == words[last][1], option


def test_customer_options_take_every_word_of_their_choices(run: Cli, casebook: Path) -> None:
    assert run("customer", "add", "华东精密").exit_code == 0
    for word, _ in said(choices.Lifecycle):
        assert run("customer", "set", "华东精密", "--lifecycle", word).exit_code == 0, word
    for n, (word, _) in enumerate(said(choices.Influence)):
        added = run(
            "customer", "person", "add", "华东精密", "--name", f"甲{n}", "--influence", word
        )
        assert added.exit_code == 0, (word, added.stderr)
    for n, (word, _) in enumerate(said(choices.Attitude)):
        added = run("customer", "person", "add", "华东精密", "--name", f"乙{n}", "--attitude", word)
        assert added.exit_code == 0, (word, added.stderr)


# --- at a prompt -------------------------------------------------------------------------------

EVERY_WORD = [
    pytest.param(choice, word, code, id=f"{choice.__name__}-{word}")
    for choice in WORDS
    for word, code in said(choice)
]


@pytest.mark.parametrize(("choice", "word", "code"), EVERY_WORD)
def test_a_prompt_takes_every_word_of_every_choice(
    choice: type[StrEnum], word: str, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(["不是这个", word])  # a bad answer first: asked again
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    monkeypatch.setattr(prompts.typer, "prompt", lambda *a, **k: next(answers))
    assert prompts.choose(None, choice, "--x", "X") == code


def test_the_record_prompts_take_the_words_and_ask_again(
    run: Cli, casebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    asked = run("record", "--customer", "华东精密", "--title", "导出超时", "--format", "json",
                input="天气\n技术\n特急\n紧急\n微信\n", env={"CASECTL_LANG": "zh_CN"})  # fmt: skip
    assert asked.exit_code == 0, asked
    assert asked.stderr.count("错误") == 2, asked.stderr  # each bad answer said, then asked again
    made = json.loads(asked.stdout[asked.stdout.index("{") :])  # after the echoed answers
    assert (made["category"], made["priority"], made["channel"]) == ("technical", "urgent", "chat")
