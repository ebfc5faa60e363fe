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


def _impure(path: Path, *, file_methods: bool) -> list[str]:
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
            where = path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name
            found.append(f"{where}:{node.lineno} {what}")
    return found


@pytest.mark.parametrize("floor", ["core", "render", "cli"])
def test_only_storage_touches_files_environment_and_clock(floor: str) -> None:
    # the terminal is the command line's own business (NO_COLOR, TERM), not a file
    allowed = {"cli/output.py": {"environ"}}
    found = [
        hit
        for path in sorted((PACKAGE / floor).glob("*.py"))
        for hit in _impure(path, file_methods=floor != "cli")
        if hit.split()[1] not in allowed.get(str(path.relative_to(PACKAGE)), set())
    ]
    assert found == []


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
    assert capsys.readouterr().out.endswith(" breached\n")


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
