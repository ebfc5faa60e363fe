"""CI that points at the right line: annotations and JUnit name files from the repository's
top; JUnit stays within the common JUnit XSD; the JSON Schemas name and pin themselves."""

from __future__ import annotations

import re
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
import xmlschema

from casebooks import working_hour_targets
from conftest import Cli

XSD = xmlschema.XMLSchema(str(Path(__file__).parent / "data" / "junit.xsd"))
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "ci"
AFTERNOON = {"CASECTL_NOW": "2026-11-23T13:50:00+08:00"}
FILE = re.compile(r"file=([^,:]+)")


def book_in(run: Cli, root: Path) -> str:
    """A casebook at ``root`` with a breached case and one due soon; the breached one's ID."""
    assert run("init", str(root)).exit_code == 0
    working_hour_targets(root)  # high: first response within 4 working hours
    ids = []
    for at in ("2026-11-16T10:00:00+08:00", "2026-11-23T09:15:00+08:00"):
        result = run(
            "-C",
            str(root),
            "record",
            "--customer=华东精密",
            "--title=导出超时",
            "--category=technical",
            "--priority=high",
            "--channel=phone",
            f"--at={at}",
        )
        assert result.exit_code == 0, result
        ids.append(result.stdout.strip())
    return ids[0]


def git_init(folder: Path) -> None:
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def annotated_files(text: str) -> list[str]:
    return [m.group(1) for line in text.splitlines() if (m := FILE.search(line))]


def test_annotations_name_files_from_the_top_of_the_git_work_tree(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    git_init(repo)
    book = repo / "support" / "book"
    late = book_in(run, book)
    monkeypatch.chdir(book / "cases")  # anywhere inside: the casebook is found by walking up
    result = run("overdue", "--format", "github", env=AFTERNOON)
    assert result.exit_code == 1, result
    files = annotated_files(result.stdout)
    assert files[0] == f"support/book/cases/2026/11/{late}.yaml"
    assert all((repo / f).is_file() for f in files) and len(files) == 3
    # JSON keeps paths relative to the casebook, as documented
    data = run("overdue", "--format", "json", env=AFTERNOON).json()
    assert data["items"][0]["path"] == f"cases/2026/11/{late}.yaml"


def test_without_git_annotations_name_files_from_github_workspace(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    late = book_in(run, workspace / "客服" / "book")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run(
        "-C", str(workspace / "客服" / "book"), "overdue", "--format", "github", env=AFTERNOON
    )
    assert annotated_files(result.stdout)[0] == f"客服/book/cases/2026/11/{late}.yaml"


def test_a_casebook_at_the_top_or_outside_keeps_plain_paths(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_init(tmp_path / "top")
    late = book_in(run, tmp_path / "top")
    result = run("-C", str(tmp_path / "top"), "overdue", "--format", "github", env=AFTERNOON)
    assert annotated_files(result.stdout)[0] == f"cases/2026/11/{late}.yaml"
    elsewhere = tmp_path / "elsewhere"
    late = book_in(run, elsewhere)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "top"))  # the book is not under it
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("-C", str(elsewhere), "overdue", "--format", "github", env=AFTERNOON)
    assert annotated_files(result.stdout)[0] == f"cases/2026/11/{late}.yaml"


def test_an_unreadable_file_is_annotated_from_the_top_too(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    git_init(repo)
    book = repo / "ops" / "cases-book"
    late = book_in(run, book)
    (path,) = book.glob(f"cases/*/*/{late}.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("priority: high", "priority: p0"))
    result = run("-C", str(book), "overdue", "--format", "github", env=AFTERNOON)
    assert result.exit_code == 3
    assert f"::error file=ops/cases-book/cases/2026/11/{late}.yaml," in result.stdout
    junit = run("-C", str(book), "overdue", "--format", "junit", env=AFTERNOON)
    XSD.validate(junit.stdout)
    assert f"ops/cases-book/cases/2026/11/{late}.yaml" in junit.stdout


@pytest.mark.parametrize(
    ("root", "base", "prefix"),
    [
        (
            PureWindowsPath(r"D:\a\repo\repo\support\book"),
            PureWindowsPath("D:/a/repo/repo"),
            "support/book/",
        ),
        (PureWindowsPath(r"D:\a\repo\repo"), PureWindowsPath("D:/a/repo/repo"), ""),
        (
            PureWindowsPath(r"d:\A\Repo\客服"),
            PureWindowsPath(r"D:\a\repo"),
            "客服/",
        ),  # no case on Windows
        (PureWindowsPath(r"E:\book"), PureWindowsPath(r"D:\a\repo"), ""),  # another drive
        (
            PureWindowsPath(r"\\server\share\team\book"),
            PureWindowsPath(r"\\server\share"),
            "team/book/",
        ),
        (
            PurePosixPath("/home/runner/work/r/r/book"),
            PurePosixPath("/home/runner/work/r/r"),
            "book/",
        ),
        (PurePosixPath("/srv/book"), None, ""),
    ],
)
def test_the_prefix_from_the_top(
    root: PureWindowsPath, base: PureWindowsPath | None, prefix: str
) -> None:
    from casectl.storage.env import prefix_under

    assert prefix_under(root, base) == prefix


# --- JUnit ---------------------------------------------------------------------------------


def test_junit_is_valid_against_the_common_junit_xsd_with_timestamp_and_hostname(
    run: Cli, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    git_init(repo)
    late = book_in(run, repo / "book")
    result = run(
        "-C", str(repo / "book"), "overdue", "--format", "junit", "--within", "4h", env=AFTERNOON
    )
    assert result.exit_code == 1
    XSD.validate(result.stdout)
    suite = XSD.to_dict(result.stdout)["testsuite"][0]
    assert suite["@timestamp"] == "2026-11-23T05:50:00"  # 13:50 in Shanghai, in UTC
    assert suite["@hostname"] == (socket.gethostname() or "localhost")
    assert (suite["@tests"], suite["@failures"], suite["@errors"]) == (4, 2, 0)
    props = {p["@name"]: p["@value"] for p in suite["properties"]["property"]}
    assert props == {
        "now": "2026-11-23T13:50:00+08:00",
        "within": "4h",
        "fail_on": "breach",
        "casebook": "book",
    }
    failure = suite["testcase"][0]["failure"]
    assert failure["$"].startswith(f"book/cases/2026/11/{late}.yaml: 导出超时 — ")
    assert "warning: " in suite["system-out"] and "due soon" in suite["system-out"]


def test_junit_with_nothing_flagged_is_valid_too(run: Cli, casebook: Path) -> None:
    result = run("overdue", "--format", "junit")
    assert result.exit_code == 0
    XSD.validate(result.stdout)


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda x: x.replace('time="0">', 'time="0" file="cases/x.yaml">', 1), "file"),
        (lambda x: re.sub(r'timestamp="([^"]+)"', r'timestamp="\1+08:00"', x), "offset"),
        (lambda x: re.sub(r' hostname="[^"]+"', "", x), "hostname"),
        (lambda x: re.sub(r"\s*<properties>.*?</properties>", "", x, flags=re.S), "properties"),
    ],
)
def test_the_xsd_refuses_what_strict_readers_refuse(
    run: Cli, record: Callable[..., str], change: Callable[[str], str], why: str
) -> None:
    """The schema is not a rubber stamp: what casectl used to write fails it."""
    record(at="2026-11-16T10:00:00+08:00")
    text = run("overdue", "--format", "junit").stdout
    XSD.validate(text)
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        XSD.validate(change(text))


# --- JSON Schemas ----------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "version"), [("case", 1), ("config", 1)])
def test_each_json_schema_names_itself_and_pins_the_version(
    run: Cli, casebook: Path, kind: str, version: int
) -> None:
    import jsonschema

    schema = run("schema", kind).json()
    assert schema["$id"] == f"urn:casectl:schema:{kind}:{version}"
    assert schema["properties"]["schema_version"]["const"] == version
    validator = jsonschema.Draft202012Validator(schema)
    sample: dict[str, object] = {"schema_version": version}
    if kind == "case":
        sample.update(
            id="C-261123-7QH4A",
            title="t",
            customer={"name": "c"},
            received_at="2026-11-23T09:15:00+08:00",
            category="technical",
            priority="high",
        )
    assert list(validator.iter_errors(sample)) == []
    errors = list(validator.iter_errors({**sample, "schema_version": version + 1}))
    assert [list(e.path) for e in errors] == [["schema_version"]]


# --- the CI examples -------------------------------------------------------------------------


def test_the_ci_examples_install_casectl_from_a_repository() -> None:
    """casectl is not on PyPI: a bare ``pip install casectl`` would fail, or install another
    project of that name."""
    for path in sorted(EXAMPLES.glob("*.yml")):
        installs = [
            line for line in path.read_text(encoding="utf-8").splitlines() if "pip install" in line
        ]
        assert installs, path.name
        for line in installs:
            if line.lstrip().startswith("#"):
                continue
            assert "git+https://" in line or "pip install ." in line, (path.name, line)


def test_several_casebooks_each_name_their_files_from_the_top(run: Cli, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    git_init(repo)
    east = book_in(run, repo / "east")
    west = book_in(run, repo / "teams" / "west")
    result = run(
        "-C",
        str(repo / "east"),
        "-C",
        str(repo / "teams" / "west"),
        "overdue",
        "--format",
        "github",
        env=AFTERNOON,
    )
    assert result.exit_code == 1, result
    files = annotated_files(result.stdout)
    assert f"east/cases/2026/11/{east}.yaml" in files
    assert f"teams/west/cases/2026/11/{west}.yaml" in files
    assert all((repo / f).is_file() for f in files)
    junit = run(
        "-C",
        str(repo / "east"),
        "-C",
        str(repo / "teams" / "west"),
        "overdue",
        "--format",
        "junit",
        env=AFTERNOON,
    )
    XSD.validate(junit.stdout)
