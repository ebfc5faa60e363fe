"""Customer profiles: ``customer add|set|merge``, ``customer person add``, ``touch``; names
resolved by alias and unique prefix at every command; the profile in validate and schema."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli, Result

FULL = "华东精密制造有限公司"
PROFILE = Path("customers") / f"{FULL}.yaml"


@pytest.fixture
def profiled(run: Cli, casebook: Path) -> Path:
    """A casebook with one profile: 华东精密制造有限公司, aliases 华东精密 and HDJM."""
    result = run("customer", "add", FULL, "--alias", "华东精密", "--alias", "HDJM", "--tier", "key")
    assert result.exit_code == 0, result
    return casebook


def record_for(run: Cli, customer: str, *extra: str, input: str | None = None) -> Result:
    result = run(
        "record",
        "--customer",
        customer,
        "--title",
        "导出超时",
        "--category",
        "technical",
        "--priority",
        "low",
        "--channel",
        "phone",
        *extra,
        input=input,
    )
    return result


def customer_of(run: Cli, case_id: str) -> dict[str, str]:
    shown = run("show", case_id, "--format", "json").json()
    customer: dict[str, str] = shown["customer"]
    return customer


def test_add_writes_a_profile_file_the_canonical_way(run: Cli, profiled: Path) -> None:
    text = (profiled / PROFILE).read_text(encoding="utf-8")
    assert text == (
        "schema_version: 1\n"
        f"name: {FULL}\n"
        "aliases:\n- 华东精密\n- HDJM\n"
        "tier: key\n"
        "since: 2026-11-23T10:00:00+08:00\n"
    )
    again = run("customer", "add", "华东精密", "--tier", "key")
    assert again.exit_code == 2 and "has the name" in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("typed", ["华东精密", "华东 精密", "hdjm", "华东精密制造", "ｈｄｊｍ"])
def test_record_stores_an_alias_or_prefix_as_the_canonical_name(
    run: Cli, profiled: Path, typed: str
) -> None:
    result = record_for(run, typed)
    assert result.exit_code == 0, result
    assert customer_of(run, result.stdout.strip())["name"] == FULL
    assert f"customer: {FULL}" in result.stderr


def test_an_ambiguous_prefix_is_one_line_naming_the_candidates(run: Cli, profiled: Path) -> None:
    assert run("customer", "add", "华东电力").exit_code == 0
    result = record_for(run, "华东")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()[:1]
    assert "华东电力" in line and FULL in line
    assert run("touch", "华东", "--channel", "visit", "--summary", "x").exit_code == 2
    assert not list(profiled.glob("cases/*/*/*.yaml"))


def test_an_unknown_customer_still_records_with_one_hint(run: Cli, profiled: Path) -> None:
    result = record_for(run, "华东精蜜")
    assert result.exit_code == 0, result
    assert customer_of(run, result.stdout.strip())["name"] == "华东精蜜"
    hints = [line for line in result.stderr.splitlines() if "customer add" in line]
    assert hints == [
        "hint: '华东精蜜' has no customer profile; add one with: casectl customer add '华东精蜜'"
    ]


def test_no_hint_in_a_casebook_without_profiles(run: Cli, casebook: Path) -> None:
    result = record_for(run, "Beta Corp")
    assert result.exit_code == 0
    assert "hint" not in result.stderr and "customer:" not in result.stderr


def test_key_people_and_the_contact_picked_from_them(run: Cli, profiled: Path) -> None:
    added = run(
        "customer", "person", "add", "华东", "--name", "张敏", "--role", "财务经理",
        "--influence", "decision-maker", "--attitude", "critic", "--contact", "zhang@example.com",
    )  # fmt: skip
    assert added.exit_code == 0, added
    assert run("customer", "person", "add", "hdjm", "--name", "王强").exit_code == 0
    twice = run("customer", "person", "add", "hdjm", "--name", "王强")
    assert twice.exit_code == 2 and "already" in twice.stderr
    result = record_for(run, "华东精密", "--contact", "张", "--person", "王强", "--person", "李雷")
    assert result.exit_code == 0, result
    case = run("show", result.stdout.strip(), "--format", "json").json()
    assert case["customer"]["contact"] == "张敏 (财务经理) <zhang@example.com>"
    view = run("customer", FULL, "--format", "json").json()
    assert [(p["name"], p["attitude"]) for p in view["people"]] == [
        ("张敏", "critic"),
        ("王强", None),
    ]
    assert all(p["id"].startswith("k") and len(p["id"]) == 6 for p in view["people"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("customer", "set", "nobody", "--tier", "key"), "no customer profile matches"),
        (("customer", "set", "华东精", "--lifecycle", "dead"), "lifecycle"),
        (("customer", "person", "add", "华东", "--name", "x", "--influence", "boss"), "influence"),
        (("touch", "华东", "--channel", "visit", "--summary", ""), "--summary"),
        (("touch", "华东精蜜", "--channel", "visit", "--summary", "x"), "did you mean: 华东"),
        (("customer", "add", "  "), "name"),
        (("customer", "add", "///"), "no file name"),
        (("customer", "merge", "华东", "hdjm"), "same customer"),
        (("customer", "merge", "华东", "nobody"), "no customer matches 'nobody'"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    run: Cli, profiled: Path, args: tuple[str, ...], message: str
) -> None:
    before = (profiled / PROFILE).read_bytes()
    result = run(*args)
    assert result.exit_code == 2, result
    assert message in result.stderr.splitlines()[0]
    assert (profiled / PROFILE).read_bytes() == before


def test_set_and_touch_keep_hand_written_comments(run: Cli, profiled: Path) -> None:
    path = profiled / PROFILE
    text = path.read_text(encoding="utf-8").replace("tier: key\n", "tier: key  # 年框客户\n")
    path.write_text("# 重点客户,王经理负责\n" + text, encoding="utf-8")
    assert (
        run("customer", "set", "华东", "--lifecycle", "at-risk", "--channel", "visit").exit_code
        == 0
    )
    assert (
        run(
            "touch", "hdjm", "--channel", "visit", "--summary", "季度拜访", "--at", "2026-11-20"
        ).exit_code
        == 0
    )
    assert run("touch", "hdjm", "--channel", "phone", "--summary", "电话回访").exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# 重点客户,王经理负责\n")
    assert "tier: key  # 年框客户\nlifecycle: at-risk\n" in text
    assert "preferences:\n  channel: visit\n" in text
    assert "\n  at: 2026-11-20T00:00:00+08:00\n  by: li.wei\n  channel: visit\n" in text
    assert len(re.findall(r"^- id: t[0-9a-z]{5}\n", text, re.M)) == 2
    assert run("validate").exit_code == 0


def test_merge_joins_duplicates_and_renames_their_cases(
    run: Cli, profiled: Path, record: Callable[..., str]
) -> None:
    assert run("customer", "add", "华东精密制造", "--alias", "HD Precision").exit_code == 0
    assert run("customer", "person", "add", "HD Precision", "--name", "赵六").exit_code == 0
    assert run("touch", "华东精密制造", "--channel", "email", "--summary", "邮件").exit_code == 0
    first = record_for(run, "HD Precision").stdout.strip()
    second = record_for(run, "华东精密制造").stdout.strip()
    mine = record_for(run, FULL).stdout.strip()
    plain_name = record_for(run, "华东精密制造厂").stdout.strip()  # no profile: kept as typed
    result = run("customer", "merge", "HDJM", "华东精密制造")
    assert result.exit_code == 0, result
    assert "2 case(s) renamed" in result.stderr
    assert not (profiled / "customers" / "华东精密制造.yaml").exists()
    for case_id in (first, second, mine):
        assert customer_of(run, case_id)["name"] == FULL
    assert customer_of(run, plain_name)["name"] == "华东精密制造厂"
    view = run("customer", "hd precision", "--format", "json").json()
    assert view["profile"]["aliases"] == ["华东精密", "HDJM", "华东精密制造", "HD Precision"]
    assert [p["name"] for p in view["people"]] == ["赵六"]
    assert [t["summary"] for t in view["touchpoints"]] == ["邮件"]
    assert view["total"] == 3
    names = {r["customer"] for r in run("customer", "--format", "json").json()}
    assert names == {FULL, "华东精密制造厂"}
    again = run("customer", "merge", FULL, "华东精密制造厂")  # a name only cases use
    assert again.exit_code == 0 and "1 case(s) renamed" in again.stderr
    assert customer_of(run, plain_name)["name"] == FULL
    last = run("show", plain_name, "--format", "json").json()["timeline"][-1]
    assert (last["event"], last["detail"]) == (
        "customer renamed",
        f"华东精密制造厂 → {FULL} (customer merge)",
    )
    assert run("validate").exit_code == 0


def test_validate_and_schema_know_profiles(run: Cli, profiled: Path) -> None:
    schema = json.loads(run("schema", "customer").stdout)
    assert schema["title"] == "casectl customer profile"
    assert "touchpoints" in schema["properties"] and "Lifecycle" in schema["$defs"]
    bad = profiled / "customers" / "bad.yaml"
    bad.write_text("name: X\nlifecycle: dormant\n", encoding="utf-8")
    twin = profiled / "customers" / "twin.yaml"
    twin.write_text("name: hdjm\n", encoding="utf-8")
    result = run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = {(p["file"], p["field"]) for p in result.json()["problems"]}
    assert ("customers/bad.yaml", "lifecycle") in problems
    assert ("customers/twin.yaml", "name") in problems
    one = run("validate", str(bad))
    assert one.exit_code == 1 and "customers/bad.yaml:2: lifecycle" in one.stdout
    # the bad file is its own problem: the others keep working
    assert record_for(run, "华东精密").exit_code == 0
    assert run("customer").exit_code == 0


def test_list_customer_takes_every_name_of_a_profile(run: Cli, profiled: Path) -> None:
    full = record_for(run, FULL).stdout.strip()
    typed = run(
        "record", "--customer", "华东精密有限", "--title", "t", "--category", "process",
        "--priority", "low", "--channel", "email",
    )  # fmt: skip
    assert typed.exit_code == 0  # no profile matches: kept as typed
    other = record_for(run, "Beta Corp").stdout.strip()
    shown = {r["id"] for r in run("list", "--customer", "hdjm", "--format", "json").json()}
    assert shown == {full}
    loose = {r["id"] for r in run("list", "--customer", "华东精密", "--format", "json").json()}
    assert loose == {full}  # an alias names the profile: its names only
    plain = {r["id"] for r in run("list", "--customer", "beta", "--format", "json").json()}
    assert plain == {other}  # no profile: the name contains it, as before


def test_on_a_terminal_record_offers_close_matches_and_key_people(
    run: Cli, profiled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casectl.cli import prompts

    assert (
        run("customer", "person", "add", "华东", "--name", "张敏", "--role", "财务经理").exit_code
        == 0
    )
    assert run("customer", "person", "add", "华东", "--name", "王强").exit_code == 0
    monkeypatch.setattr(prompts, "interactive", lambda: True)
    result = record_for(run, "华东精蜜", input="1\n2\n")  # the close match, then 王强
    assert result.exit_code == 0, result
    assert "No customer profile matches '华东精蜜'. Did you mean:" in result.stderr
    assert f"  1. {FULL}" in result.stderr and "  2. 王强" in result.stderr
    customer = customer_of(run, result.stdout.strip().splitlines()[-1])
    assert customer == {"name": FULL, "contact": "王强"}
    kept = record_for(run, "华东精蜜", input="0\n")  # none of these: kept as typed
    assert customer_of(run, kept.stdout.strip().splitlines()[-1])["name"] == "华东精蜜"


def test_completion_offers_profile_names_and_aliases(run: Cli, profiled: Path) -> None:
    from casectl.cli import complete

    assert record_for(run, "Beta Corp").exit_code == 0
    root = str(profiled)
    names = [value for value, _ in complete.values("customer", "", root)]
    assert names == [FULL, "华东精密", "HDJM", "Beta Corp"]  # profiles first, then the cases'
    assert complete.values("customer", "hd", root) == [("HDJM", "")]
    assert complete.values("customer or command", "s", root) == [("show", ""), ("set", "")]
    wanted = complete._wanted(["customer"], "华")
    assert wanted == ("customer or command", None)
    assert complete._wanted(["customer", "person", "add"], "") == ("customer", None)
    assert complete._wanted(["touch"], "华") == ("customer", None)
    assert complete._wanted(["customer", "华东"], "") is None  # NAME given: options follow
    assert run("customer", "person", "add", "华东", "--name", "张敏").exit_code == 0
    assert run("customer", "person", "add", "华东", "--name", "王强").exit_code == 0
    assert complete._wanted(["record", "--customer", "华东", "--contact"], "") == ("person", None)
    assert complete.values("person", "张", root) == [("张敏", "")]
    assert [v for v, _ in complete.values("person", "", root)] == ["张敏", "王强"]


def test_the_report_counts_an_alias_and_the_full_name_as_one_customer(
    run: Cli, casebook: Path
) -> None:
    first = record_for(run, "华东精密", "--at", "2026-11-20T10:00")  # before the profile
    assert first.exit_code == 0
    assert record_for(run, FULL).exit_code == 0
    before = run("report", "--format", "json").json()["current"]["repeat_complainants"]
    assert before == []  # two names, two customers
    assert run("customer", "add", FULL, "--alias", "华东精密").exit_code == 0
    after = run("report", "--format", "json").json()
    assert after["current"]["repeat_complainants"] == [
        {"customer": FULL, "in_period": 2, "total": 2}
    ]
    (engineer,) = after["team"]["engineers"]
    assert engineer["repeat_complaints"] == 1


def test_set_refuses_an_alias_another_profile_has(run: Cli, profiled: Path) -> None:
    assert run("customer", "add", "华东电力").exit_code == 0
    before = (profiled / "customers" / "华东电力.yaml").read_bytes()
    result = run("customer", "set", "华东电力", "--alias", "华东精密")
    assert result.exit_code == 2, result
    assert f"the customer '{FULL}' has the name '华东精密' already" in result.stderr
    assert (profiled / "customers" / "华东电力.yaml").read_bytes() == before
    assert record_for(run, "华东精密").exit_code == 0  # the alias still names one customer
    assert run("validate").exit_code == 0


def test_merge_says_which_key_person_of_the_duplicate_it_did_not_move(
    run: Cli, profiled: Path
) -> None:
    assert (
        run("customer", "person", "add", FULL, "--name", "张敏", "--role", "财务经理").exit_code
        == 0
    )
    assert run("customer", "add", "华东精密制造").exit_code == 0
    for name, role in (("张敏", "总经理"), ("刘洋", "IT")):
        added = run("customer", "person", "add", "华东精密制造", "--name", name, "--role", role)
        assert added.exit_code == 0
    result = run("customer", "merge", FULL, "华东精密制造")
    assert result.exit_code == 0, result
    assert f"{FULL} has 张敏 already: 华东精密制造's 张敏 (总经理) is not moved" in result.stderr
    people = run("customer", FULL, "--format", "json").json()["people"]
    assert [(p["name"], p.get("role")) for p in people] == [("张敏", "财务经理"), ("刘洋", "IT")]
