"""``casectl customer``: every customer, and one customer's history in time order."""

from __future__ import annotations

import json

import pytest

from casebooks import ACME, HUADONG, Book


@pytest.fixture(scope="module")
def book(two_months_copy: Book) -> Book:
    return two_months_copy


def test_every_customer_with_open_total_and_last_nps(book: Book) -> None:
    rows = json.loads(book.ok("customer", "--format", "json"))
    by_name = {r["customer"]: r for r in rows}
    assert by_name[HUADONG]["open"] == 2 and by_name[HUADONG]["total"] == 3
    assert by_name[HUADONG]["last_nps"] == 9  # A answered 11-10, after E's 10 in October
    assert by_name[ACME] == {
        "customer": ACME,
        "open": 0,
        "total": 1,
        "last_nps": 6,
        "last_csat": 3,
        "last_case": "2026-11-10",
    }
    assert by_name["Beta Corp"]["last_nps"] is None
    assert rows[0]["customer"] == HUADONG  # most open cases first
    table = book.ok("customer")
    assert "华东精密制造有限公司" in table and "Gamma Tech" in table


def test_one_customers_history_in_time_order(book: Book) -> None:
    story = json.loads(book.ok("customer", "华东", "--format", "json"))
    assert story["customer"] == HUADONG
    assert [c["id"] for c in story["cases"]] == [book.ids["E"], book.ids["A"], book.ids["C"]]
    times = [e["at"] for e in story["events"]]
    assert times == sorted(times)
    assert story["events"][0]["event"] == "received: 凭证打印错位"
    assert "acme" in book.ok("customer", "ACME", "--format", "json").lower()
    out = book.run("customer", "华东")
    assert "2 open of 3" in out.stderr and "审批流程卡住" in out.stdout


@pytest.mark.parametrize(("name", "message"), [("nobody", "no customer matches"), ("t", "matches")])
def test_unknown_or_ambiguous_name(book: Book, name: str, message: str) -> None:
    result = book.run("customer", name)
    assert result.exit_code == 2 and message in result.stderr
