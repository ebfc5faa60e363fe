"""gh-style ``--json FIELDS`` and ``--jq EXPR`` on list, overdue and show."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from casectl.errors import UsageError
from casectl.render.fields import LIST_FIELDS, OVERDUE_FIELDS, SHOW_FIELDS, pick, wanted
from conftest import Cli

Record = Callable[..., str]


@pytest.mark.parametrize(
    ("text", "names"),
    [("id", ["id"]), ("id,customer,due", ["id", "customer", "due"]), (" id , id,", ["id"])],
)
def test_the_fields_named(text: str, names: list[str]) -> None:
    assert wanted(text, LIST_FIELDS) == names


@pytest.mark.parametrize("text", ["nope", "id,nope", "", ","])
def test_a_wrong_field_names_every_field(text: str) -> None:
    with pytest.raises(UsageError) as refused:
        wanted(text, LIST_FIELDS)
    assert "category, customer, due, id, owner" in str(refused.value)


def test_every_field_list_holds_what_people_ask_for() -> None:
    assert {"id", "customer", "due", "sla"} <= set(LIST_FIELDS)
    assert {"case", "due", "remaining", "owner", "clock"} <= set(OVERDUE_FIELDS)
    assert {"id", "stage", "sla", "timeline", "customer"} <= set(SHOW_FIELDS)
    assert pick({"id": "C-1", "x": 1}, ["id", "owner"]) == {"id": "C-1", "owner": None}


def test_list_json_fields_and_jq(run: Cli, record: Record) -> None:
    case_id = record()
    listed = run("list", "--json", "id,customer,due")
    assert listed.exit_code == 0
    assert listed.json() == [
        {"id": case_id, "customer": "华东精密制造有限公司", "due": "2026-11-24T09:15:00+08:00"}
    ]
    ids = run("list", "--json", "id,sla", "--jq", '.[] | select(.sla != "") | .id')
    assert ids.stdout == case_id + "\n"  # text as it is, one a line
    assert run("list", "--jq", "length").stdout == "1\n"


def test_a_wrong_field_or_filter_exits_2_with_one_line(run: Cli, record: Record) -> None:
    record()
    wrong = run("list", "--json", "id,cusomer")
    assert wrong.exit_code == 2 and wrong.stdout == ""
    assert "unknown JSON field 'cusomer'; the fields are: category, customer" in wrong.stderr
    bad = run("list", "--json", "id", "--jq", ".[")
    assert bad.exit_code == 2 and "--jq '.['" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_overdue_and_show_json_fields(run: Cli, record: Record) -> None:
    late = record(at="2026-11-16T10:00:00+08:00")
    flagged = run("overdue", "--json", "case,remaining")
    assert flagged.exit_code == 1  # the gate decides, whatever the format
    assert flagged.json()[0] == {"case": late, "remaining": "6d over"}
    shown = run("show", late, "--json", "id,stage,owner")
    assert shown.json() == {"id": late, "stage": "recorded", "owner": "li.wei"}
    clock = run("show", late, "--jq", ".sla[0].name")
    assert clock.stdout == "first_response\n"
    assert run("show", late, "--json", "nope").exit_code == 2
    assert json.loads(run("overdue", "--json", "level", "--jq", "[.[].level]").stdout)[0] == (
        "breach"
    )
