"""The house keeps its shape: no import circles, and the pure floors (core, render) never touch
files, the environment or the clock, while cli reaches them only through storage. The layer and
forbidden-import rules themselves are import-linter contracts in pyproject.toml (lint-imports)."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "casectl"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_import_circles() -> None:
    graph = grimp.build_graph("casectl")
    # A package's __init__ is not an import of its modules here; only module-to-module arrows.
    assert _cycles(graph) == []


CLOCK = {("datetime", "now"), ("datetime", "utcnow"), ("date", "today"), ("time", "time")}
FILE_METHODS = {"read_text", "write_text", "read_bytes", "write_bytes", "mkdir", "unlink"}


def _impure(path: Path, *, file_methods: bool, root: Path = PACKAGE) -> list[str]:
    """What reaches files, the environment or the clock directly, as ``file:line what``: the
    ``open`` builtin, ``os.environ``/``getenv``, ``datetime.now()`` and kin, and (where no
    storage object is at hand to call) ``Path`` methods that read or write."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        what = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            what = "open" if node.func.id == "open" else None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            pair = (owner.id if isinstance(owner, ast.Name) else "", node.func.attr)
            if pair in CLOCK:
                what = ".".join(pair)
            elif node.func.attr == "getenv" or (file_methods and node.func.attr in FILE_METHODS):
                what = node.func.attr
        elif isinstance(node, ast.Attribute) and node.attr == "environ":
            what = "environ"
        if what:
            where = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
            found.append(f"{where}:{node.lineno} {what}")
    return found


# the terminal is the command line's own business (NO_COLOR, TERM), not a file
ALLOWED = {"cli/output.py": {"environ"}}


def _floor(root: Path, floor: str) -> list[str]:
    """What every module of ``floor`` under ``root`` reaches, sub-packages at any depth."""
    return [
        hit
        for path in sorted((root / floor).rglob("*.py"))
        for hit in _impure(path, file_methods=floor != "cli", root=root)
        if hit.split()[1] not in ALLOWED.get(path.relative_to(root).as_posix(), set())
    ]


@pytest.mark.parametrize("floor", ["core", "render", "cli"])
def test_only_storage_touches_files_environment_and_clock(floor: str) -> None:
    assert _floor(PACKAGE, floor) == []


def test_the_scan_reaches_modules_in_sub_packages(tmp_path: Path) -> None:
    """core is grouped in sub-packages (core/clocks, core/loop, …): a clock read two folders
    down is found as surely as one at the top."""
    deep = tmp_path / "core" / "clocks" / "inner"
    deep.mkdir(parents=True)
    (tmp_path / "core" / "model.py").write_text("NAME = 'pure'\n", encoding="utf-8")
    (deep / "probe.py").write_text(
        "from datetime import datetime\n\n\ndef late():\n    return datetime.now()\n",
        encoding="utf-8",
    )
    (tmp_path / "core" / "loop").mkdir()
    (tmp_path / "core" / "loop" / "steps.py").write_text("open('case.yaml')\n", "utf-8")
    assert _floor(tmp_path, "core") == [
        "core/clocks/inner/probe.py:5 datetime.now",
        "core/loop/steps.py:1 open",
    ]


def test_the_check_sees_what_it_looks_for(tmp_path: Path) -> None:
    """The scan above would fail on a floor that opened a file or read the clock."""
    sample = tmp_path / "probe.py"
    sample.write_text(
        "import os\nfrom datetime import datetime\n"
        "open('x')\nos.environ.get('A')\ndatetime.now()\nPath('x').read_text()\n",
        encoding="utf-8",
    )
    found = sorted(hit.split()[1] for hit in _impure(sample, file_methods=True))
    assert found == ["datetime.now", "environ", "open", "read_text"]


def test_the_library_example_in_the_architecture_page_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    code = page.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(PACKAGE.parent.parent)
    exec(compile(code, "docs/architecture.md", "exec"), {})
    assert capsys.readouterr().out.endswith(" clocks flagged\n")


def test_version_answers_without_loading_the_application() -> None:
    """``--version`` prints the installed package's version before typer or the core load."""
    import subprocess
    import sys
    from importlib.metadata import version

    code = (
        "import sys; sys.argv = ['casectl', '--version']\n"
        "from casectl.cli.entry import main; main()\n"
        "assert 'typer' not in sys.modules and 'pydantic' not in sys.modules, sorted(sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"casectl {version('casectl')}\n"


# --- files and functions a reader can hold in mind ---------------------------------------------

MODULE_LINES = 400
FUNCTION_LINES = 60  # from ``def`` to the last line; decorators not counted

# Today's longer ones, with their size in lines when this list was made. An entry may shrink,
# never grow; once it is within the limit the test asks for its line to be deleted, and nothing
# new joins the list: split the module or the function instead.
TOO_LONG = {
    # modules
    "core/model.py": 459,  # the case file's schema, whole: one page a reader checks a file by
    "core/events.py": 492,  # every kind of timeline event, one small record each: one table
    "api/mail.py": 416,
    "storage/validate.py": 414,
    # command-line functions that still orchestrate what the library API will take over
    "cli/reading.py:list_cases": 78,
    "cli/steps.py:record": 84,
    # rules
    "core/clocks/sla.py:Clocks.specs": 80,
    "core/learning/letters.py:fields": 65,
    # text out, one section after another
    "render/report_text.py:table": 80,
    "render/report_words.py:key_figures": 61,
    # storage
    "storage/index.py:Index.scan": 106,
}


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int]]:
    """Every function and method as (qualified name, lines), nested ones too."""
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            assert node.end_lineno is not None
            found.append((prefix + node.name, node.end_lineno - node.lineno + 1))
            found += _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            found += _functions(node, f"{prefix}{node.name}.")
        else:
            found += _functions(node, prefix)
    return found


def _too_long(root: Path) -> dict[str, int]:
    """Modules over MODULE_LINES and functions over FUNCTION_LINES under ``root``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MODULE_LINES:
            found[where] = len(text.splitlines())
        for name, lines in _functions(ast.parse(text)):
            if lines > FUNCTION_LINES:
                found[f"{where}:{name}"] = lines
    return found


def _over_the_list(found: dict[str, int], allowed: dict[str, int]) -> list[str]:
    limit = {True: f"a function's {FUNCTION_LINES}", False: f"a module's {MODULE_LINES}"}
    said = [
        f"{item}: {lines} lines, more than {limit[':' in item]}; split it"
        for item, lines in found.items()
        if item not in allowed
    ]
    said += [
        f"{item}: grew from {allowed[item]} to {lines} lines; it may only shrink"
        for item, lines in found.items()
        if item in allowed and lines > allowed[item]
    ]
    said += [
        f"{item}: now within the limit (or gone); delete its line in TOO_LONG"
        for item in allowed
        if item not in found
    ]
    return said


def test_modules_and_functions_stay_short() -> None:
    assert _over_the_list(_too_long(PACKAGE), TOO_LONG) == []


def test_the_length_check_counts_what_it_says(tmp_path: Path) -> None:
    """Functions from ``def`` to their last line (a decorator is not counted), methods and
    nested functions by their qualified names, modules by their lines."""
    body = "".join(f"    x{i} = {i}\n" for i in range(59))  # with its def: 60 lines, allowed
    module = (
        f"@decorated\ndef fits():\n{body}\n\n"
        f"class Book:\n    def read(self):\n{body.replace('    ', '        ')}        return 1\n\n\n"
        f"def outer():\n    def inner():\n{body.replace('    ', '        ')}        return 1\n"
        "    return inner\n"
    )
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "probe.py").write_text(module, encoding="utf-8")
    (tmp_path / "big.py").write_text("x = 1\n" * 401, encoding="utf-8")
    found = _too_long(tmp_path)
    assert found == {
        "big.py": 401,
        "core/probe.py:Book.read": 61,
        "core/probe.py:outer": 63,
        "core/probe.py:outer.inner": 61,
    }
    allowed = {"big.py": 401, "core/probe.py:outer": 62, "gone.py": 500}
    assert _over_the_list(found, allowed) == [
        "core/probe.py:Book.read: 61 lines, more than a function's 60; split it",
        "core/probe.py:outer.inner: 61 lines, more than a function's 60; split it",
        "core/probe.py:outer: grew from 62 to 63 lines; it may only shrink",
        "gone.py: now within the limit (or gone); delete its line in TOO_LONG",
    ]
