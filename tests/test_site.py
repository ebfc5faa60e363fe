"""``casectl site``: the figures and the cases behind them, the search index's terms, the
folder rules, --public, and case text written as text (without a browser;
tests/test_site_browser.py drives the built site in Chromium)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casectl import Casebook
from casectl.core.views.dashboard import age_bucket
from casectl.core.views.listing import ListFilter
from casectl.errors import UsageError
from casectl.render.site.library import SEARCHED, index, terms
from sitebooks import EXAMPLE, NOW, TITLE, build, example_copy, figures_of, with_library_case

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = example_copy(tmp_path_factory.mktemp("site") / "book")
    with_library_case(root)
    return root, build(root, root.parent / "out")


def test_every_figure_names_exactly_its_cases(site: tuple[Path, Path]) -> None:
    root, out = site
    book = Casebook(root, now=NOW)
    figures = figures_of(out)
    open_ids = {row["id"] for row in book.list_cases().rows}
    assert set(figures["open"]) == open_ids
    stages: dict[str, set[str]] = {}
    for row in book.list_cases().rows:
        stages.setdefault(f"stage:{row['stage']}", set()).add(row["id"])
    for key, ids in stages.items():
        assert set(figures[key]) == ids, key
    flagged = {row["id"] for row in book.list_cases(breached=True).rows}
    assert flagged and set(figures["breached"]) == flagged
    every = book.list_cases(ListFilter(state="all")).rows
    received = {r["id"] for r in every if r["received_at"] >= "2026-11"}
    assert set(figures["received:2026-11"]) == received


@pytest.mark.parametrize(
    ("age", "bucket"),
    [
        (timedelta(hours=2), "0-1d"),
        (timedelta(days=1), "1-3d"),
        (timedelta(days=6, hours=23), "3-7d"),
        (timedelta(days=7), "7-30d"),
        (timedelta(days=400), "30d+"),
    ],
)
def test_backlog_age_buckets(age: timedelta, bucket: str) -> None:
    now = datetime(2026, 11, 23, 10, tzinfo=SHANGHAI)
    assert age_bucket(now - age, now) == bucket


@pytest.mark.parametrize(
    ("text", "wanted", "not_wanted"),
    [
        (TITLE, {"报表", "月末", "超时", "报", "表"}, {"月末报表"}),
        ("Export TIMES out", {"export", "times", "out"}, {"Export"}),
        ("网关 60 s 断开", {"网关", "60", "s", "断开"}, {"关 6"}),
        ("ｅｘｐｏｒｔ", {"export"}, set()),  # full-width letters fold (NFKC)
    ],
)
def test_search_terms(text: str, wanted: set[str], not_wanted: set[str]) -> None:
    found = terms(text)
    assert wanted <= found and not (not_wanted & found)


TEXTS = st.text(alphabet=st.sampled_from("报表月末 超时Ａｂc-_\n\u0301é1ｅ,"), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(SEARCHED), TEXTS | st.lists(TEXTS)), max_size=5))
def test_the_index_holds_each_texts_terms(entries: list[dict[str, object]]) -> None:
    """The index looks at an entry's texts together: each entry is under exactly the terms
    of each of its texts, looked at one by one."""
    every: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        held: set[str] = set()
        for value in entry.values():
            for text in value if isinstance(value, list) else [value]:
                held |= terms(str(text))
        for term in held:
            every.setdefault(term, []).append(i)
    assert index(entries) == dict(sorted(every.items()))


def test_pages_parse_strictly_and_load_nothing_from_outside(site: tuple[Path, Path]) -> None:
    out = site[1]
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 40
    parser = html5lib.HTMLParser(strict=True)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parser.parse(text)
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text), page
        if "/reports/" not in page.as_posix() and page != out / "index.html":
            assert "script-src 'self'" in text and "<script>" not in text, page


def test_rebuild_writes_only_what_changed_and_removes_what_is_gone(
    site: tuple[Path, Path], tmp_path: Path
) -> None:
    root, out = site
    again = Casebook(root, now=NOW).site(out)
    assert again.written == 0 and again.unchanged > 40 and again.removed == 0
    stale = out / "en" / "cases" / "C-000000-GONE0.html"
    stale.write_text("old", encoding="utf-8")
    assert Casebook(root, now=NOW).site(out).removed == 1 and not stale.exists()


def test_a_folder_of_other_files_is_refused(site: tuple[Path, Path], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="not a site casectl built"):
        Casebook(site[0], now=NOW).site(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_public_is_the_redacted_library_alone(site: tuple[Path, Path], tmp_path: Path) -> None:
    out = build(site[0], tmp_path / "public", public=True)
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert pages == {
        "index.html",
        "zh/index.html",
        "zh/library.html",
        "en/index.html",
        "en/library.html",
    }
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert TITLE in text
    assert "华东精密" not in text and "zhang.min@" not in text and "cases/" not in text


def test_hostile_title_is_text(tmp_path: Path) -> None:
    root = example_copy(tmp_path / "book")
    book = Casebook(root, now=NOW, user="li.wei")
    hostile = '<script>alert(1)</script> \u202ejavascript:alert(2) <a href="javascript:x">y</a>'
    case = book.record(
        customer='"><img src=x onerror=alert(3)>',
        title=hostile,
        category="technical",
        priority="high",
        at="2026-11-23T09:15:00+08:00",
    ).case.id
    out = build(root, tmp_path / "out")
    for page in (f"en/cases/{case}.html", "en/cases.html", "zh/customers.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img" not in text
        assert 'href="javascript:' not in text and "\u202e" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "customers" in page
        assert "&quot;&gt;&lt;img src=x onerror=alert(3)&gt;" in text


def test_cli_builds_and_refuses(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = example_copy(tmp_path / "book")
    env = {"CASECTL_NOW": NOW}
    done = run("-C", str(root), "site", "build", "-o", str(tmp_path / "out"), env=env)
    assert done.exit_code == 0, done.stderr
    assert "page(s) written" in done.stderr and (tmp_path / "out" / "zh" / "index.html").is_file()
    refused = run("-C", str(root), "site", "build", "-o", str(root), env=env)
    assert refused.exit_code == 2 and "not a site casectl built" in refused.stderr


@pytest.mark.parametrize("name", ["site-github-actions.yml", "site-gitlab-ci.yml"])
def test_ci_examples_build_the_site(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:  # type: ignore[no-untyped-def]
    import shlex

    import yaml

    text = (EXAMPLE.parent / "ci" / name).read_text(encoding="utf-8")
    yaml.safe_load(text)
    lines = [
        line.strip().removeprefix("- ").removeprefix("run: ")
        for line in text.splitlines()
        if "casectl site build" in line
    ]
    assert lines, name
    root = example_copy(tmp_path / "book")
    monkeypatch.chdir(tmp_path)
    for line in lines:
        words = shlex.split(line)[1:]
        done = run("-C", str(root), *words, env={"CASECTL_NOW": NOW})
        assert done.exit_code == 0, (name, done.stderr)
    assert (tmp_path / "public" / "en" / "index.html").is_file()


def test_case_pages_link_the_attachments_kept_as_evidence(tmp_path: Path) -> None:
    """An attached file is copied into the site and its case page links it (issue: the site
    links attachments); a public site holds none."""
    root = example_copy(tmp_path / "book")
    case = with_library_case(root)
    log = tmp_path / "网关 报错.log"
    log.write_bytes(b"gateway closed after 60 s\n")
    Casebook(root, now=NOW).attach(case, [str(log)])
    out = build(root, tmp_path / "out")
    page = (out / "zh" / "cases" / f"{case}.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<ul class="attachments"><li><a href="([^"]+)">网关 报错.log</a>', page)
    assert len(hrefs) == 1, page
    from urllib.parse import unquote

    copied = (out / "zh" / "cases" / unquote(hrefs[0])).resolve()
    assert copied.read_bytes() == b"gateway closed after 60 s\n"
    assert copied.is_relative_to(out.resolve() / "files" / "attachments")
    public = build(root, tmp_path / "public", public=True)
    assert not (public / "files").exists()


def test_a_chinese_case_page_names_every_field_in_chinese(site: tuple[Path, Path]) -> None:
    _root, out = site
    pages = sorted((out / "zh" / "cases").glob("*.html"))
    assert pages
    english = re.compile(r"<(dt|th)>([a-z][a-z ]*)</\1>")
    found = {m.group(2) for page in pages for m in english.finditer(page.read_text("utf-8"))}
    assert found == set()
