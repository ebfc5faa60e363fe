"""docs/retrospective.md is generated from examples/casebook, never pasted: it must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs" / "gen_retrospective.py"


def test_retrospective_doc_is_up_to_date() -> None:
    if not (ROOT / "examples" / "casebook" / "casectl.yaml").is_file():
        pytest.skip("examples/casebook is not there")
    spec = importlib.util.spec_from_file_location("gen_retrospective", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    actual = (ROOT / "docs" / "retrospective.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/retrospective.md is stale: python docs/gen_retrospective.py"
