"""The sections of ``casectl.yaml`` that serve the team around the cases: ``notify:`` (where
breaches and escalations are told, docs/notifications.md) and ``scorecard:`` (how the team's
scorecard weighs satisfaction and picks the customer star, docs/scorecard.md)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from casectl.i18n import msg

# What ``casectl notify`` tells (docs/notifications.md).
NOTIFY_EVENTS = (
    "breach",
    "warning",
    "escalation",
    "promise-due",
    "follow-up-due",
    "new-urgent",
    "contact-due",
)
PRIORITIES = ("urgent", "high", "medium", "low")


def _target(value: Any) -> Any:
    return {"url": value} if isinstance(value, str) else value


class NotifyTarget(BaseModel):
    """Where messages go: an apprise URL (``wecombot://KEY``, ``mailtos://…``); ``${NAME}`` in
    it is read from the environment when sending, so secrets stay out of the casebook."""

    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=1)


class NotifyRule(BaseModel):
    """Which events go to which targets, for which priorities (all when left out)."""

    model_config = ConfigDict(extra="forbid")
    events: list[str] = Field(min_length=1)
    to: list[str] = Field(min_length=1)
    priorities: list[str] | None = None

    @field_validator("events")
    @classmethod
    def _known_events(cls, value: list[str]) -> list[str]:
        for event in value:
            if event not in NOTIFY_EVENTS:
                raise ValueError(
                    msg(
                        "{event!r} is not one of: {items}",
                        event=event,
                        items=", ".join(NOTIFY_EVENTS),
                    )
                )
        return value

    @field_validator("priorities")
    @classmethod
    def _known_priorities(cls, value: list[str] | None) -> list[str] | None:
        for priority in value or []:
            if priority not in PRIORITIES:
                raise ValueError(
                    msg(
                        "{priority!r} is not one of: {items}",
                        priority=priority,
                        items=", ".join(PRIORITIES),
                    )
                )
        return value


class Notify(BaseModel):
    """``notify:`` in casectl.yaml."""

    model_config = ConfigDict(extra="forbid")
    # a target is its URL, or {url: …}: the JSON Schema says both, as the reader takes both
    targets: dict[
        str,
        Annotated[
            NotifyTarget,
            BeforeValidator(
                _target, json_schema_input_type=Annotated[str, Field(min_length=1)] | NotifyTarget
            ),
        ],
    ] = Field(min_length=1)
    rules: list[NotifyRule] = Field(min_length=1)
    timeout: float = Field(default=10.0, gt=0, le=120)  # seconds, for each send

    @model_validator(mode="after")
    def _rules_name_targets(self) -> Notify:
        for rule in self.rules:
            for name in rule.to:
                if name not in self.targets:
                    known = ", ".join(self.targets)
                    raise ValueError(
                        msg(
                            "rule sends to {name!r}, which is not a target ({known})",
                            name=name,
                            known=known,
                        )
                    )
        return self


STAR_CRITERIA = ("satisfaction", "first_response_met_rate", "promises_kept_rate", "handled")


class Scorecard(BaseModel):
    """``scorecard:`` in casectl.yaml: how the team's scorecard weighs satisfaction and picks
    the customer star of the month (docs/scorecard.md)."""

    model_config = ConfigDict(extra="forbid")
    csat_weight: float = Field(default=0.6, ge=0, le=1)  # of the satisfaction score
    nps_weight: float = Field(default=0.4, ge=0, le=1)
    review_weight: float = Field(default=15.0, ge=0, le=100)  # % of a performance review
    star_min_answers: int = Field(default=2, ge=1)  # survey answers an engineer needs
    star_order: list[str] = Field(default_factory=lambda: list(STAR_CRITERIA))

    @field_validator("star_order")
    @classmethod
    def _known_criteria(cls, value: list[str]) -> list[str]:
        for name in value:
            if name not in STAR_CRITERIA:
                raise ValueError(
                    msg(
                        "{name!r} is not one of: {items}", name=name, items=", ".join(STAR_CRITERIA)
                    )
                )
        if not value:
            raise ValueError(msg("name at least one criterion"))
        return value

    @model_validator(mode="after")
    def _weights(self) -> Scorecard:
        if self.csat_weight + self.nps_weight <= 0:
            raise ValueError(msg("csat_weight and nps_weight cannot both be 0"))
        return self


# --- attachments: and mail: (docs/intake.md) -----------------------------------------------

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.I)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def byte_size(value: Any) -> int:
    """A size as casectl.yaml writes it: ``25MB``, ``500 KiB``, ``1GB`` or bytes. KB, MB and GB
    count in 1024s, as mail servers' limits do."""
    if isinstance(value, bool):
        raise ValueError(msg("not a size: {value!r} (e.g. 25MB)", value=value))
    if isinstance(value, int):
        size = value
    else:
        found = _SIZE.match(str(value))
        if not found:
            raise ValueError(msg("not a size: {value!r} (e.g. 25MB)", value=value))
        unit = (found.group(2) or "").lower()[:1]
        size = int(float(found.group(1)) * _UNITS[unit])
    if size < 1:
        raise ValueError(msg("a size of at least one byte is expected"))
    return size


def size_text(size: int) -> str:
    """A size as people read it: 25 MB, 512 KB, 900 B."""
    for unit, step in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= step:
            return f"{size / step:.3g} {unit}"
    return f"{size} B"


Size = Annotated[int, BeforeValidator(byte_size)]


class Attachments(BaseModel):
    """``attachments:`` in casectl.yaml: how large one attached file may be, and how many one
    mail (or one ``attach``) may bring."""

    model_config = ConfigDict(extra="forbid")
    max_size: Size = 25 * 1024**2
    max_count: int = Field(default=100, ge=1, le=10_000)


class MailSettings(BaseModel):
    """``mail:`` in casectl.yaml: how large one mail file (.eml, .msg) may be, whole."""

    model_config = ConfigDict(extra="forbid")
    max_size: Size = 50 * 1024**2


class SignOff(BaseModel):
    """How letters to customers end: the signer's name (default: the case owner's name from
    ``people``), their title (default: the owner's role) and the company."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    title: str | None = None
    company: str | None = None


class Letters(BaseModel):
    """``letters:`` in casectl.yaml (docs/letters.md)."""

    model_config = ConfigDict(extra="forbid")
    sign_off: SignOff = Field(default_factory=SignOff)


class Glossary(BaseModel):
    """``glossary:`` in casectl.yaml: words engineers use and the plain words a customer reads
    (``terms``), checked in what customers read (docs/letters.md); the starter list that ships
    with casectl applies too unless ``starter: false``."""

    model_config = ConfigDict(extra="forbid")
    starter: bool = True
    terms: dict[str, str] = Field(default_factory=dict)


STATUSES = ("open", "in_progress", "resolved", "closed")  # what a log's status word can say


class ImportSettings(BaseModel):
    """``import:`` in casectl.yaml: how ``casectl import`` reads a team's complaint log."""

    model_config = ConfigDict(extra="forbid")
    # a log's own status words, beside the usual ones: {搁置: open, 已撤销: closed}
    status_words: dict[str, str] = Field(default_factory=dict)

    @field_validator("status_words")
    @classmethod
    def _known_statuses(cls, value: dict[str, str]) -> dict[str, str]:
        for word, status in value.items():
            if status not in STATUSES:
                raise ValueError(
                    msg(
                        "status word {word!r}: {status!r} is not a status (use {items})",
                        word=word,
                        status=status,
                        items=", ".join(STATUSES),
                    )
                )
        return value
