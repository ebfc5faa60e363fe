"""Property tests of the YAML round trip: what is written reads back the same, byte-stable,
and an update that changes nothing rewrites nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from casectl.core.model import Case, Event, Note
from casectl.errors import CorruptFileError
from casectl.storage import nativeyaml, yamlio
from casectl.storage.casefile import case_data, parse_case, render_case

# Text people type, plus the strings YAML loves to misread (no, on, 012, null, ~, 1e3, ": ").
tricky = st.sampled_from(
    [
        "no",
        "yes",
        "on",
        "off",
        "null",
        "~",
        "012",
        "0x1F",
        "1e3",
        "true",
        "- item",
        "a: b",
        "# not a comment",
        "'quoted'",
        '"double"',
        "  leading",
        "trailing  ",
        "2026-11-22",
        "客户反馈:导出超时",
        "多行\n文本",
        "tab\tinside",
        "€ ü ß",
        "@at",
        "`tick`",
        "%pct",
        "!bang",
        "coloured\n\x1b[31mlog\x1b[0m",
        "bare\rreturn",
        "NEL\x85and\u2028separator",
        "bell\x07",
        "windows\r\nlines",
    ]
)
text = st.one_of(
    tricky, st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
times = st.builds(
    lambda base, off: base.astimezone(off),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)).map(
        lambda d: d.replace(microsecond=0, tzinfo=UTC)
    ),
    offsets,
)


def non_blank(value: str) -> bool:
    return bool(value.strip())


def one_line(value: str) -> bool:
    return non_blank(value) and "\n" not in value and "\r" not in value


@st.composite
def cases(draw: st.DrawFn) -> Case:
    received = draw(times)
    notes = draw(st.lists(text.filter(non_blank), max_size=3))
    return Case(
        id="C-261122-7QH4K",
        title=draw(text.filter(one_line)),
        customer={"name": draw(text.filter(non_blank)), "contact": draw(st.none() | text)},
        received_at=received,
        category=draw(st.sampled_from(["technical", "communication", "process", "attitude"])),
        priority=draw(st.sampled_from(["urgent", "high", "medium", "low"])),
        description=draw(st.none() | text),
        tags=draw(st.lists(text.filter(non_blank), max_size=3)),
        notes=[Note(id=f"n{i + 1}", at=received, by="li.wei", text=t) for i, t in enumerate(notes)],
        timeline=[Event(at=received, by=draw(text.filter(non_blank)), event="recorded")],
    )


def _normal(case: Case) -> dict[str, object]:
    """Compare as files hold text: a trailing newline of a | block is not content."""
    data = case_data(case)

    def strip(v: object) -> object:
        if isinstance(v, str):
            return v.rstrip("\n")
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items()}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    result = strip(data)
    assert isinstance(result, dict)
    return result


@settings(max_examples=150, deadline=None)
@given(cases())
def test_what_is_written_reads_back_the_same(case: Case) -> None:
    text_out = render_case(case)
    back = parse_case(text_out, "case.yaml")
    assert _normal(back) == _normal(case)
    assert render_case(back) == text_out  # deterministic: same case, same bytes
    assert "\\u" not in text_out or "\\u" in repr(case.model_dump())


@settings(max_examples=100, deadline=None)
@given(cases())
def test_an_update_that_changes_nothing_rewrites_nothing(case: Case) -> None:
    original = render_case(case)
    doc = yamlio.rt_load(original)
    synced = yamlio.sync(doc, yamlio.fast_load(original), case_data(case))
    assert yamlio.dump(synced) == original


@settings(max_examples=100, deadline=None)
@given(cases(), text.filter(non_blank))
def test_an_appended_note_only_adds_lines(case: Case, note: str) -> None:
    original = render_case(case)
    changed = case.model_copy(deep=True)
    changed.notes.append(Note(id="n99", at=case.received_at, by="wang.fang", text=note))
    doc = yamlio.sync(yamlio.rt_load(original), yamlio.fast_load(original), case_data(changed))
    after = yamlio.dump(doc)
    assert parse_case(after, "case.yaml").notes[-1].text.rstrip("\n") == note.rstrip("\n")
    kept = [line for line in original.splitlines() if line not in after.splitlines()]
    assert kept == []


def test_fast_loader_reads_yaml_1_2_like_the_writer() -> None:
    data = yamlio.fast_load(
        "a: no\nb: on\nc: 012\nd: true\ne: 0o17\nf: 2026-11-22T09:15:00+08:00\n"
    )
    assert data["a"] == "no" and data["b"] == "on"
    assert data["c"] == 12 and data["d"] is True and data["e"] == 15
    assert data["f"] == datetime(2026, 11, 22, 9, 15, tzinfo=timezone(timedelta(hours=8)))


# --- the native reader reads exactly as libyaml does ---------------------------------------------

EDITS = [
    lambda t: "# a comment at the top\n" + t,
    lambda t: t.replace("\ntitle: ", "\ntitle:   ", 1),
    lambda t: t.replace("\n", "  # trailing\n", 3),
    lambda t: t.replace("schema_version: 1", "schema_version: 1_0"),
    lambda t: t.replace("schema_version: 1", "schema_version: 0b1"),
    lambda t: t.replace("schema_version: 1", "schema_version: 0o1"),
    lambda t: t.replace("+08:00", "Z"),
    lambda t: t.replace(":00+", "+"),  # a time without seconds
    lambda t: t.replace("T", " ", 1),
    lambda t: t.replace("T0", "T", 1),  # a one-digit hour
    lambda t: t.replace("-0", "-", 1),  # a one-digit month or day
    lambda t: t + "title: again\n",  # a key twice
    lambda t: t.replace("\ntitle: ", "\ntitle: !!str ", 1),
    lambda t: t.replace("\ntitle: ", "\ntitle: &t ", 1) + "extra: *t\n",
    lambda t: "---\n" + t,
    lambda t: t + "---\nid: other\n",
    lambda t: t.replace("\ncategory: ", "\ncategory: \x1b", 1),
    lambda t: t.replace("\ncategory: ", "\n<<: {owner: x}\ncategory: ", 1),
    lambda t: t.replace("priority: ", "priority: 'high'\nx_priority: ", 1),
    lambda t: t.replace("2026", "2026-02-30T", 1),
    lambda t: t.replace("\ntags:\n- ", "\ntags: [", 1),
    lambda t: t,
]


def _outcome(text: str, native: bool) -> object:
    saved = nativeyaml._native
    if not native:
        nativeyaml._native = None
    try:
        return parse_case(text, "case.yaml").model_dump_json()  # offsets, too
    except CorruptFileError as exc:
        return f"error: {exc}"
    finally:
        nativeyaml._native = saved


@settings(max_examples=300, deadline=None)
@given(cases(), st.lists(st.sampled_from(range(len(EDITS))), max_size=3))
def test_the_native_reader_reads_as_libyaml_does(case: Case, edits: list[int]) -> None:
    text = render_case(case)
    for edit in edits:
        text = EDITS[edit](text)
    assert _outcome(text, native=True) == _outcome(text, native=False)


def test_the_native_reader_is_used_for_what_casectl_writes() -> None:
    from pathlib import Path

    files = sorted((Path(__file__).parent.parent / "examples" / "casebook").glob("cases/**/*.yaml"))
    used = [f for f in files if nativeyaml.native_load(f.read_text(encoding="utf-8")) is not None]
    assert nativeyaml._native is not None and len(used) == len(files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _outcome(text, native=True) == _outcome(text, native=False)


def test_a_block_indicator_in_a_flow_list_is_refused_by_both_readers() -> None:
    text = (
        "schema_version: 1\nid: C-261122-7QH4K\ntitle: no\ncustomer:\n  name: no\n"
        "received_at: 2020-01-01T00:00:00+00:00\ncategory: technical\npriority: urgent\n"
        "tags: [|\n  多行\n- 0]\n"
    )
    native, reference = _outcome(text, native=True), _outcome(text, native=False)
    assert native == reference and str(reference).startswith("error: case.yaml:")


# --- the direct writer writes exactly what ruamel writes ------------------------------------------


@settings(max_examples=400, deadline=None)
@given(cases())
def test_the_direct_writer_writes_what_ruamel_writes(case: Case) -> None:
    from casectl.storage import fastyaml

    data = case_data(case)
    fast = fastyaml.dump(data)
    assert fast is None or fast == yamlio.dump_new(data)
    assert render_case(case) == yamlio.dump_new(data)  # whichever wrote it


def test_the_direct_writer_writes_every_example_case_and_a_tricky_one() -> None:
    from pathlib import Path

    from casectl.storage import fastyaml

    files = sorted((Path(__file__).parent.parent / "examples" / "casebook").glob("cases/**/*.yaml"))
    for path in files:
        data = case_data(parse_case(path.read_text(encoding="utf-8"), path.name))
        assert fastyaml.dump(data) == yamlio.dump_new(data) == path.read_text(encoding="utf-8")
    tricky = {"title": "404", "tags": ["true", "2026-11-22", "a: b", "it's"], "impact": "~"}
    assert fastyaml.dump(tricky) is None or fastyaml.dump(tricky) == yamlio.dump_new(tricky)


@given(cases())
def test_a_case_s_data_is_its_dump_made_plain_and_pruned(case: Case) -> None:
    from casectl.core.model import plain

    assert case_data(case) == yamlio.prune(plain(case.model_dump(mode="python")))
    assert list(case_data(case)) == list(yamlio.prune(plain(case.model_dump(mode="python"))))


@given(cases())
def test_a_text_styled_once_is_written_alike_every_time(case: Case) -> None:
    from casectl.storage import fastyaml

    data = case_data(case)
    fastyaml._STYLED.clear()
    cold = fastyaml.dump(data)  # every text styled anew
    warm = fastyaml.dump(data)  # every text styled from what was remembered
    assert cold == warm
    assert cold is None or cold == yamlio.dump_new(data)
