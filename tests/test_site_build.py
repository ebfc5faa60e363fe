"""How ``casectl site build`` works the site out fast without changing a byte of it: the case
pages written by forked processes are the pages written in one, a rebuild after one change
writes only the pages it changed, and a case page's nearest cases are found by halving."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casectl import Casebook
from casectl.api import site_cases
from casectl.core.model import Case
from casectl.core.views.listing import ListFilter
from casectl.render import site as render_site
from casectl.render.site.case import RELATED, _near
from casectl.storage import site as store
from sitebooks import NOW, example_copy

START = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_copy(tmp_path_factory.mktemp("site-build") / "book")


def _files(folder: Path) -> dict[str, bytes]:
    """The site's pages, by path (the files casectl keeps beside them left out)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.slow
def test_pages_written_by_forked_processes_are_the_same_bytes(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = Casebook(book, now=NOW).site(tmp_path / "alone")
    monkeypatch.setattr(site_cases, "PARALLEL_FROM", 1)
    monkeypatch.setattr(site_cases, "CHUNK", 2)  # many chunks, taken by whichever is free
    forked = Casebook(book, now=NOW).site(tmp_path / "forked")
    assert (forked.written, forked.cases) == (alone.written, alone.cases)
    assert _files(tmp_path / "forked") == _files(tmp_path / "alone")
    again = Casebook(book, now=NOW).site(tmp_path / "forked")
    assert (again.written, again.unchanged, again.removed) == (0, alone.written, 0)


def test_without_fork_the_pages_are_written_in_one_process(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the system cannot fork (Windows), a big casebook's pages are written here."""
    import multiprocessing

    monkeypatch.setattr(site_cases, "PARALLEL_FROM", 1)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    built = Casebook(book, now=NOW).site(tmp_path / "out")
    assert built.written > 0 and built.unchanged == 0
    assert (tmp_path / "out" / "zh" / "library.html").is_file()


def test_a_note_rewrites_only_the_pages_it_changes(book: Path, tmp_path: Path) -> None:
    root = example_copy(tmp_path / "book")
    out = tmp_path / "out"
    Casebook(root, now=NOW).site(out)
    before = _files(out)
    noted = Casebook(root, now=NOW, user="li.wei")
    case_id = noted.list_cases().rows[0]["id"]
    noted.note(case_id, "客户来电确认收到补丁")
    again = Casebook(root, now=NOW).site(out)
    changed = {name for name, data in _files(out).items() if before.get(name) != data}
    assert again.written == len(changed) and again.removed == 0
    assert {f"zh/cases/{case_id}.html", f"en/cases/{case_id}.html"} <= changed
    assert all(case_id in (out / name).read_text(encoding="utf-8") for name in changed)


def test_a_rebuild_renders_again_only_the_pages_whose_inputs_changed(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    Casebook(book, now=NOW).site(out)
    rendered: list[str] = []
    real = render_site.case_page

    def counted(site: Any, case: Any) -> str:
        rendered.append(case.id)
        return str(real(site, case))

    monkeypatch.setattr(render_site, "case_page", counted)
    again = Casebook(book, now=NOW).site(out)
    closed = {r["id"] for r in Casebook(book, now=NOW).list_cases(ListFilter(state="closed")).rows}
    assert closed and not closed & set(rendered)  # an open case's clocks move with the time
    assert again.written == 0
    monkeypatch.setattr(store, "code_version", lambda: "other code")
    rendered.clear()
    Casebook(book, now=NOW).site(out)
    assert len(rendered) == 2 * again.cases
    (out / "en" / "cases" / f"{min(closed)}.html").unlink()
    rendered.clear()
    assert Casebook(book, now=NOW).site(out).written == 1 and min(closed) in rendered


def _nearest(case: Any, cases: list[Any]) -> list[str]:
    """A case page's nearest other cases, measured against every one of the customer's."""
    others = [c for c in cases if c.id != case.id]
    at = case.received_at
    return [c.id for c in sorted(others, key=lambda c: abs(c.received_at - at))[:RELATED]]


class _Seen:
    def __init__(self, i: int, minutes: int) -> None:
        self.id = f"C-{i:05d}"
        self.received_at = START + timedelta(minutes=minutes)


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=60))
def test_nearest_cases_by_halving_are_those_measured_against_all(minutes: list[int]) -> None:
    cases = sorted(
        (_Seen(i, m) for i, m in enumerate(minutes)), key=lambda c: (c.received_at, c.id)
    )
    times = [c.received_at for c in cases]
    for case in cases:
        near = list(_near(cast(Case, case), cast(list[Case], cases), times))
        assert _nearest(case, near) == _nearest(case, cases)


@pytest.mark.slow
def test_jobs_in_background_give_their_results_errors_and_survive_a_dead_process() -> None:
    import os

    parent = os.getpid()

    def dies_there() -> str:
        if os.getpid() != parent:
            os._exit(1)
        return "done here"

    def fails() -> str:
        raise ValueError("no")

    wait = store.in_background([lambda: os.getpid() != parent, dies_there])
    if wait is None:  # one core, or no fork: nothing to test here
        return
    assert wait() == [True, "done here"]
    failing = store.in_background([fails])
    assert failing is not None
    with pytest.raises(ValueError, match="no"):
        failing()


def test_a_customer_story_without_milestones_is_the_same_story(book: Path) -> None:
    from casectl.core.views.customers import story

    cases = Casebook(book, now=NOW).cases().cases
    name = cases[0].customer.name
    mine = sorted((c for c in cases if c.customer.name == name), key=lambda c: c.received_at)
    full = story(mine, ZoneInfo("Asia/Shanghai"), name)
    light = story(mine, ZoneInfo("Asia/Shanghai"), name, milestones=False)
    assert full["events"] and light["events"] == []
    assert {k: v for k, v in full.items() if k != "events"} == {
        k: v for k, v in light.items() if k != "events"
    }
