"""The closed lists of values a case file takes (channel, category, priority, cause…), each
the one place its allowed values are spelled. Pure."""

from __future__ import annotations

from enum import StrEnum


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
