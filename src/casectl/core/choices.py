"""The closed lists of values a case file or a customer profile takes (channel, category,
priority, cause…), each the one place its codes are spelled, and the words people write for
each code (``WORDS``). Pure.

``read`` is the one reading of a choice, wherever it is typed: an option, an answer to a prompt,
an imported log's cell, a library call. It takes the code or any of its words, in English or
Chinese, compared folded (case, full-width letters, spaces, ``-`` and ``_`` ignored), and
refuses anything else naming the codes. Files always store the code.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import cache
from typing import NamedTuple, TypeVar

from casectl.errors import UsageError, field
from casectl.i18n import listed, msg


class Channel(StrEnum):
    phone = "phone"
    email = "email"
    chat = "chat"
    meeting = "meeting"
    visit = "visit"
    ticket = "ticket"
    letter = "letter"
    social = "social"
    other = "other"


class Category(StrEnum):
    technical = "technical"
    communication = "communication"
    process = "process"
    attitude = "attitude"


class Priority(StrEnum):
    urgent = "urgent"
    high = "high"
    medium = "medium"
    low = "low"


class Cause(StrEnum):
    requirement = "requirement"  # requirement misunderstanding
    defect = "defect"
    deployment = "deployment"  # deployment or configuration
    communication = "communication"
    process = "process"  # process gap
    customer_change = "customer-change"
    third_party = "third-party"
    other = "other"


class Attribution(StrEnum):
    ours = "ours"
    customer = "customer"
    third_party = "third-party"
    shared = "shared"
    undetermined = "undetermined"


class Factor(StrEnum):
    objective = "objective"
    subjective = "subjective"


class Horizon(StrEnum):
    short = "short"
    mid = "mid"
    long = "long"


class ApologyKind(StrEnum):
    written = "written"
    verbal = "verbal"


class Stage(StrEnum):
    recorded = "recorded"
    responded = "responded"
    investigated = "investigated"
    resolved = "resolved"
    repaired = "repaired"
    reviewed = "reviewed"
    closed = "closed"


# A customer profile's choices (core/customers/profile.py).


class Lifecycle(StrEnum):
    onboarding = "onboarding"
    implementation = "implementation"
    go_live = "go-live"
    steady = "steady"
    renewal = "renewal"
    at_risk = "at-risk"
    churned = "churned"


class Influence(StrEnum):
    decision_maker = "decision-maker"
    influencer = "influencer"
    user = "user"


class Attitude(StrEnum):
    supporter = "supporter"
    neutral = "neutral"
    critic = "critic"


class Words(NamedTuple):
    """What people write for one code besides the code itself, by language: its label first,
    then the synonyms a complaint log or a person uses."""

    en: tuple[str, ...]
    zh: tuple[str, ...]


def _w(en: str, zh: str) -> Words:
    return Words(tuple(en.split(", ")) if en else (), tuple(zh.split("、")))


# Every choice, every code, and its words: English (comma-separated), Chinese (、-separated).
WORDS: dict[type[StrEnum], dict[str, Words]] = {
    Channel: {
        "phone": _w("phone, telephone, call, hotline", "电话、热线、来电"),
        "email": _w("email, mail", "邮件、电子邮件、邮箱"),
        "chat": _w("chat, instant message, im, wechat", "在线、微信、即时通讯、聊天"),
        "meeting": _w("meeting", "会议"),
        "visit": _w("visit, on site", "现场、上门、拜访"),
        "ticket": _w("ticket", "工单"),
        "letter": _w("letter", "信函、来信"),
        "social": _w("social media, social", "社交媒体、微博"),
        "other": _w("other", "其他、其它"),
    },
    Category: {
        "technical": _w("technical, product", "技术、技术问题、产品"),
        "communication": _w("communication", "沟通、沟通问题"),
        "process": _w("process", "流程、流程问题"),
        "attitude": _w("attitude, service attitude", "态度、服务态度"),
    },
    Priority: {
        "urgent": _w("urgent, critical, p1", "紧急、非常紧急"),
        "high": _w("high, p2", "高"),
        "medium": _w("medium, normal, p3", "中、一般、普通"),
        "low": _w("low, p4", "低"),
    },
    Cause: {
        "requirement": _w("requirement misunderstanding, requirement", "需求理解、需求"),
        "defect": _w("defect, bug", "缺陷"),
        "deployment": _w(
            "deployment or configuration, configuration, config", "部署、配置、部署配置"
        ),
        "communication": _w("communication", "沟通"),
        "process": _w("process gap, process", "流程"),
        "customer-change": _w("customer change", "客户变更"),
        "third-party": _w("third party", "第三方"),
        "other": _w("other", "其他、其它"),
    },
    Attribution: {
        "ours": _w("ours, us", "我方、公司"),
        "customer": _w("customer", "客户、客户方"),
        "third-party": _w("third party", "第三方"),
        "shared": _w("shared, both", "双方、共同"),
        "undetermined": _w("undetermined, unknown", "未确定、待定"),
    },
    Factor: {
        "objective": _w("objective", "客观"),
        "subjective": _w("subjective", "主观"),
    },
    Horizon: {
        "short": _w("short term, short", "短期"),
        "mid": _w("mid term, medium term, mid", "中期"),
        "long": _w("long term, long", "长期"),
    },
    ApologyKind: {
        "written": _w("written", "书面"),
        "verbal": _w("verbal, oral", "口头"),
    },
    Stage: {
        "recorded": _w("recorded", "已受理、受理"),
        "responded": _w("responded", "已首次响应、已响应、响应"),
        "investigated": _w("investigated", "已查明根本原因、已调查、调查"),
        "resolved": _w("resolved", "已解决、解决"),
        "repaired": _w("repaired", "已修复客户关系、关系修复"),
        "reviewed": _w("reviewed", "已复盘、复盘"),
        "closed": _w("closed", "已关闭、关闭、结案"),
    },
    Lifecycle: {
        "onboarding": _w("onboarding", "新签、启动"),
        "implementation": _w("implementation", "实施、实施中"),
        "go-live": _w("go live", "上线"),
        "steady": _w("steady", "稳定、稳定运行"),
        "renewal": _w("renewal", "续约"),
        "at-risk": _w("at risk", "有风险、流失风险"),
        "churned": _w("churned", "已流失、流失"),
    },
    Influence: {
        "decision-maker": _w("decision maker", "决策者、决策人"),
        "influencer": _w("influencer", "影响者、影响人"),
        "user": _w("user", "使用者、用户"),
    },
    Attitude: {
        "supporter": _w("supporter", "支持者、支持"),
        "neutral": _w("neutral", "中立"),
        "critic": _w("critic", "反对者、批评者"),
    },
}

Choice = TypeVar("Choice", bound=StrEnum)


def fold(text: str) -> str:
    """``text`` as words are compared: full-width letters as plain ones, no case, no spaces,
    ``-`` or ``_`` (``Ｕｒｇｅｎｔ`` and `` third_party `` are ``urgent`` and ``thirdparty``)."""
    return re.sub(r"[\s\-_]", "", unicodedata.normalize("NFKC", text)).casefold()


@cache
def known(choice: type[StrEnum]) -> dict[str, str]:
    """Every folded word and code of ``choice``, and the code each names."""
    found = {fold(code): code for code in (member.value for member in choice)}
    for code, words in WORDS.get(choice, {}).items():
        found |= {fold(word): code for word in (*words.en, *words.zh)}
    return found


def read(value: str, choice: type[Choice], name: str) -> Choice:
    """``value`` as a code of ``choice``: the code itself or any of its words, in English or
    Chinese, folded. A usage error naming the field ``name``, the codes, and the code of a
    close word when there is one."""
    code = known(choice).get(fold(value))
    if code is not None:
        return choice(code)
    codes = listed(member.value for member in choice)
    import difflib

    close = difflib.get_close_matches(fold(value), known(choice), n=1, cutoff=0.75)
    if close:
        raise UsageError(
            msg(
                "{name}: {value!r} is not one of: {items} (did you mean {close}?)",
                name=field(name),
                value=value,
                items=codes,
                close=known(choice)[close[0]],
            )
        )
    raise UsageError(
        msg("{name}: {value!r} is not one of: {items}", name=field(name), value=value, items=codes)
    )
