"""Golden files: what casectl prints, kept in tests/golden/ exactly as a user sees it (UTF-8, LF,
Chinese as written), so a change of output is reviewed as a diff of the file. The ``golden``
fixture of conftest.py calls ``check``; tests/golden/README.md says how to regenerate them."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = "pytest --update-goldens"


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # bytes: no newline translation on any platform


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _lines(text: str) -> list[str]:
    """``text`` as diff lines, a missing last newline said as git says it."""
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1] + "\n\\ No newline at end of file\n")
    return lines


def difference(name: str, expected: str, actual: str) -> str:
    """A unified diff from the golden file to what was printed now."""
    diff = "".join(
        difflib.unified_diff(
            _lines(expected), _lines(actual), fromfile=f"tests/golden/{name}", tofile="printed now"
        )
    )
    if [ln.rstrip() for ln in expected.split("\n")] == [ln.rstrip() for ln in actual.split("\n")]:
        diff += "(the lines differ only in the spaces at their ends)\n"
    return diff


def check(name: str, text: str, *, update: bool) -> None:
    """``text`` must be tests/golden/``name`` exactly; with ``update`` the file becomes ``text``."""
    path = GOLDEN / name
    if update:
        if not path.is_file() or read(path) != text:
            write(path, text)
        return
    if not path.is_file():
        pytest.fail(f"no golden file tests/golden/{name}: {UPDATE} writes it", pytrace=False)
    expected = read(path)
    if text != expected:
        pytest.fail(
            f"the output is not tests/golden/{name}:\n{difference(name, expected, text)}"
            f"If the change is intended, run {UPDATE} and commit the golden file with it.",
            pytrace=False,
        )
