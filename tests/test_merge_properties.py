"""Hypothesis properties of the case merge: a change against an unchanged side is the change;
merging is symmetric for edits that do not conflict; no list item is ever dropped."""

from __future__ import annotations

import copy
import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from casectl.core.ids import next_item_id
from casectl.core.teamwork.merge import canonical, merge_data, same
from casectl.storage import yamlio
from casectl.storage.casefile import case_data, parse_case
from casectl.storage.mergefile import merge_texts

TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 22, 9, 15, tzinfo=TZ)


def base_case(notes: int, actions: int) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "id": "C-261122-7QH4K",
        "title": "导出超时",
        "customer": {"name": "华东精密"},
        "received_at": T0,
        "channel": "phone",
        "category": "technical",
        "priority": "high",
        "owner": "li.wei",
        "tags": ["export"],
        "actions": [
            {"id": f"a{i + 1}", "horizon": "short", "what": f"fix {i}", "added_at": T0}
            for i in range(actions)
        ],
        "notes": [
            {"id": f"n{i + 1}", "at": T0 + timedelta(minutes=i), "by": "li.wei", "text": f"n {i}"}
            for i in range(notes)
        ],
        "timeline": [{"at": T0, "by": "li.wei", "event": "recorded"}],
    }


Edit = dict[str, Any]
edits = st.fixed_dictionaries(
    {
        "owner": st.sampled_from([None, "wang.fang", "zhao.lei"]),
        "priority": st.sampled_from([None, "urgent", "low"]),
        "notes": st.lists(st.tuples(st.integers(0, 600), st.sampled_from("xyz")), max_size=3),
        "events": st.lists(st.tuples(st.integers(0, 600), st.sampled_from("pqr")), max_size=3),
        "done": st.lists(st.tuples(st.integers(0, 3), st.integers(1, 9)), max_size=2),
        "tags": st.lists(st.sampled_from(["vip", "gateway", "upgrade"]), max_size=2, unique=True),
        "who": st.sampled_from(["li.wei", "zhao.lei"]),
    }
)


def apply(base: dict[str, Any], edit: Edit) -> dict[str, Any]:
    """What one clone does to the case, the way the step commands do it."""
    data = copy.deepcopy(base)
    for key in ("owner", "priority"):
        if edit[key]:
            data[key] = edit[key]
    for minutes, text in sorted(edit["notes"]):
        nid = next_item_id("n", (n["id"] for n in data["notes"]))
        at = T0 + timedelta(minutes=minutes)
        data["notes"].append({"id": nid, "at": at, "by": edit["who"], "text": f"{text} {minutes}"})
        data["timeline"].append({"at": at, "by": edit["who"], "event": f"note {nid} added"})
    for minutes, text in edit["events"]:
        at = T0 + timedelta(minutes=minutes)
        data["timeline"].append({"at": at, "by": edit["who"], "event": text})
    for index, hours in edit["done"]:
        if index < len(data["actions"]):
            data["actions"][index]["done_at"] = T0 + timedelta(hours=hours)
    data["tags"] = data["tags"] + [t for t in edit["tags"] if t not in data["tags"]]
    return data


def normal(data: Any) -> Any:
    """Content with plain lists compared as multisets (their order follows OURS)."""
    out = copy.deepcopy(data)
    out["tags"] = sorted(out.get("tags") or [])
    return out


def _sorted(events: list[dict[str, Any]]) -> bool:
    times = [e["at"] for e in events]
    return times == sorted(times)


def items(data: dict[str, Any], name: str) -> Counter[str]:
    """The items of a list with their ids left out (a clashing id is renamed, also where the
    timeline names it: "note n2 added" may become "note n3 added")."""
    return Counter(
        canonical({k: _no_id(v) if k == "event" else v for k, v in i.items() if k != "id"})
        for i in data[name]
    )


def _no_id(event: str) -> str:
    return re.sub(r"^(note|evidence|action|update|finding) \S+", r"\1 #", event)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 3), st.integers(0, 3), edits)
def test_a_change_against_an_unchanged_side_is_the_change(
    notes: int, actions: int, edit: Edit
) -> None:
    base = base_case(notes, actions)
    changed = apply(base, edit)
    for result in (merge_data(base, base, changed), merge_data(base, changed, base)):
        assert not result.conflicts
        assert same(result.data, changed)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 3), st.integers(0, 3), edits, edits)
def test_merge_is_symmetric_and_drops_nothing(
    notes: int, actions: int, mine: Edit, yours: Edit
) -> None:
    base = base_case(notes, actions)
    ours, theirs = apply(base, mine), apply(base, yours)
    one = merge_data(base, ours, theirs)
    other = merge_data(base, theirs, ours)
    assert [c.path for c in one.conflicts] == [c.path for c in other.conflicts]
    if not one.conflicts:
        assert same(normal(one.data), normal(other.data))
    for result in (one, other):
        data = result.data
        for side in (ours, theirs):
            assert not items(side, "notes") - items(data, "notes")  # every note survives
            assert not items(side, "timeline") - items(data, "timeline")
            assert not Counter(side["tags"]) - Counter(data["tags"])
        assert len({n["id"] for n in data["notes"]}) == len(data["notes"])  # ids stay unique
        assert {a["id"] for a in base["actions"]} == {a["id"] for a in data["actions"]}
        times = [e["at"] for e in data["timeline"]]
        if all(_sorted(side["timeline"]) for side in (ours, theirs)):
            assert times == sorted(times)


_BOTH_DONE = {
    "owner": None,
    "priority": None,
    "notes": [],
    "events": [],
    "tags": [],
    "who": "li.wei",
}


@settings(max_examples=25, deadline=None)
@given(edits, edits)
@example(  # both clones finish both actions, at different times: two conflicts in one list
    mine={**_BOTH_DONE, "done": [(0, 1), (1, 2)]}, yours={**_BOTH_DONE, "done": [(0, 2), (1, 1)]}
)
def test_merged_files_validate_and_hold_the_merged_data(mine: Edit, yours: Edit) -> None:
    base = base_case(1, 2)
    texts = [
        yamlio.dump_new(case_data(parse_case(yamlio.dump_new(d), "x")))
        for d in (base, apply(base, mine), apply(base, yours))
    ]
    outcome = merge_texts(*texts)
    expected = merge_data(*(yamlio.fast_load(t) for t in texts))
    if expected.conflicts:
        assert not outcome.clean
        # markers go around each conflicting field: at least one block for each section with
        # a conflict, never more blocks than conflicts (two actions both done at different
        # times are two blocks, one around each done_at)
        blocks = outcome.text.count("<<<<<<< ours")
        assert len({c.path[:1] for c in expected.conflicts}) <= blocks <= len(expected.conflicts)
        return
    assert outcome.clean, outcome.problem
    parse_case(outcome.text, "merged.yaml")
    assert same(yamlio.fast_load(outcome.text), expected.data)
