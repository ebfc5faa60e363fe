"""Item ids: random, minted once, named by id or ordinal; old sequential ids read, warned of by
validate, and given random ones by ``casectl migrate`` with every reference following."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from casectl.core import ids
from casectl.core.loop import around, steps
from casectl.core.loop.checks import check_case, check_id_form
from casectl.core.teamwork import renumber
from casectl.core.teamwork.merge import merge_data
from casectl.storage.casefile import case_data
from conftest import Cli, case_file

TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
RANDOM_ID = re.compile(r"[a-z][0-9a-hjkmnp-tv-z]{5}")


def test_a_new_id_is_the_prefix_and_five_crockford_characters_not_taken() -> None:
    pick = random.Random(7).choice
    made = [ids.next_item_id("n", [], pick) for _ in range(200)]
    assert all(RANDOM_ID.fullmatch(i) and i.startswith("n") for i in made)
    assert not any(c in "ilou" for i in made for c in i[1:])  # Crockford leaves them out
    first = ids.next_item_id("a", [], random.Random(1).choice)
    assert ids.next_item_id("a", [first], random.Random(1).choice) != first  # drawn again


class Item:
    def __init__(self, item_id: str) -> None:
        self.id = item_id


@pytest.mark.parametrize(
    ("held", "typed", "found"),
    [
        (["nzzzzz", "n7qh4k"], "n7qh4k", "n7qh4k"),
        (["nzzzzz", "n7qh4k"], " N7QH4K ", "n7qh4k"),
        (["nzzzzz", "n7qh4k"], "n2", "n7qh4k"),  # the second note
        (["nzzzzz", "n7qh4k"], "n3", None),
        (["nzzzzz", "n7qh4k"], "a1", None),  # another list's ordinal
        (["n1", "nzzzzz"], "n1", "n1"),  # an old id is the item's own
        (["n1", "nzzzzz"], "n2", "nzzzzz"),
    ],
)
def test_an_item_is_named_by_its_id_or_its_place(
    held: list[str], typed: str, found: str | None
) -> None:
    hit = ids.find_item(typed, [Item(i) for i in held], "n")
    assert (hit.id if hit else None) == found


def _case_with_old_ids() -> steps.Case:  # type: ignore[name-defined]
    who = steps.Who(at=T0, by="li.wei", pick=random.Random(3).choice)
    case = steps.record(
        "C-261123-7QH4K", who, title="导出超时", customer="华东精密", received_at=T0,
        channel="phone", category="technical", priority="high",
    )  # fmt: skip
    later = steps.Who(at=T0 + timedelta(minutes=5), by="li.wei", pick=who.pick)
    case = steps.respond(
        case, later, summary="致歉", channel="phone", apology=True,
        promises=[("反馈原因", T0 + timedelta(days=1))],
    )  # fmt: skip
    case = around.note(case, later, text="客户要求周五回访")
    case = steps.update(case, later, summary="已反馈", channel="phone", keeps=["p1"])
    case = around.amend(case, later, what="n1", text="客户要求周四回访", reason="更准确")
    data = case.model_dump(mode="json")
    text = str(data)
    for where, prefix in (("notes", "n"), ("updates", "u"), ("amendments", "m")):
        text = text.replace(data[where][0]["id"], f"{prefix}1")
    text = text.replace(data["response"]["promises"][0]["id"], "p1")
    return type(case).model_validate(eval(text))


def test_migrate_gives_old_ids_random_ones_and_references_follow() -> None:
    old = _case_with_old_ids()
    assert [m for _, m in check_id_form(old)] == [
        "warning: old sequential item ids (p1, u1, n1, m1); run casectl migrate"
    ]
    new, renamed = renumber.fresh_ids(old, random.Random(5).choice)
    assert set(renamed) == {"response.promises", "updates", "notes", "amendments"}
    assert list(check_id_form(new)) == [] and list(check_case(new)) == []
    note, promise = new.notes[0].id, new.response.promises[0].id  # type: ignore[union-attr]
    assert RANDOM_ID.fullmatch(note) and RANDOM_ID.fullmatch(promise)
    assert new.updates[0].keeps == [promise]
    assert new.amendments[0].field == f"notes[{note}].text"
    said = [e.event for e in new.timeline]
    assert f"note {note} added" in said and f"amended notes[{note}].text" in said
    assert not any(re.search(r"\b[npum]1\b", e) for e in said)
    assert renumber.fresh_ids(new, random.Random(5).choice) == (new, {})


def test_items_two_sides_added_are_both_kept_as_they_are() -> None:
    base = case_data(_case_with_old_ids())
    sides = []
    for seed, by in ((1, "li.wei"), (2, "wang.fang")):
        who = steps.Who(at=T0 + timedelta(hours=seed), by=by, pick=random.Random(seed).choice)
        sides.append(case_data(around.note(_case_with_old_ids(), who, text=f"{by} 的备注")))
    merged = merge_data(base, sides[0], sides[1])
    assert merged.conflicts == [] and merged.renames == ({}, {})
    ours, theirs = (s["notes"][-1]["id"] for s in sides)
    assert [n["id"] for n in merged.data["notes"]] == ["n1", ours, theirs]
    again = merge_data(base, sides[1], sides[0])
    assert again.data == merged.data


def test_validate_warns_of_old_ids_and_migrate_rewrites_them(
    run: Cli, record: object, casebook: Path
) -> None:
    case_id = record()  # type: ignore[operator]
    assert run("note", case_id, "内部备注").exit_code == 0
    path = case_file(Path.cwd(), case_id)
    text = path.read_text(encoding="utf-8")
    (note,) = re.findall(r"^- id: (n[0-9a-z]{5})$", text, re.M)
    path.write_text(text.replace(note, "n1"), encoding="utf-8")
    checked = run("validate")
    assert checked.exit_code == 0, checked
    assert "old sequential item ids (n1); run casectl migrate" in checked.stdout
    assert "all valid" in checked.stderr
    dry = run("migrate", "--dry-run")
    assert dry.exit_code == 0 and "1 case would change" in dry.stderr
    assert "- id: n1\n" in path.read_text(encoding="utf-8")
    done = run("migrate")
    assert done.exit_code == 0 and done.stdout.startswith(f"{case_id}: n1 → n")
    text = path.read_text(encoding="utf-8")
    (new,) = re.findall(r"^- id: (n[0-9a-z]{5})$", text, re.M)
    assert f"event: note {new} added" in text
    assert not re.search(r"\bn1\b", text)  # the old ID nowhere (a new one may begin with 1)
    assert "old sequential" not in run("validate").stdout
    assert "0 cases migrated" in run("migrate").stderr
