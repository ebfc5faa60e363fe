"""Clocks kept in the index once they settled measure exactly as the whole case does: the
fast path of ``overdue`` and ``list --breached`` gives the same answer as the long way, at any
"now" — before the case settled, while it waits on the customer, and long after."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from casebooks import Book
from casectl.core.clocks import settled as settled_clocks
from casectl.core.durations import Span
from casectl.core.views import gate
from casectl.render.overdue import Report, to_json
from casectl.storage.store import Casebook

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "casebook"


def _nows(start: str, days: int, step_hours: int = 13) -> list[datetime]:
    first = datetime.fromisoformat(start)
    return [first + timedelta(hours=h) for h in range(0, days * 24, step_hours)]


def _compare(root: Path, nows: list[datetime]) -> int:
    book = Casebook.open(root)
    entries = book.entries().entries
    cases = [e.case() for e in entries]
    settled = sum(e.settled_json is not None for e in entries)
    paths = {e.id: e.path for e in entries}
    for now in nows:
        for within in (None, Span(days=1)):
            fast = gate.overdue(entries, book.config, now, within=within)
            slow = gate.overdue(gate.sources(cases), book.config, now, within=within)
            assert to_json(Report(fast, book.config, paths)) == to_json(
                Report(slow, book.config, paths)
            ), now
        for options in ({"breached": True}, {"due_within": Span(minutes=90)}):
            kept = gate.flagged(entries, book.config, now, **options)  # type: ignore[arg-type]
            long_way = gate.flagged(gate.sources(cases), book.config, now, **options)  # type: ignore[arg-type]
            assert [e.id for e in kept] == [s.case.id for s in long_way], (now, options)
    return settled


def test_the_example_casebook(tmp_path: Path) -> None:
    root = tmp_path / "book"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".casectl"))
    settled = _compare(root, _nows("2026-10-01T08:00:00+08:00", 70))
    assert settled >= 5  # the fast path was taken for most cases


def test_the_two_month_casebook(two_months_copy: Book) -> None:
    assert _compare(two_months_copy.root, _nows("2026-10-05T09:00:00+08:00", 75, 11)) >= 4


@pytest.mark.parametrize("case_file", sorted(EXAMPLES.glob("cases/**/*.yaml"))[:6])
def test_settled_data_survives_its_round_trip(case_file: Path) -> None:
    from casectl.storage.casefile import parse_case

    case = parse_case(case_file.read_text(encoding="utf-8"), case_file.name)
    config = Casebook.open(EXAMPLES).config
    settled = settled_clocks.settle(case, config)
    if settled is None:
        pytest.skip("this case waits on the customer")
    assert settled_clocks.Settled.from_data(settled.as_data()) == settled


def test_a_case_waiting_on_its_customer_is_settled_and_its_paused_clocks_move_with_now() -> None:
    from casectl.core.clocks.sla import Clocks, State
    from casectl.storage.casefile import parse_case

    path = EXAMPLES / "cases" / "2026" / "11" / "C-261119-JE0S6.yaml"
    case = parse_case(path.read_text(encoding="utf-8"), path.name)
    config = Casebook.open(EXAMPLES).config
    settled = settled_clocks.settle(case, config)
    assert settled.waiting  # the pause still open is kept as such
    assert settled_clocks.Settled.from_data(settled.as_data()) == settled
    states = set()
    for now in _nows("2026-11-25T08:00:00+08:00", 20, 7):
        book = Clocks(config, now)
        kept = settled_clocks.measure_settled(settled, book)
        assert kept == [c for c in book.of(case) if not c.stopped], now
        states |= {c.state for c in kept or []}
    assert State.paused in states  # the waiting was measured, not only the breaches
