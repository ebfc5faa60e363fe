"""A site of several casebooks (a folder per casebook, cases named ``label:ID``, a front page
listing them), and a site kept up to date with its casebooks (``site serve``'s check)."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib

from casectl import Casebook, open_many
from sitebooks import NOW, example_copy


def _two(tmp_path: Path) -> tuple[Path, Path]:
    return example_copy(tmp_path / "east"), example_copy(tmp_path / "west")


def test_one_site_shows_each_casebook_in_a_folder_of_its_own(tmp_path: Path) -> None:
    east, west = _two(tmp_path)
    out = tmp_path / "site"
    alone = Casebook(east, now=NOW).site(tmp_path / "alone")
    built = open_many([east, west], now=NOW).site(out)
    assert built.cases == 2 * alone.cases and built.open == 2 * alone.open
    front = (out / "index.html").read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(front)
    for label in ("east", "west"):
        assert f'href="{label}/index.html"' in front
        assert f'href="{label}/{alone.language}/cases.html?f=breached"' in front
        rows = (out / label / "en" / "cases.html").read_text(encoding="utf-8")
        ids = re.findall(r'<td><a href="cases/([^"]+)\.html">([^<]+)</a></td>', rows)
        assert ids and all(shown == f"{label}:{case_id}" for case_id, shown in ids)
        case_id = ids[0][0]
        page = (out / label / "zh" / "cases" / f"{case_id}.html").read_text(encoding="utf-8")
        assert f'<p class="lead">{label}:{case_id}</p>' in page


def test_a_public_site_of_several_links_no_cases(tmp_path: Path) -> None:
    east, west = _two(tmp_path)
    out = tmp_path / "site"
    open_many([east, west], now=NOW).site(out, public=True)
    front = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="west/index.html"' in front and "cases.html" not in front
    assert not list(out.rglob("cases/*.html"))


def test_a_site_of_one_casebook_built_there_before_is_replaced(tmp_path: Path) -> None:
    east, west = _two(tmp_path)
    out = tmp_path / "site"
    Casebook(east, now=NOW).site(out)
    assert (out / "zh" / "index.html").is_file()
    again = open_many([east, west], now=NOW).site(out)
    assert again.removed > 0 and not (out / "zh").exists() and not (out / "en").exists()
    assert (out / "east" / "zh" / "index.html").is_file()


def test_the_site_is_rebuilt_when_a_case_changes_and_only_then(tmp_path: Path) -> None:
    root = example_copy(tmp_path / "book")
    watch = Casebook(root, now=NOW).site_watch(tmp_path / "out")
    assert watch.last is not None and watch.last.written > 40
    assert watch.check() is None
    book = Casebook(root, now=NOW, user="li.wei")
    case_id = book.list_cases().rows[0]["id"]
    book.note(case_id, "客户确认补丁已生效")
    rebuilt = watch.check()
    assert rebuilt is not None and 2 <= rebuilt.written < 10
    page = tmp_path / "out" / "zh" / "cases" / f"{case_id}.html"
    assert "客户确认补丁已生效" in page.read_text(encoding="utf-8")
    assert watch.check() is None


def test_a_site_of_several_is_rebuilt_when_one_of_them_changes(tmp_path: Path) -> None:
    east, west = _two(tmp_path)
    watch = open_many([east, west], now=NOW).site_watch(tmp_path / "out")
    assert watch.check() is None
    book = Casebook(west, now=NOW, user="li.wei")
    case_id = book.list_cases().rows[0]["id"]
    book.note(case_id, "west 的备注")
    assert watch.check() is not None
    page = tmp_path / "out" / "west" / "en" / "cases" / f"{case_id}.html"
    assert "west 的备注" in page.read_text(encoding="utf-8")


def test_cli_builds_a_site_of_several_casebooks(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    east, west = _two(tmp_path)
    args = ("-C", str(east), "-C", str(west), "site", "build", "-o", str(tmp_path / "out"))
    done = run(*args, env={"CASECTL_NOW": NOW})
    assert done.exit_code == 0, done.stderr
    assert (tmp_path / "out" / "west" / "en" / "index.html").is_file()
