"""``undo``: the last step you recorded taken back as a revert takes back a commit — the
timeline keeps the step and says it was retracted, ``amendments`` keeps what it wrote, the
case reads as before the step. Someone else's step needs ``--force``. And ``edit`` keeps every
field it changed as an amendment (``core.loop.around.changes``)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from casectl.core.loop.around import changes
from conftest import Cli


def shown(run: Cli, cid: str) -> Any:
    return run("show", cid, "--format", "json").json()


def test_undo_takes_back_a_resolve_and_keeps_the_audit_trail(
    run: Cli, record: Callable[..., str]
) -> None:
    cid = record()
    for step in (["respond", cid, "--summary", "电话致歉"],
                 ["investigate", cid, "--root-cause", "网关超时"],
                 ["resolve", cid, "--summary", "已恢复", "--at", "2026-11-23T11:00:00+08:00"]):  # fmt: skip
        assert run(*step).exit_code == 0
    before = shown(run, cid)
    undone = run("undo", cid)
    assert undone.exit_code == 0, undone
    after = shown(run, cid)
    assert after["stage"] == "investigated" and after["resolution"] == {}
    assert [e["event"] for e in after["timeline"]] == [
        *(e["event"] for e in before["timeline"]),
        "step resolved retracted",  # the resolve itself stays in the timeline
    ]
    assert after["timeline"][-1]["detail"] == "2026-11-23T11:00:00+08:00 li.wei"
    (kept,) = after["amendments"]
    assert (kept["field"], kept["reason"]) == ("resolution", "undo: resolved")
    assert json.loads(kept["old"])["summary"] == "已恢复"
    again = run("undo", cid)  # the step before it, the investigation, next
    assert again.exit_code == 0, again
    assert shown(run, cid)["stage"] == "responded"
    assert shown(run, cid)["timeline"][-1]["event"] == "step investigated retracted"


def test_undo_takes_back_a_multi_part_step(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    assert run("respond", cid, "--summary", "电话致歉").exit_code == 0
    assert run("investigate", cid, "--evidence", "log:gw.log", "--finding", "60 s 断开",
               "--root-cause", "网关超时", "--cause", "配置").exit_code == 0  # fmt: skip
    assert run("undo", cid).exit_code == 0
    found = shown(run, cid)["investigation"]
    assert found["evidence"] == [] and found["findings"] == []
    assert found.get("root_cause") is None and found.get("cause") is None
    fields = [
        re.sub(r"\[([ef])[0-9a-z]{5}\]", r"[\1]", m["field"]) for m in shown(run, cid)["amendments"]
    ]
    assert set(fields) == {
        "investigation.evidence[e]",
        "investigation.findings[f]",
        "investigation.root_cause",
        "investigation.root_cause_at",
        "investigation.cause",
    }


@pytest.mark.parametrize(
    ("step", "gone"),
    [
        (["note", "{cid}", "记一笔"], lambda c: c["notes"] == []),
        (["action", "add", "{cid}", "修"], lambda c: c["actions"] == []),
        (["update", "{cid}", "--summary", "进展", "--promise", "明天答复", "--due", "+1d"],
         lambda c: c["updates"] == [] and len(c["response"]["promises"]) == 0),
        (["escalate", "{cid}", "--to", "lead", "--reason", "急"], lambda c: c["escalations"] == []),
        (["wait", "{cid}", "--reason", "等客户"], lambda c: c["pauses"] == []),
    ],
)  # fmt: skip
def test_undo_takes_back_each_kind_of_step(
    run: Cli, record: Callable[..., str], step: list[str], gone: Callable[[Any], bool]
) -> None:
    cid = record()
    assert run("respond", cid, "--summary", "电话致歉").exit_code == 0
    done = run(*(a.format(cid=cid) for a in step))
    assert done.exit_code == 0, done
    assert run("undo", cid).exit_code == 0
    assert gone(shown(run, cid))


def test_someone_elses_step_needs_force(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    assert run("note", cid, "王芳的记录", "--by", "wang.fang").exit_code == 0
    refused = run("undo", cid)
    assert refused.exit_code == 2
    said = r"\(note n[0-9a-z]{5} added, 2026-11-23T10:00:00\+08:00\) is wang\.fang's"
    assert re.search(said, refused.stderr), refused.stderr
    assert "--force" in refused.stderr
    assert run("undo", cid, "--force").exit_code == 0
    assert shown(run, cid)["notes"] == []


def test_what_undo_cannot_take_back_is_refused(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    refused = run("undo", cid)
    assert refused.exit_code == 2
    assert "undo cannot take back 'recorded'" in refused.stderr
    assert "casectl amend" in refused.stderr


def test_undo_in_chinese(run: Cli, record: Callable[..., str]) -> None:
    cid = record()
    assert run("note", cid, "记一笔").exit_code == 0
    assert run("undo", cid).exit_code == 0
    text = run("show", cid, env={"CASECTL_LANG": "zh_CN"}).stdout
    assert re.search("已撤回步骤：已添加备注 n[0-9a-z]{5}", text), text


@pytest.mark.parametrize(
    ("was", "is_", "found"),
    [
        ({"priority": "high"}, {"priority": "urgent"}, [("priority", "high")]),
        ({"tags": ["a"]}, {"tags": ["a", "b"]}, [("tags", '["a"]')]),
        ({}, {"impact": "x"}, [("impact", "")]),
        ({"response": {"summary": "a", "channel": "phone"}},
         {"response": {"summary": "b", "channel": "phone"}}, [("response.summary", "a")]),
        ({"actions": [{"id": "a1", "due": "x"}, {"id": "a2", "due": "y"}]},
         {"actions": [{"id": "a1", "due": "x"}, {"id": "a2", "due": "z"}]},
         [("actions[a2].due", "y")]),
        ({"actions": [{"id": "a1", "what": "x"}]}, {"actions": []},
         [("actions[a1]", '{"id": "a1", "what": "x"}')]),
        ({"timeline": [1], "amendments": []}, {"timeline": [1, 2], "amendments": [3]}, []),
    ],
)  # fmt: skip
def test_every_changed_field_is_found(was: Any, is_: Any, found: list[tuple[str, str]]) -> None:
    assert changes(was, is_) == found
