"""The semantic merge of one case file, on hand-written texts (table-driven)."""

from __future__ import annotations

import pytest

from casectl.core.teamwork.merge import merge_data
from casectl.core.teamwork.textmerge import merge_lines
from casectl.storage import yamlio
from casectl.storage.casefile import parse_case
from casectl.storage.mergefile import Unmergeable, merge_texts

BASE = """\
schema_version: 1
id: C-261122-7QH4K
title: 月末报表导出超时
customer:
  name: 华东精密制造有限公司
  contact: 张敏 <zhang.min@example.com>
received_at: 2026-11-22T09:15:00+08:00
channel: phone
category: technical
priority: high   # raised after the call
owner: li.wei
description: |
  客户反馈自 11 月 20 日升级后,
  导出超过 5 万行的报表会超时失败。
  影响财务月结。
response:
  at: 2026-11-22T10:02:00+08:00
  by: li.wei
  summary: 电话致歉
  promises:
  - id: p1
    what: 完成排查并反馈原因
    due: 2026-11-24T10:02:00+08:00
actions:
- id: a1
  horizon: short
  what: 恢复网关超时为 300 s
  added_at: 2026-11-22T11:00:00+08:00
notes:
- id: n1
  at: 2026-11-22T09:20:00+08:00
  by: li.wei
  text: first note
timeline:
- {at: 2026-11-22T09:15:00+08:00, by: li.wei, event: recorded}
- {at: 2026-11-22T10:02:00+08:00, by: li.wei, event: responded}
"""


def note(nid: str, at: str, text: str, by: str = "li.wei") -> str:
    return f"- id: {nid}\n  at: {at}\n  by: {by}\n  text: {text}\n"


def add_note(text: str, item: str) -> str:
    return text.replace("timeline:\n", item + "timeline:\n")


def event(at: str, what: str, by: str = "li.wei") -> str:
    return f"- {{at: {at}, by: {by}, event: {what}}}\n"


def merged(base: str, ours: str, theirs: str) -> tuple[str, dict[str, object]]:
    outcome = merge_texts(base, ours, theirs, name="case.yaml")
    assert outcome.clean, (outcome.result.conflicts, outcome.problem, outcome.text)
    parse_case(outcome.text, "case.yaml")
    return outcome.text, yamlio.fast_load(outcome.text)


@pytest.mark.parametrize(
    ("ours_edit", "theirs_edit", "expect"),
    [
        (("owner: li.wei", "owner: wang.fang"), None, "owner: wang.fang"),
        (None, ("owner: li.wei", "owner: wang.fang"), "owner: wang.fang"),
        (
            ("owner: li.wei", "owner: wang.fang"),
            ("owner: li.wei", "owner: wang.fang"),
            "owner: wang.fang",
        ),
        (
            ("owner: li.wei", "owner: wang.fang"),
            ("channel: phone", "channel: email"),
            "channel: email",
        ),
    ],
)
def test_scalars_one_side_wins(
    ours_edit: tuple[str, str] | None, theirs_edit: tuple[str, str] | None, expect: str
) -> None:
    ours = BASE.replace(*ours_edit) if ours_edit else BASE
    theirs = BASE.replace(*theirs_edit) if theirs_edit else BASE
    text, _ = merged(BASE, ours, theirs)
    assert expect in text
    assert "priority: high   # raised after the call" in text  # OURS's comment and spacing


def test_different_changes_to_one_scalar_conflict_at_that_field_only() -> None:
    ours = BASE.replace("owner: li.wei", "owner: wang.fang").replace(
        "channel: phone", "channel: chat"
    )
    theirs = BASE.replace("owner: li.wei", "owner: zhao.lei")
    outcome = merge_texts(BASE, ours, theirs, marker_size=9)
    assert [c.field for c in outcome.result.conflicts] == ["owner"]
    assert "<<<<<<<<< ours\nowner: wang.fang\n=========\nowner: zhao.lei\n>>>>>>>>> theirs\n" in (
        outcome.text
    )
    assert outcome.text.count("<<<<<<<<<") == 1
    assert "channel: chat" in outcome.text
    outside = outcome.text.replace(
        "<<<<<<<<< ours\nowner: wang.fang\n=========\nowner: zhao.lei\n>>>>>>>>> theirs\n",
        "owner: wang.fang\n",
    )
    parse_case(outside, "x")  # taking either side gives a valid case


def test_conflict_inside_a_list_item_marks_that_line_only() -> None:
    ours = BASE.replace("  horizon: short\n", "  horizon: short\n  owner: wang.fang\n")
    theirs = BASE.replace("  horizon: short\n", "  horizon: short\n  owner: zhao.lei\n")
    outcome = merge_texts(BASE, ours, theirs)
    assert [c.field for c in outcome.result.conflicts] == ["actions[0].owner"]
    assert "<<<<<<< ours\n  owner: wang.fang\n=======\n  owner: zhao.lei\n>>>>>>> theirs\n" in (
        outcome.text
    )


def test_changed_on_one_side_removed_on_the_other_conflicts() -> None:
    ours = BASE.replace("owner: li.wei\n", "")
    theirs = BASE.replace("owner: li.wei", "owner: zhao.lei")
    outcome = merge_texts(BASE, ours, theirs)
    assert [c.field for c in outcome.result.conflicts] == ["owner"]
    assert "<<<<<<< ours\n=======\nowner: zhao.lei\n>>>>>>> theirs\n" in outcome.text


def test_new_items_on_both_sides_are_all_kept_in_time_order() -> None:
    ours = add_note(BASE, note("n2", "2026-11-22T12:00:00+08:00", ours_text := "ours note"))
    theirs = add_note(BASE, note("n2", "2026-11-22T11:00:00+08:00", "theirs note", by="zhao"))
    _text, data = merged(BASE, ours, theirs)
    notes = data["notes"]
    assert isinstance(notes, list)
    assert [(n["id"], n["text"]) for n in notes] == [
        ("n1", "first note"),
        ("n2", "theirs note"),
        ("n3", ours_text),
    ]
    outcome = merge_texts(BASE, ours, theirs)
    assert outcome.result.notes() == ["notes: n2 from ours renamed n3 (both sides added n2)"]


def test_a_renamed_item_is_renamed_in_that_sides_timeline_lines() -> None:
    """Every event naming the renamed item follows it (core.events knows which list each
    kind's id is in): ``note n2 added`` and ``amended notes[n2].text`` become n3."""
    ours = add_note(BASE, note("n2", "2026-11-22T12:00:00+08:00", "ours note"))
    ours += event("2026-11-22T12:00:00+08:00", "note n2 added")
    ours += event("2026-11-22T12:30:00+08:00", "'amended notes[n2].text'")
    theirs = add_note(BASE, note("n2", "2026-11-22T11:00:00+08:00", "theirs note", by="zhao"))
    theirs += event("2026-11-22T11:00:00+08:00", "note n2 added", by="zhao")
    _text, data = merged(BASE, ours, theirs)
    said = [(e["by"], e["event"]) for e in data["timeline"]]  # type: ignore[attr-defined]
    assert said[2:] == [
        ("zhao", "note n2 added"),
        ("li.wei", "note n3 added"),
        ("li.wei", "amended notes[n3].text"),
    ]


def test_merge_both_ways_gives_the_same_content() -> None:
    ours = add_note(BASE, note("n2", "2026-11-22T12:00:00+08:00", "A"))
    theirs = add_note(BASE, note("n2", "2026-11-22T11:00:00+08:00", "B"))
    _, one = merged(BASE, ours, theirs)
    _, other = merged(BASE, theirs, ours)
    assert one == other


def test_renamed_promise_keeps_its_updates_pointing_at_it() -> None:
    promise = "  - id: p2\n    what: {what}\n    due: {due}\n"
    update = "updates:\n- id: u1\n  at: {at}\n  by: li.wei\n  summary: {what}\n  keeps:\n  - p2\n"

    def side(what: str, due: str, at: str) -> str:
        text = BASE.replace("actions:\n", promise.format(what=what, due=due) + "actions:\n")
        return text.replace("notes:\n", update.format(at=at, what=what) + "notes:\n")

    ours = side("ours promise", "2026-11-26T10:00:00+08:00", "2026-11-23T10:00:00+08:00")
    theirs = side("theirs promise", "2026-11-25T10:00:00+08:00", "2026-11-23T09:00:00+08:00")
    _, data = merged(BASE, ours, theirs)
    promises = {p["what"]: p["id"] for p in data["response"]["promises"]}  # type: ignore[index]
    updates = {u["summary"]: u for u in data["updates"]}  # type: ignore[attr-defined]
    assert set(promises) == {"完成排查并反馈原因", "ours promise", "theirs promise"}
    assert len(set(promises.values())) == 3
    for what in ("ours promise", "theirs promise"):
        assert updates[what]["keeps"] == [promises[what]]
    assert len({u["id"] for u in updates.values()}) == 2


def test_field_changes_inside_list_items_merge() -> None:
    ours = BASE.replace(
        "  added_at: 2026-11-22T11:00:00+08:00\n",
        "  added_at: 2026-11-22T11:00:00+08:00\n  done_at: 2026-11-22T15:00:00+08:00\n",
    )
    theirs = BASE.replace("  horizon: short\n", "  horizon: short\n  owner: zhao.lei\n").replace(
        "    due: 2026-11-24T10:02:00+08:00\n",
        "    due: 2026-11-24T10:02:00+08:00\n    kept_at: 2026-11-23T16:40:00+08:00\n",
    )
    _, data = merged(BASE, ours, theirs)
    action = data["actions"][0]  # type: ignore[index]
    assert action["owner"] == "zhao.lei"
    assert action["done_at"].isoformat() == "2026-11-22T15:00:00+08:00"
    assert data["response"]["promises"][0]["kept_at"]  # type: ignore[index]


def test_timeline_is_a_union_sorted_by_time() -> None:
    ours = BASE + event("2026-11-22T12:00:00+08:00", "note n2 added")
    theirs = BASE + event("2026-11-22T11:00:00+08:00", "action a2 added", by="zhao")
    both = event("2026-11-22T13:00:00+08:00", "same")
    text, data = merged(BASE, ours + both, theirs + both)
    events = [e["event"] for e in data["timeline"]]  # type: ignore[attr-defined]
    assert events == ["recorded", "responded", "action a2 added", "note n2 added", "same"]
    assert "- {at: 2026-11-22T11:00:00+08:00, by: zhao, event: action a2 added}\n" in text


def test_long_text_merges_line_by_line() -> None:
    ours = BASE.replace("  客户反馈自", "  【重要】客户反馈自")
    theirs = BASE.replace("  影响财务月结。", "  影响财务月结和审计。")
    text, data = merged(BASE, ours, theirs)
    assert (
        data["description"]
        == "【重要】客户反馈自 11 月 20 日升级后,\n导出超过 5 万行的报表会超时失败。\n影响财务月结和审计。\n"
    )
    assert "description: |\n" in text


def test_overlapping_long_text_edits_conflict_around_the_field() -> None:
    ours = BASE.replace("  影响财务月结。", "  影响财务月结(ours)。")
    theirs = BASE.replace("  影响财务月结。", "  影响财务月结(theirs)。")
    outcome = merge_texts(BASE, ours, theirs)
    assert [c.field for c in outcome.result.conflicts] == ["description"]
    assert outcome.text.index("<<<<<<< ours\ndescription: |") < outcome.text.index("(theirs)")


def test_added_on_both_sides_with_an_empty_base() -> None:
    ours = add_note(BASE, note("n2", "2026-11-22T12:00:00+08:00", "A"))
    _text, data = merged("", ours, BASE)
    assert [n["text"] for n in data["notes"]] == ["first note", "A"]  # type: ignore[attr-defined]


def test_comments_in_ours_survive_new_items_from_theirs() -> None:
    ours = BASE.replace("  text: first note\n", "  text: first note  # checked with 张敏\n")
    theirs = add_note(BASE, note("n2", "2026-11-22T08:00:00+08:00", "early"))
    text, _ = merged(BASE, ours, theirs)
    assert "text: first note  # checked with 张敏" in text
    assert "text: early" in text


@pytest.mark.parametrize("broken", ["<<<<<<< HEAD\nid: x\n=======\nid: y\n>>>>>>> b\n", "[a, b\n"])
def test_what_cannot_be_read_is_refused(broken: str) -> None:
    with pytest.raises(Unmergeable):
        merge_texts(BASE, BASE, broken)


def test_removed_item_goes_unless_changed_on_the_other_side() -> None:
    without = BASE.replace(note("n1", "2026-11-22T09:20:00+08:00", "first note"), "")
    assert merge_data(
        yamlio.fast_load(BASE), yamlio.fast_load(without), yamlio.fast_load(BASE)
    ).data.get("notes") in (None, [])
    changed = BASE.replace("text: first note", "text: first note, corrected")
    data = merge_data(
        yamlio.fast_load(BASE), yamlio.fast_load(without), yamlio.fast_load(changed)
    ).data
    assert [n["text"] for n in data["notes"]] == ["first note, corrected"]


@pytest.mark.parametrize(
    ("base", "ours", "theirs", "expect", "clean"),
    [
        ("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n", "A\nb\nC\n", True),
        ("a\nb\nc\n", "a\nx\nc\n", "a\nx\nc\n", "a\nx\nc\n", True),
        ("a\nb\nc\n", "a\nx\nc\n", "a\ny\nc\n", "a\nx\nc\n", False),
        ("a\n", "a\nb\n", "z\na\n", "z\na\nb\n", True),
        ("a\nb\n", "", "a\nb\n", "", True),
    ],
)
def test_merge_lines(base: str, ours: str, theirs: str, expect: str, clean: bool) -> None:
    assert merge_lines(base, ours, theirs) == (expect, clean)
