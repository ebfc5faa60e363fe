"""Where a complaint log's row stands: its status word and the dates it gives, read as the steps
an imported case goes through and the steps it records without their time. Pure.

A log says 已关闭 or 处理中 in a status column and gives some of the dates (responded, resolved,
closed). A date given is the step's time. A step the status or a later date shows as done but
whose time the log does not give is done, *time unknown*: it is placed at the latest time the
row does give (so the case's order of events holds), and the clocks it starts or stops are
unmeasured, never met and never breached (``sla.unmeasured_kinds``; docs/decisions.md).
A first response is never placed: without its time the case has none, and its clock is
unmeasured when the log shows the complaint was taken up. A log holds no progress updates: the
update clock of a case it shows resolved is unmeasured (an open one's runs on from its
response, as for any open case).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from casectl.core.choices import fold
from casectl.errors import UsageError
from casectl.i18n import msg

OPEN, IN_PROGRESS, RESOLVED, CLOSED = "open", "in_progress", "resolved", "closed"

# The usual status words of a complaint log, Chinese and English (compared folded).
WORDS: dict[str, tuple[str, ...]] = {
    CLOSED: ("已关闭", "关闭", "已结案", "结案", "已归档", "归档", "closed", "close", "archived"),
    RESOLVED: ("已解决", "解决", "已完成", "完成", "已处理", "处理完成", "已修复", "resolved",
        "done", "completed", "complete", "fixed", "solved"),
    IN_PROGRESS: ("处理中", "进行中", "跟进中", "已响应", "已受理", "受理中", "in progress",
        "inprogress", "in_progress", "ongoing", "working", "responded", "investigating"),
    OPEN: ("待处理", "未处理", "新建", "未开始", "待响应", "open", "pending", "new", "todo",
        "to do", "not started"),
}  # fmt: skip
_USUAL = {fold(word): status for status, words in WORDS.items() for word in words}


def read_status(value: str, log: Mapping[str, str], team: Mapping[str, str]) -> str:
    """A status cell as open, in_progress, resolved or closed: the mapping file's ``values:
    status:`` first, then casectl.yaml's ``import.status_words``, then the usual words."""
    word = fold(value)
    given = log.get(word) or {fold(k): v for k, v in team.items()}.get(word)
    found = _USUAL.get(fold(given)) if given else None
    found = found or (given if given in WORDS else None) or _USUAL.get(word)
    if found is None:
        raise UsageError(
            msg(
                "status {value!r} is not a status casectl knows ({items}); name it in "
                "casectl.yaml under import: status_words: (word: open, in_progress, "
                "resolved or closed)",
                value=value,
                items=", ".join(words[0] for words in WORDS.values()),
            )
        )
    return found


@dataclass
class Steps:
    """The times of the steps a row shows as done (None: not done), and the steps done with
    their time unknown."""

    responded: datetime | None = None
    resolved: datetime | None = None
    closed: datetime | None = None
    unknown: list[str] = field(default_factory=list)


def steps(status: str | None, times: Mapping[str, datetime | None]) -> Steps:
    """The steps a row shows as done, by its status (None: the log has no status) and its
    dates: a date given always counts (a resolved date on a row still 处理中 resolves it)."""
    found = Steps(responded=times.get("responded_at"))
    closed_at, resolved_at = times.get("closed_at"), times.get("resolved_at")
    known = (times.get("received_at"), found.responded, times.get("root_cause_at"))
    latest = max((t for t in known if t is not None), default=None)
    if resolved_at is not None:
        found.resolved = resolved_at
    elif status in (RESOLVED, CLOSED) or closed_at is not None:
        found.resolved = closed_at or latest
        found.unknown.append("resolution")
    if status == CLOSED or closed_at is not None:
        found.closed = closed_at or found.resolved
        if closed_at is None:
            found.unknown.append("closure")
        found.unknown += ["follow_up", "review"]
    taken_up = status in (IN_PROGRESS, RESOLVED, CLOSED) or found.resolved is not None
    if found.responded is None and taken_up:
        found.unknown.append("response")
    if found.resolved is not None and found.responded is not None:
        found.unknown.append("updates")  # a log holds no progress updates
    return found


# The steps a log can leave without their time, in the loop's order.
UNTIMED = ("response", "updates", "root_cause", "resolution", "closure", "follow_up", "review")


def in_order(unknown: list[str]) -> list[str]:
    return sorted(set(unknown), key=UNTIMED.index)
