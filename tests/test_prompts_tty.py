"""Prompts as a person meets them: the installed ``casectl`` driven through a pseudo terminal
(pexpect), where a bad answer is said and the question asked again instead of ending the run."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

CASECTL = str(Path(sys.executable).parent / "casectl")


def spawn(book: Path, *args: str, lang: str = "en") -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASECTL_")}
    env |= {"CASECTL_NOW": "2026-11-23T10:00:00+08:00", "CASECTL_USER": "li.wei",
            "CASECTL_LANG": lang, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"}  # fmt: skip
    return pexpect.spawn(CASECTL, ["-C", str(book), *args], env=env, encoding="utf-8", timeout=10)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    child = spawn(root, "init", str(root))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return root


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX terminal")
def test_a_bad_answer_is_asked_again_on_a_terminal(book: Path) -> None:
    child = spawn(book, "record", "--customer", "华东精密", "--title", "导出超时", lang="zh_CN")
    child.expect("类别")
    child.sendline("天气")
    child.expect("'天气' 不是")  # said, then the same question again
    child.expect("类别")
    child.sendline("技术")
    child.expect("优先级")
    child.sendline("")  # nothing: asked again
    child.expect("优先级")
    child.sendline("紧急")
    child.expect("渠道")
    child.sendline("微信")
    child.expect("C-261123-")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    (path,) = book.glob("cases/*/*/*.yaml")
    text = path.read_text(encoding="utf-8")
    assert "category: technical\n" in text and "priority: urgent\n" in text
    assert "channel: chat\n" in text
