"""Which column of an old complaint log holds which case field, and how its cells read. Pure.

A ``Mapping`` names, for each import field, the column heading that holds it; ``guess`` finds
one from common headings in Chinese and English. ``cell_time`` reads a date in any of the forms
spreadsheets hold one (a datetime cell, an Excel serial number, text such as ``2026/11/20 9:15``
or ``2026年11月20日``); ``choice`` reads a choice cell through the mapping's ``values`` and the
words ``core.choices`` knows for each code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as Map
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from casectl.core.choices import fold, read
from casectl.core.dates import DateOrder, parse_when, plain, settle
from casectl.core.model import (
    CSAT_RANGE,
    NPS_RANGE,
    Attribution,
    Category,
    Cause,
    Channel,
    Priority,
)
from casectl.errors import UsageError
from casectl.i18n import msg

# Each import field and the headings that name it (compared without case, spaces, ``_`` or
# ``-``, and without a bracketed note such as ``(必填)``).
HEADINGS: dict[str, tuple[str, ...]] = {
    "key": ("投诉编号", "工单号", "工单编号", "编号", "单号", "key", "ticket", "ticketid",
        "ref", "reference"),
    "status": ("状态", "处理状态", "当前状态", "投诉状态", "进度", "status", "state"),
    "received_at": ("投诉时间", "投诉日期", "受理时间", "受理日期", "接收时间", "登记时间",
        "反馈时间", "日期", "received", "receivedat", "date", "complaintdate"),
    "customer": ("客户名称", "客户", "客户单位", "单位名称", "公司名称", "客户公司", "customer",
        "customername", "client", "company"),
    "contact": ("联系人", "投诉人", "联系方式", "联系电话", "contact", "contactperson"),
    "title": ("标题", "投诉主题", "主题", "问题摘要", "摘要", "title", "subject"),
    "description": ("问题描述", "投诉内容", "详细描述", "描述", "内容", "问题", "description",
        "details", "complaint"),
    "category": ("投诉类型", "投诉类别", "投诉分类", "问题类型", "类型", "类别", "分类",
        "category", "type"),
    "priority": ("优先级", "紧急程度", "严重程度", "级别", "priority", "severity", "urgency"),
    "channel": ("渠道", "投诉渠道", "投诉方式", "来源", "channel"),
    "owner": ("处理人", "负责人", "责任人", "经办人", "跟进人", "owner", "assignee", "handler"),
    "impact": ("影响", "影响范围", "impact"),
    "remedy": ("客户诉求", "诉求", "客户要求", "remedy", "request"),
    "tags": ("标签", "tags"),
    "responded_at": ("响应时间", "首次响应时间", "回复时间", "首次回复时间", "首次联系时间",
        "responded", "respondedat", "responsetime", "firstresponse"),
    "response": ("响应内容", "回复内容", "首次回复", "响应说明", "response", "reply"),
    "root_cause": ("根本原因", "根因", "原因分析", "原因", "rootcause", "cause analysis"),
    "root_cause_at": ("根因时间", "分析完成时间", "rootcauseat"),
    "cause": ("原因类别", "原因分类", "原因类型", "causecategory", "cause"),
    "attribution": ("责任归属", "责任方", "attribution"),
    "resolved_at": ("解决时间", "完成时间", "结案时间", "解决日期", "resolved", "resolvedat",
        "resolutiondate"),
    "closed_at": ("关闭时间", "关闭日期", "closed", "closedat", "closedate"),
    "resolution": ("解决方案", "处理结果", "解决措施", "处理措施", "resolution", "solution"),
    "csat": ("满意度", "客户满意度", "满意度评分", "satisfaction", "csat"),
    "nps": ("nps", "推荐度", "净推荐值", "推荐意愿"),
    "survey_comment": ("客户评价", "回访意见", "评价", "feedback", "comment"),
}  # fmt: skip
FIELDS = tuple(HEADINGS)
TIMES = ("received_at", "responded_at", "root_cause_at", "resolved_at", "closed_at")
REQUIRED = ("received_at", "customer", "category", "priority")

# The choices a column holds; their words are core.choices' (技术, 紧急, 微信, 我方 …).
CHOICES: dict[str, type[StrEnum]] = {
    "category": Category,
    "priority": Priority,
    "channel": Channel,
    "cause": Cause,
    "attribution": Attribution,
}
# Words old logs use for a satisfaction score, besides the number itself.
SCORES: dict[str, dict[str, str]] = {
    "csat": {"非常满意": "5", "很满意": "5", "满意": "4", "比较满意": "4", "基本满意": "3",
        "一般": "3", "不满意": "2", "很不满意": "1", "非常不满意": "1"},
}  # fmt: skip


def normal(heading: Any) -> str:
    """A heading as compared: no case, spaces, ``_`` or ``-``, bracketed notes dropped."""
    text = re.sub(r"[(（\[【].*?[)）\]】]", "", str(heading or ""))
    return re.sub(r"[\s_\-:：*]", "", text).casefold()


_KNOWN = {normal(h): name for name, hs in HEADINGS.items() for h in hs}


@dataclass
class Mapping:
    """Which heading holds each field; words read as each value; values for empty cells."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> heading
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {word: value}
    defaults: dict[str, str] = field(default_factory=dict)  # field -> value of an empty cell
    header_row: int = 1
    sheet: str | None = None

    @classmethod
    def from_data(cls, data: Any, name: str) -> Mapping:
        """A mapping file's content; a usage error naming the file and what is wrong."""
        if not isinstance(data, Map):
            raise UsageError(
                msg("{name}: expected a mapping with columns:, values:, defaults:", name=name)
            )
        unknown = set(data) - {"columns", "values", "defaults", "header_row", "sheet"}
        if unknown:
            raise UsageError(
                msg("{name}: unknown key {unknown!r}", name=name, unknown=sorted(unknown)[0])
            )
        out = cls(header_row=data.get("header_row") or 1, sheet=data.get("sheet"))
        if not isinstance(out.header_row, int) or out.header_row < 1:
            raise UsageError(msg("{name}: header_row: a row number from 1 is expected", name=name))
        for key in ("columns", "values", "defaults"):
            part = data.get(key) or {}
            if not isinstance(part, Map):
                raise UsageError(
                    msg("{name}: {key}: expected a mapping of field: …", name=name, key=key)
                )
            for fld, value in part.items():
                if fld not in FIELDS:
                    raise UsageError(
                        msg(
                            "{name}: {key}.{fld}: not an import field (fields: {items})",
                            name=name,
                            key=key,
                            fld=fld,
                            items=", ".join(FIELDS),
                        )
                    )
                if key == "values":
                    if not isinstance(value, Map):
                        raise UsageError(
                            msg(
                                "{name}: values.{fld}: expected word: value pairs",
                                name=name,
                                fld=fld,
                            )
                        )
                    out.values[fld] = {fold(str(k)): str(v) for k, v in value.items()}
                elif value is not None:
                    getattr(out, key)[fld] = str(value)
        return out

    def to_data(self) -> dict[str, Any]:
        """The mapping as a mapping file holds it."""
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "columns": dict(self.columns),
            "values": {k: dict(v) for k, v in self.values.items()},
            "defaults": dict(self.defaults),
        }

    def check(self, rows: Sequence[Sequence[Any]], file: str) -> None:
        """Refuse a mapping whose headings the sheet lacks, or that leaves a needed field
        without a column or a default, naming the headings the sheet has."""
        found = [text(c) for c in rows[self.header_row - 1]] if len(rows) >= self.header_row else []
        has = f"(headings in row {self.header_row}: {', '.join(h for h in found if h) or 'none'})"
        absent = [f"{f}: {h!r}" for f, h in self.columns.items() if h not in found]
        if absent:
            raise UsageError(
                msg(
                    "{file}: the sheet has no column {items} {has}",
                    file=file,
                    items=", ".join(absent),
                    has=has,
                )
            )
        missing = self.missing()
        if missing:
            raise UsageError(
                msg(
                    "{file}: no column for {items} {has}; name them in a mapping file "
                    "(--save-map, then --map) or give defaults there",
                    file=file,
                    items=", ".join(missing),
                    has=has,
                )
            )

    def missing(self) -> list[str]:
        """Required fields with neither a column nor a default (a title or a description is
        needed too)."""
        lacking = [f for f in REQUIRED if f not in self.columns and f not in self.defaults]
        if "title" not in self.columns and "description" not in self.columns:
            lacking.append("title")
        return lacking


def header_row(rows: Sequence[Sequence[Any]], look: int = 10) -> int:
    """The row (from 1) among the first ``look`` whose cells name the most known fields."""
    best, found = 1, 0
    for number, cells in enumerate(rows[:look], start=1):
        known = len({_KNOWN[n] for n in map(normal, cells) if n in _KNOWN})
        if known > found:
            best, found = number, known
    return best


def guess(rows: Sequence[Sequence[Any]], sheet: str | None) -> Mapping:
    """A mapping guessed from the headings: the header row, and each known heading's field
    (the first column that names a field wins)."""
    number = header_row(rows)
    mapping = Mapping(header_row=number, sheet=sheet)
    for cell in rows[number - 1] if rows else []:
        name = _KNOWN.get(normal(cell))
        if name and name not in mapping.columns:
            mapping.columns[name] = str(cell).strip()
    return mapping


def text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, surrounding spaces gone."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value).strip()


def choice(value: str, name: str, mapping: Mapping) -> str:
    """A choice cell as its code: the mapping's ``values`` first (a word the log uses for a
    code, or another of the code's words), then the code or any of its words (``choices``)."""
    given = mapping.values.get(name, {}).get(fold(value), value)
    found = CHOICES.get(name)
    return read(given, found, name).value if found is not None else given.strip()


def score(value: str, name: str, mapping: Mapping) -> int:
    """A survey score cell (``4``, ``4.0``, ``满意``) as a whole number in its range."""
    word = mapping.values.get(name, {}).get(fold(value))
    word = word or SCORES.get(name, {}).get(fold(value)) or value.strip()
    low, high = CSAT_RANGE if name == "csat" else NPS_RANGE
    try:
        number = float(word)
    except ValueError:
        number = float("nan")
    if not number.is_integer() or not low <= number <= high:
        raise UsageError(
            msg(
                "{name} {value!r} is not a score from {low} to {high}",
                name=name,
                value=value,
                low=low,
                high=high,
            )
        )
    return int(number)


EXCEL_EPOCH = datetime(1899, 12, 30)
EXCEL_1970 = 25569  # the serial number of 1970-01-01: an earlier one is no complaint's date
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def cell_time(
    value: Any,
    tz: tzinfo,
    name: str,
    *,
    now: datetime,
    order: DateOrder | str | None = None,
) -> datetime:
    """A date cell as an aware time in the team's zone ``tz``: a datetime or date cell, an
    Excel serial number (days since 1899-12-30, the fraction the time of day), or text.

    Text is read as every WHEN is (``core.dates``: ``2026/11/20 9:15``, ``2026年11月20日
    下午3点``, ``20/11/2026``; ``03/04/2026`` refused as ambiguous unless ``order`` says which
    comes first; text without a year, a month or a day refused rather than completed with a
    guess), counting ``明天`` and ``+48h`` from ``now``. A bare number is a serial
    (``20261120`` excepted: that is ``2026-11-20``), refused before 1970. Every cell passes the
    same final checks as a typed time."""
    shown = text(value)
    moment: datetime | None = None
    if isinstance(value, time | timedelta):
        raise UsageError(
            msg("{name} {value!r} is a time of day without a date", name=name, value=shown)
        )
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        moment = _serial(float(value), name)
    elif _NUMBER.fullmatch(plain(shown)) and not re.fullmatch(r"\d{8}", plain(shown)):
        moment = _serial(float(plain(shown)), name)
    try:
        if moment is None:
            return parse_when(shown, now=now, tz=tz, order=order).astimezone(tz)
        return settle(moment, tz, shown).astimezone(tz)
    except UsageError as exc:
        raise UsageError(msg("{name} {problem}", name=name, problem=exc.message)) from None


def _serial(days: float, name: str) -> datetime:
    if not 1 <= days < 2958466:  # Excel's own range: 1900-01-01 to 9999-12-31
        raise UsageError(msg("{name} {days!r} is not an Excel date", name=name, days=text(days)))
    if days < EXCEL_1970:
        moment = EXCEL_EPOCH + timedelta(days=days)
        raise UsageError(
            msg(
                "{name} {days!r} is not a date: as an Excel date number it is {day}, before 1970",
                name=name,
                days=text(days),
                day=moment.date().isoformat(),
            )
        )
    return EXCEL_EPOCH + timedelta(days=days)
