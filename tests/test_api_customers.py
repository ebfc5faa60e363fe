"""The library's customer calls (``casectl.api.customers``), called directly on a temporary
casebook: every customer, one customer, and the profiles' steps — each call's main path and a
refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from casectl import Casebook
from casectl.errors import UnknownCustomerError, UsageError
from casectl.storage import templates

NOW = "2026-11-23T10:00:00+08:00"
FULL = "华东精密制造有限公司"


@pytest.fixture
def book(tmp_path: Path) -> Casebook:
    root = tmp_path / "book"
    templates.init_casebook(root, templates.CONFIG, templates.FILES)
    return Casebook(root, now=NOW, user="li.wei")


def record(book: Casebook, customer: str, title: str = "月末报表导出超时") -> str:
    made = book.record(
        customer=customer, title=title, category="technical", priority="high",
        at="2026-11-20T09:15:00+08:00",
    )  # fmt: skip
    return made.case.id


def warnings(book: Casebook) -> list[str]:
    return [n.message for n in book.notices if n.level == "warning"]


def test_add_customer_writes_a_profile_and_refuses_a_name_taken(book: Casebook) -> None:
    added = book.add_customer(FULL, aliases=["华东精密", "HDJM"], tier="key", lifecycle="steady")
    assert (added.path, added.done) == (f"customers/{FULL}.yaml", "profile added")
    assert added.profile.aliases == ["华东精密", "HDJM"] and added.profile.tier == "key"
    assert added.profile.since is not None and added.profile.since.isoformat() == NOW
    assert book.find_customer("hdjm") == added.profile
    with pytest.raises(UsageError, match="has the name"):
        book.add_customer("华东精密")
    with pytest.raises(UsageError, match="must not be empty"):
        book.add_customer("  ")
    with pytest.raises(UsageError, match="lifecycle"):
        book.add_customer("Beta Corp", lifecycle="dead")
    assert not (book.root / "customers" / "beta-corp.yaml").exists()


def test_set_customer_changes_the_profile_a_prefix_names(book: Casebook) -> None:
    book.add_customer(FULL, aliases=["HDJM"])
    changed = book.set_customer("华东", aliases=["华东精密"], lifecycle="at-risk", channel="visit")
    assert changed.done == "profile updated" and changed.path == f"customers/{FULL}.yaml"
    assert changed.profile.aliases == ["HDJM", "华东精密"]
    assert changed.profile.lifecycle == "at-risk" and changed.profile.preferences.channel == "visit"
    with pytest.raises(UnknownCustomerError, match="no customer profile matches 'nobody'"):
        book.set_customer("nobody", tier="key")


def test_add_person_gives_the_key_persons_id_and_refuses_a_bad_influence(book: Casebook) -> None:
    book.add_customer(FULL)
    added = book.add_person("华东", "张敏", role="财务经理", influence="decision-maker")
    assert added.done == f"key person {added.item} added" and added.item.startswith("k")
    assert added.profile.people[0].influence == "decision-maker"
    assert added.profile.people[0].id == added.item and len(added.item) == 6
    assert book.add_person(FULL, "王强").item not in ("", added.item)
    with pytest.raises(UsageError, match="influence"):
        book.add_person(FULL, "李雷", influence="boss")
    with pytest.raises(UsageError, match="already"):
        book.add_person(FULL, "王强")


def test_touch_logs_a_contact_and_refuses_an_empty_summary(book: Casebook) -> None:
    book.add_customer(FULL, aliases=["HDJM"])
    touched = book.touch("hdjm", channel=" visit ", summary="季度拜访", at="2026-11-20T15:00")
    assert touched.done == f"touchpoint {touched.item} logged"
    (point,) = touched.profile.touchpoints
    assert point.id == touched.item
    assert (point.channel, point.by, point.at.isoformat()) == (
        "visit",
        "li.wei",
        "2026-11-20T15:00:00+08:00",
    )
    with pytest.raises(UsageError, match="summary"):
        book.touch("hdjm", channel="phone", summary=" ")
    assert len(book.find_customer(FULL).touchpoints) == 1  # type: ignore[union-attr]


def test_customers_lists_each_profiled_customer_once_whatever_its_cases_call_it(
    book: Casebook,
) -> None:
    record(book, "华东精密")  # before the profile: kept as typed
    book.add_customer(FULL, aliases=["华东精密"])
    record(book, FULL, "凭证打印错位")
    record(book, "Beta Corp")
    book.add_customer("Gamma Tech")
    rows = book.customers().rows
    assert [(r["customer"], r["open"], r["total"]) for r in rows] == [
        (FULL, 2, 2),
        ("Beta Corp", 1, 1),
        ("Gamma Tech", 0, 0),
    ]
    assert rows[-1]["last_case"] is None


def test_a_profile_that_does_not_read_is_skipped_and_told_once(book: Casebook) -> None:
    book.add_customer(FULL)
    (book.root / "customers" / "bad.yaml").write_text("name: X\nlifecycle: dormant\n", "utf-8")
    found = book.customers()
    assert [p.path for p in found.skipped] == ["customers/bad.yaml"]
    assert [r["customer"] for r in found.rows] == [FULL]
    told = warnings(book)
    assert len(told) == 1 and told[0].startswith("skipped customers/bad.yaml")


def test_customer_gives_a_profiled_customers_view(book: Casebook) -> None:
    book.add_customer(FULL, aliases=["HDJM"], tier="key")
    book.add_person(FULL, "张敏", role="财务经理")
    case_id = record(book, "hdjm")
    view = book.customer("华东")
    assert view.profile is not None and view.path == f"customers/{FULL}.yaml"
    assert view.data["customer"] == FULL and [c["id"] for c in view.data["cases"]] == [case_id]
    assert view.data["profile"]["aliases"] == ["HDJM"]
    assert [p["name"] for p in view.data["people"]] == ["张敏"]
    assert view.data["last_contact"] is None and view.skipped == []


def test_customer_without_a_profile_is_its_cases_history(book: Casebook) -> None:
    first = record(book, "Beta Corp")
    view = book.customer("beta")
    assert view.profile is None and view.path is None
    assert view.data["customer"] == "Beta Corp" and view.data["total"] == 1
    assert view.data["events"][0] == {
        "at": "2026-11-20T09:15:00+08:00",
        "id": first,
        "event": "received: 月末报表导出超时",
    }
    with pytest.raises(UnknownCustomerError, match="no customer matches 'nobody'"):
        book.customer("nobody")


def test_merge_joins_the_duplicate_renames_its_cases_and_tells_of_a_person_kept(
    book: Casebook,
) -> None:
    book.add_customer(FULL)
    book.add_person(FULL, "张敏", role="财务经理")
    book.add_customer("华东精密制造", aliases=["HD Precision"])
    book.add_person("华东精密制造", "张敏", role="总经理")
    book.add_person("华东精密制造", "刘洋", role="IT")
    duplicate = record(book, "HD Precision")
    mine = record(book, FULL)
    merged = book.merge_customers(FULL, "华东精密制造", by="wang.fang")
    assert merged.renamed == [duplicate]
    assert merged.done == "joined 华东精密制造; 1 case(s) renamed"
    assert merged.profile.aliases == ["华东精密制造", "HD Precision"]
    assert [(p.name, p.role) for p in merged.profile.people] == [
        ("张敏", "财务经理"),
        ("刘洋", "IT"),
    ]
    assert not (book.root / "customers" / "华东精密制造.yaml").exists()
    assert book.case(duplicate).customer.name == FULL
    last = book.case(duplicate).timeline[-1]
    assert (last.event, last.by) == ("customer renamed", "wang.fang")
    assert book.case(mine).timeline[-1].event != "customer renamed"
    (told,) = warnings(book)
    assert told.startswith(f"{FULL} has 张敏 already: 华东精密制造's 张敏 (总经理) is not moved")


def test_merge_makes_a_name_only_cases_use_an_alias(book: Casebook) -> None:
    book.add_customer(FULL)
    typed = record(book, "华东精密制造厂")
    merged = book.merge_customers(FULL, "华东精密制造厂")
    assert merged.renamed == [typed] and merged.profile.aliases == ["华东精密制造厂"]
    assert book.case(typed).customer.name == FULL


@pytest.mark.parametrize(
    ("gone", "error", "message"),
    [
        ("华东", UsageError, "name the same customer"),
        ("nobody", UnknownCustomerError, "no customer matches 'nobody'"),
    ],
)
def test_merge_refuses_the_same_customer_or_a_name_nothing_uses(
    book: Casebook, gone: str, error: type[Exception], message: str
) -> None:
    book.add_customer(FULL)
    before = (book.root / "customers" / f"{FULL}.yaml").read_bytes()
    with pytest.raises(error, match=message):
        book.merge_customers(FULL, gone)
    assert (book.root / "customers" / f"{FULL}.yaml").read_bytes() == before
