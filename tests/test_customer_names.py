"""One customer, however its name is spelled: ``Beta Corp``, ``BetaCorp``, ``ＢｅｔａＣｏｒｐ`` and
``Beta\\u200bCorp`` are the same customer at every command that compares names (record's
look-alike notice, the report, list, customer, import). A profile's name becomes a file name
every system holds; a name that would steer the terminal never reaches it raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Cli, Result
from test_import_rows import cases, csv_log

FIRST = "Beta Corp"
SPELLINGS = ["BetaCorp", "ＢｅｔａＣｏｒｐ", "Beta\u200bCorp", "beta  corp"]
RAW = ("\x1b", "\u202e", "\u200b")  # nothing of these may reach stderr as it is


def record(run: Cli, customer: str, *, title: str = "export is slow", at: str = "") -> Result:
    result = run(
        "record",
        "--customer",
        customer,
        "--title",
        title,
        "--category",
        "technical",
        "--priority",
        "low",
        "--channel",
        "phone",
        *(["--received-at", at] if at else []),
    )
    assert result.exit_code == 0, result
    return result


@pytest.fixture
def spelled(run: Cli, casebook: Path) -> list[str]:
    """One customer's cases under each spelling, a day apart from 2026-11-02; their IDs."""
    return [
        record(run, name, title=f"case {n}", at=f"2026-11-0{n + 2}T09:00:00+08:00").stdout.strip()
        for n, name in enumerate([FIRST, *SPELLINGS])
    ]


# --- the same customer at every command ------------------------------------------------------


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_record_tells_a_look_alike_case_of_the_customer_however_spelled(
    run: Cli, casebook: Path, spelling: str
) -> None:
    first = record(run, FIRST).stdout.strip()
    again = record(run, spelling)
    assert f"an open case of this customer looks alike: {first} 'export is slow'" in again.stderr


def test_record_tells_no_look_alike_of_another_customer(run: Cli, casebook: Path) -> None:
    record(run, FIRST)
    assert "looks alike" not in record(run, "Beta Corp Ltd").stderr


@pytest.mark.parametrize("spelling", [FIRST, *SPELLINGS])
def test_list_customer_finds_every_spelling(run: Cli, spelled: list[str], spelling: str) -> None:
    listed = run("list", "--customer", spelling, "--format", "json").json()
    assert sorted(r["id"] for r in listed) == sorted(spelled)


def test_list_customer_without_a_profile_still_finds_part_of_a_name(
    run: Cli, spelled: list[str]
) -> None:
    record(run, "Gamma Ltd")
    listed = run("list", "--customer", "tacor", "--format", "json").json()
    assert sorted(r["id"] for r in listed) == sorted(spelled)


def test_the_report_counts_one_repeat_complainant_and_its_repeat_complaints(
    run: Cli, spelled: list[str]
) -> None:
    data = run("report", "--month", "2026-11", "--format", "json").json()
    assert data["current"]["repeat_complainants"] == [
        {"customer": FIRST, "in_period": 5, "total": 5}
    ]
    (engineer,) = data["team"]["engineers"]
    assert engineer["repeat_complaints"] == 4  # every case after the first


def test_customer_lists_one_customer_and_shows_all_its_cases(run: Cli, spelled: list[str]) -> None:
    rows = run("customer", "--format", "json").json()
    assert [(r["customer"], r["total"]) for r in rows] == [(SPELLINGS[-1], 5)]  # its last case's
    for spelling in [FIRST, *SPELLINGS]:
        story = run("customer", spelling, "--format", "json").json()
        assert sorted(c["id"] for c in story["cases"]) == sorted(spelled)


def test_a_profile_owns_the_cases_of_every_spelling(run: Cli, spelled: list[str]) -> None:
    assert run("customer", "add", FIRST, "--tier", "key").exit_code == 0
    view = run("customer", "BetaCorp", "--format", "json").json()
    assert view["customer"] == FIRST
    assert sorted(c["id"] for c in view["cases"]) == sorted(spelled)
    named = record(run, "Ｂｅｔａ\u200bＣｏｒｐ", title="another")
    assert f"customer: {FIRST}" in named.stderr  # stored as the profile names it


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_second_profile_of_the_same_customer_is_refused(
    run: Cli, casebook: Path, spelling: str
) -> None:
    assert run("customer", "add", FIRST).exit_code == 0
    typed = spelling.replace("\u200b", "")  # a typed name holds no invisible character
    again = run("customer", "add", "Other", "--alias", typed)
    assert again.exit_code == 2 and "has the name" in again.stderr
    assert sorted(p.name for p in (casebook / "customers").iterdir()) == ["beta-corp.yaml"]


def test_import_finds_a_row_again_under_a_look_alike_name(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    first = csv_log(tmp_path / "october.csv", "2026-10-03 09:00,Beta Corp,技术,高,导出超时,li.wei")
    assert run("import", str(first)).exit_code == 0
    again = csv_log(
        tmp_path / "copy.csv",
        "2026-10-03 09:00,Ｂｅｔａ\u200bＣｏｒｐ,技术,高,导出超时,li.wei",
        "2026-10-04 09:00,BetaCorp,技术,高,又一次,li.wei",  # a new complaint
    )
    result = run("import", str(again))
    assert result.exit_code == 0, result
    assert "1 added, 0 updated, 1 unchanged" in result.stderr
    assert len(cases(run)) == 2


def test_the_case_library_redacts_every_spelling_of_a_customer() -> None:
    from casectl.core.learning.kb import Redactor

    redactor = Redactor()
    redactor.add(FIRST, "customer")
    said = redactor.text("BetaCorp called; ＢｅｔａＣｏｒｐ, Beta\u200bCorp and beta corp too.")
    assert said == "[customer] called; [customer], [customer] and [customer] too."
    assert redactor.summary() == "1 customer name"
    assert redactor.text("Beta Corporation") == "Beta Corporation"  # another word


# --- names typed for a profile ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("customer", "add", "华东\u200b精密"), "U+200B"),
        (("customer", "add", "Evil\x1b[31mCorp"), "U+001B"),
        (("customer", "add", "\u202eproC liveE"), "U+202E"),
        (("customer", "add", "Beta Corp", "--alias", "B\u2066C"), "U+2066"),
        (("customer", "add", "Beta\tCorp"), "U+0009"),
    ],
)
def test_a_profile_name_with_an_invisible_character_is_refused_in_one_safe_line(
    run: Cli, casebook: Path, args: tuple[str, ...], code: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2, result
    (line,) = result.stderr.strip().splitlines()
    assert code in line and not any(ch in line for ch in RAW)
    assert not (casebook / "customers").exists() or not any((casebook / "customers").iterdir())


def test_an_alias_with_an_invisible_character_is_refused(run: Cli, casebook: Path) -> None:
    assert run("customer", "add", FIRST).exit_code == 0
    before = (casebook / "customers" / "beta-corp.yaml").read_bytes()
    result = run("customer", "set", FIRST, "--alias", "B\u200bC")
    assert result.exit_code == 2 and "U+200B" in result.stderr
    assert (casebook / "customers" / "beta-corp.yaml").read_bytes() == before


# --- a profile's file name -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("CON", "con_.yaml"),
        ("nul", "nul_.yaml"),
        ("Aux", "aux_.yaml"),
        ("com1", "com1_.yaml"),
        ("LPT9", "lpt9_.yaml"),
        ("con.txt", "con_.txt.yaml"),
        ("😀" * 80, "😀" * 30 + ".yaml"),
        ("华" * 80, "华" * 40 + ".yaml"),
    ],
)
def test_customer_add_writes_a_file_name_every_system_holds(
    run: Cli, casebook: Path, name: str, file: str
) -> None:
    result = run("customer", "add", name)
    assert result.exit_code == 0, result
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert [p.name for p in (casebook / "customers").iterdir()] == [file]
    assert f"customers/{file}" in result.stderr
    checked = run("validate")
    assert checked.exit_code == 0, checked
    shown = run("customer", name, "--format", "json")
    assert shown.exit_code == 0 and shown.json()["customer"] == name


def test_a_file_written_before_keeps_its_name(run: Cli, casebook: Path) -> None:
    """A profile file named by the old rule (here ``con.yaml``) is read and updated where it
    is: file names never change."""
    folder = casebook / "customers"
    folder.mkdir()
    (folder / "con.yaml").write_text("schema_version: 1\nname: CON\n", encoding="utf-8")
    result = run("customer", "set", "con", "--tier", "key")
    assert result.exit_code == 0, result
    assert [p.name for p in folder.iterdir()] == ["con.yaml"]
    assert "tier: key" in (folder / "con.yaml").read_text(encoding="utf-8")


def test_the_skipped_rows_report_of_a_long_named_log_fits(
    run: Cli, casebook: Path, tmp_path: Path
) -> None:
    path = csv_log(
        tmp_path / f"{'投诉台账' * 20}.csv",  # 240 bytes: a report beside it must be shorter
        "2026-11-02 09:00,华东精密,技术,高,好的,li.wei",
        "2026-11-03 09:00,华东精密,技术,特急,坏的,li.wei",
    )
    result = run("import", str(path), "--skip-bad")
    assert result.exit_code == 0, result
    (report,) = tmp_path.glob("*.skipped.csv")
    assert report.name == "投诉台账" * 10 + ".skipped.csv"


# --- names shown on stderr -------------------------------------------------------------------


def hand_written(casebook: Path, file: str, name: str) -> None:
    folder = casebook / "customers"
    folder.mkdir(exist_ok=True)
    (folder / file).write_text(f'schema_version: 1\nname: "{name}"\n', encoding="utf-8")


def test_a_hand_written_name_that_steers_the_terminal_is_shown_escaped(
    run: Cli, casebook: Path
) -> None:
    hand_written(casebook, "evil.yaml", "Evil\\u202eCorp\\e[2J")
    result = run("customer", "set", "evilcorp", "--tier", "key")
    assert result.exit_code == 0, result
    assert not any(ch in result.stderr for ch in RAW)
    assert "Evil\\u202eCorp\\x1b[2J: profile updated" in result.stderr


def test_customer_merge_shows_the_names_it_joins_escaped(run: Cli, casebook: Path) -> None:
    assert run("customer", "add", FIRST).exit_code == 0
    hand_written(casebook, "evil.yaml", "Evil\\u202eCorp\\e[2J")
    merged = run("customer", "merge", FIRST, "evilcorp")
    assert merged.exit_code == 0, merged
    assert not any(ch in merged.stderr for ch in RAW)
    assert "joined Evil\\u202eCorp\\x1b[2J" in merged.stderr
    text = (casebook / "customers" / "beta-corp.yaml").read_text(encoding="utf-8")
    assert "\u202e" not in text and "Corp[2J" in text  # the alias keeps only what shows


def test_customer_merge_of_a_name_only_cases_use_shows_it_escaped(run: Cli, casebook: Path) -> None:
    assert run("customer", "add", FIRST).exit_code == 0
    record(run, "Old\x1b[2JName")
    merged = run("customer", "merge", FIRST, "Old[2JName")  # typed without the ESC
    assert merged.exit_code == 0, merged
    assert not any(ch in merged.stderr for ch in RAW)
    (case,) = cases(run)
    assert case["customer"]["name"] == FIRST


def test_completion_folds_what_is_typed_and_offers_one_spelling_per_customer(
    run: Cli, spelled: list[str]
) -> None:
    from casectl.cli import complete

    assert run("list").exit_code == 0  # the index that completion reads
    spellings = {FIRST, *SPELLINGS}
    for typed in ("betac", "ＢＥＴＡ", "Beta C"):
        (offered,) = complete.values("customer", typed)  # one customer: one spelling
        assert offered[0] in spellings
    assert complete.values("customer", "gamma") == []
    assert run("customer", "add", FIRST).exit_code == 0
    assert complete.values("customer", "betac") == [(FIRST, "")]  # the profile's name first


def test_record_hints_a_customer_add_that_works_and_shows_nothing_raw(
    run: Cli, casebook: Path
) -> None:
    assert run("customer", "add", FIRST).exit_code == 0
    result = record(run, "New\u202eCo\x1b[2J")
    assert not any(ch in result.stderr for ch in RAW)
    assert "casectl customer add 'NewCo[2J'" in result.stderr
    assert run("customer", "add", "NewCo[2J").exit_code == 0  # the command it offers works
