"""Something not found — a case, a customer, an action, a promise, a note, a plan item — is one
error worded alike everywhere (``errors.not_found``): what was sought and given, the ids there
are, and a hint naming the command that lists them. Exit 2, in English and in Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from casectl import errors, i18n
from conftest import Cli

ZH = {"CASECTL_LANG": "zh_CN"}

# (command line, the error in English, its hint, the error in Chinese, its hint)
CASES = [
    (
        ["show", "C-999999-ZZZZZ"],
        "no case matches 'C-999999-ZZZZZ'",
        "casectl list shows the cases",
        "没有与 'C-999999-ZZZZZ' 匹配的工单",
        "casectl list 可列出全部工单",
    ),
    (
        ["customer", "nobody"],
        "no customer matches 'nobody'",
        "casectl customer lists the customers",
        "没有与 'nobody' 匹配的客户",
        "casectl customer 可列出全部客户",
    ),
    (
        ["customer", "set", "nobody", "--tier", "key"],
        "no customer profile matches 'nobody'",
        "casectl customer lists the customers",
        "没有客户档案与 'nobody' 匹配",
        "casectl customer 可列出全部客户",
    ),
    (
        ["customer", "set", "华东精密制造有限工司", "--tier", "key"],
        "no customer profile matches '华东精密制造有限工司'; did you mean: 华东精密制造有限公司?",
        "casectl customer lists the customers",
        "没有客户档案与 '华东精密制造有限工司' 匹配；您是指：华东精密制造有限公司？",
        "casectl customer 可列出全部客户",
    ),
    (
        ["customer", "merge", "华东精密制造有限公司", "nobody"],
        "no customer matches 'nobody'",
        "casectl customer lists the customers",
        "没有与 'nobody' 匹配的客户",
        "casectl customer 可列出全部客户",
    ),
    (
        ["action", "done", "{id}", "a9"],
        "{id} has no action 'a9' (actions: a1, a2)",
        "casectl show {id} lists its actions",
        "{id} 没有措施 'a9'（现有措施：a1、a2）",
        "casectl show {id} 可列出其措施",
    ),
    (
        ["promise", "keep", "{id}", "p9"],
        "{id} has no promise 'p9' (promises: p1)",
        "casectl show {id} lists its promises",
        "{id} 没有承诺 'p9'（现有承诺：p1）",
        "casectl show {id} 可列出其承诺",
    ),
    (
        ["update", "{id}", "--summary", "x", "--keeps", "p9"],
        "{id} has no promise 'p9' (promises: p1)",
        "casectl show {id} lists its promises",
        "{id} 没有承诺 'p9'（现有承诺：p1）",
        "casectl show {id} 可列出其承诺",
    ),
    (
        ["amend", "{id}", "n9", "new text"],
        "{id} has nothing called 'n9' to amend (one of: response, resolution, root-cause, n1)",
        "casectl show {id} lists its notes",
        "{id} 中没有可更正的 'n9'（可选：response、resolution、root-cause、n1）",
        "casectl show {id} 可列出其备注",
    ),
    (
        ["plan", "done", "2026-11", "p9"],
        "the plan for 2026-11 has no item 'p9' (items: p1)",
        "casectl plan list 2026-11 lists its items",
        "2026-11 的计划中没有事项 'p9'（现有事项：p1）",
        "casectl plan list 2026-11 可列出其事项",
    ),
]


@pytest.fixture
def case_id(run: Cli, record: Callable[..., str]) -> str:
    cid = record()
    for step in (
        ("respond", cid, "--summary", "已致电", "--promise", "回电", "--due", "+1d"),
        ("action", "add", cid, "修正模板"),
        ("action", "add", cid, "复查"),
        ("note", cid, "内部备注"),
        ("customer", "add", "华东精密制造有限公司"),
        ("plan", "add", "2026-11", "回访重点客户"),
    ):
        assert run(*step).exit_code == 0, step
    return cid


def _ordinals(files: Iterable[bytes]) -> Callable[[str], str]:
    """Text with each item id of the files written as its place in its list (``a1``, ``a2``)."""
    names: dict[str, str] = {}
    for text in files:
        seen: dict[str, int] = {}
        for item_id in re.findall(r"^\s*- id: ([a-z])([0-9a-z]{5})$", text.decode(), re.M):
            seen[item_id[0]] = seen.get(item_id[0], 0) + 1
            names["".join(item_id)] = f"{item_id[0]}{seen[item_id[0]]}"
    pattern = re.compile("|".join(rf"\b{re.escape(n)}\b" for n in names) or "(?!)")
    return lambda said: pattern.sub(lambda m: names[m.group(0)], said)


@pytest.mark.parametrize(("args", "english", "hint", "chinese", "zh_hint"), CASES)
def test_not_found_is_worded_alike_with_the_command_that_lists_the_valid_ones(
    run: Cli,
    case_id: str,
    args: list[str],
    english: str,
    hint: str,
    chinese: str,
    zh_hint: str,
) -> None:
    line = [a.replace("{id}", case_id) for a in args]
    before = {p: p.read_bytes() for p in Path.cwd().rglob("*.yaml")}
    ordinals = _ordinals(before.values())
    for env, said, hinted in (({}, english, hint), (ZH, chinese, zh_hint)):
        result = run(*line, env=env)
        assert result.exit_code == 2, result
        error, *rest = ordinals(result.stderr).rstrip("\n").split("\n")
        assert error.endswith(said.replace("{id}", case_id)), result.stderr
        assert [r.split(":", 1)[-1].split("：", 1)[-1].strip() for r in rest] == [
            hinted.replace("{id}", case_id)
        ], result.stderr
    assert {p: p.read_bytes() for p in Path.cwd().rglob("*.yaml")} == before


def test_the_error_carries_what_was_sought() -> None:
    found = errors.not_found("action", "A9", within="C-1", known=[])
    assert isinstance(found, errors.UnknownItemError) and found.exit_code == 2
    assert str(found) == "C-1 has no action 'A9' (actions: none)"
    assert i18n.label(found.hint) == "casectl show C-1 lists its actions"
    assert isinstance(errors.not_found("case", "x"), errors.UnknownCaseError)
    assert isinstance(errors.not_found("customer", "x"), errors.UnknownCustomerError)
    raised_elsewhere = errors.UnknownCaseError(i18n.msg("no case matches {given!r}", given="x"))
    assert raised_elsewhere.hint == "casectl list shows the cases"  # the class's own hint
