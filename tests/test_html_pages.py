"""casectl's HTML pages — the retrospective (``report --format html``) and one customer
(``customer NAME --format html``) — share one shell (render/html.py): they parse without a single
error as a browser parses them, carry a Content-Security-Policy that lets nothing load or run,
and show hostile text as text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import html5lib
import pytest

from casectl.render import html
from conftest import Cli

HOSTILE = "<script>alert(1)</script>\u202e\x1b[31m"
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
ZH = {"CASECTL_LANG": "zh_CN"}


def strictly_parsed(text: str) -> Any:
    """The page as a browser's parser builds it; any parse error raises."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


@pytest.fixture
def pages(run: Cli, record: Callable[..., str]) -> dict[str, str]:
    """Both pages, English and Chinese, of a casebook whose customer and title are hostile."""
    case_id = record("--customer", HOSTILE, title=f"标题 {HOSTILE}")
    record("--customer", HOSTILE, title="again")  # a repeat complainant
    cause = ("--root-cause", f"根因 {HOSTILE}", "--cause", "defect")
    assert run("investigate", case_id, *cause, "--force", "--reason", "x").exit_code == 0
    made = {}
    for lang, env in (("en", {}), ("zh", ZH)):
        report = run("report", "--month", "2026-11", "--format", "html", env=env)
        customer = run("customer", "<script>", "--format", "html", env=env)
        assert report.exit_code == 0 and customer.exit_code == 0, (report, customer)
        made[f"report {lang}"], made[f"customer {lang}"] = report.stdout, customer.stdout
    return made


def test_both_pages_parse_strictly_and_carry_the_policy(pages: dict[str, str]) -> None:
    for name, text in pages.items():
        tree = strictly_parsed(text)
        metas = tree.findall(".//head/meta")
        policy = [
            m.get("content") for m in metas if m.get("http-equiv") == "Content-Security-Policy"
        ]
        assert policy == [CSP], name
        assert tree.find(".//head/meta").get("charset") == "utf-8", name
        lang = tree.get("lang")
        assert lang == ("zh-CN" if name.endswith("zh") else "en"), name
        assert "@media print" in text, name


def test_hostile_text_comes_out_as_text(pages: dict[str, str]) -> None:
    for name, text in pages.items():
        assert "<script" not in text.lower(), name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text, name
        assert "\u202e" not in text and "\x1b" not in text, name
        assert "\\u202e\\x1b[31m" in text, name
        assert not re.search(r"""(src|href)\s*=""", text), name


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("<b>&\"'", "&lt;b&gt;&amp;&quot;&#x27;"),
        ("right\u202eleft", "right\\u202eleft"),
        ("\x1b[31mred\x07", "\\x1b[31mred\\x07"),
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("两行\n文字", "两行\n文字"),
    ],
)
def test_the_one_escaper(given: str, shown: str) -> None:
    assert html.escape(given) == shown


def test_the_shell_is_a_whole_strict_page() -> None:
    text = html.page(HOSTILE, [html.heading(HOSTILE, 1), html.table(["a"], [[HOSTILE]])])
    strictly_parsed(text)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>&lt;script&gt;" in text and "<script" not in text
