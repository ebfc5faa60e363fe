"""The index cache behind bulk reads: faster, and never a stale or lost case."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.storage.store import Casebook
from conftest import Cli, case_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "casebook"


def titles(run: Cli) -> list[str]:
    result = run("list", "--all", "--format", "json")
    assert result.exit_code == 0, result
    return [row["title"] for row in result.json()]


def test_cached_cases_equal_the_files(tmp_path: Path) -> None:
    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root)
    first = Casebook.open(root).cases()
    assert (root / ".casectl" / "index.json").is_file()
    for path in root.glob("cases/**/*.yaml"):  # make every entry old enough to be trusted
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 5_000_000_000))
    Casebook.open(root).cases()  # rewrites the cache with the new times
    again = Casebook.open(root).cases()
    assert again.cases == first.cases
    assert len(again.cases) >= 10


def test_a_hand_edit_is_seen_even_at_the_same_size(run: Cli, record: Callable[..., str]) -> None:
    cid = record(title="报表导出超时")
    assert titles(run) == ["报表导出超时"]
    path = case_file(Path.cwd(), cid)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("报表导出超时", "报表打印超时"), encoding="utf-8")  # same size
    assert titles(run) == ["报表打印超时"]


def test_an_edit_after_the_cache_was_trusted_is_seen(run: Cli, record: Callable[..., str]) -> None:
    cid = record(title="old title")
    path = case_file(Path.cwd(), cid)
    old = path.stat().st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(old, old))
    assert titles(run) == ["old title"]
    assert titles(run) == ["old title"]  # now from the cache
    path.write_text(path.read_text(encoding="utf-8").replace("old title", "new title!"), "utf-8")
    assert titles(run) == ["new title!"]


def test_removed_files_and_a_corrupt_cache(run: Cli, record: Callable[..., str]) -> None:
    keep, gone = record(title="keep"), record(title="gone")
    assert sorted(titles(run)) == ["gone", "keep"]
    case_file(Path.cwd(), gone).unlink()
    assert titles(run) == ["keep"]
    cache = Path.cwd() / ".casectl" / "index.json"
    cache.write_text("{not json", encoding="utf-8")
    assert titles(run) == ["keep"]
    assert cache.read_text(encoding="utf-8").startswith("{")
    assert keep in cache.read_text(encoding="utf-8")


def test_the_cache_can_be_turned_off(
    run: Cli, record: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CASECTL_NO_CACHE", "1")
    record()
    assert titles(run) == ["月末报表导出超时"]
    assert not (Path.cwd() / ".casectl" / "index.json").exists()


def test_unchanged_files_are_served_from_the_cache_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is really used: once trusted, a bulk read parses no case file at all."""
    from casectl.storage import store

    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root)
    for path in root.glob("cases/**/*.yaml"):  # old enough for the cache to trust them
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 5_000_000_000))
    expected = Casebook.open(root).cases().cases  # parses every file and writes the cache
    parsed: list[str] = []
    real = store.parse_case

    def counting(text: str, name: str) -> object:
        parsed.append(name)
        return real(text, name)

    monkeypatch.setattr(store, "parse_case", counting)
    again = Casebook.open(root).cases().cases
    assert again == expected
    assert parsed == []
    edited = sorted(root.glob("cases/**/*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert Casebook.open(root).cases().cases == expected
    assert parsed == [edited.relative_to(root).as_posix()]
