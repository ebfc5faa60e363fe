"""The model of ``casectl.yaml``: time zone, business calendar, SLA targets, people."""

from __future__ import annotations

import itertools
import re
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from casectl.core.dates import DateOrder
from casectl.core.durations import Span
from casectl.core.sections import (
    Attachments,
    Glossary,
    ImportSettings,
    Letters,
    MailSettings,
    Notify,
    Scorecard,
)
from casectl.i18n import language_of, msg


def _span(value: Any) -> Span:
    if isinstance(value, Span):
        return value
    if isinstance(value, int):
        raise ValueError(
            msg("not a duration: {value!r} (add a unit: {value}h, {value}d)", value=value)
        )
    return Span.parse(str(value))


SpanField = Annotated[Span, BeforeValidator(_span), PlainSerializer(str, return_type=str)]


class Weekday(StrEnum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"

    @property
    def number(self) -> int:
        """Monday is 0, as ``date.weekday()`` counts."""
        return list(Weekday).index(self)


_INTERVAL = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class Interval(BaseModel):
    """A working interval within one day, ``09:00-12:00``; ``24:00`` may end the day."""

    model_config = ConfigDict(frozen=True)
    start: time
    end: time | None  # None means midnight at the end of the day (24:00)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _INTERVAL.match(value)
            if not match:
                raise ValueError(
                    msg("not a working interval: {value!r} (use e.g. 09:00-12:00)", value=value)
                )
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2 != 0):
                raise ValueError(msg("not a time of day in {value!r}", value=value))
            end = None if h2 == 24 else time(h2, m2)
            if end is not None and end <= time(h1, m1):
                raise ValueError(msg("interval ends before it starts: {value!r}", value=value))
            return {"start": time(h1, m1), "end": end}
        return value

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        return 24 * 60 if self.end is None else self.end.hour * 60 + self.end.minute

    def __str__(self) -> str:
        end = "24:00" if self.end is None else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


IntervalField = Annotated[Interval, PlainSerializer(str, return_type=str)]


class Calendar(BaseModel):
    """Business hours. Leave the calendar out of casectl.yaml for a 24x7 clock."""

    model_config = ConfigDict(extra="forbid")
    workdays: list[Weekday] = Field(
        default_factory=lambda: [Weekday.mon, Weekday.tue, Weekday.wed, Weekday.thu, Weekday.fri]
    )
    hours: list[IntervalField] = Field(
        default_factory=lambda: [Interval.model_validate("09:00-18:00")]
    )
    holidays: list[date] = Field(default_factory=list)
    extra_workdays: list[date] = Field(default_factory=list)

    @field_validator("hours")
    @classmethod
    def _no_overlap(cls, hours: list[Interval]) -> list[Interval]:
        if not hours:
            raise ValueError(msg("needs at least one working interval"))
        ordered = sorted(hours, key=lambda i: i.start_minute)
        for before, after in itertools.pairwise(ordered):
            if after.start_minute < before.end_minute:
                raise ValueError(
                    msg(
                        "working intervals overlap: {before} and {after}",
                        before=before,
                        after=after,
                    )
                )
        return ordered

    @field_validator("workdays")
    @classmethod
    def _some_workday(cls, days: list[Weekday]) -> list[Weekday]:
        if not days:
            raise ValueError(msg("needs at least one working day (e.g. [mon, tue, wed, thu, fri])"))
        return days

    @model_validator(mode="after")
    def _holiday_or_workday(self) -> Calendar:
        both = sorted(set(self.holidays) & set(self.extra_workdays))
        if both:
            raise ValueError(msg("{both} is both a holiday and an extra working day", both=both[0]))
        return self


class ClockKind(StrEnum):
    business = "business"
    calendar = "calendar"


class Target(BaseModel):
    """One SLA target: a duration, counted on ``clock`` when the target names one, else on the
    casebook's ``sla.clock``. Written ``24h``, ``24h calendar`` or
    ``{within: 24h, clock: calendar}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    within: SpanField
    clock: ClockKind | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, Span):
            return {"within": value}
        if isinstance(value, int):
            raise ValueError(f"not a duration: {value!r} (add a unit: {value}h, {value}d)")
        if isinstance(value, str):  # 24h, or 24h calendar: the duration, then the clock
            words = value.split()
            if len(words) > 1 and words[-1].lower() in {k.value for k in ClockKind}:
                return {"within": Span.parse(" ".join(words[:-1])), "clock": words[-1].lower()}
            return {"within": Span.parse(value)}
        return value

    def __str__(self) -> str:
        return f"{self.within} {self.clock.value}" if self.clock else str(self.within)


TargetField = Annotated[Target, PlainSerializer(str, return_type=str)]


class Targets(BaseModel):
    """SLA targets for one priority; a target left out is not tracked."""

    model_config = ConfigDict(extra="forbid")
    first_response: TargetField | None = None
    investigation: TargetField | None = None
    resolution: TargetField | None = None
    update_every: TargetField | None = None

    def clocks(self) -> set[ClockKind]:
        """The clocks these targets name themselves."""
        named = (self.first_response, self.investigation, self.resolution, self.update_every)
        return {t.clock for t in named if t is not None and t.clock is not None}


def _default_targets() -> dict[str, Targets]:
    return {
        "urgent": Targets.model_validate(
            {
                "first_response": "1h",
                "investigation": "8h",
                "resolution": "1d",
                "update_every": "4h",
            }
        ),
        "high": Targets.model_validate(
            {
                "first_response": "4h",
                "investigation": "1d",
                "resolution": "3d",
                "update_every": "8h",
            }
        ),
        "medium": Targets.model_validate(
            {
                "first_response": "1d",
                "investigation": "2d",
                "resolution": "5d",
                "update_every": "1d",
            }
        ),
        "low": Targets.model_validate(
            {"first_response": "2d", "investigation": "5d", "resolution": "10d"}
        ),
    }


class Sla(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clock: ClockKind = ClockKind.business
    urgent: Targets = Field(default_factory=lambda: _default_targets()["urgent"])
    high: Targets = Field(default_factory=lambda: _default_targets()["high"])
    medium: Targets = Field(default_factory=lambda: _default_targets()["medium"])
    low: Targets = Field(default_factory=lambda: _default_targets()["low"])

    @model_validator(mode="before")
    @classmethod
    def _known_priorities(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in value:
                if key not in cls.model_fields:
                    raise ValueError(
                        msg(
                            "unknown priority {key!r} (targets are set for urgent, high, medium, "
                            "low; the clock is set with clock: business or calendar)",
                            key=key,
                        )
                    )
        return value

    def targets(self, priority: str) -> Targets:
        return getattr(self, priority)  # type: ignore[no-any-return]

    def clocks(self) -> set[ClockKind]:
        """Every clock a target counts on: ``clock``, and those targets name themselves."""
        named = {self.clock}
        for priority in ("urgent", "high", "medium", "low"):
            named |= self.targets(priority).clocks()
        return named


class WarnBefore(BaseModel):
    """``25%`` of the target, or a duration such as ``2h``."""

    model_config = ConfigDict(frozen=True)
    percent: float | None = None
    span: Span | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str | int | float):
            text = str(value).strip()
            if text.endswith("%"):
                try:
                    pct = float(text[:-1])
                except ValueError:
                    raise ValueError(msg("not a percentage: {text!r}", text=text)) from None
                if not 0 <= pct <= 100:
                    raise ValueError(msg("percentage out of 0-100: {text!r}", text=text))
                return {"percent": pct}
            return {"span": Span.parse(text)}
        return value

    def __str__(self) -> str:
        if self.percent is not None:
            return f"{self.percent:g}%"
        return str(self.span)


WarnField = Annotated[WarnBefore, PlainSerializer(str, return_type=str)]


class Person(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str | None = None
    email: str | None = None
    role: str | None = None
    team: str | None = None  # the team or office they work in: the site's figures per team
    handles: dict[str, str] = Field(default_factory=dict)  # per service: {wecom: LiWei, slack: U1}


class Config(BaseModel):
    """``casectl.yaml``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_version: int = 1
    timezone: str = "UTC"
    calendar: Calendar | None = None
    sla: Sla = Field(default_factory=Sla)
    follow_up_after: SpanField = Span(days=30)
    follow_up_tolerance: SpanField = Span(days=7)  # how early before its due a visit still counts
    review_within: SpanField = Span(days=7)
    warn_before: WarnField = Field(default_factory=lambda: WarnBefore(percent=25.0))
    people: list[Person] = Field(default_factory=list)
    notify: Notify | None = None
    language: str | None = None  # the team's interface language: en or zh_CN (docs/language.md)

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None and language_of(value) is None:
            raise ValueError(msg("unknown language: {value!r} (use en or zh_CN)", value=value))
        return value

    # which comes first in a date such as 03/11/2026, typed or imported: dmy or mdy; without
    # it such a date is refused as ambiguous (docs/decisions.md)
    date_order: DateOrder | None = None

    @field_validator("date_order", mode="before")
    @classmethod
    def _known_order(cls, value: Any) -> Any:
        if value is not None and str(value).strip().lower() not in {o.value for o in DateOrder}:
            raise ValueError(
                msg(
                    "unknown date order: {value!r} (use dmy for 03/11/2026 as 3 November, "
                    "mdy for 11 March)",
                    value=value,
                )
            )
        return None if value is None else str(value).strip().lower()

    scorecard: Scorecard = Field(default_factory=Scorecard)
    # contact rhythm per customer tier: {key: 14d, standard: 30d} (docs/customers.md)
    rhythm: dict[str, SpanField] = Field(default_factory=dict)
    # evidence files and mails (docs/intake.md): attachments: {max_size: 25MB, max_count: 100}
    attachments: Attachments = Field(default_factory=Attachments)
    mail: MailSettings = Field(default_factory=MailSettings)
    # status words of an imported log (docs/spreadsheets.md): import: {status_words: {…}}
    import_: ImportSettings = Field(default_factory=ImportSettings, alias="import")
    # letters to customers: the sign-off (docs/letters.md)
    letters: Letters = Field(default_factory=Letters)
    # engineers' words and the plain ones customers read, checked in customer-facing text
    glossary: Glossary = Field(default_factory=Glossary)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                msg(
                    "unknown time zone: {value!r} (use an IANA name such as Asia/Shanghai)",
                    value=value,
                )
            ) from None
        return value

    @model_validator(mode="after")
    def _business_needs_calendar(self) -> Config:
        if ClockKind.business in self.sla.clocks() and self.calendar is None:
            # A business clock with no calendar falls back to Mon-Fri 09:00-18:00.
            self.calendar = Calendar()
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
