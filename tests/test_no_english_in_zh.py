"""With ``CASECTL_LANG=zh_CN`` every command speaks Chinese: each is run over a copy of the
example casebook (and the steps over a new case in it), and what it prints — stdout and
stderr — is scanned for English words that are not names, codes, IDs, paths or option names.

What may stay English, and why (keep this list small):
- what people wrote: every word of every string in the casebook's files (titles, notes, the
  English customer's case, people's ids) and of what the test typed;
- a choice's code (``technical``, ``urgent``): files and options spell it so, and tables show
  it as a code (the report's ``unrecorded`` bucket sits beside them as one); casectl.yaml's
  keys (``notify``, ``targets``), an import mapping file's keys (``columns``, ``values``,
  ``defaults``) and any ``snake_case`` code (``first_response_met_rate``);
- names of tools and formats: ``casectl``, ``git``, ``LFS``, ``YAML``, ``JSON``, ``CSV``, the
  ``holidays`` package and the country code ``CN``; the survey scores ``NPS`` and ``CSAT``,
  ``SLA`` and ``ID`` as column and clock names Chinese teams use as they are; the time zone's
  abbreviation (``CST``) as the system names it;
- IDs, option names (``--force``), paths and file names, ``casectl COMMAND`` command lines,
  ``key=value`` and dotted names (``merge.casectl.driver``, ``li.wei``), and a ``git config``
  command line shown to run (the merge driver's shell line is code).
``schema`` (JSON Schema for editors), ``export`` (data) and ``merge-driver`` (run by git) print
data, not words for people, and are left out.
"""

from __future__ import annotations

import re
import shutil
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import yaml

from casectl.core import choices
from casectl.core.sections import STAR_CRITERIA
from conftest import Cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "casebook"
ZH = {"CASECTL_LANG": "zh_CN"}
ALLOWED = {"casectl", "git", "lfs", "yaml", "json", "csv", "holidays", "cn", "nps", "csat",
           "sla", "id", "path", "cst", "unrecorded",
           "columns", "values", "defaults"}  # fmt: skip
CODES = {
    word
    for value in vars(choices).values()
    if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum
    for member in value
    for word in re.split(r"[-_]", member.value)
} | {word for name in STAR_CRITERIA for word in name.split("_")}  # scorecard.star_order's codes
NOT_WORDS = re.compile(
    r"C-\d{6}-\w{5}"  # case IDs
    r"|--?[\w-]+"  # options
    r"|\S*[/\\]\S*|\S+\.(yaml|json|md|txt|csv|log|sh)\b"  # paths and files
    r"|casectl( [a-z-]+){1,2}"  # command lines
    r"|\S+=\S+|\b\w+(\.\w+)+\b|(?<!\w)\.\w+|\w*_\w*"  # key=value, dotted, dotfiles, codes
    r"|%\w|\{[^}]*\}"  # placeholders
    r"|^git config .*$",  # a git command line to run, shown whole
    re.M,
)
TYPED = "记录 进展 复盘 客户 致歉 网关 超时 修复 回访 备注 等待 计划 测试"


def config_keys() -> set[str]:
    """Every key casectl.yaml takes, at any depth (its JSON Schema's property names)."""
    from casectl.core.config import Config

    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(k.lower() for k in node.get("properties", {}) if isinstance(k, str))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(Config.model_json_schema())
    return keys


def data_words(root: Path) -> set[str]:
    """Every word people wrote in the casebook's files (as they wrote it: names, notes)."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(str(key))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", value))

    for path in root.rglob("*.yaml"):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


def english(said: str, known: set[str]) -> set[str]:
    """The English words of ``said`` that are none of the allowed kinds."""
    text = NOT_WORDS.sub(" ", said)
    found = set()
    for word in re.findall(r"[A-Za-z]+", text):
        low = word.lower()
        if low in ALLOWED or low in CODES or low in known:
            continue
        if any(low in k for k in known if len(low) >= 3):  # a word cut short in a table: data
            continue
        found.add(word)
    return found


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run: Cli) -> Path:
    root = tmp_path / "book"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".casectl"))
    monkeypatch.chdir(root)
    return root


def commands(run: Cli, root: Path, tmp_path: Path) -> list[list[str]]:
    """Every command, with what it needs; steps on a case recorded for the purpose."""
    cases = run("list", "--all", "--format", "json").json()
    old = next(c["id"] for c in cases if c["stage"] == "closed")
    made = run("record", "--customer", "华东精密制造有限公司", "--title", "测试", "--category",
               "技术", "--priority", "高", "--channel", "电话", env=ZH)  # fmt: skip
    assert made.exit_code == 0, made
    new = made.stdout.strip()
    (tmp_path / "shot.txt").write_text("截图", encoding="utf-8")
    (tmp_path / "log.csv").write_text(
        "投诉时间,客户名称,投诉类型,优先级,问题描述\n2026-11-20 09:15,华东精密,技术,紧急,超时\n",
        encoding="utf-8",
    )
    (tmp_path / "inbox").mkdir()
    return [
        ["respond", new, "--summary", "致歉", "--promise", "回复", "--due", "+1d", "--apology"],
        ["investigate", new, "--evidence", "log:gw.log", "--root-cause", "网关超时", "--cause",
         "配置", "--attribution", "我方", "--factor", "客观"],
        ["action", "add", new, "修复", "--horizon", "短期", "--due", "+4h"],
        ["action", "add", new, "复盘", "--horizon", "长期"],
        ["action", "done", new, "a1", "--verification", "测试"],
        ["action", "cancel", new, "a2", "--reason", "测试"],
        ["update", new, "--summary", "进展", "--keeps", "p1"],
        ["escalate", new, "--to", "lead", "--reason", "测试"],
        ["wait", new, "--reason", "等待"],
        ["resume", new],
        ["note", new, "备注"],
        ["attach", new, str(tmp_path / "shot.txt")],
        ["amend", new, "n1", "备注 修复", "--reason", "测试"],
        ["note", new, "备注"],
        ["undo", new],
        ["resolve", new, "--summary", "修复"],
        ["repair", new, "--apology", "书面", "--compensation", "培训"],
        ["survey", new, "--nps", "9", "--csat", "5", "--comment", "客户"],
        ["follow-up", new, "--notes", "回访", "--force", "--reason", "测试"],
        ["review", new, "--lesson", "复盘", "--publish"],
        ["close", new, "--force", "--reason", "测试"],
        ["reopen", new, "--reason", "测试"],
        ["promise", "keep", new, "p1"],
        ["show", new], ["show", old], ["list"], ["list", "--all"], ["overdue"],
        ["notify", "--dry-run"], ["report", "--month", "2026-11"], ["kb", "search"],
        ["kb", "export", "-o", str(tmp_path / "kb")], ["customer"],
        ["customer", "show", "华东精密制造有限公司"], ["customer", "add", "测试客户"],
        ["customer", "set", "测试客户", "--lifecycle", "上线"],
        ["customer", "person", "add", "测试客户", "--name", "张三", "--influence", "决策者"],
        ["customer", "add", "测试客户二"], ["customer", "merge", "测试客户", "测试客户二"],
        ["touch", "华东精密制造有限公司", "--channel", "电话", "--summary", "回访"],
        ["plan", "add", "2026-12", "计划"], ["plan", "done", "2026-12", "p1"], ["plan", "list"],
        ["letter", old, "--kind", "closure"], ["validate"], ["doctor"], ["git", "setup"],
        ["import", str(tmp_path / "log.csv"), "--dry-run"], ["intake", str(tmp_path / "inbox")],
        ["calendar", "update", "--country", "CN", "--year", "2026"],
        ["init", str(tmp_path / "another")],
        ["list", "--nope"], ["show", "QQQQQ"], ["record"],  # refusals speak Chinese too
    ]  # fmt: skip


def test_every_command_speaks_chinese(
    run: Cli, book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(book)], check=True)
    monkeypatch.setenv("HOME", str(tmp_path))
    leaks = {}
    said = []
    typed: set[str] = set()
    for args in commands(run, book, tmp_path):
        result = run(*args, env=ZH)
        said.append((" ".join(args[:2]), result.stdout + result.stderr))
        typed |= {w.lower() for a in args for w in re.findall(r"[A-Za-z]+", a)}
    known = data_words(book) | data_words(tmp_path / "another") | typed | config_keys()
    for command, text in said:
        found = english(text, known)
        if found:
            leaks[command] = sorted(found)
    assert not leaks, leaks
