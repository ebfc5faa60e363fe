"""The month's plan as library calls: add an item, mark it done, read a month's plan.

A plan is what the monthly review sets out to do in a month (``plans/2026-12.yaml``); that
month's report checks it (docs/scorecard.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from casectl.api.base import Base
from casectl.api.results import JSON

if TYPE_CHECKING:
    from casectl.core.learning.plans import Plan


@dataclass(frozen=True)
class PlanChange:
    """An item of a month's plan added or marked done: the plan as written, its month, the
    item's id (p1, p2…) and the plan's file."""

    plan: Plan
    month: str
    item: str
    path: str


@dataclass(frozen=True)
class MonthPlan:
    """A month's plan (``plan list``): the plan (None when none was set for the month) and
    ``status``, each item done or open as of now, as the outputs write it."""

    month: str
    plan: Plan | None
    status: JSON


class Plans(Base):
    """plan add, plan done, plan list."""

    def add_plan_item(
        self, month: str, text: str, *, owner: str | None = None, by: str | None = None
    ) -> PlanChange:
        """An item added to the plan of ``month`` (YYYY-MM; the plan is made when it has
        none); ``item`` is its id."""
        from casectl.core.learning import plans

        name = plans.check_month(month)
        actor = self.who(None, by)
        added: list[str] = []

        def change(plan: Plan) -> Plan:
            new, pid = plans.add(
                plan, text=text, owner=owner, at=actor.at, by=actor.by, pick=actor.pick
            )
            added.append(pid)
            return new

        return self._change_plan(name, change, lambda: added[0])

    def finish_plan_item(
        self, month: str, item: str, *, note: str | None = None, by: str | None = None
    ) -> PlanChange:
        """An item of the plan of ``month`` marked done, with how it went; refused when the
        month has no plan, the plan no such item, or the item is done already."""
        from casectl.core.ids import find_item
        from casectl.core.learning import plans
        from casectl.errors import UsageError
        from casectl.i18n import msg

        name = plans.check_month(month)
        if self.read_plan(name) is None:
            raise UsageError(
                msg("there is no plan for {name} (casectl plan add {name} TEXT)", name=name)
            )
        actor = self.who(None, by)
        done: list[str] = []

        def change(plan: Plan) -> Plan:
            found = find_item(item, plan.items, "p")  # its id when ``item`` is an ordinal
            done.append(found.id if found else item.strip().lower())
            return plans.done(plan, item, note=note, at=actor.at, by=actor.by)

        return self._change_plan(name, change, lambda: done[0])

    def _change_plan(
        self, month: str, change: Callable[[Plan], Plan], item: Callable[[], str]
    ) -> PlanChange:
        from casectl.storage import plans as stored

        plan, path = stored.change(self.store, month, change)
        return PlanChange(plan, month, item(), self.relative(path))

    def plan(self, month: str | None = None) -> MonthPlan:
        """The plan of ``month`` (YYYY-MM; default: this month's while it has one, else next
        month's, the one the monthly review writes), each item done or open as of now."""
        from casectl.core.learning import plans

        now = self.now()
        if month is None:
            this = f"{now:%Y-%m}"
            month = plans.month_to_show(this, planned=self.read_plan(this) is not None)
        name = plans.check_month(month)
        plan = self.read_plan(name)
        status = plans.checked(plan, now) or {"month": name, "items": [], "done": 0}
        return MonthPlan(name, plan, status)

    def read_plan(self, month: str) -> Plan | None:
        """The plan of ``month`` as its file holds it; None when it has none (a file that
        does not read is a ``CorruptFileError``)."""
        from casectl.storage import plans as stored

        return stored.load(self.store, month)
