"""docs/api.md cannot drift: its ```python blocks run in order, in one namespace, in a folder
holding a copy of the example casebook (and a second one, ``casebook-west``), with "now"
fixed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "api.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def blocks(text: str) -> list[tuple[int, str]]:
    """Each ```python block of a page, with the line it starts on."""
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in BLOCK.finditer(text)]


def test_the_page_has_examples() -> None:
    assert len(blocks(PAGE.read_text(encoding="utf-8"))) >= 5


def test_every_example_of_the_api_page_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = tmp_path / "examples"
    shutil.copytree(ROOT / "examples" / "casebook", examples / "casebook")
    west = examples / "casebook-west"
    west.mkdir()
    shutil.copy(ROOT / "examples" / "casebook" / "casectl.yaml", west / "casectl.yaml")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "api_docs"}
    for line, code in blocks(PAGE.read_text(encoding="utf-8")):
        try:
            exec(compile(code, f"docs/api.md:{line}", "exec"), namespace)
        except Exception as exc:  # the line in the page, not in this test
            raise AssertionError(f"docs/api.md, the block at line {line}: {exc!r}") from exc
