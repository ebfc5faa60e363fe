"""The overdue gate as JUnit XML, for Jenkins, GitLab and the GitHub test-report actions. Pure
text; the words of each failure are the other outputs' (``render.gate_report``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC

from casectl.i18n import _
from casectl.render.gate_report import (
    Report,
    contact_headline,
    contact_message,
    headline,
    message,
)


def junit(report: Report) -> str:
    """One test case per running clock checked; a failure per breach, an error per bad file;
    then, when any customer has a contact rhythm, a second suite with one test case per customer
    due a contact (never a failure).

    Within the Apache Ant JUnit schema, the strictest that Jenkins, GitLab and the GitHub
    test-report actions read (tests/data/junit.xsd): ``timestamp`` in UTC without an offset,
    ``hostname``, ``properties`` first and ``system-out``/``system-err`` last, and a test case
    with ``name``, ``classname`` and ``time`` only — its file is named in its text."""
    gate = report.gate
    flagged = {(i.subject.id, i.clock.name): i for i in gate.items}
    known = len(report.baseline.known) if report.baseline is not None else 0
    suite = _suite(
        report,
        "casectl overdue",
        0,
        tests=len(gate.checked) + len(report.problems),
        failures=gate.breaches - known,
        errors=len(report.problems),
        skipped=known,
    )
    warnings = []
    for case, clock in gate.checked:
        testcase = _testcase(suite, case.id, clock.name)
        item = flagged.get((case.id, clock.name))
        if item is not None and report.baselined(item):
            said = _("in the baseline: {message}").format(message=message(report, item))
            ET.SubElement(testcase, "skipped", message=said)
        elif item is not None and item.level == "breach":
            failure = ET.SubElement(testcase, "failure", message=headline(item), type="breach")
            failure.text = f"{report.repo_path(case.id)}: {message(report, item)}"
        elif item is not None:
            said = _("warning: {message}").format(message=message(report, item))
            warnings.append(f"{headline(item)}: {said}")
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
            lines.append(f"{path}: {contact_headline(contact)}: {contact_message(report, contact)}")
        _outputs(rhythm, lines)
        root.append(rhythm)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _suite(
    report: Report,
    name: str,
    number: int,
    tests: int,
    failures: int,
    errors: int,
    skipped: int = 0,
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
        skipped=str(skipped),
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
