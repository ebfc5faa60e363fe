"""SLA clocks of a case: start, stop, pause and target as DESIGN §4 says."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from casectl.core.clocks.sla import Clock, State, clocks
from casectl.core.config import Config
from casectl.core.model import Case
from casectl.core.views.gate import overdue
from casectl.render.case import clocks_json

TZ = ZoneInfo("Asia/Shanghai")
CONFIG = Config.model_validate(
    {
        "timezone": "Asia/Shanghai",
        "calendar": {"hours": ["09:00-12:00", "13:30-18:00"], "holidays": ["2026-12-25"]},
        "sla": {"clock": "business"},  # high: first_response 4h, investigation 1d, resolution 3d
    }
)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def make(**fields: Any) -> Case:
    data: dict[str, Any] = {
        "id": "C-261123-AAAA",
        "title": "报表导出超时",
        "customer": {"name": "华东精密"},
        "received_at": at("2026-11-23 10:00"),  # a Monday
        "category": "technical",
        "priority": "high",
        "owner": "li.wei",
    }
    data.update(fields)
    return Case.model_validate(data)


def respond(when: str, **extra: Any) -> dict[str, Any]:
    return {"at": at(when), "by": "li.wei", **extra}


def by_name(case: Case, now: str, config: Config = CONFIG) -> dict[str, Clock]:
    return {c.name: c for c in clocks(case, config, at(now))}


@pytest.mark.parametrize(
    ("now", "state", "remaining"),
    [
        ("2026-11-23 11:00", State.running, timedelta(hours=3)),
        ("2026-11-23 12:45", State.running, timedelta(hours=2)),  # lunch does not count
        ("2026-11-23 15:00", State.warning, timedelta(minutes=30)),  # within 25% of 4h
        ("2026-11-23 15:30", State.warning, timedelta(0)),
        ("2026-11-23 16:00", State.breached, timedelta(minutes=-30)),
        ("2026-11-24 09:30", State.breached, timedelta(hours=-3)),
    ],
)
def test_first_response_runs_on_working_time(now: str, state: State, remaining: timedelta) -> None:
    clock = by_name(make(), now)["first_response"]
    assert clock.due == at("2026-11-23 15:30")
    assert clock.state is state
    assert clock.remaining_working == remaining
    assert clock.target == "4h"


def test_a_case_received_at_night_counts_from_the_next_opening() -> None:
    case = make(received_at=at("2026-11-28 22:00"))  # Saturday night
    clock = by_name(case, "2026-11-30 09:30")["first_response"]
    assert clock.due == at("2026-11-30 14:30")
    assert clock.elapsed_working == timedelta(minutes=30)
    assert clock.elapsed_wall == timedelta(hours=35, minutes=30)


def test_response_stops_first_response_and_starts_investigation_and_updates() -> None:
    case = make(response=respond("2026-11-23 11:00"))
    got = by_name(case, "2026-11-23 16:00")
    assert got["first_response"].state is State.met
    assert got["first_response"].stopped_at == at("2026-11-23 11:00")
    assert got["investigation"].due == at("2026-11-24 11:00")  # one working day
    assert got["update_every"].due == at("2026-11-24 11:30")  # 8 working hours
    assert list(got) == ["first_response", "investigation", "update_every", "resolution"]


def test_a_late_response_is_a_breach_that_stays() -> None:
    case = make(response=respond("2026-11-24 10:00"))
    clock = by_name(case, "2026-11-25 10:00")["first_response"]
    assert clock.state is State.breached
    assert clock.remaining_working == timedelta(hours=-3, minutes=-30)


def test_pauses_push_sla_dues_and_keep_their_time() -> None:
    pauses = [
        {
            "id": "w1",
            "start": at("2026-11-23 11:00"),
            "end": at("2026-11-23 14:00"),
            "reason": "等客户日志",
        }
    ]
    clock = by_name(make(pauses=pauses), "2026-11-23 15:00")["first_response"]
    assert clock.due == at("2026-11-23 17:00")  # 15:30 plus 1h30 of paused working time
    assert clock.paused == timedelta(minutes=90)
    assert clock.elapsed_working == timedelta(hours=2)
    assert clock.state is State.running


def test_an_open_pause_holds_the_clock() -> None:
    pauses = [{"id": "w1", "start": at("2026-11-23 11:00"), "reason": "等客户"}]
    clock = by_name(make(pauses=pauses), "2026-11-23 16:00")["first_response"]
    assert clock.state is State.paused
    assert clock.elapsed_working == timedelta(hours=1)
    assert clock.remaining_working == timedelta(hours=3)
    assert clock.due == at("2026-11-24 10:00")  # if the customer answered now


def test_promises_and_actions_keep_their_dues_through_pauses() -> None:
    case = make(
        response=respond(
            "2026-11-23 11:00",
            promises=[
                {"id": "p1", "what": "反馈原因", "due": at("2026-11-24 11:00")},
                {"id": "p2", "what": "给出补丁", "due": at("2026-11-26 18:00")},
            ],
        ),
        updates=[
            {
                "id": "u1",
                "at": at("2026-11-24 10:00"),
                "by": "li.wei",
                "summary": "原因已查明",
                "keeps": ["p1"],
            }
        ],
        actions=[
            {
                "id": "a1",
                "horizon": "short",
                "what": "改超时",
                "due": at("2026-11-23 18:00"),
                "added_at": at("2026-11-23 11:00"),
                "done_at": at("2026-11-24 09:30"),
            },
            {
                "id": "a2",
                "horizon": "mid",
                "what": "加监控",
                "due": at("2026-11-30 18:00"),
                "cancelled_at": at("2026-11-24 09:00"),
                "cancel_reason": "重复",
            },
            {"id": "a3", "horizon": "long", "what": "no due"},
        ],
        pauses=[
            {
                "id": "w1",
                "start": at("2026-11-24 12:00"),
                "end": at("2026-11-27 12:00"),
                "reason": "等客户",
            }
        ],
    )
    got = by_name(case, "2026-11-27 09:00")
    assert got["promise:p1"].state is State.met  # kept by update u1
    assert got["promise:p1"].stopped_at == at("2026-11-24 10:00")
    assert got["promise:p2"].due == at("2026-11-26 18:00")
    assert got["promise:p2"].state is State.breached
    assert got["action:a1"].state is State.breached
    assert got["action:a2"].state is State.met
    assert got["action:a2"].note == "cancelled"
    assert "action:a3" not in got
    assert got["resolution"].state is State.paused


def test_priority_change_retargets_and_keeps_pause_time() -> None:
    pauses = [
        {
            "id": "w1",
            "start": at("2026-11-23 10:30"),
            "end": at("2026-11-23 11:00"),
            "reason": "等客户",
        }
    ]
    high = by_name(make(pauses=pauses), "2026-11-23 11:00")["first_response"]
    urgent = by_name(make(pauses=pauses, priority="urgent"), "2026-11-23 11:00")["first_response"]
    assert high.due == at("2026-11-23 16:00")
    assert urgent.due == at("2026-11-23 11:30")
    assert urgent.paused == high.paused == timedelta(minutes=30)


def test_a_calendar_change_recomputes_history() -> None:
    round_the_clock = CONFIG.model_copy(
        update={"sla": CONFIG.sla.model_copy(update={"clock": "calendar"})}
    )
    assert by_name(make(), "2026-11-23 11:00", round_the_clock)["first_response"].due == at(
        "2026-11-23 14:00"
    )
    holiday = make(received_at=at("2026-12-24 17:00"))  # Christmas is a day off in CONFIG
    assert by_name(holiday, "2026-12-24 17:30")["first_response"].due == at("2026-12-28 12:00")


def test_resolution_starts_follow_up_and_review() -> None:
    case = make(
        response=respond("2026-11-23 11:00"),
        investigation={"root_cause": "网关超时", "root_cause_at": at("2026-11-24 10:00")},
        resolution={"at": at("2026-11-25 16:00"), "by": "li.wei"},
    )
    got = by_name(case, "2026-12-03 10:00")
    assert got["resolution"].state is State.met
    assert got["update_every"].stopped_at == at("2026-11-25 16:00")
    assert got["follow_up"].due == at("2026-12-25 16:00")  # 30 calendar days
    assert got["follow_up"].state is State.running
    assert got["review"].due == at("2026-12-02 16:00")
    assert got["review"].state is State.breached


def test_an_explicit_follow_up_due_is_kept() -> None:
    case = make(
        resolution={"at": at("2026-11-25 16:00")},
        relationship={
            "follow_up": {"due": at("2026-12-01 10:00"), "done_at": at("2026-12-01 09:00")}
        },
    )
    follow = by_name(case, "2026-12-03 10:00")["follow_up"]
    assert (follow.state, follow.target, follow.due) == (State.met, None, at("2026-12-01 10:00"))


def test_a_reopened_case_does_not_count_the_time_it_stood_resolved() -> None:
    case = make(
        resolution={"at": at("2026-11-24 10:00")},
        reopenings=[{"id": "r1", "at": at("2026-11-26 10:00"), "by": "li.wei", "reason": "复发"}],
    )
    got = by_name(case, "2026-11-26 11:00")
    assert got["resolution"].state is State.running
    assert got["resolution"].paused == timedelta(hours=15)  # two working days
    assert "follow_up" not in got


def test_a_closed_case_stops_its_clocks() -> None:
    closure = {"at": at("2026-11-23 11:00"), "by": "lead", "forced": True, "reason": "dup"}
    case = make(closed=closure)
    clock = by_name(case, "2026-11-30 10:00")["first_response"]
    assert (clock.state, clock.note) == (State.met, "case closed")
    assert clock.stopped_at == at("2026-11-23 11:00")


def test_events_after_now_do_not_count_yet() -> None:
    case = make(response=respond("2026-11-23 14:00"))
    got = by_name(case, "2026-11-23 11:00")
    assert got["first_response"].state is State.running
    assert "investigation" not in got


def test_update_every_restarts_at_each_contact_and_counts_late_ones() -> None:
    updates = [
        {"id": "u1", "at": at("2026-11-25 10:00"), "by": "li.wei", "summary": "进展"},
        {"id": "u2", "at": at("2026-11-25 11:00"), "by": "li.wei", "summary": "进展"},
    ]
    case = make(response=respond("2026-11-23 11:00"), updates=updates)
    clock = by_name(case, "2026-11-25 12:00")["update_every"]
    assert clock.start == at("2026-11-25 11:00")
    assert clock.note == "1 earlier update(s) late"
    assert clock.state is State.running


def test_warn_before_as_a_duration() -> None:
    config = CONFIG.model_copy(update={"warn_before": CONFIG.warn_before.model_validate("2h")})
    assert by_name(make(), "2026-11-23 13:45", config)["first_response"].state is State.warning


def test_clocks_json_is_stable_and_in_the_team_zone() -> None:
    [first, _resolution] = clocks_json(make(), CONFIG, at("2026-11-23 11:00"))
    assert first == {
        "name": "first_response",
        "kind": "first_response",
        "ref": None,
        "state": "running",
        "target": "4h",
        "clock": "business",
        "start": "2026-11-23T10:00:00+08:00",
        "due": "2026-11-23T15:30:00+08:00",
        "stopped_at": None,
        "elapsed_working_minutes": 60,
        "elapsed_wall_minutes": 60,
        "remaining_working_minutes": 180,
        "remaining_wall_minutes": 270,
        "paused_minutes": 0,
        "remaining": "working 3h left",
        "owner": "li.wei",
        "note": None,
    }


def test_the_gate_flags_breaches_then_warnings_most_urgent_first() -> None:
    late = make(id="C-261123-LATE", received_at=at("2026-11-17 10:00"))
    soon = make(id="C-261123-SOON", received_at=at("2026-11-23 10:00"), owner="wang.fang")
    fine = make(id="C-261123-FINE", received_at=at("2026-11-23 14:00"))
    closed = make(
        id="C-261123-DONE",
        received_at=at("2026-11-01 10:00"),
        closed={"at": at("2026-11-02 10:00"), "by": "lead"},
    )
    gate = overdue([fine, soon, late, closed], CONFIG, at("2026-11-23 15:00"))
    assert [(i.subject.id, i.clock.name, i.level) for i in gate.items] == [
        ("C-261123-LATE", "first_response", "breach"),
        ("C-261123-LATE", "resolution", "breach"),
        ("C-261123-SOON", "first_response", "warning"),
    ]
    assert (gate.breaches, gate.warnings, len(gate.checked)) == (2, 1, 6)
    mine = overdue([fine, soon, late], CONFIG, at("2026-11-23 15:00"), owner="WANG.FANG")
    assert [i.subject.id for i in mine.items] == ["C-261123-SOON"]
    from casectl.core.durations import Span

    wide = overdue([fine], CONFIG, at("2026-11-23 15:00"), within=Span.parse("4h"))
    assert [i.clock.name for i in wide.items] == ["first_response"]


def test_a_pause_after_a_clock_stopped_does_not_move_its_due(run, record) -> None:  # type: ignore[no-untyped-def]
    cid = record(at="2026-11-23T09:15:00+08:00")
    for args in (
        ["respond", cid, "--summary", "致歉", "--at", "2026-11-23T10:02+08:00"],
        ["wait", cid, "--reason", "等客户验证", "--at", "2026-11-23T15:41+08:00"],
        ["resume", cid, "--at", "2026-11-23T16:30+08:00"],
    ):
        assert run(*args, env={"CASECTL_NOW": "2026-11-23T17:00:00+08:00"}).exit_code == 0
    shown = run("show", cid, "--format", "json", env={"CASECTL_NOW": "2026-11-23T17:00:00+08:00"})
    first = next(c for c in shown.json()["sla"] if c["name"] == "first_response")
    assert first["due"] == "2026-11-24T09:15:00+08:00"  # 24 calendar hours, no pause in them
    assert first["paused_minutes"] == 0
