"""The contact rhythm: customers nobody has contacted within their tier's rhythm are flagged by
``overdue`` (every format; never failing the gate) and told by ``notify`` (``contact-due``),
counted on the SLA clock of casectl.yaml; and ``customer NAME`` shows its state."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema

from conftest import Cli

XSD = xmlschema.XMLSchema(str(Path(__file__).parent / "data" / "junit.xsd"))

CALENDAR = "sla:\n  clock: calendar\nrhythm:\n  key: 14d\n  standard: 30d\n"
BUSINESS = (
    "calendar:\n  workdays: [mon, tue, wed, thu, fri]\n  hours: ['09:00-12:00', '13:30-18:00']\n"
    "sla:\n  clock: business\nrhythm:\n  key: 14d\n"
)


def settings(root: Path, text: str) -> None:
    config = root / "casectl.yaml"
    kept = [
        line
        for line in config.read_text(encoding="utf-8").splitlines()
        if line.startswith(("schema_version", "timezone"))
    ]
    config.write_text("\n".join(kept) + "\n" + text, encoding="utf-8")


def at(when: str) -> dict[str, str]:
    return {"CASECTL_NOW": when}


def contacts(run: Cli, when: str, *extra: str) -> dict[str, Any]:
    result = run("overdue", "--format", "json", "--fail-on", "never", *extra, env=at(when))
    assert result.exit_code == 0, result
    found: dict[str, Any] = result.json()["contacts"]
    return found


@pytest.fixture
def key_account(run: Cli, casebook: Path) -> Path:
    """华东 (tier key, owner li.wei) last visited on Monday 2026-11-02 10:00 (+08:00)."""
    settings(casebook, CALENDAR)
    added = run(
        "customer", "add", "华东精密制造有限公司", "--alias", "华东", "--tier", "key",
        "--owner", "li.wei", "--at", "2026-10-01T09:00:00+08:00",
    )  # fmt: skip
    assert added.exit_code == 0, added
    touched = run(
        "touch", "华东", "--channel", "visit", "--summary", "季度拜访",
        "--at", "2026-11-02T10:00:00+08:00",
    )  # fmt: skip
    assert touched.exit_code == 0, touched
    return casebook


def test_calendar_clock_flags_after_fourteen_days(run: Cli, key_account: Path) -> None:
    assert contacts(run, "2026-11-12T10:00:00+08:00") == {"checked": 1, "items": []}
    soon = contacts(run, "2026-11-14T00:00:00+08:00")["items"]  # 25 % of 14 days = 3.5 days
    assert [(i["customer"], i["level"]) for i in soon] == [("华东精密制造有限公司", "warning")]
    assert contacts(run, "2026-11-16T09:59:59+08:00")["items"][0]["level"] == "warning"
    (late,) = contacts(run, "2026-11-16T10:00:01+08:00")["items"]
    assert late["level"] == "breach"
    assert late["clock"]["due"] == "2026-11-16T10:00:00+08:00"
    assert late["last_contact"] == "2026-11-02T10:00:00+08:00"
    assert (late["tier"], late["owner"], late["path"]) == (
        "key",
        "li.wei",
        "customers/华东精密制造有限公司.yaml",
    )
    assert contacts(run, "2026-11-20T10:00:00+08:00", "--owner", "zhao.lei")["items"] == []


def test_business_clock_counts_working_days(run: Cli, key_account: Path) -> None:
    settings(key_account, BUSINESS)
    # 14 working days from Mon 11-02 10:00: Fri 11-20 10:00 (weekends do not count)
    (item,) = contacts(run, "2026-11-20T10:00:01+08:00")["items"]
    assert item["clock"]["due"] == "2026-11-20T10:00:00+08:00" and item["level"] == "breach"
    assert contacts(run, "2026-11-16T10:00:01+08:00")["items"] == []  # calendar's due, not here


def test_case_contacts_count_and_churned_customers_are_left_alone(
    run: Cli, key_account: Path
) -> None:
    case_id = run(
        "record", "--customer", "华东", "--title", "打印错位", "--category", "technical",
        "--priority", "low", "--channel", "phone", "--at", "2026-11-05T09:00:00+08:00",
    ).stdout.strip()  # fmt: skip
    assert contacts(run, "2026-11-17T10:00:00+08:00")["items"]  # a complaint is no contact
    responded = run(
        "respond", case_id, "--summary", "电话致歉", "--at", "2026-11-06T09:00:00+08:00"
    )
    assert responded.exit_code == 0, responded
    assert contacts(run, "2026-11-16T10:00:00+08:00")["items"] == []
    update = run("update", case_id, "--summary", "进展", "--at", "2026-11-10T09:00:00+08:00")
    assert update.exit_code == 0
    assert contacts(run, "2026-11-20T10:00:00+08:00")["items"] == []
    assert contacts(run, "2026-11-24T10:00:00+08:00")["items"][0]["level"] == "breach"
    assert run("customer", "set", "华东", "--lifecycle", "churned").exit_code == 0
    assert contacts(run, "2026-12-30T10:00:00+08:00") == {"checked": 0, "items": []}


def test_every_overdue_format_shows_customers_and_cases_stay_as_they_were(
    run: Cli, key_account: Path
) -> None:
    when = at("2026-11-20T10:00:00+08:00")
    table = run("overdue", env=when)
    assert table.exit_code == 0
    assert "overdue  华东精密制造有限公司  key" in table.stdout
    assert "1 of 1 customers overdue for a contact" in table.stderr
    github = run("overdue", "--format", "github", env=when).stdout
    assert (
        "::warning file=customers/华东精密制造有限公司.yaml,title=华东精密制造有限公司 " in github
    )
    junit = run("overdue", "--format", "junit", env=when).stdout
    XSD.validate(junit)  # the common JUnit schema, as for the cases' suite
    suites = ET.fromstring(junit).findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("casectl overdue", "0", "0"),
        ("casectl contact rhythm", "1", "0"),
    ]
    (case,) = suites[1].findall("testcase")
    assert (case.get("classname"), case.get("name")) == ("customer", "华东精密制造有限公司")
    said = suites[1].findtext("system-out") or ""
    assert said.startswith("customers/华东精密制造有限公司.yaml: 华东精密制造有限公司 overdue")
    markdown = run("overdue", "--format", "markdown", env=when).stdout
    assert "| **overdue** | 华东精密制造有限公司 | key | 2026-11-02 10:00 |" in markdown
    # with --fail-on warning the gate still passes: a rhythm is no SLA
    assert run("overdue", "--fail-on", "warning", env=when).exit_code == 0


def test_no_rhythm_no_change(run: Cli, casebook: Path) -> None:
    assert run("customer", "add", "Beta Corp", "--tier", "gold").exit_code == 0
    result = run("overdue", "--format", "json")
    assert result.json()["contacts"] == {"checked": 0, "items": []}
    assert "customers" not in run("overdue").stderr


def test_notify_tells_contact_due_once(run: Cli, key_account: Path) -> None:
    config = key_account / "casectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "notify:\n  targets: {team: 'json://127.0.0.1:9/hook'}\n"
        "  rules:\n  - {events: [contact-due], to: [team]}\n",
        encoding="utf-8",
    )
    told = run("notify", "--dry-run", "--since", "2026-11-16T09:00:00+08:00", env=at(NOW_LATE))
    assert told.exit_code == 0, told
    assert "Customer due a contact: 华东精密制造有限公司" in told.stdout
    assert "look: `casectl customer '华东精密制造有限公司'`" in told.stdout
    later = run("notify", "--dry-run", "--since", "2026-11-17T09:00:00+08:00", env=at(NOW_LATE))
    assert "Customer due a contact" not in later.stdout  # it ran out before that window


NOW_LATE = "2026-11-18T10:00:00+08:00"


def test_customer_view_in_every_format(run: Cli, key_account: Path) -> None:
    case_id = run(
        "record", "--customer", "华东", "--title", "<b>导出</b>超时", "--category", "technical",
        "--priority", "high", "--channel", "phone", "--at", "2026-11-05T09:00:00+08:00",
    ).stdout.strip()  # fmt: skip
    for step in (
        ("respond", case_id, "--summary", "致歉", "--at", "2026-11-05T10:00:00+08:00"),
        ("investigate", case_id, "--root-cause", "网关超时", "--at", "2026-11-05T11:00:00+08:00"),
        ("resolve", case_id, "--summary", "已恢复", "--at", "2026-11-06T11:00:00+08:00"),
        ("survey", case_id, "--nps", "6", "--csat", "3", "--at", "2026-11-07T11:00:00+08:00"),
        ("survey", case_id, "--nps", "9", "--csat", "5", "--at", "2026-11-09T11:00:00+08:00"),
    ):
        assert run(*step).exit_code == 0, step
    set_notes = run(
        "customer", "set", "华东", "--notes", "<script>alert(1)</script> 月结\x1b[31m敏感"
    )
    assert set_notes.exit_code == 0
    data = run("customer", "华东", "--format", "json", env=at(NOW_LATE)).json()
    assert [(s["nps"], s["csat"]) for s in data["surveys"]] == [(6, 3), (9, 5)]
    assert data["rhythm"]["state"] == "warning" and data["rhythm"]["target"] == "14d"
    assert data["last_contact"] == "2026-11-05T10:00:00+08:00"
    assert [(c["id"], c["stage"], c["open"]) for c in data["cases"]] == [
        (case_id, "resolved", True)
    ]
    text = run("customer", "华东", env=at(NOW_LATE)).stdout
    assert "last contact 2026-11-05 10:00; every 14d: due soon, due 2026-11-19 10:00" in text
    assert "NPS / CSAT trend:" in text and "季度拜访" in text
    assert "\x1b" not in text and "月结\\x1b[31m敏感" in text  # a pasted colour code is shown
    page = run("customer", "华东", "--format", "html", env=at(NOW_LATE)).stdout
    assert page.startswith("<!DOCTYPE html>") and "<script>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;导出&lt;/b&gt;超时" in page
    assert "<link" not in page and "http" not in page.replace("http-equiv", "")
    out = key_account / "c.html"
    assert run("customer", "华东", "--format", "html", "--output", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_a_customer_without_profile_keeps_its_history_view(run: Cli, casebook: Path) -> None:
    made = run(
        "record", "--customer", "Gamma Tech", "--title", "登录失败", "--category", "technical",
        "--priority", "low", "--channel", "email",
    )  # fmt: skip
    assert made.exit_code == 0
    data = run("customer", "gamma", "--format", "json").json()
    assert data["customer"] == "Gamma Tech" and "profile" not in data
    page = run("customer", "gamma", "--format", "html").stdout
    assert "<h1>Gamma Tech</h1>" in page and "Key people" not in page
    assert json.loads(run("customer", "--format", "json").stdout)[0]["total"] == 1


def test_a_profile_that_does_not_read_fails_the_gate_as_a_case_file_does(
    run: Cli, key_account: Path
) -> None:
    """A broken profile could hide a due contact: the gate names it once, as an error, and
    exits 3 — the same policy as a case file it cannot read (it was silently left out)."""
    (key_account / "customers" / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    gate = run("overdue", "--fail-on", "never", env=at("2026-11-23T10:00:00+08:00"))
    assert gate.exit_code == 3, gate
    said = [line for line in gate.stderr.splitlines() if "broken.yaml" in line]
    assert len(said) == 1 and said[0].startswith("casectl: error: cannot check"), gate.stderr
    listed = run("customer", env=at("2026-11-23T10:00:00+08:00"))  # elsewhere: skipped, told
    assert listed.exit_code == 0, listed
    assert "casectl: warning: skipped customers/broken.yaml" in listed.stderr
