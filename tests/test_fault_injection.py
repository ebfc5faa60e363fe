"""Issue 22's catalogue of faults, each answered without a traceback (docs/guarantees.md): bad
inputs as a careless or hostile user gives them, text that would steer a terminal, a
spreadsheet, a page or a chat, and processes killed in the middle of a write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from casectl.render import html
from casectl.render.notify import neutral
from casectl.render.text import csv_cell, md_cell, visible, visible_data
from conftest import Cli, case_file

POSIX = pytest.mark.skipif(os.name != "posix", reason="FIFOs, links, /proc: POSIX")
ROOT = Path(__file__).resolve().parents[1]

# --- the catalogue: every bad input is one line and a non-zero exit, never a traceback -----

BOMB_YAML = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n"
    for i in range(9)
)


def _big_cell(root: Path) -> None:
    text = "received,customer,title\n2026-11-01 10:00,A," + "x" * 140_000 + "\n"
    (root / "big.csv").write_text(text, encoding="utf-8")


def _not_a_workbook(root: Path) -> None:
    (root / "x.xlsx").write_bytes(b"PK\x03\x04junk")


def _zip_bomb(root: Path) -> None:
    """A workbook whose sheet unpacks to 4 GiB (its directory says so; a real bomb of zeros
    deflates 1000:1, which takes seconds to make)."""
    path = root / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 1024)
    data = bytearray(path.read_bytes())
    entry = data.rindex(b"PK\x01\x02")  # the sheet's entry in the central directory
    data[entry + 24 : entry + 28] = (0xFFFFFFF0).to_bytes(4, "little")  # its unpacked size
    path.write_bytes(bytes(data))


def _mixed_csv(root: Path) -> None:
    path = root / "mixed.csv"
    head = "received,customer,title\n2026-11-01 10:00,华东精密,报表超时\n".encode()
    path.write_bytes(head + "2026-11-02 10:00,华北电力,登录失败\n".encode("gbk"))


def _naive_state(root: Path) -> None:
    config = root / "casectl.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "notify:\n  targets: {team: 'json://127.0.0.1:9/hook'}\n"
        "  rules:\n  - {events: [breach], to: [team]}\n",
        encoding="utf-8",
    )
    (root / ".casectl").mkdir(exist_ok=True)
    state = {"version": 1, "targets": {"team": {"last_success": "2026-11-20T10:00:00"}}}
    (root / ".casectl" / "notify-state.json").write_text(json.dumps(state), encoding="utf-8")


def _fifo_case(root: Path) -> None:
    folder = root / "cases" / "2026" / "11"
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "C-261123-FIFO0.yaml")


def _zero_case(root: Path) -> None:
    folder = root / "cases" / "2026" / "11"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "C-261123-ZER00.yaml").symlink_to("/dev/zero")


def _huge_case(root: Path) -> None:
    folder = root / "cases" / "2026" / "11"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "C-261123-B1G00.yaml").write_text("# " + "x" * (5 * 1024 * 1024), encoding="utf-8")


def _alias_bomb(root: Path) -> None:
    config = root / "casectl.yaml"
    config.write_text(config.read_text(encoding="utf-8") + BOMB_YAML, encoding="utf-8")


Setup = Callable[[Path], None]
CASE = "{case}"  # stands for the recorded case's ID in a catalogue's arguments

# (what, how the casebook is made bad first, the command line, a word the error must hold)
CATALOGUE: list[tuple[str, Setup | None, list[str], str]] = [
    ("offset +25:00", None, ["note", CASE, "x", "--at", "2026-11-23T10:00:00+25:00"], "offset"),
    ("offset -24:00", None, ["note", CASE, "x", "--at", "2026-11-23 10:00 -24:00"], "offset"),
    ("non-UTF-8 argument", None, ["note", CASE, "a\udcff"], "not UTF-8"),
    ("non-UTF-8 option", None, ["list", "--customer", "\udcff\udcfe"], "not UTF-8"),
    ("80-emoji customer profile", None, ["customer", "add", "😀" * 80], ""),
    ("CSV cell > 131,072", _big_cell, ["import", "big.csv"], "line 2"),
    ("mixed GBK and UTF-8 CSV", _mixed_csv, ["import", "mixed.csv"], "line 3"),
    ("zip-bomb xlsx", _zip_bomb, ["import", "bomb.xlsx"], "unpack"),
    ("not a workbook", _not_a_workbook, ["import", "x.xlsx"], "x.xlsx"),
    ("notify-state time without offset", _naive_state, ["notify"], "notify state"),
    ("alias bomb in casectl.yaml", _alias_bomb, ["list"], "aliases"),
    ("5 MB case file", _huge_case, ["validate"], "C-261123-B1G00"),
    ("Windows name CON", None, ["customer", "add", "CON"], ""),
    ("profile name with ESC", None, ["customer", "add", "A\x1b[2JB"], ""),
    ("profile name with a bidi override", None, ["customer", "add", "A\u202eB"], ""),
    ("-o into a missing folder", None, ["list", "-o", "no/such/dir/x.txt"], "no/such/dir"),
    ("-o a folder", None, ["list", "-o", "cases"], "cases"),
    ("unknown case", None, ["show", "C-000000-ZZZZZ"], "C-000000-ZZZZZ"),
]
POSIX_CATALOGUE: list[tuple[str, Setup | None, list[str], str]] = [
    ("FIFO named like a case file", _fifo_case, ["list"], "C-261123-FIFO0"),
    ("case file linked to /dev/zero", _zero_case, ["list"], "C-261123-ZER00"),
    ("-o /dev/null", None, ["list", "-o", "/dev/null"], "/dev/null"),
]
SKIPPED = {"FIFO named like a case file", "case file linked to /dev/zero"}
EVERY = CATALOGUE + (POSIX_CATALOGUE if os.name == "posix" else [])


def test_the_catalogue_is_counted_in_the_guarantees() -> None:
    said = (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")
    assert f"{len(CATALOGUE + POSIX_CATALOGUE)} bad inputs" in said
    for what, *_ in CATALOGUE + POSIX_CATALOGUE:
        assert what in said, what


@pytest.mark.parametrize(("what", "setup", "args", "word"), EVERY, ids=[e[0] for e in EVERY])
def test_no_bad_input_gives_a_traceback(
    run: Cli,
    record: Callable[..., str],
    casebook: Path,
    what: str,
    setup: Setup | None,
    args: list[str],
    word: str,
) -> None:
    """The ``run`` fixture raises whatever casectl did not turn into an exit code: a test
    passes only on a one-line answer. Refusals exit non-zero and name what they refuse."""
    cid = record()
    if setup is not None:
        setup(casebook)
    result = run(*[cid if a == CASE else a for a in args])
    assert "Traceback" not in result.output
    if not word:  # a name: written safely (a file name that every system takes), or refused
        assert result.exit_code in (0, 2), result
        assert not any(ch in result.output for ch in "\x1b\u202e"), result
        return
    if what in SKIPPED:  # one odd file is that file's problem: named, the others listed
        assert result.exit_code == 0 and "skipped" in result.stderr, result
    else:
        assert result.exit_code != 0, result
    assert word in result.output, result


# --- neutralisers: one per output kind ----------------------------------------------------

HOSTILE = "A\x1b[2J\x85\u202e\u061c\u2066Z"


def test_every_neutraliser_catches_c1_bidi_and_the_arabic_letter_mark() -> None:
    for shown in (visible(HOSTILE), visible_data(HOSTILE), md_cell(HOSTILE), html.escape(HOSTILE)):
        assert not any(ch in shown for ch in "\x1b\x85\u202e\u061c\u2066"), shown
        assert "\\u061c" in shown and "\\u202e" in shown


def test_a_csv_cell_shows_controls_keeps_line_breaks_and_defuses_formulas() -> None:
    assert csv_cell(HOSTILE) == "A\\x1b[2J\\x85\\u202e\\u061c\\u2066Z"
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("two\nlines\tand tab") == '"two\nlines\tand tab"'


def test_csv_and_xlsx_exports_carry_no_raw_control(
    run: Cli, record: Callable[..., str], casebook: Path
) -> None:
    record(title=HOSTILE)
    for args in (["list", "--format", "csv"], ["list", "--excel"]):
        out = run(*args)
        assert out.exit_code == 0, out
        assert not any(ch in out.stdout for ch in "\x1b\x85\u202e\u061c\u2066"), out
    assert run("export", "--format", "csv", "-o", "out.csv").exit_code == 0
    text = Path("out.csv").read_text(encoding="utf-8-sig")
    assert not any(ch in text for ch in "\x1b\x85\u202e\u061c\u2066")
    assert run("export", "--format", "xlsx", "-o", "out.xlsx").exit_code == 0
    from openpyxl import load_workbook

    cells = [
        str(c.value)
        for sheet in load_workbook("out.xlsx")
        for row in sheet.iter_rows()
        for c in row
    ]
    assert any("\\u061c" in c for c in cells)
    assert not any(ch in c for c in cells for ch in "\x1b\x85\u202e\u061c\u2066")


def test_show_yaml_shows_bidi_marks(run: Cli, record: Callable[..., str]) -> None:
    cid = record(title="invoice \u202eFDP.exe \u061c")
    shown = run("show", cid, "--format", "yaml")
    assert shown.exit_code == 0
    assert "\u202e" not in shown.stdout and "\\u202e" in shown.stdout
    assert "\u061c" not in shown.stdout


MENTIONS = [
    ("feishu", '<at user_id="all"></at> 停机', ["<at"]),
    ("lark", '<at user_id="ou_1">x</at>', ["<at"]),
    ("wecom", "@all 请看 @所有人", ["@all", "@所有人", "<@"]),
    ("wecom", "<@zhangsan> 看", ["<@"]),
    ("dingtalk", "@所有人 紧急", ["@所有人"]),
    ("slack", "<!channel> <!here> <@U123ABC>", ["<!", "<@"]),
    ("teams", "[click](https://evil.example)", ["](", "[click]"]),
    ("feishu", "[click](https://evil.example)", ["]("]),
    ("telegram", "[x](tg://user?id=1)", ["]("]),
    ("webhook", "@everyone", ["@everyone"]),
]


@pytest.mark.parametrize(("service", "text", "raw"), MENTIONS)
def test_mentions_and_links_from_a_case_never_reach_a_chat_raw(
    service: str, text: str, raw: list[str]
) -> None:
    shown = neutral(service, text)
    for bit in raw:
        assert bit not in shown, (service, shown)


def test_plain_words_stay_readable_in_a_chat() -> None:
    assert neutral("feishu", "华东精密 allen@example.com") == "华东精密 allen@example.com"
    assert neutral("slack", "A & B") == "A &amp; B"


# --- interrupted writes: finished or undone by the next command ----------------------------

KILLED_IMPORT = """
import os, sys
from casectl.storage import files

named, killed_at = [], int(sys.argv[2])
real = files.replace

def dying(tmp, path):
    if str(path).endswith(".yaml") and "cases" in str(path):
        named.append(path)
        if len(named) == killed_at:
            os._exit(9)  # as kill -9 before the Nth case file takes its name
    real(tmp, path)

files.replace = dying
from casectl.cli.entry import main
sys.argv = ["casectl", "import", sys.argv[1]]
main()
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("killed_at", "named"),
    [(1, 0), (4, 3)],
    ids=["every-case-file-written-none-named", "half-the-case-files-named"],
)
def test_an_import_killed_half_way_is_rolled_back_by_the_next_command(
    run: Cli, casebook: Path, killed_at: int, named: int
) -> None:
    rows = "".join(f"2026-11-{n + 1:02d} 10:00,华东精密,row {n},technical,high\n" for n in range(6))
    Path("log.csv").write_text("received,customer,title,category,priority\n" + rows, "utf-8")
    env = {**os.environ, "CASECTL_USER": "li.wei"}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, "log.csv", str(killed_at)],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 9, done.stderr
    assert len(list(Path("cases").rglob("C-*.yaml"))) == named  # as a kill leaves it
    assert len(list(Path("cases").rglob(".C-*.yaml.*.tmp"))) == 6 - named  # written, unnamed
    listed = run("list", "--format", "json")
    assert listed.exit_code == 0
    if named:
        assert f"an import was interrupted: its {named} case file(s) written so far were " in (
            listed.stderr
        )
    assert list(Path("cases").rglob("C-*.yaml")) == []
    assert list(Path("cases").rglob(".*.tmp")) == []
    assert not Path(".casectl/import.json").exists()
    assert run("validate").exit_code == 0
    assert run("import", "log.csv").exit_code == 0  # and it can be run again, whole
    assert len(list(Path("cases").rglob("C-*.yaml"))) == 6


KILLED_WRITING_TEMPORARIES = """
import os, sys
from casectl.storage import imports

made, real = [], imports.new_temporary

def dying(path, data):
    made.append(path)
    if len(made) == 3:
        os._exit(9)  # as kill -9 while the temporaries are written, before the texts are known
    return real(path, data)

imports.new_temporary = dying
from casectl.cli.entry import main
sys.argv = ["casectl", "import", sys.argv[1]]
main()
"""


@pytest.mark.slow
def test_an_import_killed_while_writing_temporaries_is_rolled_back_by_the_next_command(
    run: Cli, casebook: Path
) -> None:
    rows = "".join(f"2026-11-{n + 1:02d} 10:00,华东精密,row {n},technical,high\n" for n in range(6))
    Path("log.csv").write_text("received,customer,title,category,priority\n" + rows, "utf-8")
    env = {**os.environ, "CASECTL_USER": "li.wei"}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WRITING_TEMPORARIES, "log.csv"],
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 9, done.stderr
    expected = Path(".casectl/import-files.txt").read_text(encoding="utf-8").splitlines()
    assert len(expected) == 6 and all(f.startswith("cases/") for f in expected)
    assert not Path(".casectl/import.json").exists()  # the files told, not yet their texts
    assert len(list(Path("cases").rglob(".C-*.yaml.*.tmp"))) == 2
    assert run("list", "--format", "json").exit_code == 0
    assert list(Path("cases").rglob("C-*.yaml")) == []
    assert list(Path("cases").rglob(".*.tmp")) == []
    assert not Path(".casectl/import.json").exists()
    assert run("import", "log.csv").exit_code == 0  # and it can be run again, whole
    assert len(list(Path("cases").rglob("C-*.yaml"))) == 6


def test_an_import_the_disk_fails_half_way_leaves_no_case(
    run: Cli, casebook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from casectl.storage import files

    rows = "".join(f"2026-11-{n + 1:02d} 10:00,华东精密,row {n},technical,high\n" for n in range(6))
    Path("log.csv").write_text("received,customer,title,category,priority\n" + rows, "utf-8")
    real, named = files.replace, []

    def failing(tmp: Path, path: Path) -> None:
        if str(path).endswith(".yaml") and "cases" in str(path):
            named.append(path)
            if len(named) == 4:
                raise OSError(errno.EIO, "Input/output error", str(path))
        real(tmp, path)

    monkeypatch.setattr(files, "replace", failing)
    refused = run("import", "log.csv")
    assert refused.exit_code == 3, refused.output
    assert "cannot write (Input/output error)" in refused.stderr
    assert list(Path("cases").rglob("C-*.yaml")) == []
    assert list(Path("cases").rglob(".*.tmp")) == []
    assert not Path(".casectl/import.json").exists()


def test_a_customer_merge_killed_before_removing_the_duplicate_finishes_when_run_again(
    run: Cli, casebook: Path
) -> None:
    for name in ("华东精密", "华东精密公司"):
        assert run("customer", "add", name).exit_code == 0
    gone = Path("customers/华东精密公司.yaml")
    saved = gone.read_bytes()
    assert run("customer", "merge", "华东精密", "华东精密公司").exit_code == 0
    gone.write_bytes(saved)  # as if killed between the two profile writes
    again = run("customer", "merge", "华东精密", "华东精密公司")
    assert again.exit_code == 0, again
    assert not gone.exists()


def test_a_customer_merge_killed_while_renaming_cases_finishes_when_run_again(
    run: Cli, casebook: Path, record: Callable[..., str]
) -> None:
    assert run("customer", "add", "华东精密").exit_code == 0
    cid = record()  # 华东精密制造有限公司
    assert run("customer", "merge", "华东精密", "华东精密制造有限公司").exit_code == 0
    path = case_file(casebook, cid)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: 华东精密\n", "name: 华东精密制造有限公司\n"
        ),
        encoding="utf-8",
    )  # as if killed before this case was renamed
    again = run("customer", "merge", "华东精密", "华东精密制造有限公司")
    assert again.exit_code == 0, again
    assert "name: 华东精密\n" in path.read_text(encoding="utf-8")


def test_validate_names_a_temporary_under_plans(run: Cli, casebook: Path) -> None:
    Path("plans").mkdir(exist_ok=True)
    Path("plans/.2026-11.yaml.k3j.tmp").write_text("half", encoding="utf-8")
    checked = run("validate")
    assert checked.exit_code == 1
    assert ".2026-11.yaml.k3j.tmp" in checked.output


# --- processes: none outlives a killed command; a small kill -9 campaign -------------------


def _group_alive(group: int) -> list[int]:
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


INDEX_BUILD = """
import os, sys, time
from casectl.storage import rows

real = rows._read_chunk

def slow(config_text, items):
    print("worker", os.getpid(), flush=True)
    time.sleep(60)  # held in the worker until the parent is killed
    return real(config_text, items)

rows._read_chunk = slow
from casectl.storage.store import Casebook
Casebook.open(sys.argv[1]).entries()
"""


@POSIX
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the index build uses workers from 2 cores")
def test_workers_of_the_first_index_build_die_with_their_parent(
    record: Callable[..., str], casebook: Path
) -> None:
    cid = record()
    template = case_file(casebook, cid).read_text(encoding="utf-8")
    for n in range(210):
        new = f"C-261123-Y{n:04d}"
        (case_file(casebook, cid).parent / f"{new}.yaml").write_text(
            template.replace(cid, new), encoding="utf-8"
        )
    proc = subprocess.Popen(
        [sys.executable, "-c", INDEX_BUILD, str(casebook)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("worker")  # a worker is at work
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    left = _group_alive(proc.pid)
    for _ in range(50):  # each worker looks for its parent every 0.2 s
        if not left:
            break
        time.sleep(0.1)
        left = _group_alive(proc.pid)
    for pid in left:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []


@POSIX
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_small_kill_campaign_loses_nothing_and_leaves_nothing() -> None:
    """benchmarks/kill_campaign.py with one kill of each kind (the full run: 200)."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "kill_campaign.py"), "--kills", "5", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    for name in (
        "lost acknowledged writes",
        "imports half-done",
        "merges not finished",
        "corrupt files",
        "stray processes",
        "unnamed leftovers",
    ):
        assert figures.get(name, 0) == 0, (name, figures)
