"""The index cache behind bulk reads: faster, and never a stale or lost case."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.storage.store import Casebook
from conftest import Cli, case_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "casebook"


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the case files parsed from now on (a list that fills as they are)."""
    from casectl.storage import store

    parsed: list[str] = []
    real = store.parse_case

    def counting(text: str, name: str) -> object:
        parsed.append(name)
        return real(text, name)

    monkeypatch.setattr(store, "parse_case", counting)
    return parsed


def titles(run: Cli) -> list[str]:
    result = run("list", "--all", "--format", "json")
    assert result.exit_code == 0, result
    return [row["title"] for row in result.json()]


def test_cached_cases_equal_the_files(tmp_path: Path) -> None:
    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
    first = Casebook.open(root).cases()
    assert (root / ".casectl" / "index.sqlite").is_file()
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


INDEX = Path(".casectl") / "index.sqlite"


def test_removed_files_and_a_corrupt_index(run: Cli, record: Callable[..., str]) -> None:
    keep, gone = record(title="keep"), record(title="gone")
    assert sorted(titles(run)) == ["gone", "keep"]
    case_file(Path.cwd(), gone).unlink()
    assert titles(run) == ["keep"]
    for suffix in ("-wal", "-shm"):
        Path(f"{INDEX}{suffix}").unlink(missing_ok=True)
    INDEX.write_bytes(b"not a database at all" * 100)
    assert titles(run) == ["keep"]
    with sqlite3.connect(INDEX) as db:  # built anew
        assert [r[0] for r in db.execute("SELECT row FROM files") if keep in r[0]]


def test_a_foreign_index_is_replaced(run: Cli, record: Callable[..., str]) -> None:
    record(title="mine")
    INDEX.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{INDEX}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(INDEX) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("INSERT INTO meta VALUES ('format', 'someone-else-1')")
        db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, stat TEXT, checked_ns INTEGER,"
                   " blob TEXT, problem TEXT, doc TEXT, row TEXT, open INTEGER,"
                   " published INTEGER, settled TEXT)")  # fmt: skip
        db.execute(
            "INSERT INTO files VALUES ('cases/x.yaml', 's', 0, 'b', NULL, '{}', "
            """'{"id": "C-000000-XXXX", "title": "ghost"}', 1, 0, NULL)"""
        )
    assert titles(run) == ["mine"]
    with sqlite3.connect(INDEX) as db:  # rebuilt in today's shape, and written
        assert db.execute("SELECT count(*) FROM files WHERE row LIKE '%mine%'").fetchone() == (1,)


def test_an_index_of_an_older_shape_is_rebuilt_and_kept(
    run: Cli, record: Callable[..., str]
) -> None:
    record(title="mine")
    assert titles(run) == ["mine"]
    with sqlite3.connect(INDEX) as db:  # as an older casectl left it: fewer columns
        db.execute("DROP TABLE files")
        db.execute("CREATE TABLE files (path TEXT PRIMARY KEY, stat TEXT, row TEXT)")
    assert titles(run) == ["mine"]  # even with today's format named in it
    with sqlite3.connect(INDEX) as db:
        assert db.execute("SELECT count(*) FROM files WHERE row LIKE '%mine%'").fetchone() == (1,)


def test_unchanged_files_are_served_from_the_cache_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is really used: once trusted, a bulk read parses no case file at all."""

    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
    for path in root.glob("cases/**/*.yaml"):  # old enough for the cache to trust them
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 5_000_000_000))
    expected = Casebook.open(root).cases().cases  # parses every file and writes the cache
    parsed = count_parses(monkeypatch)
    again = Casebook.open(root).cases().cases
    assert again == expected
    assert parsed == []
    edited = sorted(root.glob("cases/**/*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert Casebook.open(root).cases().cases == expected
    assert parsed == [edited.relative_to(root).as_posix()]


def test_an_edit_with_its_modification_time_restored_is_seen(
    run: Cli, record: Callable[..., str]
) -> None:
    """``cp -p``, ``rsync -t``, ``tar x`` and ``touch -r`` put an old time back on new content."""
    cid = record(title="报表导出超时")
    path = case_file(Path.cwd(), cid)
    old = path.stat().st_mtime_ns - 10_000_000_000
    os.utime(path, ns=(old, old))
    assert titles(run) == ["报表导出超时"]
    assert titles(run) == ["报表导出超时"]  # trusted now
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("导出", "打印"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == old
    assert titles(run) == ["报表打印超时"]


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def _committed_book(tmp_path: Path) -> Path:
    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
    _git("init", "-q", cwd=root)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "add", "-A", cwd=root)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "book", cwd=root)
    return root


def test_a_file_changed_by_git_checkout_is_seen(tmp_path: Path) -> None:
    root = _committed_book(tmp_path)
    path = sorted(root.glob("cases/**/*.yaml"))[0]
    first = {c.id: c.title for c in Casebook.open(root).cases().cases}
    text = path.read_text(encoding="utf-8")
    case_id = path.stem
    path.write_text(text.replace(f"title: {first[case_id]}", "title: 改过的标题"), "utf-8")
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "edit", cwd=root)
    assert {c.id: c.title for c in Casebook.open(root).cases().cases}[case_id] == "改过的标题"
    _git("checkout", "-q", "HEAD~1", "--", ".", cwd=root)
    assert {c.id: c.title for c in Casebook.open(root).cases().cases} == first


def test_a_clone_with_a_restored_index_parses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CI restores .casectl/ from its cache into a fresh clone, where every file time is new:
    the index still serves every unchanged file, by content."""

    root = _committed_book(tmp_path)
    expected = Casebook.open(root).cases().cases
    clone = tmp_path / "clone"
    _git("clone", "-q", str(root), str(clone), cwd=tmp_path)
    shutil.copytree(root / ".casectl", clone / ".casectl")
    parsed = count_parses(monkeypatch)
    assert Casebook.open(clone).cases().cases == expected
    assert parsed == []


def test_a_settings_change_renews_every_row_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casectl.storage import store

    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
    book = Casebook.open(root)
    before = {e.id: e.row["received_at"] for e in book.entries().entries}
    config = root / "casectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("Asia/Shanghai", "Europe/Berlin"), "utf-8"
    )
    parsed: list[str] = []
    monkeypatch.setattr(store, "parse_case", lambda text, name: parsed.append(name))
    after = {e.id: e.row["received_at"] for e in Casebook.open(root).entries().entries}
    assert parsed == []
    assert before.keys() == after.keys()
    assert all(v.endswith("+08:00") for v in before.values())
    assert all(v.endswith(("+01:00", "+02:00")) for v in after.values())


def test_many_changed_files_are_read_on_every_core_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first run or a clone without an index parses in worker processes; the rows are the
    same as one process makes, bad files included."""
    from casectl.storage import rows as index

    books = []
    for name in ("serial", "parallel"):
        root = tmp_path / name
        shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
        (root / "cases" / "2026" / "11" / "C-261101-BAD00.yaml").write_text("id: [", "utf-8")
        books.append(root)
    monkeypatch.setattr(index, "PARALLEL_FROM", 10**9)
    serial = Casebook.open(books[0]).entries()
    monkeypatch.setattr(index, "PARALLEL_FROM", 2)
    parallel = Casebook.open(books[1]).entries()
    assert [e.row for e in parallel.entries] == [e.row for e in serial.entries]
    assert [e.settled_json for e in parallel.entries] == [e.settled_json for e in serial.entries]
    assert [str(p) for p in parallel.problems] == [str(p) for p in serial.problems] != []
    again = Casebook.open(books[1]).entries("search")  # and what the workers wrote is kept
    assert [e.row for e in again.entries] == [e.row for e in serial.entries]


def test_filters_read_from_a_trusted_index_find_the_same_cases(
    run: Cli, record: Callable[..., str]
) -> None:
    """list reads only the columns a command needs; what a filter needs is read when asked."""
    cid = record(title="导出超时", at="2026-11-16T09:15:00+08:00")
    other = record(title="打印慢")
    for path in Path.cwd().glob("cases/**/*.yaml"):  # old enough for the index to trust
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns - 5_000_000_000))
    assert sorted(titles(run)) == ["导出超时", "打印慢"]  # renews the rows' signatures
    assert sorted(titles(run)) == ["导出超时", "打印慢"]  # from the index alone
    found = run("list", "--text", "导出", "--format", "json").json()
    assert [r["id"] for r in found] == [cid]
    late = run("list", "--breached", "--format", "json").json()
    assert [r["id"] for r in late] == [cid] and other != cid
