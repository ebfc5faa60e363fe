"""``casectl schema``: JSON Schema 2020-12 that a real validator applies to real case files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import Cli, case_file


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server sees it: times stay the strings they are."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)


def schema(run: Cli, *args: str) -> dict[str, Any]:
    result = run("schema", *args)
    assert result.exit_code == 0, result
    value: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(value)
    assert value["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return value


_BUILT: dict[str, str] = {}  # relative path → text: the full case is built once per run


@pytest.fixture
def full_case(run: Cli, record: Callable[..., str]) -> Path:
    """A case taken through every step, so every section is in the file."""
    for name, text in _BUILT.items():
        path = Path.cwd() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path
    cid = record()
    for args in (
        ["respond", cid, "--summary", "致歉", "--apology", "--promise", "反馈", "--due", "+1d"],
        [
            "investigate",
            cid,
            "--evidence",
            "log:a.log:断开",
            "--finding",
            "超时 60 s",
            "--root-cause",
            "网关超时",
            "--cause",
            "deployment",
            "--attribution",
            "ours",
        ],
        ["action", "add", cid, "恢复超时", "--horizon", "short"],
        ["action", "done", cid, "a1", "--verification", "导出成功"],
        ["update", cid, "--summary", "已修复", "--keeps", "p1"],
        ["escalate", cid, "--to", "客户成功部", "--reason", "书面说明"],
        ["wait", cid, "--reason", "等客户验证"],
        ["resume", cid],
        ["note", cid, "内部备注"],
        ["resolve", cid, "--summary", "恢复正常", "--confirmed-by", "张敏"],
        ["repair", cid, "--apology", "written", "--compensation", "延长维保"],
        ["survey", cid, "--nps", "9", "--csat", "5"],
        ["follow-up", cid, "--notes", "回访满意", "--force", "--reason", "客户下月停产检修"],
        ["review", cid, "--lesson", "升级检查清单", "--publish"],
        ["close", cid],
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result)
    path = case_file(Path.cwd(), cid)
    _BUILT[path.relative_to(Path.cwd()).as_posix()] = path.read_text(encoding="utf-8")
    return path


def test_the_case_schema_accepts_every_section_of_a_real_case(run: Cli, full_case: Path) -> None:
    case_schema = schema(run)
    data = load(full_case)
    assert isinstance(data["received_at"], str)
    jsonschema.validate(data, case_schema, cls=jsonschema.Draft202012Validator)
    for section in ("response", "investigation", "relationship", "review", "closed", "pauses"):
        assert section in data


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("priority: high", "priority: highest", "priority"),
        (
            "received_at: 2026-11-23T09:15:00+08:00",
            "received_at: 2026-11-23T09:15:00",
            "received_at",
        ),
        ("category: technical", "category: technical\ncolour: red", "colour"),
        ("nps: 9", "nps: 11", "nps"),
    ],
)
def test_the_case_schema_rejects_what_validate_rejects(
    run: Cli, full_case: Path, old: str, new: str, where: str
) -> None:
    text = full_case.read_text(encoding="utf-8")
    assert old in text
    full_case.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(jsonschema.ValidationError) as caught:
        jsonschema.validate(load(full_case), schema(run), cls=jsonschema.Draft202012Validator)
    assert where in caught.value.json_path + caught.value.message
    assert run("validate", str(full_case)).exit_code == 1


def test_times_as_yaml_writes_them(run: Cli) -> None:
    time = schema(run)["$defs"]["Time"]
    validator = jsonschema.Draft202012Validator(time)
    for ok in ("2026-11-22T09:15:00+08:00", "2026-11-22 09:15:00 +08:00", "2026-11-22T01:15:00Z"):
        assert validator.is_valid(ok), ok
    for bad in ("2026-11-22T09:15:00", "tomorrow", "2026-11-22"):
        assert not validator.is_valid(bad), bad


def test_the_config_schema_accepts_the_casebook_settings(run: Cli, casebook: Path) -> None:
    config_schema = schema(run, "config")
    data = load(casebook / "casectl.yaml")
    data["calendar"]["holidays"] = ["2026-10-01"]
    jsonschema.validate(data, config_schema, cls=jsonschema.Draft202012Validator)
    data["sla"]["high"]["first_response"] = "4 hours"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, config_schema, cls=jsonschema.Draft202012Validator)


def test_schema_written_to_a_file_and_checked_by_doctor(run: Cli, casebook: Path) -> None:
    (casebook / "schemas").mkdir()
    assert run("schema", "--output", "schemas/case.schema.json").exit_code == 0
    written = json.loads((casebook / "schemas/case.schema.json").read_text(encoding="utf-8"))
    assert written == schema(run)
    checks = {c["name"]: c for c in run("doctor", "--format", "json").json()["checks"]}
    assert checks["schema case"]["ok"] is True
    (casebook / "schemas/case.schema.json").write_text("{}\n", encoding="utf-8")
    checks = {c["name"]: c for c in run("doctor", "--format", "json").json()["checks"]}
    assert checks["schema case"]["ok"] is False
    assert run("schema", "nonsense").exit_code == 2


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "casebook"


@pytest.mark.skipif(not (EXAMPLE / "casectl.yaml").exists(), reason="no example casebook")
def test_the_example_casebook_validates_against_the_schemas(run: Cli) -> None:
    files = sorted(EXAMPLE.glob("cases/*/*/*.yaml"))
    assert files
    case_schema, config_schema = schema(run), schema(run, "config")
    for path in files:
        jsonschema.validate(load(path), case_schema, cls=jsonschema.Draft202012Validator)
    jsonschema.validate(
        load(EXAMPLE / "casectl.yaml"), config_schema, cls=jsonschema.Draft202012Validator
    )
    profiles = sorted(EXAMPLE.glob("customers/*.yaml"))
    assert profiles
    customer_schema = schema(run, "customer")
    for path in profiles:
        jsonschema.validate(load(path), customer_schema, cls=jsonschema.Draft202012Validator)
    plans = sorted(EXAMPLE.glob("plans/*.yaml"))
    assert plans
    plan_schema = schema(run, "plan")
    for path in plans:
        jsonschema.validate(load(path), plan_schema, cls=jsonschema.Draft202012Validator)
    result = run("-C", str(EXAMPLE), "validate", "--format", "json")
    assert result.exit_code == 0
    assert result.json()["files"] == len(files) + len(profiles) + len(plans) + 1
