"""The HTML retrospective: self-contained, and its charts really render in headless Chromium.

Chromium comes from Debian's ``chromium`` package (``.ci/run`` installs it). Outside CI the
browser test skips when Chromium is absent; with ``CI=true`` a missing Chromium fails it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casebooks import Book

CHARTS = ("trend", "category", "priority", "cause", "attribution", "owner", "sla", "nps")


@pytest.fixture(scope="module")
def page(two_months_copy: Book) -> tuple[Book, Path]:
    book = two_months_copy
    out = book.root.parent / "report.html"
    result = book.run("report", "--month", "2026-11", "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.stderr
    return book, out


def test_one_file_without_network(page: tuple[Book, Path]) -> None:
    text = page[1].read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<script" not in text and "@import" not in text and "url(" not in text
    for chart in CHARTS:
        assert f'data-chart="{chart}"' in text
    assert "@media print" in text


def test_case_text_is_escaped(tmp_path: Path) -> None:
    book = Book(tmp_path / "book")
    assert book.run("init", str(book.root)).exit_code == 0
    case = book.record(
        "X",
        "<script>alert(1)</script> Ltd",
        "x <x@x.example>",
        "t",
        "technical",
        "high",
        "li.wei",
        "2026-11-02T09:00",
    )
    book.ok(
        "investigate",
        case,
        "--root-cause",
        "<b>bold</b>",
        "--cause",
        "defect",
        "--force",
        "--reason",
        "test",
        "--at",
        "2026-11-02T10:00",
    )
    html = book.run("report", "--month", "2026-11", "--format", "html").stdout
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    return None


def test_charts_render_in_headless_chromium(page: tuple[Book, Path], tmp_path: Path) -> None:
    browser = chromium()
    if browser is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("Chromium is missing under CI=true: apt-get install -y chromium")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    flags = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    url = page[1].as_uri()
    dom = subprocess.run(
        [*flags, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=False
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    for chart in CHARTS:
        assert re.search(rf'<svg[^>]*data-chart="{chart}"', dom.stdout), chart
    assert dom.stdout.count("<rect") >= 20
    shot = tmp_path / "report.png"
    png = subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1000,1400", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert png.returncode == 0, png.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
