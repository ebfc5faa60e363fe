"""What a user sees, character for character: each renderer's output over the example casebook
(examples/casebook, read "as of" NOW), kept in tests/golden/. Text for people is shown as on a
terminal 80 and 120 columns wide, in English and in Chinese; JSON and HTML once. A change of
output fails here with a diff; ``pytest --update-goldens`` accepts it (tests/golden/README.md).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import goldens
from casectl.cli import output
from conftest import Cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "casebook"
CASE = "C-261102-GM68H"  # reopened, with evidence, findings, actions, updates and a promise
CUSTOMER = "华东精密制造有限公司"  # a key customer with a profile, key people and past cases
LANGUAGES = {"en": "en", "zh": "zh_CN"}
WIDTHS = (80, 120)
Golden = Callable[[str, str], None]

# name: (arguments, exit code, whether the terminal's width changes it)
SCREENS: dict[str, tuple[list[str], int, bool]] = {
    "list": (["list"], 0, True),
    "overdue": (["overdue"], 1, True),
    "show": (["show", CASE], 0, True),
    "report": (["report"], 0, True),
    "report-markdown": (["report", "--format", "markdown"], 0, False),
    "scorecard": (["report", "--by", "owner"], 0, True),
    "customer": (["customer", CUSTOMER], 0, True),
    "kb-search": (["kb", "search"], 0, True),
}
# Coloured on a terminal (rich's colours, forced as FORCE_COLOR forces them): the screens with
# tables of clocks; the others print the same text in colour as without.
COLOURED = ("list", "overdue", "show")
IN_COLOUR = {"FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm-256color"}
# A letter is written in its own --lang, whatever the terminal or the interface language.
LETTERS = {"zh", "en"}
# For scripts: one each, the same in every language (tests/test_language.py).
DATA: dict[str, tuple[list[str], int]] = {
    "show.json": (["show", CASE, "--format", "json"], 0),
    "list.json": (["list", "--format", "json"], 0),
    "overdue.json": (["overdue", "--format", "json"], 1),
    "report.json": (["report", "--format", "json"], 0),
    "report.html": (["report", "--format", "html"], 0),
}


def _screen_file(screen: str, lang: str, columns: int) -> str:
    args, _code, wide = SCREENS[screen]
    suffix = "md" if "markdown" in args else "txt"
    return f"{screen}.{lang}.{columns}.{suffix}" if wide else f"{screen}.{lang}.{suffix}"


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example casebook, made once: reading it writes its index."""
    root = tmp_path_factory.mktemp("example") / "casebook"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".casectl"))
    return root


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output is a terminal (its width is COLUMNS), as for a person typing."""
    monkeypatch.setattr(output, "stdout_is_terminal", lambda: True)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_what_people_see(
    run: Cli, book: Path, golden: Golden, screen: str, lang: str, columns: int
) -> None:
    args, code, _wide = SCREENS[screen]
    env = {"COLUMNS": str(columns), "CASECTL_LANG": LANGUAGES[lang]}
    result = run("-C", str(book), *args, env=env)
    assert result.exit_code == code, result
    golden(_screen_file(screen, lang, columns), result.output)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("screen", [*COLOURED, "report", "scorecard"])
def test_what_people_see_in_colour(
    run: Cli, book: Path, golden: Golden, screen: str, lang: str, columns: int
) -> None:
    args, code, _wide = SCREENS[screen]
    env = {"COLUMNS": str(columns), "CASECTL_LANG": LANGUAGES[lang], **IN_COLOUR}
    result = run("-C", str(book), *args, env=env)
    assert result.exit_code == code, result
    if screen in COLOURED:
        assert "\x1b[" in result.output
        golden(_colour_file(screen, lang, columns), result.output)
    else:  # plain text, coloured or not
        golden(_screen_file(screen, lang, columns), result.output)


def _colour_file(screen: str, lang: str, columns: int) -> str:
    return f"{screen}.{lang}.{columns}.colour.txt"


def test_no_color_wins_over_a_terminal(run: Cli, book: Path) -> None:
    env = {"COLUMNS": "80", **IN_COLOUR, "FORCE_COLOR": "", "NO_COLOR": "1"}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(output, "stdout_is_terminal", lambda: True)
        shown = run("-C", str(book), "overdue", env=env)
    assert "\x1b[3" not in shown.output  # no colour (bold headers may stay)


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("interface", LANGUAGES.values())
@pytest.mark.parametrize("letter_lang", sorted(LETTERS))
def test_an_apology_letter(
    run: Cli, book: Path, golden: Golden, letter_lang: str, interface: str, columns: int
) -> None:
    env = {"COLUMNS": str(columns), "CASECTL_LANG": interface}
    result = run(
        "-C", str(book), "letter", CASE, "--kind", "apology", "--lang", letter_lang, env=env
    )
    assert result.exit_code == 0, result
    golden(f"letter-apology.{letter_lang}.txt", result.output)


@pytest.mark.parametrize("name", DATA)
def test_what_scripts_read(run: Cli, book: Path, golden: Golden, name: str) -> None:
    args, code = DATA[name]
    result = run("-C", str(book), *args)
    assert result.exit_code == code, result
    assert result.stderr == ""  # the file is all the output there is
    golden(name, result.stdout)


# The gate against a baseline: every breach of the day but one (new), and one entry fixed since.
BASELINE = """# casectl overdue baseline
C-261020-3W1ZB resolution
C-261102-GM68H resolution
C-261117-PD8BT investigation
C-261117-PD8BT promise:p1
C-261117-PD8BT resolution
C-261117-PD8BT update_every
C-261118-5WFGM resolution
"""
# name: (arguments, exit code), run in the casebook's folder with BASELINE as baseline.txt
ADOPTING: dict[str, tuple[list[str], int]] = {
    "overdue-baseline.{lang}.120.txt": (["overdue", "--baseline", "baseline.txt"], 1),
    "overdue-baseline.{lang}.md": (
        ["overdue", "--baseline", "baseline.txt", "--format", "markdown"],
        1,
    ),
    "close-bulk.{lang}.120.txt": (
        ["close", "--where", "priority=urgent", "--reason", "历史", "--dry-run"],
        1,
    ),
}


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ADOPTING)
def test_adopting_a_backlog(
    run: Cli,
    book: Path,
    golden: Golden,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    lang: str,
) -> None:
    """The baseline gate and a bulk close (a dry run: the shared book stays as it is)."""
    (book / "baseline.txt").write_text(BASELINE, encoding="utf-8")
    monkeypatch.chdir(book)
    args, code = ADOPTING[name]
    env = {"COLUMNS": "120", "CASECTL_LANG": LANGUAGES[lang]}
    result = run(*args, env=env)
    assert result.exit_code == code, result
    golden(name.format(lang=lang), result.output)


def test_every_golden_file_belongs_to_a_test() -> None:
    """A file no test compares any more is stale: delete it."""
    wanted = {_screen_file(s, lang, c) for s in SCREENS for lang in LANGUAGES for c in WIDTHS}
    wanted |= {_colour_file(s, lang, c) for s in COLOURED for lang in LANGUAGES for c in WIDTHS}
    wanted |= {f"letter-apology.{lang}.txt" for lang in LETTERS} | set(DATA)
    wanted |= {name.format(lang=lang) for name in ADOPTING for lang in LANGUAGES}
    kept = {p.name for p in goldens.GOLDEN.iterdir()} - {"README.md", ".gitattributes"}
    assert sorted(kept - wanted) == []  # a missing one fails the test that compares it


# --- the golden files' own checks -------------------------------------------------------------


def test_a_changed_output_fails_with_a_diff_of_the_lines(tmp_path: Path) -> None:
    name = "probe.txt"
    goldens.write(tmp_path / name, "ID   客户\nC-1  华东\n")
    with pytest.raises(pytest.fail.Exception) as failed:
        _check_in(tmp_path, name, "ID   客户\nC-1  华东精密\n")
    said = str(failed.value)
    assert f"--- tests/golden/{name}\n+++ printed now\n" in said
    assert "\n-C-1  华东\n+C-1  华东精密\n" in said
    assert "pytest --update-goldens" in said
    with pytest.raises(pytest.fail.Exception) as spaces:
        _check_in(tmp_path, name, "ID   客户  \nC-1  华东\n")
    assert "differ only in the spaces at their ends" in str(spaces.value)
    with pytest.raises(pytest.fail.Exception) as newline:
        _check_in(tmp_path, name, "ID   客户\nC-1  华东")
    assert "\n+C-1  华东\n\\ No newline at end of file\n" in str(newline.value)
    _check_in(tmp_path, name, "ID   客户\nC-1  华东\n")  # the same text passes


def test_update_writes_utf8_with_lf_and_a_missing_file_fails(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match=r"no golden file tests/golden/new\.txt"):
        _check_in(tmp_path, "new.txt", "华东\n")
    _check_in(tmp_path, "new.txt", "华东\n", update=True)
    assert (tmp_path / "new.txt").read_bytes() == "华东\n".encode()
    _check_in(tmp_path, "new.txt", "华东\n")


def _check_in(folder: Path, name: str, text: str, *, update: bool = False) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(goldens, "GOLDEN", folder)
        goldens.check(name, text, update=update)


def test_piped_output_is_plain_unless_colour_is_forced(run: Cli, book: Path) -> None:
    plain = run("-C", str(book), "list", env={**IN_COLOUR, "FORCE_COLOR": ""})
    assert "\x1b" not in plain.stdout and "C-261102-GM68H" in plain.stdout
    forced = run("-C", str(book), "list", env=IN_COLOUR)
    assert "\x1b[31m" in forced.stdout  # a breached case, red
