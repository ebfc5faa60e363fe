"""The JSON Schemas that ``casectl schema`` prints accept exactly what ``casectl validate``
accepts, checked by the tool users run in their own CI (check-jsonschema): over every file of
the example casebook, over a generated casebook, and over settings that differ in one way
(notify targets as a URL string or as ``{url: …}``, and the wrong shapes of both)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from casebooks import Book
from conftest import Cli

check_jsonschema = pytest.importorskip("check_jsonschema.cli.main_command")
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "casebook"
KINDS = {"cases/*/*/*.yaml": "case", "customers/*.yaml": "customer", "plans/*.yaml": "plan"}


@pytest.fixture
def schemas(run: Cli, tmp_path: Path) -> dict[str, Path]:
    written = {}
    for kind in ("case", "config", "customer", "plan"):
        path = tmp_path / f"{kind}.schema.json"
        assert run("schema", kind, "--output", str(path)).exit_code == 0
        written[kind] = path
    return written


def checked(schema: Path, *files: Path) -> tuple[bool, str]:
    """check-jsonschema's verdict on ``files``, run as its command line runs."""
    result = CliRunner().invoke(
        check_jsonschema.main, ["--schemafile", str(schema), *map(str, files)]
    )
    return result.exit_code == 0, result.output


def files_of(root: Path) -> Iterator[tuple[str, list[Path]]]:
    yield "config", [root / "casectl.yaml"]
    for pattern, kind in KINDS.items():
        found = sorted(root.glob(pattern))
        if found:
            yield kind, found


@pytest.mark.parametrize("book", ["example", "generated"])
def test_every_file_of_a_valid_casebook_passes_check_jsonschema(
    book: str, run: Cli, schemas: dict[str, Path], two_months_copy: Book
) -> None:
    root = EXAMPLE if book == "example" else two_months_copy.root
    assert run("-C", str(root), "validate").exit_code == 0
    kinds = 0
    for kind, files in files_of(root):
        ok, said = checked(schemas[kind], *files)
        assert ok, (kind, said)
        kinds += 1
    assert kinds >= (4 if book == "example" else 2)


NOTIFY = {
    "a URL string": ('"wecombot://${WECOM_KEY}"', True),
    "a url mapping": ('{url: "dingtalk://${TOKEN}"}', True),
    "an empty string": ('""', False),
    "an empty url": ('{url: ""}', False),
    "a number": ("42", False),
    "an unknown key": ('{url: "x://y", secret: 1}', False),
    "a list": ('["x://y"]', False),
}


@pytest.mark.parametrize("shape", list(NOTIFY))
def test_notify_targets_agree(
    shape: str, run: Cli, casebook: Path, schemas: dict[str, Path]
) -> None:
    target, valid = NOTIFY[shape]
    config = casebook / "casectl.yaml"
    with config.open("a", encoding="utf-8") as handle:
        handle.write(f"notify:\n  targets:\n    team: {target}\n")
        handle.write("  rules:\n  - events: [breach]\n    to: [team]\n")
    validated = run("validate", "--format", "json")
    assert (validated.exit_code == 0) is valid, (shape, validated.stdout)
    ok, said = checked(schemas["config"], config)
    assert ok is valid, (shape, said)


def test_the_schema_is_what_check_jsonschema_reads(schemas: dict[str, Path]) -> None:
    config = json.loads(schemas["config"].read_text(encoding="utf-8"))
    assert config["$schema"] == "https://json-schema.org/draft/2020-12/schema"
