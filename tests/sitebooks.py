"""The example casebook with one more case: 月末报表导出超时, taken through the loop to a
published review, so the site's case library holds a Chinese phrase to search for. Shared by
the site's tests (tests/test_site.py, tests/test_site_browser.py)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from casectl import Casebook

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "casebook"
NOW = "2026-11-23T10:00:00+08:00"
TITLE = "月末报表导出超时"


def example_copy(root: Path) -> Path:
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".casectl"))
    return root


def with_library_case(root: Path) -> str:
    """Add 月末报表导出超时, reviewed and published; its ID."""
    book = Casebook(root, now=NOW, user="li.wei")
    case = book.record(
        customer="华东精密制造有限公司",
        title=TITLE,
        category="technical",
        priority="high",
        channel="phone",
        at="2026-11-23T09:15:00+08:00",
    ).case.id
    book.respond(case, summary="电话致歉", apology=True, at="2026-11-23T09:20:00+08:00")
    book.investigate(
        case,
        root_cause="升级后网关超时变为 60 s",
        cause="deployment",
        attribution="ours",
        at="2026-11-23T09:25:00+08:00",
    )
    book.resolve(case, summary="网关超时恢复", confirmed_by="张敏", at="2026-11-23T09:30:00+08:00")
    book.review(
        case,
        lessons=["升级前核对网关超时"],
        publish=True,
        force=True,
        reason="test",
        at="2026-11-23T09:40:00+08:00",
    )
    return case


def build(root: Path, out: Path, *, public: bool = False) -> Path:
    Casebook(root, now=NOW).site(out, public=public)
    return out


def figures_of(out: Path) -> dict[str, list[str]]:
    """Each dashboard figure's case IDs, read back from the cases page's JSON block and rows."""
    text = (out / "en" / "cases.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="figures">(.*?)</script>', text)
    assert block is not None
    data = json.loads(block.group(1))
    ids = re.findall(r'<tr data-i="\d+"><td><a href="cases/([^"]+)\.html"', text)
    return {key: [ids[i] for i in rows] for key, rows in data["figures"].items()}
