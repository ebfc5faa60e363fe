"""What every output of the overdue gate reads (``Report``) and the words they share: a flagged
clock's headline and one-line message, a customer's due contact, the summary line. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from casectl.core.views.gate import Gate, Item
from casectl.errors import CorruptFileError
from casectl.i18n import N_, _, ngettext
from casectl.render.clocks import Zoned, clock_label, remaining_shown

if TYPE_CHECKING:
    from casectl.core.customers.rhythm import ContactItem
    from casectl.core.views.baseline import Judged
from casectl.render.text import one_line

TABLE_HEADERS = (
    N_("level"),
    N_("case"),
    N_("clock"),
    N_("due"),
    N_("remaining"),
    N_("owner"),
    N_("title"),
)
LEVELS = {"breach": N_("breach"), "warning": N_("warning")}

CONTACT_HEADERS = (
    N_("level"),
    N_("customer"),
    N_("tier"),
    N_("last contact"),
    N_("due"),
    N_("remaining"),
    N_("owner"),
)


@dataclass
class Report:
    gate: Gate
    config: Zoned
    paths: Mapping[str, str]  # case id -> path relative to the casebook
    problems: Sequence[CorruptFileError] = field(default_factory=list)
    fail_on: str = "breach"
    prefix: str = ""  # the casebook's folder from the repository's top: CI names files from there
    hostname: str = "localhost"
    baseline: Judged | None = None  # the gate read against a baseline file
    baseline_file: str = ""
    baseline_written: bool = False  # this run rewrote the file (the gone entries dropped)

    def baselined(self, item: Item) -> bool:
        """Whether ``item`` is a breach the baseline knows (it does not fail the gate)."""
        return self.baseline is not None and self.baseline.baselined(item)

    @property
    def shown_items(self) -> list[Item]:
        """The flagged clocks the main table lists: all, or those the baseline does not know."""
        return [i for i in self.gate.items if not self.baselined(i)]

    def path(self, case_id: str) -> str:
        return self.paths.get(case_id.upper(), f"cases/{case_id}.yaml")

    def repo_path(self, case_id: str) -> str:
        """The case file as the repository names it (GitHub annotations, JUnit)."""
        return self.prefix + self.path(case_id)

    def local(self, at: datetime) -> str:
        return at.astimezone(self.config.tz).strftime("%Y-%m-%d %H:%M")

    @property
    def cases(self) -> int:
        return len({case.id for case, _ in self.gate.checked})

    def summary(self) -> str:
        gate = self.gate
        clocks, cases = len(gate.checked), self.cases
        text = _("{breached} breached, {soon} due soon; {clocks} on {cases} checked").format(
            breached=gate.breaches,
            soon=gate.warnings,
            clocks=ngettext("{n} running clock", "{n} running clocks", clocks).format(n=clocks),
            cases=ngettext("{n} open case", "{n} open cases", cases).format(n=cases),
        )
        if self.baseline is not None:
            text += baseline_summary(self.baseline)
        if self.problems:
            count = len(self.problems)
            said = ngettext(
                "; {count} case file could not be read",
                "; {count} case files could not be read",
                count,
            )
            text += said.format(count=count)
        if gate.contacts_checked:
            late = sum(i.level == "breach" for i in gate.contacts)
            said = _("; {late} of {checked} customers overdue for a contact, {soon} due soon")
            text += said.format(
                late=late, checked=gate.contacts_checked, soon=len(gate.contacts) - late
            )
        return text


def headline(item: Item) -> str:
    if item.level == "breach":
        return _("{case} {clock} breached").format(
            case=item.subject.id, clock=clock_label(item.clock)
        )
    return _("{case} {clock} due soon").format(case=item.subject.id, clock=clock_label(item.clock))


def message(report: Report, item: Item) -> str:
    """One line about a flagged clock, for annotations and JUnit: case text made visible."""
    clock = item.clock
    owner = _("; owner {owner}").format(owner=one_line(clock.owner)) if clock.owner else ""
    paused = _(" (waiting on customer)") if clock.state.value == "paused" else ""
    said = _("{title} — {clock} due {due}, {remaining}{paused}; {priority} priority{owner}")
    return said.format(
        title=one_line(item.subject.title),
        clock=clock_label(clock),
        due=report.local(clock.due),
        remaining=remaining_shown(clock),
        paused=paused,
        priority=item.subject.priority,
        owner=owner,
    )


def contact_headline(item: ContactItem) -> str:
    if item.level == "breach":
        return _("{customer} overdue for a contact").format(customer=one_line(item.name))
    return _("{customer} due a contact soon").format(customer=one_line(item.name))


def contact_message(report: Report, item: ContactItem) -> str:
    """One line about a customer due a contact: last contact, rhythm, due, owner."""
    last = item.customer.last
    said = _("last contact {last}; every {target} ({tier}): due {due}, {remaining}").format(
        last=report.local(last) if last else _("never"),
        target=item.clock.target,
        tier=one_line(item.tier),
        due=report.local(item.clock.due),
        remaining=remaining_shown(item.clock),
    )
    if item.clock.owner:
        said += _("; owner {owner}").format(owner=one_line(item.clock.owner))
    return said


def baseline_summary(judged: Judged) -> str:
    """What the summary line adds with a baseline: new and known breaches, entries gone."""
    text = _("; {new} new, {known} in the baseline").format(
        new=len(judged.new), known=len(judged.known)
    )
    if judged.gone:
        said = _("; baseline entries no longer breached: {count}")
        text += said.format(count=len(judged.gone))
    return text
