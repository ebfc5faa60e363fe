"""Every choice's code and words (``core.choices``): each one read through the one function,
in both languages, generated from the table itself so a new word is tested the day it is added;
the same words on the command line, at an import and in a customer profile."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from casectl.core import choices
from casectl.core.choices import WORDS, Category, Priority, fold, read
from casectl.core.customers import profile
from casectl.core.transfer import sheetmap
from casectl.errors import UsageError, spell
from conftest import Cli

DOCS = Path(__file__).parent.parent / "docs" / "case-format.md"
ENUMS = [
    value
    for value in vars(choices).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
]
# (choice, what is typed, the code it names): every code, and every word in every language
SPOKEN = [
    pytest.param(choice, said, code, id=f"{choice.__name__}-{said}")
    for choice, codes in WORDS.items()
    for code, words in codes.items()
    for said in (code, *words.en, *words.zh)
]


def wide(text: str) -> str:
    """``text`` as a Chinese input method types it at full width."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(("choice", "said", "code"), SPOKEN)
def test_every_code_and_word_reads_as_its_code(choice: type[StrEnum], said: str, code: str) -> None:
    for typed in (said, said.upper(), f"  {said} ", wide(said)):
        found = read(typed, choice, "x")
        assert found == code and isinstance(found, choice), typed


def test_every_choice_has_words_for_every_code_in_both_languages() -> None:
    assert set(WORDS) == set(ENUMS)
    for choice in ENUMS:
        assert list(WORDS[choice]) == [m.value for m in choice], choice.__name__
        for code, words in WORDS[choice].items():
            assert words.en and words.zh, f"{choice.__name__}.{code} needs English and Chinese"
            assert all(w.isascii() for w in words.en), code
            assert all(not w.isascii() for w in words.zh), code


def test_no_word_names_two_codes_of_one_choice() -> None:
    for choice, codes in WORDS.items():
        seen: dict[str, str] = {}
        for code, words in codes.items():
            for said in {fold(w) for w in (code, *words.en, *words.zh)}:
                assert seen.setdefault(said, code) == code, (choice.__name__, said)


@pytest.mark.parametrize(
    ("choice", "typed", "said"),
    [
        (Priority, "p0", "priority: 'p0' is not one of: urgent, high, medium, low"),
        (Priority, "特急", "priority: '特急' is not one of: urgent, high, medium, low"),
        (Priority, "urgnet", "low (did you mean urgent?)"),
        (Category, "tecnical", "attitude (did you mean technical?)"),
        (Category, "", "category: '' is not one of: technical, communication, process"),
        (choices.Lifecycle, "golive!", "(did you mean go-live?)"),
    ],
)
def test_anything_else_is_refused_naming_the_codes(
    choice: type[StrEnum], typed: str, said: str
) -> None:
    with pytest.raises(UsageError) as refused:
        read(typed, choice, choice.__name__.lower())
    assert said in spell(str(refused.value))


def test_the_docs_list_every_word() -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Choices and the words they accept") :]
    for codes in WORDS.values():
        for code, words in codes.items():
            assert f"| `{code}` | {', '.join(words.en)} | {'、'.join(words.zh)} |" in section


# --- the same words at an import, and in a profile -------------------------------------------

IMPORTED = [
    pytest.param(name, said, code, id=f"{name}-{said}")
    for name, choice in sheetmap.CHOICES.items()
    for code, words in WORDS[choice].items()
    for said in (code, *words.en, *words.zh)
]


@pytest.mark.parametrize(("name", "said", "code"), IMPORTED)
def test_an_import_cell_reads_every_word(name: str, said: str, code: str) -> None:
    assert sheetmap.choice(said, name, sheetmap.Mapping()) == code


def test_a_mapping_files_words_win_over_the_built_in_ones() -> None:
    mapping = sheetmap.Mapping.from_data(
        {"values": {"priority": {"中": "low", "特急": "紧急", "Ｐ０": "urgent"}}}, "map.yaml"
    )
    assert sheetmap.choice("中", "priority", mapping) == "low"  # built in: medium
    assert sheetmap.choice("特急", "priority", mapping) == "urgent"  # to a word of a code
    assert sheetmap.choice("p0", "priority", mapping) == "urgent"  # its words folded too
    assert sheetmap.choice("高", "priority", mapping) == "high"


def test_a_profiles_choices_take_their_words() -> None:
    at = datetime(2026, 11, 23, tzinfo=ZoneInfo("Asia/Shanghai"))
    made = profile.new("华东精密", at=at, lifecycle="上线")
    assert made.lifecycle is choices.Lifecycle.go_live
    assert profile.with_settings(made, lifecycle="At Risk").lifecycle == "at-risk"
    person = profile.add_person(made, name="张敏", influence="决策者", attitude="支持").people[0]
    assert (person.influence, person.attitude) == ("decision-maker", "supporter")
    with pytest.raises(UsageError, match="is not one of: supporter, neutral, critic"):
        profile.add_person(made, name="王强", attitude="hostile")


# --- on the command line -----------------------------------------------------------------------


def test_record_takes_the_words(run: Cli, casebook: Path) -> None:
    made = run("record", "--customer", "华东精密", "--title", "导出超时", "--priority", "紧急",
               "--category", "技术", "--channel", "微信", "--format", "json")  # fmt: skip
    assert made.exit_code == 0, made
    shown = made.json()
    assert (shown["priority"], shown["category"], shown["channel"]) == (
        "urgent",
        "technical",
        "chat",
    )
    (path,) = casebook.glob("cases/*/*/*.yaml")
    text = path.read_text(encoding="utf-8")
    assert "priority: urgent\n" in text and "category: technical\n" in text  # the code stored


def test_the_answer_at_a_prompt_takes_the_words(
    run: Cli, casebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The prompt offers ``technical 技术``; 技术 is an answer it takes."""
    from casectl.cli import prompts

    monkeypatch.setattr(prompts, "interactive", lambda: True)
    asked = run("record", "--customer", "华东精密", "--title", "导出超时", "--format", "json",
                input="技术\n高\n电话\n", env={"CASECTL_LANG": "zh_CN"})  # fmt: skip
    assert asked.exit_code == 0, asked
    made = run("list", "--format", "json").json()[0]
    assert (made["category"], made["priority"]) == ("technical", "high")


def test_a_step_takes_the_words(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    answered = run("respond", cid, "--summary", "电话致歉", "--channel", "电话")
    assert answered.exit_code == 0, answered
    done = run("investigate", cid, "--root-cause", "网关超时", "--cause", "配置",
               "--attribution", "我方", "--factor", "客观")  # fmt: skip
    assert done.exit_code == 0, done
    shown = run("show", cid, "--format", "json").json()
    assert shown["response"]["channel"] == "phone"
    found = shown["investigation"]
    assert (found["cause"], found["attribution"], found["factor"]) == (
        "deployment",
        "ours",
        "objective",
    )


def test_a_bad_choice_names_the_codes(run: Cli, casebook: Path) -> None:
    refused = run("record", "--customer", "华东精密", "--title", "导出超时", "--priority", "urgnet",
                  "--category", "技术")  # fmt: skip
    assert refused.exit_code == 2
    assert "--priority: 'urgnet' is not one of: urgent, high, medium, low" in refused.stderr
    assert "did you mean urgent?" in refused.stderr
    assert not list(casebook.glob("cases/*/*/*.yaml"))


def test_an_import_cell_in_words(run: Cli, casebook: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "投诉时间,客户名称,投诉类型,优先级,问题描述,处理人\n"
        "2026-11-20 09:15,华东精密,技术,紧急,导出超时,li.wei\n"
        "2026-11-20 10:15,华东精密,天气,高,另一件事,li.wei\n",
        encoding="utf-8",
    )
    checked = run("import", str(log), "--dry-run", "--format", "json")
    good, bad = checked.json()["rows"]
    assert not good["problems"]
    assert (
        "category: '天气' is not one of: technical, communication, process, attitude"
        in (bad["problems"][0])
    )
    log.write_text("\n".join(log.read_text(encoding="utf-8").splitlines()[:2]) + "\n", "utf-8")
    assert run("import", str(log)).exit_code == 0
    (path,) = casebook.glob("cases/*/*/*.yaml")
    text = path.read_text(encoding="utf-8")
    assert "category: technical\n" in text and "priority: urgent\n" in text
