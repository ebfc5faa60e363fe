"""The rules under an imported log's lifecycle, tested where they live: status words, the steps a
row's status and dates show (and those whose time is unknown), unmeasured clocks, and the
customer names spelled several ways."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casectl.core.clocks.sla import Clocks, State
from casectl.core.config import Config
from casectl.core.customers.profile import Profile
from casectl.core.loop import steps
from casectl.core.model import Source
from casectl.core.transfer.preview import spellings, stem
from casectl.core.transfer.status import Steps, read_status
from casectl.core.transfer.status import steps as shown
from casectl.errors import UsageError

TZ = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime(2026, 10, 8, 9, tzinfo=TZ)
RESPONDED = RECEIVED + timedelta(hours=1)
RESOLVED = RECEIVED + timedelta(days=1)
CLOSED = RECEIVED + timedelta(days=5)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("已关闭", "closed"),
        ("关闭", "closed"),
        ("Closed", "closed"),
        ("已解决", "resolved"),
        ("已完成", "resolved"),
        ("DONE", "resolved"),
        ("处理中", "in_progress"),
        ("In Progress", "in_progress"),
        ("ｉｎ－ｐｒｏｇｒｅｓｓ", "in_progress"),
        ("待处理", "open"),
        ("未处理", "open"),
        ("pending", "open"),
    ],
)
def test_the_usual_status_words(word: str, status: str) -> None:
    assert read_status(word, {}, {}) == status


def test_a_teams_own_words_and_a_mapping_files_come_first() -> None:
    assert read_status("搁置", {}, {"搁置": "open"}) == "open"
    assert read_status("已关闭", {"已关闭": "resolved"}, {}) == "resolved"  # this log's meaning
    with pytest.raises(UsageError, match="'搁置' is not a status casectl knows"):
        read_status("搁置", {}, {})


def times(**given: datetime | None) -> dict[str, datetime | None]:
    return {"received_at": RECEIVED} | given


@pytest.mark.parametrize(
    ("status", "given", "expected"),
    [
        # no status column: as far as the dates go
        (None, times(), Steps()),
        (None, times(responded_at=RESPONDED), Steps(responded=RESPONDED)),
        (None, times(resolved_at=RESOLVED), Steps(resolved=RESOLVED, unknown=["response"])),
        ("open", times(), Steps()),  # 待处理: the first-response clock runs, as it should
        ("in_progress", times(), Steps(unknown=["response"])),
        (
            "resolved",
            times(responded_at=RESPONDED, resolved_at=RESOLVED),
            Steps(responded=RESPONDED, resolved=RESOLVED, unknown=["updates"]),
        ),
        (
            "resolved",
            times(responded_at=RESPONDED),
            Steps(responded=RESPONDED, resolved=RESPONDED, unknown=["resolution", "updates"]),
        ),
        (
            "closed",
            times(resolved_at=RESOLVED, closed_at=CLOSED),
            Steps(resolved=RESOLVED, closed=CLOSED, unknown=["follow_up", "review", "response"]),
        ),
        (
            "closed",
            times(),
            Steps(
                resolved=RECEIVED,
                closed=RECEIVED,
                unknown=["resolution", "closure", "follow_up", "review", "response"],
            ),
        ),
        # a date beats the status word
        (
            "in_progress",
            times(resolved_at=RESOLVED),
            Steps(resolved=RESOLVED, unknown=["response"]),
        ),
    ],
)
def test_the_steps_a_row_shows(
    status: str | None, given: dict[str, datetime | None], expected: Steps
) -> None:
    assert shown(status, given) == expected


def test_an_unmeasured_clock_is_neither_met_nor_breached() -> None:
    config = Config(timezone="Asia/Shanghai")
    case = steps.record(
        "C-261008-AAAAA",
        steps.Who(RECEIVED, "li.wei"),
        received_at=RECEIVED,
        customer="华东精密",
        title="导出超时",
        category="technical",
        priority="high",
    )
    case.source = Source(file="log.xlsx", row=2, time_unknown=["response"])
    later = Clocks(config, RECEIVED + timedelta(days=30)).of(case)
    states = {c.kind: c.state for c in later}
    assert states["first_response"] is State.unmeasured
    assert states["resolution"] is State.breached  # a clock with real times stays real
    case.source.time_unknown = []
    assert {c.kind: c.state for c in Clocks(config, RECEIVED + timedelta(days=30)).of(case)}[
        "first_response"
    ] is State.breached


def test_names_spelled_several_ways() -> None:
    assert stem("华东精密制造有限公司") == "华东精密制造"
    assert stem("ACME Co., Ltd.") == "acme"
    counts = {"华东精密制造有限公司": 5, "华东精密": 2, "华东电力": 1, "ACME Ltd": 1, "acme": 1}
    groups = {tuple(n for n, _ in g.names): g.suggested for g in spellings(counts)}
    assert groups == {
        ("华东精密制造有限公司", "华东精密"): "华东精密制造有限公司",
        ("ACME Ltd", "acme"): "ACME Ltd",
    }  # 华东电力 only shares 华东 (too short to be the same customer)
    profile = Profile(name="苏州新材料股份有限公司")
    (group,) = spellings({"苏州新材料": 3}, [profile])
    assert group.profile == "苏州新材料股份有限公司" and group.aliases == ["苏州新材料"]
