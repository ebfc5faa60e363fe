"""The example casebook's site driven in headless Chromium (Playwright for Python, the
distribution's ``chromium``): the dashboard loads without a console error, a figure lists
exactly its cases, search finds 报表, the language switch works, every internal link
resolves, no request leaves the site, and axe-core finds no serious or critical violation.

Outside CI the test skips when Chromium is absent; with ``CI=true`` a missing Chromium fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from sitebooks import TITLE, build, example_copy, with_library_case

pytestmark = pytest.mark.slow


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is missing under CI=true: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    return found


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path, list[str]]]:
    chromium = _chromium()
    sync = pytest.importorskip("playwright.sync_api")
    root = example_copy(tmp_path_factory.mktemp("browser") / "book")
    with_library_case(root)
    out = build(root, root.parent / "out")
    outside: list[str] = []
    with sync.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()

        def route(handler: Any) -> None:
            url = handler.request.url
            if url.startswith("file://"):
                handler.continue_()
            else:
                outside.append(url)
                handler.abort()

        page.route("**/*", route)
        page.browser_ = browser  # the hostile-title test opens its own page in it
        yield page, out, outside
        browser.close()


def test_dashboard_figures_search_and_language(browser_page: tuple[Any, Path, list[str]]) -> None:
    page, out, outside = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((out / "en" / "index.html").as_uri())
    bar = page.locator('ul.bars a[data-figure="stage:recorded"]')
    expected = int(bar.locator(".n").inner_text())
    bar.click()
    page.wait_for_url(re.compile(r"cases\.html\?f=stage:recorded$"))
    rows = page.locator("#cases tbody tr:visible")
    assert rows.count() == expected > 0
    figures = json.loads(page.locator("#figures").text_content() or "")
    shown = [int(rows.nth(i).get_attribute("data-i") or -1) for i in range(rows.count())]
    assert shown == figures["figures"]["stage:recorded"]
    assert page.locator("#figure").inner_text() == figures["names"]["stage:recorded"]

    page.locator("a.lang").click()  # to Chinese, the same figure
    page.wait_for_url(re.compile(r"/zh/cases\.html\?f=stage:recorded$"))
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("#cases tbody tr:visible").count() == expected

    page.goto((out / "zh" / "library.html").as_uri())
    page.fill("#q", "报表")
    entries = page.locator("article.entry:visible")
    assert entries.count() == 1 and TITLE in entries.first.inner_text()
    page.fill("#q", "报表 no-such-word")
    assert page.locator("article.entry:visible").count() == 0
    page.fill("#q", "")
    page.select_option("#category", "technical")
    visible = page.locator("article.entry:visible")
    assert 0 < visible.count() < page.locator("article.entry").count()
    assert errors == [] and outside == []


def test_every_internal_link_resolves(browser_page: tuple[Any, Path, list[str]]) -> None:
    page, out, outside = browser_page
    for start in ("en/index.html", "zh/cases.html", "zh/customers.html", "en/library.html"):
        page.goto((out / start).as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in hrefs:
            parts = urlsplit(href)
            assert parts.scheme == "file", href
            assert Path(unquote(parts.path)).is_file(), (start, href)
    for html in out.rglob("*.html"):  # every page's links, read from the files
        text = html.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#?]+)', text):
            assert (html.parent / unquote(href)).resolve().is_file(), (html, href)
    assert outside == []


def test_no_serious_accessibility_violations(browser_page: tuple[Any, Path, list[str]]) -> None:
    page, out, _outside = browser_page
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    case = next((out / "en" / "cases").glob("*.html")).relative_to(out).as_posix()
    customer = next((out / "zh" / "customers").glob("*.html")).relative_to(out).as_posix()
    for start in ("en/index.html", "zh/cases.html", "zh/library.html", case, customer):
        page.goto((out / start).as_uri())
        found = axe.run(page)
        bad = [
            (v["id"], v["impact"])
            for v in found.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], (start, bad)


def test_hostile_title_stays_text_in_the_browser(
    browser_page: tuple[Any, Path, list[str]], tmp_path: Path
) -> None:
    from casectl import Casebook
    from sitebooks import NOW

    root = example_copy(tmp_path / "book")
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> \u202egnp.exe"
    case = (
        Casebook(root, now=NOW, user="li.wei")
        .record(customer="x", title=hostile, category="technical", priority="high")
        .case.id
    )
    out = build(root, tmp_path / "out")
    page = browser_page[0].browser_.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((out / "en" / "cases" / f"{case}.html").as_uri())
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    page.goto((out / "en" / "cases.html").as_uri())
    assert page.locator("#cases img").count() == 0
    page.close()
    assert dialogs == []
