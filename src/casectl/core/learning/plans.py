"""Next month's plan: what the team sets out to improve, written at the monthly review
(``plan add 2026-12 "…" --owner …``), marked done during the month, and checked by that month's
report. One file a month, ``plans/2026-12.yaml``. Pure."""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from casectl.core.ids import Pick, find_item, next_item_id
from casectl.core.model import When
from casectl.errors import StepRefused, UsageError, not_found
from casectl.i18n import msg

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
PLAN_SCHEMA_VERSION = 1


def check_month(text: str) -> str:
    """``YYYY-MM``, or a usage error."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1970 <= int(match.group(1)) <= 2999:
        raise UsageError(msg("{text!r} is not a month like 2026-12 (YYYY-MM)", text=text))
    return text.strip()


def next_month(month: str) -> str:
    year, number = (int(x) for x in month.split("-"))
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def month_to_show(this_month: str, *, planned: bool) -> str:
    """The plan ``plan list`` shows when not told: this month's while it has one (the plan
    the team is working through), else next month's (the one the monthly review writes)."""
    return this_month if planned else next_month(this_month)


class PlanItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    text: Annotated[str, Field(min_length=1)]
    owner: str | None = None
    added_at: When
    added_by: str
    done_at: When | None = None
    done_by: str | None = None
    note: str | None = None


class Plan(BaseModel):
    """``plans/YYYY-MM.yaml``."""

    model_config = ConfigDict(extra="forbid")
    schema_version: Annotated[int, Field(ge=1, le=PLAN_SCHEMA_VERSION)] = PLAN_SCHEMA_VERSION
    month: str
    items: list[PlanItem] = Field(default_factory=list)

    @field_validator("month")
    @classmethod
    def _month(cls, value: str) -> str:
        try:
            return check_month(value)
        except UsageError as exc:
            raise ValueError(exc.text()) from None


def add(
    plan: Plan,
    *,
    text: str,
    owner: str | None,
    at: datetime,
    by: str,
    pick: Pick = secrets.choice,
) -> tuple[Plan, str]:
    if not text.strip():
        raise UsageError(msg("the plan item's text must not be empty"))
    new = plan.model_copy(deep=True)
    pid = next_item_id("p", (i.id for i in new.items), pick)
    new.items.append(PlanItem(id=pid, text=text, owner=owner, added_at=at, added_by=by))
    return new, pid


def done(plan: Plan, item_id: str, *, note: str | None, at: datetime, by: str) -> Plan:
    new = plan.model_copy(deep=True)
    item = find_item(item_id, new.items, "p")
    if item is None:
        known = [i.id for i in new.items]
        raise not_found("plan item", item_id, within=plan.month, known=known)
    if item.done_at is not None:
        raise StepRefused(
            msg(
                "item {item} of the plan for {month} is done already ({done_at})",
                item=item.id,
                month=plan.month,
                done_at=item.done_at.isoformat(),
            )
        )
    item.done_at, item.done_by, item.note = at, by, note or item.note
    return new


def checked(plan: Plan | None, as_of: datetime) -> dict[str, Any] | None:
    """A plan as the report shows it: each item done or still open as of ``as_of``."""
    if plan is None:
        return None
    items = [
        {
            "id": i.id,
            "text": i.text,
            "owner": i.owner,
            "done": i.done_at is not None and i.done_at <= as_of,
            "done_at": i.done_at.isoformat() if i.done_at else None,
            "note": i.note,
        }
        for i in plan.items
    ]
    return {"month": plan.month, "items": items, "done": sum(i["done"] for i in items)}
