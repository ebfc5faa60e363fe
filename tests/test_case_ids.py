"""A case named as people remember it: a unique start or end of its ID, in any case, with or
without ``C-`` and the dashes; an ambiguous one lists the candidates (``core.ids.resolve``,
through ``Store.resolve`` and ``label:ID`` among several casebooks)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.core import ids
from casectl.errors import AmbiguousCaseError, UnknownCaseError
from conftest import Cli

KNOWN = ["C-261122-7QH4K", "C-261122-AB3XY", "C-261123-7QH4M", "C-261001-ZZZ4K"]


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("C-261122-7QH4K", "C-261122-7QH4K"),  # the whole ID
        ("c-261122-7qh4k", "C-261122-7QH4K"),  # in lower case
        ("C-261122-A", "C-261122-AB3XY"),  # a start
        ("261122a", "C-261122-AB3XY"),  # a start without C- and dashes
        ("7QH4K", "C-261122-7QH4K"),  # an end
        ("7qh4k", "C-261122-7QH4K"),  # an end in lower case
        ("…7QH4K", "C-261122-7QH4K"),  # an end as people write it
        ("...3xy", "C-261122-AB3XY"),
        ("3-7qh4m", "C-261123-7QH4M"),  # an end with its dash
        ("37qh4m", "C-261123-7QH4M"),  # and without
        ("zzz4k", "C-261001-ZZZ4K"),
    ],
)
def test_a_unique_start_or_end_names_the_case(typed: str, named: str) -> None:
    assert ids.resolve(typed, KNOWN) == named


@pytest.mark.parametrize(
    ("typed", "candidates"),
    [
        ("4K", "C-261001-ZZZ4K, C-261122-7QH4K"),  # two ends
        ("C-261122", "C-261122-7QH4K, C-261122-AB3XY"),  # two starts
    ],
)
def test_an_ambiguous_one_lists_the_candidates(typed: str, candidates: str) -> None:
    with pytest.raises(AmbiguousCaseError) as refused:
        ids.resolve(typed, KNOWN)
    assert f"matches 2 cases: {candidates}" in str(refused.value)


@pytest.mark.parametrize("typed", ["QQQQQ", "7QH4"])  # 7QH4: the middle of two IDs
def test_none_is_not_found(typed: str) -> None:
    with pytest.raises(UnknownCaseError):
        ids.resolve(typed, KNOWN)


def test_the_command_line_takes_the_end_in_lower_case(run: Cli, record: Callable[..., str]) -> None:
    first, second = record(), record(title="另一件")
    shown = run("show", first[-5:].lower(), "--format", "json")
    assert shown.exit_code == 0, shown
    assert shown.json()["id"] == first
    noted = run("note", "…" + second[-4:].lower(), "记一笔")
    assert noted.exit_code == 0, noted
    both = run("show", first[:9].lower())  # C-261123-: the start of both
    assert both.exit_code == 2
    assert f"matches 2 cases: {', '.join(sorted([first, second]))}" in both.stderr


def test_among_casebooks_an_end_names_its_casebook_or_lists_label_ids(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = {}
    for name in ("east", "west"):
        assert run("init", str(tmp_path / name)).exit_code == 0
        made[name] = run("-C", str(tmp_path / name), "record", "--customer", "甲", "--title",
                         "t", "--category", "技术", "--priority", "高").stdout.strip()  # fmt: skip
    monkeypatch.chdir(tmp_path)
    shown = run("-C", "east", "-C", "west", "show", made["west"][-5:].lower(), "--format", "json")
    assert shown.exit_code == 0, shown
    assert shown.json()["id"] == made["west"]
    labelled = run("-C", "east", "-C", "west", "show", "east:" + made["east"][-5:].lower())
    assert labelled.exit_code == 0, labelled
    both = run("-C", "east", "-C", "west", "show", "C-261123")
    assert both.exit_code == 2
    assert f"east:{made['east']}, west:{made['west']}" in both.stderr
