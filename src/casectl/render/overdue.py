"""The overdue gate's outputs: JSON, GitHub Actions workflow commands, JUnit XML, Markdown and
the table for people. Pure text: no rich, no printing.

Every renderer takes the same ``Report``: the gate's result plus what it needs to point at files
(case paths relative to the casebook) and the files that could not be read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from casectl.core.config import Config
from casectl.core.customers.rhythm import ContactItem
from casectl.core.views.gate import Gate, Item
from casectl.errors import CorruptFileError
from casectl.i18n import N_, _, ngettext
from casectl.render.clocks import clock_json, clock_label, remaining_shown
from casectl.render.github import command
from casectl.render.text import md_cell, one_line

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


@dataclass
class Report:
    gate: Gate
    config: Config
    paths: Mapping[str, str]  # case id -> path relative to the casebook
    problems: Sequence[CorruptFileError] = field(default_factory=list)
    fail_on: str = "breach"
    prefix: str = ""  # the casebook's folder from the repository's top: CI names files from there
    hostname: str = "localhost"

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
        """``7 breached, 4 due soon; 28 running clocks on 10 open cases checked`` (``1 open
        case``: English counts in the singular and plural, Chinese needs neither)."""
        gate = self.gate
        clocks, cases = len(gate.checked), self.cases
        text = _("{breached} breached, {soon} due soon; {clocks} on {cases} checked").format(
            breached=gate.breaches,
            soon=gate.warnings,
            clocks=ngettext("{n} running clock", "{n} running clocks", clocks).format(n=clocks),
            cases=ngettext("{n} open case", "{n} open cases", cases).format(n=cases),
        )
        if self.problems:
            count = len(self.problems)
            said = ngettext(
                "; {count} case file could not be read",
                "; {count} case files could not be read",
                count,
            )
            text += said.format(count=count)
        if gate.contacts_checked:
            late, checked = sum(i.level == "breach" for i in gate.contacts), gate.contacts_checked
            said = _("; {late} of {checked} customers overdue for a contact, {soon} due soon")
            text += said.format(late=late, checked=checked, soon=len(gate.contacts) - late)
        return text


def _headline(item: Item) -> str:
    if item.level == "breach":
        return _("{case} {clock} breached").format(
            case=item.subject.id, clock=clock_label(item.clock)
        )
    return _("{case} {clock} due soon").format(case=item.subject.id, clock=clock_label(item.clock))


def _message(report: Report, item: Item) -> str:
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


def _contact_headline(item: ContactItem) -> str:
    if item.level == "breach":
        return _("{customer} overdue for a contact").format(customer=one_line(item.name))
    return _("{customer} due a contact soon").format(customer=one_line(item.name))


def _contact_message(report: Report, item: ContactItem) -> str:
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


def _contact_json(report: Report, item: ContactItem) -> dict[str, Any]:
    last = item.customer.last
    return {
        "level": item.level,
        "customer": item.name,
        "path": item.customer.path,
        "tier": item.tier,
        "owner": item.clock.owner,
        "last_contact": last.astimezone(report.config.tz).isoformat() if last else None,
        "clock": clock_json(item.clock, report.config),
    }


# --- JSON ---------------------------------------------------------------------------------


def to_json(report: Report) -> dict[str, Any]:
    gate = report.gate
    return {
        "now": gate.now.astimezone(report.config.tz).isoformat(),
        "within": str(gate.within) if gate.within is not None else None,
        "fail_on": report.fail_on,
        "counts": {
            "checked": len(gate.checked),
            "cases": report.cases,
            "breached": gate.breaches,
            "warning": gate.warnings,
            "unreadable": len(report.problems),
        },
        "items": [
            {
                "level": item.level,
                "case": item.subject.id,
                "path": report.path(item.subject.id),
                "title": item.subject.title,
                "customer": item.subject.customer,
                "priority": item.subject.priority,
                "clock": clock_json(item.clock, report.config),
            }
            for item in gate.items
        ],
        "problems": [
            {"path": p.path, "line": p.line, "message": p.problem} for p in report.problems
        ],
        "contacts": {
            "checked": gate.contacts_checked,
            "items": [_contact_json(report, item) for item in gate.contacts],
        },
    }


# --- GitHub Actions workflow commands -------------------------------------------------------


def to_github(report: Report) -> str:
    """One annotation per flagged clock, pointing at the case file; a notice sums up."""
    lines = [
        command(
            "error" if item.level == "breach" else "warning",
            _message(report, item),
            file=report.repo_path(item.subject.id),
            title=_headline(item),
        )
        for item in report.gate.items
    ]
    for problem in report.problems:
        lines.append(
            command(
                "error",
                problem.problem,
                file=report.prefix + problem.path,
                line=problem.line,
                title=_("casectl: unreadable case file"),
            )
        )
    for contact in report.gate.contacts:  # a warning, whatever its level: it fails no gate
        lines.append(
            command(
                "warning",
                _contact_message(report, contact),
                file=report.prefix + contact.customer.path,
                title=_contact_headline(contact),
            )
        )
    lines.append(command("notice", report.summary(), title="casectl overdue"))
    return "\n".join(lines) + "\n"


# --- JUnit XML ------------------------------------------------------------------------------


def to_junit(report: Report) -> str:
    """One test case per running clock checked; a failure per breach, an error per bad file;
    then, when any customer has a contact rhythm, a second suite with one test case per customer
    due a contact (never a failure).

    Within the Apache Ant JUnit schema, the strictest that Jenkins, GitLab and the GitHub
    test-report actions read (tests/data/junit.xsd): ``timestamp`` in UTC without an offset,
    ``hostname``, ``properties`` first and ``system-out``/``system-err`` last, and a test case
    with ``name``, ``classname`` and ``time`` only — its file is named in its text."""
    gate = report.gate
    flagged = {(i.subject.id, i.clock.name): i for i in gate.items}
    suite = _suite(
        report,
        "casectl overdue",
        0,
        tests=len(gate.checked) + len(report.problems),
        failures=gate.breaches,
        errors=len(report.problems),
    )
    warnings = []
    for case, clock in gate.checked:
        testcase = _testcase(suite, case.id, clock.name)
        item = flagged.get((case.id, clock.name))
        if item is not None and item.level == "breach":
            failure = ET.SubElement(testcase, "failure", message=_headline(item), type="breach")
            failure.text = f"{report.repo_path(case.id)}: {_message(report, item)}"
        elif item is not None:
            said = _("warning: {message}").format(message=_message(report, item))
            warnings.append(f"{_headline(item)}: {said}")
    for problem in report.problems:
        testcase = _testcase(suite, "casebook", problem.path)
        error = ET.SubElement(testcase, "error", message=problem.problem, type="unreadable")
        error.text = f"{report.prefix}{problem}"
    _outputs(suite, warnings)
    root = ET.Element("testsuites")
    root.append(suite)
    if gate.contacts_checked:  # customers due a contact: reported, never a failure
        rhythm = _suite(report, "casectl contact rhythm", 1, len(gate.contacts), 0, 0)
        lines = []
        for contact in gate.contacts:
            _testcase(rhythm, "customer", contact.name)
            path = report.prefix + contact.customer.path
            lines.append(
                f"{path}: {_contact_headline(contact)}: {_contact_message(report, contact)}"
            )
        _outputs(rhythm, lines)
        root.append(rhythm)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _suite(
    report: Report, name: str, number: int, tests: int, failures: int, errors: int
) -> ET.Element:
    """A test suite with the gate's time, host and facts as its properties."""
    gate = report.gate
    suite = ET.Element(
        "testsuite",
        name=name,
        package="casectl",
        id=str(number),
        timestamp=gate.now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        hostname=report.hostname or "localhost",
        tests=str(tests),
        failures=str(failures),
        errors=str(errors),
        skipped="0",
        time="0",
    )
    properties = ET.SubElement(suite, "properties")
    facts = {
        "now": gate.now.astimezone(report.config.tz).isoformat(),
        "within": str(gate.within) if gate.within is not None else "",
        "fail_on": report.fail_on,
        "casebook": report.prefix.rstrip("/") or ".",
    }
    for key, value in facts.items():
        ET.SubElement(properties, "property", name=key, value=value)
    return suite


def _testcase(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=classname, name=name, time="0")


def _outputs(suite: ET.Element, lines: Sequence[str]) -> None:
    """The suite's closing ``system-out`` (these lines) and ``system-err``."""
    ET.SubElement(suite, "system-out").text = "\n".join(lines) if lines else None
    ET.SubElement(suite, "system-err")


# --- Markdown -------------------------------------------------------------------------------


def to_markdown(report: Report) -> str:
    """A table for ``$GITHUB_STEP_SUMMARY`` or a merge request comment."""
    gate = report.gate
    now = gate.now.astimezone(report.config.tz).strftime("%Y-%m-%d %H:%M %z")
    heading = _("### casectl overdue — {breached} breached, {soon} due soon")
    lines = [heading.format(breached=gate.breaches, soon=gate.warnings), ""]
    if gate.items:
        lines += [
            "| " + " | ".join(_(h) for h in TABLE_HEADERS) + " |",
            "|---|---|---|---|---|---|---|",
        ]
        for item in gate.items:
            clock = item.clock
            level = _(LEVELS[item.level]) if item.level in LEVELS else item.level
            level = f"**{level}**" if item.level == "breach" else level
            text = [clock_label(clock), report.local(clock.due), remaining_shown(clock)]
            text += [clock.owner or "", item.subject.title]
            cells = [level, f"`{item.subject.id}`", *(md_cell(c) for c in text)]
            lines.append("| " + " | ".join(cells) + " |")
    else:
        lines.append(_("No clock is breached or due soon."))
    if report.problems:
        lines += ["", _("**Case files that could not be read** (the gate fails until fixed):")]
        lines += [f"- {md_cell(str(p))}" for p in report.problems]
    if gate.contacts:
        lines += [
            "",
            _("**Customers due a contact** (the contact rhythm; not a gate failure):"),
            "",
            "| " + " | ".join(_(h) for h in CONTACT_HEADERS) + " |",
            "|---|---|---|---|---|---|---|",
        ]
        for contact in gate.contacts:
            cells = [md_cell(c) for c in _contact_cells(report, contact)]
            cells[0] = f"**{cells[0]}**" if contact.level == "breach" else cells[0]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", _("_{summary}; as of {now}._").format(summary=report.summary(), now=now)]
    return "\n".join(lines) + "\n"


CONTACT_HEADERS = (
    N_("level"),
    N_("customer"),
    N_("tier"),
    N_("last contact"),
    N_("due"),
    N_("remaining"),
    N_("owner"),
)


def _contact_cells(report: Report, item: ContactItem) -> list[str]:
    last = item.customer.last
    return [
        _("overdue") if item.level == "breach" else _("due soon"),
        item.name,
        item.tier,
        report.local(last) if last else _("never"),
        report.local(item.clock.due),
        remaining_shown(item.clock),
        item.clock.owner or "",
    ]


def _json_text(report: Report) -> str:
    from casectl.render.json import dumps

    return dumps(to_json(report))


FORMATS = {
    "json": _json_text,
    "github": to_github,
    "junit": to_junit,
    "markdown": to_markdown,
}
