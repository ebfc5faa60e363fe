"""A letter's manners: a greeting that does not call a person by their company's name, no
internal description pasted in, and a sign-off with name, title and company."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Cli

DESCRIPTION = "内部：网关 keepalive 配置被运维误改，见工单 OPS-4411"


@pytest.fixture
def plain_case(run: Cli, casebook: Path) -> str:
    made = run("record", "--customer", "华东精密制造有限公司", "--title", "月末报表导出超时",
               "--description", DESCRIPTION, "--category", "技术", "--priority", "高")  # fmt: skip
    assert made.exit_code == 0, made
    return made.stdout.strip()


@pytest.mark.parametrize(
    ("lang", "greeting"), [("zh", "\n\n尊敬的客户 您好！"), ("en", "\n\nDear Customer,")]
)
def test_with_no_contact_the_greeting_is_generic(
    run: Cli, plain_case: str, lang: str, greeting: str
) -> None:
    text = run("letter", plain_case, "--kind", "acknowledgement", "--lang", lang).stdout
    assert greeting in text
    assert "华东精密制造有限公司 您好" not in text and "Dear 华东精密" not in text


@pytest.mark.parametrize("kind", ["acknowledgement", "apology", "progress", "closure"])
def test_the_internal_description_stays_out(
    run: Cli, record: Callable[..., str], kind: str
) -> None:
    cid = record("--description", DESCRIPTION)
    for step in (["respond", cid, "--summary", "电话致歉"],
                 ["investigate", cid, "--root-cause", "网关超时", "--cause", "配置"],
                 ["resolve", cid, "--summary", "已恢复导出"]):  # fmt: skip
        assert run(*step).exit_code == 0
    for lang in ("zh", "en"):
        text = run("letter", cid, "--kind", kind, "--lang", lang).stdout
        assert "OPS-4411" not in text and "keepalive" not in text, (kind, lang)


def test_the_sign_off_comes_from_casectl_yaml(run: Cli, plain_case: str, casebook: Path) -> None:
    with (casebook / "casectl.yaml").open("a", encoding="utf-8") as handle:
        handle.write("people:\n  - {id: li.wei, name: 李伟, role: 实施顾问}\n")
        handle.write("letters:\n  sign_off: {company: 上海云帆软件有限公司}\n")
    text = run("letter", plain_case, "--kind", "acknowledgement", "--lang", "zh").stdout
    assert "\n\n李伟\n实施顾问\n上海云帆软件有限公司\n2026-11-23\n" in text
    config = (casebook / "casectl.yaml").read_text(encoding="utf-8")
    (casebook / "casectl.yaml").write_text(
        config.replace(
            "{company: 上海云帆软件有限公司}",
            "{name: 客户服务部, title: 客户成功团队, company: Yunfan}",
        ),
        encoding="utf-8",
    )
    text = run("letter", plain_case, "--kind", "acknowledgement", "--lang", "en").stdout
    assert text.endswith("客户服务部\n客户成功团队\nYunfan\n2026-11-23\n")
    schema = run("schema", "config").json()
    assert set(schema["$defs"]["SignOff"]["properties"]) == {"name", "title", "company"}
