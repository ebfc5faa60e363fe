"""The timeline's vocabulary (core/events.py): every kind is written and read back as the same
record, the steps write events through it only, and ``show`` says each kind in Chinese."""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.core import events
from conftest import Cli, case_file

SRC = Path(__file__).resolve().parent.parent / "src" / "casectl"
ZH = {"CASECTL_LANG": "zh_CN"}

# One record of every kind, with the text and detail it is stored as, and how a Chinese reader
# sees it in ``show`` (event, then detail).
KINDS: list[tuple[events.Event, str, str | None, str]] = [
    (events.Recorded(), "recorded", None, "已受理"),
    (events.Responded(), "responded", None, "已首次响应"),
    (
        events.EvidenceAdded(evidence="e1", kind="log", ref="gw.log"),
        "evidence e1 added",
        "log: gw.log",
        "已添加证据 e1：log：gw.log",
    ),
    (events.FindingAdded(finding="f2"), "finding f2 added", None, "已添加调查发现 f2"),
    (events.Investigated(), "investigated", None, "已查明根本原因"),
    (events.RootCauseRevised(), "root cause revised", None, "已修订根本原因"),
    (
        events.CauseClassified(values=("defect", "ours")),
        "cause classified",
        "defect, ours",
        "已归类原因：defect、ours",
    ),
    (events.ActionAdded(action="a1"), "action a1 added", None, "已添加措施 a1"),
    (events.ActionDone(action="a1"), "action a1 done", None, "措施 a1 已完成"),
    (events.ActionCancelled(action="a2"), "action a2 cancelled", None, "措施 a2 已取消"),
    (events.UpdateSent(update="u3"), "update u3 sent", None, "已发送进展通报 u3"),
    (events.Resolved(), "resolved", None, "已解决"),
    (events.Forced(step="resolve"), "forced resolve", None, "已跳过前置要求标记解决（强制）"),
    (events.Repaired(), "repaired", None, "已修复客户关系"),
    (events.FollowUpDone(), "follow-up done", None, "回访完成"),
    (
        events.SurveyRecorded(nps=9, csat=5),
        "survey recorded",
        "NPS 9, CSAT 5",
        "已记录满意度调查：NPS 9, CSAT 5",
    ),
    (events.SurveyRecorded(csat=4), "survey recorded", "CSAT 4", "已记录满意度调查：CSAT 4"),
    (
        events.Reviewed(published=True),
        "reviewed",
        "published to the case library",
        "已复盘：已发布到案例库",
    ),
    (events.Reviewed(), "reviewed", None, "已复盘"),
    (events.Closed(), "closed", None, "已关闭"),
    (events.Reopened(), "reopened", None, "已重新打开"),
    (events.PromiseKept(promise="p1"), "promise p1 kept", None, "承诺 p1 已兑现"),
    (
        events.PromiseKeptLate(promise="p2"),
        "promise p2 kept (late)",
        None,
        "承诺 p2 已兑现（延迟）",
    ),
    (events.PromiseWithdrawn(promise="p3"), "promise p3 withdrawn", None, "承诺 p3 已撤回"),
    (
        events.PromiseRenegotiated(promise="p4"),
        "promise p4 renegotiated",
        None,
        "承诺 p4 已重新约定期限",
    ),
    (
        events.PromiseRenegotiatedLate(promise="p5"),
        "promise p5 renegotiated after it was missed",
        None,
        "承诺 p5 超时后已重新约定",
    ),
    (events.Escalated(to="王总 (VP)"), "escalated to 王总 (VP)", None, "已升级至 王总 (VP)"),
    (events.Waiting(), "waiting on customer", None, "等待客户中"),
    (events.Resumed(), "resumed", None, "已恢复计时"),
    (events.NoteAdded(note="n2"), "note n2 added", None, "已添加备注 n2"),
    (events.MailReceived(mail="c2"), "mail c2 received", None, "已收到邮件 c2"),
    (events.AttachmentAdded(attachment="t1"), "attachment t1 added", None, "已添加附件 t1"),
    (events.NoteAmended(note="n2"), "amended notes[n2].text", None, "已更正备注 n2"),
    (
        events.Amended(where="investigation.root_cause"),
        "amended investigation.root_cause",
        None,
        "已更正根本原因",
    ),
    (
        events.EditedByHand(changed=("priority", "response")),
        "edited by hand",
        "priority, response",
        "已手工编辑：priority、response",
    ),
    (
        events.StepRetracted(step="action a1 done", when="2026-11-23T10:00:00+08:00", who="li wei"),
        "step action a1 done retracted",
        "2026-11-23T10:00:00+08:00 li wei",
        "已撤回步骤：措施 a1 已完成：2026-11-23T10:00:00+08:00 li wei",
    ),
    (
        events.CustomerRenamed(old="华东精密", new="华东精密制造有限公司"),
        "customer renamed",
        "华东精密 → 华东精密制造有限公司 (customer merge)",
        "客户已改名：华东精密 → 华东精密制造有限公司（客户合并）",
    ),
    (
        events.Reimported(source="台账", row=5),
        "updated from the log",
        "台账 row 5",
        "已按台账更新：台账 第 5 行",
    ),
    (
        events.TimeUnknown(steps="response, resolution"),
        "time unknown (imported): response, resolution",
        None,
        "时间不详（导入）：response, resolution",
    ),
    (
        events.Imported(source="log.xlsx:Sheet1", row=12),
        "imported",
        "log.xlsx:Sheet1 row 12",
        "已导入：log.xlsx:Sheet1 第 12 行",
    ),
]
# The customer history's lines (``customer NAME``): stored in its JSON, said in its table.
HISTORY: list[tuple[events.Event, str, str]] = [
    (
        events.CaseReceived(title="导出超时: 60 s"),
        "received: 导出超时: 60 s",
        "受理：导出超时: 60 s",
    ),
    (events.FirstResponse(), "first response", "首次响应"),
    (
        events.RootCauseFound(root_cause="网关超时\n60 s"),
        "root cause: 网关超时\n60 s",
        "根本原因：网关超时\n60 s",
    ),
    (events.UpdateGiven(summary="已定位"), "update: 已定位", "进展通报：已定位"),
    (events.ResolvedAs(summary="已修复"), "resolved: 已修复", "已解决：已修复"),
    (
        events.SurveyAnswered(nps=None, csat=5),
        "survey: NPS None, CSAT 5",
        "满意度调查：NPS None，CSAT 5",
    ),
]


def test_every_kind_is_in_the_tables() -> None:
    covered = {type(e) for e, *_ in KINDS} | {type(e) for e, *_ in HISTORY}
    assert covered == set(events.KINDS)


@pytest.mark.parametrize(("event", "text", "detail", "_zh"), KINDS)
def test_every_kind_is_stored_as_its_text_and_read_back_as_the_same_record(
    event: events.Event, text: str, detail: str | None, _zh: str
) -> None:
    assert (event.text, event.detail) == (text, detail)
    assert events.parse(text, detail) == event
    if detail is None:  # the detail is a person's words: any words read the same
        assert events.parse(text, "客户说: 好 → 坏 (ok)") == event


@pytest.mark.parametrize(("event", "text", "_zh"), HISTORY)
def test_the_history_lines_are_read_back_as_the_same_record(
    event: events.Event, text: str, _zh: str
) -> None:
    assert event.text == text
    assert events.parse(text) == event


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("called the customer back", None),
        ("action a1 done twice", None),
        ("action  done", None),
        ("customer renamed", "by hand"),
        ("imported", "from somewhere"),
        ("survey recorded", "NPS nine"),
        ("survey: NPS 9, CSAT great", None),
        ("", None),
    ],
)
def test_a_text_casectl_did_not_write_is_no_event(text: str, detail: str | None) -> None:
    assert events.parse(text, detail) is None


def _calls(tree: ast.AST, name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "id", None) == name or getattr(node.func, "attr", None) == name)
    ]


def test_events_are_written_through_the_vocabulary_only() -> None:
    """No step spells an event's text: ``log_event`` gets a record of ``core.events``, and only
    ``log_event`` appends to a timeline."""
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, "log_event"):
            said = call.args[2] if len(call.args) > 2 else None
            assert not isinstance(said, ast.Constant | ast.JoinedStr | ast.BinOp | ast.IfExp), (
                f"{path}:{call.lineno}: an event written as text"
            )
        for call in _calls(tree, "append"):
            target = call.func.value if isinstance(call.func, ast.Attribute) else None
            if isinstance(target, ast.Attribute) and target.attr == "timeline":
                assert path.name == "steps.py", f"{path}:{call.lineno}: a timeline appended to"


def test_show_in_chinese_says_every_kind_and_unknown_text_as_stored(
    run: Cli, record: Callable[..., str]
) -> None:
    case_id = record()
    path = case_file(Path.cwd(), case_id)
    lines = [(text, detail) for _e, text, detail, _zh in KINDS]
    lines += [("called the customer back", None), ("customer renamed", "by hand")]
    with path.open("a", encoding="utf-8") as out:
        for n, (text, detail) in enumerate(lines):
            item = {"at": f"2026-11-23T10:{n:02d}:00+08:00", "by": "li.wei", "event": text}
            out.write("\n- " + json.dumps(item | ({"detail": detail} if detail else {})))
        out.write("\n")
    shown = run("show", case_id, env={**ZH, "COLUMNS": "200"})
    assert shown.exit_code == 0, shown
    for _e, text, _detail, zh in KINDS:
        assert zh in shown.stdout, (text, zh)
    assert "called the customer back" in shown.stdout
    assert "customer renamed：by hand" in shown.stdout
    english = run("show", case_id, env={"CASECTL_LANG": "en", "COLUMNS": "200"}).stdout
    assert "customer renamed: 华东精密 → 华东精密制造有限公司 (customer merge)" in english
    assert "imported: log.xlsx:Sheet1 row 12" in english


def test_the_customer_history_in_chinese() -> None:
    from casectl import i18n
    from casectl.render.events import event_text
    from casectl.storage.language import catalog

    i18n.use(catalog(i18n.CHINESE), i18n.CHINESE)
    try:
        for _event, text, zh in HISTORY:
            assert event_text(text) == zh, text
    finally:
        i18n.use(None)
