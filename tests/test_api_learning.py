"""The library's learning calls (``casectl.api.learning`` and ``casectl.api.plans``), called
directly on temporary casebooks: the report (of one casebook and of several), the month's
plan, the case library and letters — each call's main path and a refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from casectl import Casebook, open_many
from casectl.errors import StepRefused, UsageError
from casectl.storage import templates

NOW = "2026-11-23T10:00:00+08:00"
FULL = "华东精密制造有限公司"


def make(root: Path, config: str = templates.CONFIG) -> Casebook:
    templates.init_casebook(root, config, templates.FILES)
    return Casebook(root, now=NOW, user="li.wei")


@pytest.fixture
def book(tmp_path: Path) -> Casebook:
    return make(tmp_path / "book")


def learned(book: Casebook, customer: str = FULL, description: str | None = None) -> str:
    """A case taken through the loop to a review that publishes it to the case library."""
    case_id = book.record(
        customer=customer, title="月末报表导出超时", category="technical", priority="high",
        description=description, contact="张敏 <zhang.min@example.com>",
        at="2026-11-16T09:15:00+08:00",
    ).case.id  # fmt: skip
    book.respond(case_id, summary="电话致歉", at="2026-11-16T09:40:00+08:00")
    book.investigate(
        case_id, root_cause="升级后网关超时变为 60 s", cause="deployment", attribution="ours",
        at="2026-11-16T10:00:00+08:00",
    )  # fmt: skip
    book.resolve(case_id, summary="网关超时恢复为 300 s", at="2026-11-16T11:00:00+08:00")
    book.review(
        case_id, lessons=["升级前核对网关配置"], publish=True, tags=["gateway"],
        at="2026-11-17T10:00:00+08:00",
    )  # fmt: skip
    return case_id


def warnings(book: Casebook) -> list[str]:
    return [n.message for n in book.notices if n.level == "warning"]


# --- the report ---------------------------------------------------------------------------


def test_report_of_a_month_with_its_plans_and_scorecard(book: Casebook) -> None:
    learned(book)
    book.add_plan_item("2026-11", "升级前核对网关配置", owner="li.wei")
    done = book.report(month="2026-11")
    assert done.period.label == "2026-11" and done.skipped == []
    assert done.data["counts"]["received"]["current"] == 1
    assert done.data["plan_month"] == "2026-11" and done.data["plan"]["done"] == 0
    assert done.data["next_plan"] is None
    assert set(done.scorecard) == {"period", "team"}
    assert done.scorecard["team"] == done.data["team"]


def test_report_defaults_to_this_month_and_takes_a_span(book: Casebook) -> None:
    assert book.report().period.label == "2026-11"
    span = book.report(since="2026-11-01", until="2026-11-16")
    assert span.period.label == "2026-11-01..2026-11-16" and span.data["plan"] is None


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"month": "2026-11", "since": "2026-11-01"}, "not both"),
        ({"until": "2026-11-20"}, "--until needs --since"),
        ({"month": "2026-13"}, "is not a month"),
    ],
)
def test_report_refuses_a_period_it_cannot_read(
    book: Casebook, given: dict[str, str], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        book.report(**given)


def test_a_plan_that_does_not_read_is_told_and_the_report_stands(book: Casebook) -> None:
    learned(book)
    (book.root / "plans").mkdir()
    (book.root / "plans" / "2026-11.yaml").write_text("month: 2026-11\nitems: [oops\n", "utf-8")
    done = book.report(month="2026-11")
    assert done.data["plan"] is None and done.data["counts"]["received"]["current"] == 1
    assert [p.path for p in done.skipped] == ["plans/2026-11.yaml"]
    (told,) = [w for w in warnings(book) if "plans/" in w]  # (the plain-words check may warn too)
    assert told.startswith("the report leaves out plans/2026-11.yaml")


def test_report_counts_a_case_that_names_an_alias_with_its_profile(book: Casebook) -> None:
    book.record(
        customer="华东精密", title="导出超时", category="technical", priority="low",
        at="2026-11-10T10:00:00+08:00",
    )  # fmt: skip
    book.add_customer(FULL, aliases=["华东精密"])
    book.record(customer=FULL, title="打印错位", category="technical", priority="low")
    repeat = book.report(month="2026-11").data["current"]["repeat_complainants"]
    assert repeat == [{"customer": FULL, "in_period": 2, "total": 2}]


def test_a_report_over_several_casebooks_counts_every_case_and_says_settings_differ(
    tmp_path: Path,
) -> None:
    east = make(tmp_path / "east")
    learned(east)
    east.add_plan_item("2026-11", "回访所有 A 类客户")
    west = make(
        tmp_path / "west",
        templates.CONFIG.replace("timezone: Asia/Shanghai", "timezone: Europe/Berlin", 1),
    )
    learned(west, "Northwind Logistics")
    told: list[str] = []
    both = open_many([east.root, west.root], now=NOW, notices=lambda n: told.append(n.message))
    done = both.report(month="2026-11")
    assert done.data["counts"]["received"]["current"] == 2
    assert done.data["plan"]["items"][0]["text"] == "回访所有 A 类客户"  # the first's plans
    assert told == [
        "west: its settings differ from the first casebook's; the report measures every case "
        "by the first's"
    ]
    with pytest.raises(UsageError, match="not both"):
        both.report(month="2026-11", until="2026-11-20")


# --- the month's plan ---------------------------------------------------------------------


def test_a_plans_items_added_done_and_read(book: Casebook) -> None:
    first = book.add_plan_item("2026-12", "升级前核对网关配置", owner="li.wei")
    assert (first.month, first.path) == ("2026-12", "plans/2026-12.yaml")
    second = book.add_plan_item("2026-12", "回访所有 A 类客户", by="wang.fang").item
    assert first.item.startswith("p") and second.startswith("p") and second != first.item
    done = book.finish_plan_item("2026-12", "P1", note="检查单已更新")
    assert done.item == first.item and done.plan.items[0].note == "检查单已更新"
    shown = book.plan()  # next month, as of 2026-11-23
    assert shown.month == "2026-12" and shown.plan is not None
    assert shown.status["done"] == 1
    assert [(i["id"], i["done"]) for i in shown.status["items"]] == [
        (first.item, True),
        (second, False),
    ]
    assert shown.plan.items[1].added_by == "wang.fang"
    with pytest.raises(StepRefused, match="done already"):
        book.finish_plan_item("2026-12", "p1")


def test_a_month_without_a_plan(book: Casebook) -> None:
    shown = book.plan("2027-01")
    assert shown.plan is None and shown.status == {"month": "2027-01", "items": [], "done": 0}
    with pytest.raises(UsageError, match="there is no plan for 2027-01"):
        book.finish_plan_item("2027-01", "p1")
    with pytest.raises(UsageError, match="is not a month like 2026-12"):
        book.add_plan_item("2026-13", "x")
    assert not (book.root / "plans").exists()


# --- the case library and letters ---------------------------------------------------------


def test_search_library_finds_published_reviews_by_words_and_filters(book: Casebook) -> None:
    case_id = learned(book)
    book.record(customer=FULL, title="网关报错", category="technical", priority="low")
    assert [e["id"] for e in book.search_library().entries] == [case_id]  # reviewed only
    assert [e["id"] for e in book.search_library("网关 核对").entries] == [case_id]
    assert book.search_library(cause="deployment", tags=["gateway"]).entries[0]["id"] == case_id
    assert book.search_library(category="process").entries == []
    with pytest.raises(UsageError, match="cause"):
        book.search_library("网关", cause="bogus")


def test_library_redacts_every_name_the_customers_profile_knows(book: Casebook) -> None:
    learned(book, "华东精密", description="华东精密财务部反馈导出超时")  # before the profile
    book.add_customer(FULL, aliases=["华东精密"])
    plain = book.library()
    assert plain.redacted is None and plain.entries[0]["customer"] == FULL
    redacted = book.library(redact=True)
    text = str(redacted.entries)
    for secret in ("华东精密", "张敏", "zhang.min@example.com", "li.wei"):
        assert secret not in text, secret
    assert "网关" in text and redacted.redacted is not None
    assert "customer name" in redacted.redacted
    assert book.notices[-1].message == f"redacted: {redacted.redacted}"


def test_letter_fills_a_template_and_refuses_an_unknown_kind(book: Casebook) -> None:
    case_id = learned(book)
    written = book.letter(case_id[:8], kind="closure", lang="en")
    assert written.case.id == case_id and written.template == "bundled closure.en.txt"
    assert case_id in written.text and "月末报表导出超时" in written.text
    (book.root / "templates").mkdir()
    (book.root / "templates" / "closure.en.txt").write_text("Case ${case.id}\n", "utf-8")
    assert book.letter(case_id, kind="closure", lang="en").text == f"Case {case_id}\n"
    with pytest.raises(UsageError, match="kind"):
        book.letter(case_id, kind="invoice")


def test_plan_shows_this_months_plan_while_it_has_one_else_next_months(book: Casebook) -> None:
    book.add_plan_item("2026-12", "回访所有 A 类客户")
    assert book.plan().month == "2026-12"  # none for 2026-11: the one the review writes
    book.add_plan_item("2026-11", "升级前核对网关配置")
    assert book.plan().month == "2026-11"  # the plan being worked through
    assert book.plan("2026-12").month == "2026-12"


@pytest.mark.parametrize(
    ("this", "planned", "shown"),
    [("2026-11", True, "2026-11"), ("2026-11", False, "2026-12"), ("2026-12", False, "2027-01")],
)
def test_the_month_plan_list_shows(this: str, planned: bool, shown: str) -> None:
    from casectl.core.learning.plans import month_to_show

    assert month_to_show(this, planned=planned) == shown
