"""The monthly service report to one customer (``letter --kind service-report``): the month's
cases and how they ended, response and resolution times against the promise, the actions
still open with their dates, and the recommendations the team's reviews made. Pure: the
letter's fields, filled into a template by ``letters.render``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from casectl.core import lifecycle
from casectl.core.choices import WORDS, Stage
from casectl.core.clocks.levels import State
from casectl.core.clocks.sla import clocks
from casectl.core.config import Config
from casectl.core.learning.letters import PHRASES, contact_name, sign_off
from casectl.core.learning.periods import Period
from casectl.core.model import Case

KIND = "service-report"
WORDS_OF = {
    "zh": {
        "resolved": "已于 {date} 解决：{summary}",
        "closed": "已于 {date} 解决并结案：{summary}",
        "open": "处理中（{stage}）",
        "no_cases": "本月没有新的服务事项。",
        "first_response": "首次响应",
        "resolution": "解决",
        "met": "按时",
        "late": "超时",
        "running": "进行中",
        "time": "{what}用时 {took}（承诺 {target}，{state}）",
        "kept": "{what}：{met}/{all} 项按承诺时间完成",
        "no_times": "本月没有需要计时的事项。",
        "action": "{what}（计划 {due} 前完成）",
        "action_undated": "{what}（日期待定）",
        "no_actions": "目前没有未完成的改进措施。",
        "no_recommendations": "本月没有新的建议。",
        "hours": "{h} 小时 {m} 分钟",
        "days": "{d} 天 {h} 小时",
    },
    "en": {
        "resolved": "resolved on {date}: {summary}",
        "closed": "resolved on {date} and closed: {summary}",
        "open": "in progress ({stage})",
        "no_cases": "No new service matters this month.",
        "first_response": "First response",
        "resolution": "Resolution",
        "met": "on time",
        "late": "late",
        "running": "in progress",
        "time": "{what} took {took} (promised: {target}; {state})",
        "kept": "{what}: {met} of {all} within the promised time",
        "no_times": "Nothing was timed this month.",
        "action": "{what} (due by {due})",
        "action_undated": "{what} (date to be agreed)",
        "no_actions": "No improvement actions are open.",
        "no_recommendations": "No new recommendations this month.",
        "hours": "{h} h {m} min",
        "days": "{d} d {h} h",
    },
}


def _took(delta: timedelta, words: dict[str, str]) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    hours, mins = divmod(minutes, 60)
    if hours >= 24:
        return words["days"].format(d=hours // 24, h=hours % 24)
    return words["hours"].format(h=hours, m=mins)


def _outcome(case: Case, tz: Any, words: dict[str, str], lang: str) -> str:
    if lifecycle.is_resolved(case) and case.resolution.at is not None:
        key = "closed" if lifecycle.is_closed(case) else "resolved"
        date = case.resolution.at.astimezone(tz).date().isoformat()
        return words[key].format(date=date, summary=(case.resolution.summary or "").strip())
    stage = lifecycle.stage(case).value
    said = WORDS[Stage][stage].zh[0] if lang == "zh" else stage
    return words["open"].format(stage=said)


def _times(cases: Sequence[Case], config: Config, now: datetime, lang: str) -> str:
    lines: list[str] = []
    words, bullet = WORDS_OF[lang], PHRASES[lang]["bullet"]
    for kind in ("first_response", "resolution"):
        timed = [(c, k) for c in cases for k in clocks(c, config, now) if k.kind == kind]
        if not timed:
            continue
        met = sum(1 for _, k in timed if k.state is State.met)
        lines.append(words["kept"].format(what=words[kind], met=met, all=len(timed)))
        for case, clock in timed:
            state = {State.met: "met", State.breached: "late"}.get(clock.state, "running")
            if clock.stopped and clock.stopped_at is not None and state == "running":
                state = "met"
            took = clock.elapsed_wall  # as the customer lived it; the verdict is the SLA's
            lines.append(
                bullet
                + f"{case.id} "
                + words["time"].format(
                    what=words[kind],
                    took=_took(took, words),
                    target=clock.target or "—",
                    state=words[state],
                )
            )
    return "\n".join(lines) or words["no_times"]


def fields(
    cases: Sequence[Case], customer: str, period: Period, config: Config, now: datetime, lang: str
) -> dict[str, str | None]:
    """The service report's fields for ``customer``'s ``cases`` (every one of theirs; the
    month's are picked here)."""
    tz, words, phrases = config.tz, WORDS_OF[lang], PHRASES[lang]
    bullet = phrases["bullet"]
    month = sorted((c for c in cases if c.received_at in period), key=lambda c: c.received_at)
    told = [
        f"{bullet}{c.id} {c.received_at.astimezone(tz).date().isoformat()} {c.title}："
        if lang == "zh"
        else f"{bullet}{c.id} {c.received_at.astimezone(tz).date().isoformat()} {c.title}: "
        for c in month
    ]
    outcomes = [t + _outcome(c, tz, words, lang) for t, c in zip(told, month, strict=True)]
    open_actions = [
        bullet
        + (
            words["action"].format(what=a.what, due=a.due.astimezone(tz).date().isoformat())
            if a.due
            else words["action_undated"].format(what=a.what)
        )
        for c in cases
        for a in c.actions
        if a.is_open and not lifecycle.is_closed(c)
    ]
    reviewed = [
        c for c in cases if c.review.at is not None and (c in month or c.review.at in period)
    ]
    advice = list(
        dict.fromkeys(p for c in reviewed for p in (*c.review.prevention, *c.review.lessons))
    )
    latest = month[-1] if month else None
    name = contact_name(latest.customer.contact) if latest else None
    return {
        "customer.name": customer,
        "customer.greeting": name or phrases["dear"],
        "period": period.label,
        "cases.paragraph": "\n".join(outcomes) or words["no_cases"],
        "times.paragraph": _times(month, config, now, lang),
        "actions.paragraph": "\n".join(open_actions) or words["no_actions"],
        "recommendations.paragraph": "\n".join(bullet + a for a in advice)
        or words["no_recommendations"],
        **sign_off(config, None, None),
        "today": now.astimezone(tz).date().isoformat(),
    }
