"""The Chinese (zh-CN) interface: how the language is chosen, what is shown in Chinese, what never
changes with the language (JSON, exit codes), and the catalog's completeness."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from casebooks import working_hour_targets
from casectl import i18n
from casectl.storage import language
from conftest import Cli, item_ids

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "casectl"
ZH = {"CASECTL_LANG": "zh_CN"}
EN = {"CASECTL_LANG": "en"}
Record = Callable[..., str]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_messages", ROOT / "docs" / "gen_messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the catalog ------------------------------------------------------------------------------


def test_every_message_has_a_chinese_translation_and_the_mo_is_compiled() -> None:
    """Extracts every marked message and help text now and compares with casectl.po: a new
    message without Chinese, a fuzzy or empty entry, or a stale casectl.mo fails here. The fix:
    python docs/gen_messages.py, translate the new entries, run it again."""
    problems = _generator().stale()
    assert problems == [], "\n".join(problems)


def test_translations_keep_every_named_placeholder() -> None:
    from babel.messages.pofile import read_po

    with (SRC / "locale" / "zh_CN" / "LC_MESSAGES" / "casectl.po").open("rb") as f:
        catalog = read_po(f)
    field = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})")
    for message in catalog:
        if not message.id:
            continue
        english = (message.id,) if isinstance(message.id, str) else message.id
        chinese = (message.string,) if isinstance(message.string, str) else message.string
        for said in chinese:
            assert sorted(field.findall(english[-1])) == sorted(field.findall(said)), english
        for form in english:
            assert all(name and not name[0].isdigit() for name in field.findall(form)), (
                f"placeholders are named, so a translation can reorder them: {form!r}"
            )


def _raised_messages(tree: ast.AST) -> list[ast.expr]:
    errors = re.compile(
        r"(Casectl|Usage|UnknownCase|UnknownCustomer|AmbiguousCase|Casebook|Lock)"
        r"Error|StepRefused|ChangedMeanwhile|CalendarError"
    )
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if errors.fullmatch(name) and node.args:
            found.append(node.args[0])
        if name == "CorruptFileError" and len(node.args) > 1:
            found.append(node.args[1])
        found += [k.value for k in node.keywords if k.arg == "hint"]
    return found


def test_error_messages_are_marked_for_translation() -> None:
    """A message raised as a plain "…" or f"…" string would never reach the catalog: every one
    is made with ``msg("… {name} …", name=value)``."""
    unmarked = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for arg in _raised_messages(tree):
            if isinstance(arg, ast.JoinedStr | ast.Constant):
                unmarked.append(f"{path.relative_to(SRC)}:{arg.lineno}")
    assert unmarked == [], unmarked


def test_no_message_is_looked_up_inside_an_f_string() -> None:
    """babel does not look inside f-strings: ``f"<h2>{_('Cases')}</h2>"`` would never reach
    the catalog, so the completeness test above could not see it missing."""
    marks = {"_", "N_", "msg", "ngettext"}
    hidden = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                func = getattr(inner, "func", None)
                if isinstance(inner, ast.Call) and isinstance(func, ast.Name) and func.id in marks:
                    hidden.append(f"{path.relative_to(SRC)}:{inner.lineno}")
    assert hidden == []


def test_the_core_only_marks_messages() -> None:
    """The core stays pure: it marks text (msg, N_) and never looks a translation up."""
    lookups = {"_", "ngettext", "text", "label", "use"}
    for path in (SRC / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "casectl.i18n":
                assert not {a.name for a in node.names} & lookups, path.name


# --- choosing the language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("zh_TW", "en"),
        ("zh-Hant", "en"),
        ("zh_HK.UTF-8", "en"),
        ("en_US.UTF-8", "en"),
        ("C", "en"),
        ("POSIX", "en"),
        ("fr_FR", None),
        ("", None),
    ],
)
def test_a_tag_names_a_language(tag: str, expected: str | None) -> None:
    assert i18n.language_of(tag) == expected


@pytest.mark.parametrize(
    ("environ", "team", "expected"),
    [
        ({}, None, ("en", "default")),
        ({"LANG": "zh_CN.UTF-8"}, None, ("zh_CN", "LANG")),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, None, ("en", "LC_ALL")),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, None, ("zh_CN", "LC_MESSAGES")),
        ({"LANGUAGE": "fr:zh_CN", "LANG": "en_US.UTF-8"}, None, ("zh_CN", "LANGUAGE")),
        ({"LANG": "en_US.UTF-8"}, "zh_CN", ("zh_CN", "casectl.yaml")),
        ({"CASECTL_LANG": "en", "LANG": "zh_CN.UTF-8"}, "zh_CN", ("en", "CASECTL_LANG")),
        ({"CASECTL_LANG": "zh-Hans"}, "en", ("zh_CN", "CASECTL_LANG")),
        ({"CASECTL_LANG": "fr"}, "zh_CN", ("en", "CASECTL_LANG")),
        ({"LANG": "fr_FR.UTF-8"}, None, ("en", "LANG")),
    ],
)
def test_casectl_lang_beats_the_team_which_beats_the_locale(
    environ: dict[str, str], team: str | None, expected: tuple[str, str]
) -> None:
    assert language.choose(environ, team) == expected


def test_windows_display_language_counts_only_without_locale_variables() -> None:
    assert language.choose({}, None, "zh_CN") == ("zh_CN", "display language")
    assert language.choose({"LANG": "en_US"}, None, "zh_CN") == ("en", "LANG")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("language: zh_CN", "zh_CN"),
        ("language: 'zh-Hans'   # the team reads Chinese", "zh-Hans"),
        ('language: "en"', "en"),
        ("# language: zh_CN", None),
        ("  language: zh_CN", None),  # not top level
    ],
)
def test_the_team_setting_is_read_from_casectl_yaml(
    tmp_path: Path, line: str, expected: str | None
) -> None:
    (tmp_path / "casectl.yaml").write_text(f"schema_version: 1\n{line}\n", encoding="utf-8")
    assert language.configured(tmp_path) == expected


def test_casectl_yaml_fixes_the_language_for_the_team(run: Cli, casebook: Path) -> None:
    config = casebook / "casectl.yaml"
    settings = config.read_text(encoding="utf-8")
    config.write_text(settings + "language: zh_CN\n", encoding="utf-8")
    assert "没有与 'zzz' 匹配的工单" in run("show", "zzz").stderr
    assert "no case matches 'zzz'" in run("show", "zzz", env=EN).stderr
    assert run("validate").exit_code == 0
    config.write_text(settings + "language: klingon\n", encoding="utf-8")
    result = run("validate", env=EN)
    assert result.exit_code == 1
    assert "language: unknown language: 'klingon' (use en or zh_CN)" in result.stdout
    chinese = run("validate", env=ZH)
    assert chinese.exit_code == 1
    assert re.match(
        r"casectl.yaml:\d+: language: 未知的语言：'klingon'（请用 en 或 zh_CN）$", chinese.stdout
    )
    assert chinese.stderr == "casectl validate：已检查 1 个文件，1 个文件中共 1 个问题\n"


def test_the_locale_chooses_chinese(run: Cli, casebook: Path) -> None:
    assert "没有与" in run("show", "zzz", env={"LANG": "zh_CN.UTF-8"}).stderr
    assert "no case matches" in run("show", "zzz", env={"LANG": "zh_TW.UTF-8"}).stderr
    assert "no case matches" in run("show", "zzz").stderr


# --- what a Chinese reader sees ---------------------------------------------------------------


def test_the_loop_in_chinese(run: Cli, casebook: Path) -> None:
    typed = "--customer 华东精密 --title 月末报表导出超时 --category technical --priority high"
    recorded = run("record", *typed.split(), "--channel", "phone", env=ZH)
    case_id = recorded.stdout.strip()
    assert recorded.exit_code == 0
    assert f"{case_id}：已受理 — cases/2026/11/{case_id}.yaml" in recorded.stderr

    responded = run(
        "respond", case_id, "--summary", "电话致歉", "--apology",
        "--promise", "反馈排查结果", "--due", "+48h", env=ZH,
    )  # fmt: skip
    assert responded.exit_code == 0
    assert f"{case_id}：已首次响应（阶段：responded）" in responded.stderr

    shown = run("show", case_id, env=ZH).stdout
    for words in ("客户", "受理", "阶段", "首次响应", "沟通内容", "已致歉", "SLA 时限", "时间线"):
        assert words in shown, words
    assert re.search(r"承诺:p[0-9a-z]{5}\s+计时中\s+2026-11-25 10:00\s+剩余 2 天", shown), shown
    assert case_id in shown and "responded" in shown  # IDs and values stay as typed

    customers = run("customer", env=ZH).stdout.splitlines()
    assert customers[0].split() == ["客户", "未关闭", "合计", "最近", "NPS", "最近工单"]
    listed = run("list", env=ZH).stdout.splitlines()
    assert listed[0].split() == [
        "ID",
        "阶段",
        "优先级",
        "类别",
        "客户",
        "标题",
        "负责人",
        "受理时间",
        "到期",
    ]
    assert listed[1].split()[:2] == [case_id, "responded"]


def test_overdue_in_chinese_in_every_format_for_people(run: Cli, record: Record) -> None:
    late = record(at="2026-11-16T10:00:00+08:00")
    table = run("overdue", env=ZH)
    assert table.exit_code == 1
    header, first = table.stdout.splitlines()[:2]
    assert header.split() == ["状态", "工单", "时限", "到期", "剩余", "负责人", "标题"]
    assert first.split()[:3] == ["超时", late, "首次响应"]
    assert "项已超时" in table.stderr and "个未关闭工单" in table.stderr
    markdown = run("overdue", "--format", "markdown", env=ZH).stdout
    assert markdown.startswith("### casectl overdue — 2 项已超时")
    assert "| 状态 | 工单 | 时限 |" in markdown
    github = run("overdue", "--format", "github", env=ZH).stdout
    assert f"title={late} 首次响应已超时::" in github
    junit = run("overdue", "--format", "junit", env=ZH).stdout
    assert f'message="{late} 首次响应已超时"' in junit


def test_report_in_chinese_and_the_html_says_its_language(run: Cli, record: Record) -> None:
    record()
    text = run("report", env=ZH).stdout
    assert text.startswith(
        "2026-11 复盘：2026-11-01 至 2026-11-30，对比 2026-10；统计时间 2026-11-23 10:00"
    )
    assert "首次响应用时（中位数）" in text and "重复投诉客户：\n  - 无" in text
    markdown = run("report", "--format", "markdown", env=ZH).stdout
    assert markdown.startswith("# 2026-11 复盘报告\n") and "## 处理与反馈" in markdown
    html = run("report", "--format", "html", env=ZH).stdout
    assert '<html lang="zh-CN">' in html and "<title>2026-11 复盘报告</title>" in html
    assert "<h2>经验教训</h2>" in html
    english = run("report", "--format", "html").stdout
    assert '<html lang="en">' in english and "<title>Retrospective 2026-11</title>" in english


def test_an_error_in_chinese_spells_options_and_commands_as_typed(run: Cli, record: Record) -> None:
    case_id = record()
    refused = run("resolve", case_id, "--summary", "x", env=ZH)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"casectl：错误：无法对 {case_id} 执行 resolve：尚未查明根本原因。可用以下命令补充："
        f"casectl investigate {case_id} --root-cause TEXT（或用 --force --reason TEXT 跳过此要求）\n"
    )
    unknown = run("show", "C-000000-XXXX", env=ZH)
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "casectl：错误：没有与 'C-000000-XXXX' 匹配的工单\n  提示：casectl list 可列出全部工单\n"
    )
    bad = run("list", "--format", "bogus", env=ZH)
    assert bad.exit_code == 2
    assert bad.stderr == (
        "casectl：错误：--format：'bogus' 不是可选值之一：table、json、csv\n"
        "  提示：casectl list -h 可查看全部选项\n"
    )
    unknown_option = run("respond", case_id, "--bogus", env=ZH)
    assert "没有选项 --bogus" in unknown_option.stderr and unknown_option.exit_code == 2


def test_help_in_chinese_keeps_commands_and_options(run: Cli) -> None:
    top = run("--help", env=ZH).stdout
    assert top.startswith("用法: casectl [OPTIONS] COMMAND [ARGS]...")
    assert "跟踪客户投诉直至闭环" in top
    assert re.search(r"^  respond\s+记录对客户的首次响应，以及所作的承诺$", top, re.M)
    assert re.search(r"^  -h, --help\s+显示本帮助并退出。$", top, re.M)
    respond = run("respond", "--help", env=ZH).stdout
    assert re.search(r"^  --summary TEXT\s+沟通内容；- 表示从标准输入读取。$", respond, re.M)
    assert "[必填]" in respond
    english = run("respond", "--help").stdout
    assert english.startswith("Usage: casectl respond")
    assert "Record the first response to the customer" in english
    assert re.search(r"^  -h, --help\s+Show this message and exit.$", english, re.M)


def test_a_message_built_in_the_core_is_english_until_the_command_line_translates_it() -> None:
    message = i18n.msg(
        "{within} has no promise {given!r} (promises: {known})",
        within="C-1",
        given="p9",
        known=i18n.listed(["p1", "p2"]),
    )
    assert message == "C-1 has no promise 'p9' (promises: p1, p2)"
    assert json.dumps({"m": message}) == '{"m": "C-1 has no promise \'p9\' (promises: p1, p2)"}'
    listed = i18n.msg("cannot {step}: {what}", step="close", what=i18n.joined(
        [i18n.msg("no review yet"), i18n.msg("the follow-up visit is not done")]
    ))  # fmt: skip
    assert listed == "cannot close: no review yet; the follow-up visit is not done"
    try:
        i18n.use(language.catalog("zh_CN"), "zh_CN")
        assert i18n.text(message) == "C-1 没有承诺 'p9'（现有承诺：p1、p2）"
        refused = i18n.msg("cannot {step} {case}: {what}", step="close", case="C-1", what=i18n.joined(
            [i18n.msg("no review yet"), i18n.msg("the follow-up visit is not done")]
        ))  # fmt: skip
        assert i18n.text(refused) == "无法对 C-1 执行 close：尚未复盘；尚未回访"
        assert i18n.text("no review yet") == "no review yet"  # text from people is never looked up
    finally:
        i18n.use(None)
    assert i18n.text(refused) == str(refused)


# --- what never changes with the language -----------------------------------------------------


def _commands(case_id: str) -> list[list[str]]:
    return [
        ["show", case_id, "--format", "json"],
        ["list", "--format", "json"],
        ["list", "--format", "csv"],
        ["overdue", "--format", "json"],
        ["report", "--format", "json"],
        ["customer", "--format", "json"],
        ["validate", "--format", "json"],
        ["schema", "case"],
        ["show", "C-000000-XXXX", "--format", "json"],
        ["resolve", case_id, "--summary", "x", "--format", "json"],
        ["list", "--format", "bogus"],
    ]


def test_json_output_and_exit_codes_do_not_change_with_the_language(
    run: Cli, record: Record
) -> None:
    late = record(at="2026-11-16T10:00:00+08:00")
    assert run("respond", late, "--summary", "电话致歉", "--format", "json").exit_code == 0
    for args in _commands(late):
        english, chinese = run(*args, env=EN), run(*args, env=ZH)
        assert english.exit_code == chinese.exit_code, args
        assert english.stdout == chinese.stdout, args
    english = run("update", late, "--summary", "进展", "--format", "json", env=EN)
    chinese = run("update", late, "--summary", "进展", "--format", "json", env=ZH)
    assert english.exit_code == chinese.exit_code == 0
    assert json.loads(english.stdout) == json.loads(chinese.stdout)
    assert "update recorded (stage: responded)" in english.stderr
    assert "已记录进展通报（阶段：responded）" in chinese.stderr


def test_notifications_and_import_speak_the_teams_language(
    run: Cli, record: Record, tmp_path: Path
) -> None:
    working_hour_targets(Path.cwd())  # high: 4 working hours, breached by 16:00
    late = record()
    config = Path("casectl.yaml")
    config.write_text(
        config.read_text(encoding="utf-8")
        + "language: zh_CN\nnotify:\n  targets:\n    team: json://localhost:9\n"
        + '  rules:\n  - {"events": ["breach"], "to": ["team"]}\n',
        encoding="utf-8",
    )
    told = run("notify", "--dry-run", env={"CASECTL_NOW": "2026-11-23T16:00:00+08:00"})
    told = told.stdout.splitlines()
    assert told[0] == f"→ team (webhook): [casectl] SLA 已超时：{late}"
    assert f"  查看：`casectl show {late}`" in told
    log = tmp_path / "log.csv"
    log.write_text(
        "客户,标题,类别,优先级,受理时间\n甲公司,导出失败,technical,high,\n", encoding="utf-8"
    )
    imported = run("import", str(log), "--dry-run")
    assert imported.exit_code == 1
    assert "共 1 行 — 将新增 0 行，更新 0 行，未变 0 行，冲突 0 行，有问题 1 行" in imported.stderr


# --- review findings: what was still English (or half English) on the Chinese screen --------

CALENDAR_NOW = {"CASECTL_NOW": "2026-11-30T10:00:00+08:00"}


def test_the_calendar_speaks_chinese_and_its_comments_follow_the_holiday_names(
    run: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "book"
    made = run("init", str(root), "--calendar", "CN", env={**ZH, **CALENDAR_NOW})
    assert made.exit_code == 0, made
    lines = made.stderr.splitlines()
    assert re.fullmatch(
        r"2026 年（CN，holidays [\d.]+）：新增 22 个节假日、6 个调休上班日；已有 0 个", lines[-4]
    ), lines
    assert "casectl：警告：holidays" in made.stderr and "还没有 2027 年的调休上班日" in made.stderr
    config = (root / "casectl.yaml").read_text(encoding="utf-8")
    assert "  - 2026-01-04                   # 调休上班（补 2026-01-02 休息）\n" in config
    assert "make-up working day for" not in config


def test_calendar_update_names_kept_and_unlisted_days_in_chinese(run: Cli, casebook: Path) -> None:
    config = casebook / "casectl.yaml"
    text = config.read_text(encoding="utf-8")
    # 2026-10-10 is a make-up working day this office does not work; 2026-12-24 its own day off
    config.write_text(
        text.replace("holidays: []", "holidays: [2026-10-10, 2026-12-24]", 1), encoding="utf-8"
    )
    result = run("calendar", "update", "--country", "CN", "--year", "2026", env=ZH)
    assert result.exit_code == 0, result
    said = result.stderr.splitlines()
    assert re.fullmatch(
        r"2026 年（CN，holidays [\d.]+）：新增 22 个节假日、5 个调休上班日；已有 0 个", said[0]
    ), said
    assert said[1] == "  按你的设置保留：2026-10-10"
    assert re.fullmatch(r"  已列出但 holidays [\d.]+ 中没有（请核对）：2026-12-24", said[2]), said
    english = run("calendar", "update", "--country", "CN", "--year", "2026", env=EN).stderr
    assert english.startswith("2026 (CN, holidays ")
    assert ": nothing to add; 27 date(s) already listed\n" in english
    assert "  kept as you listed them: 2026-10-10\n" in english


def test_make_up_day_comments_are_english_beside_english_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``offered`` writes a make-up day's comment in the language the holidays package names
    the days in: China's days with their Chinese names, then the same days named in English."""
    import holidays

    from casectl.storage.calendars import _worked_for, offered

    chinese = offered("CN", 2026).workdays
    assert chinese[date(2026, 10, 10)] == "调休上班（补 2026-10-07 休息）"
    named = holidays.country_holidays

    def in_english(country: str, **options: object) -> holidays.HolidayBase:
        days = named(country, **{**options, "language": "en_US"})
        days.default_language = "en_US"
        return days

    monkeypatch.setattr(holidays, "country_holidays", in_english)
    english = offered("CN", 2026).workdays
    assert english.keys() == chinese.keys()
    assert english[date(2026, 10, 10)] == "make-up working day for 2026-10-07"
    assert all(re.fullmatch(r"make-up working day for 2026-\d\d-\d\d", c) for c in english.values())
    # a make-up day no holiday's name points at
    assert _worked_for(date(2026, 10, 10), {}, chinese=True) == "调休上班"
    assert _worked_for(date(2026, 10, 10), {}) == "make-up working day"


def test_a_past_year_without_make_up_days_does_not_ask_for_an_upgrade(
    run: Cli, casebook: Path
) -> None:
    for env, upgrade in ((EN, "upgrading"), (ZH, "升级")):
        result = run("calendar", "update", "--country", "CN", "--year", "1990", env=env)
        assert result.exit_code == 0, result
        assert upgrade not in result.stderr and "yet" not in result.stderr, result.stderr
    assert (
        "has no make-up working days for 1990: its days off follow"
        in run("calendar", "update", "--country", "CN", "--year", "1990", env=EN).stderr
    )
    assert "中没有 1990 年的调休上班日" in result.stderr
    ahead = run("calendar", "update", "--country", "CN", "--year", "2030", env=ZH)
    assert "升级 holidays 后请再次运行" in ahead.stderr


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text(f"import sys, pathlib\np = pathlib.Path(sys.argv[1])\n{body}\n", "utf-8")
    return f"{sys.executable} {script}"


def test_a_refused_edit_is_said_in_chinese(
    run: Cli, record: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = record()
    monkeypatch.setenv("EDITOR", _editor(tmp_path, "p.write_text('title: [unclosed\\n')"))
    refused = run("edit", case_id, env=ZH)
    assert refused.exit_code == 2, refused
    said = refused.stderr
    assert said.startswith(f"casectl：错误：修改未保存，cases/2026/11/{case_id}.yaml 保持不变：")
    assert "YAML 语法错误：" in said and "；你的修改已另存为 .casectl/edits/" in said, said
    english = run("edit", case_id, env=EN).stderr
    assert f"edit refused, cases/2026/11/{case_id}.yaml is unchanged: " in english
    assert "YAML syntax error: " in english and "; your edit is kept in .casectl/edits/" in english
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    missing = run("edit", case_id, env=ZH)
    assert missing.exit_code == 2
    assert "无法启动编辑器" in missing.stderr and missing.stderr.endswith("：找不到该程序\n")


def test_refusals_name_the_step_in_chinese_words(run: Cli, record: Record) -> None:
    case_id = record()
    before = ("respond", case_id, "--summary", "已致电", "--at", "2026-11-22T09:00:00+08:00")
    too_early = run(*before, env=ZH)
    assert too_early.exit_code == 2
    assert too_early.stderr.endswith("），无法记录首次响应\n"), too_early.stderr
    assert f"cannot respond {case_id} at 2026-11-22T09:00:00+08:00: " in run(*before).stderr
    early = run("investigate", case_id, "--root-cause", "配置错误", env=ZH)
    assert early.exit_code != 0
    assert f"无法记录 {case_id} 的根本原因：尚未首次响应" in early.stderr
    assert (
        f"cannot record the root cause of {case_id}: "
        in run("investigate", case_id, "--root-cause", "配置错误", env=EN).stderr
    )
    assert (
        run(
            "respond", case_id, "--summary", "已致电", "--promise", "回电", "--due", "+2h"
        ).exit_code
        == 0
    )
    assert run("promise", "keep", case_id, "p1").exit_code == 0
    (pid,) = item_ids(run, case_id, "response.promises")
    for verb, chinese in (
        ("keep", f"无法将 {case_id} 的承诺 {pid} 标记为已兑现：该承诺已于 "),
        ("withdraw", f"无法撤回 {case_id} 的承诺 {pid}：该承诺已于 "),
    ):
        extra = ("--reason", "客户不再需要") if verb == "withdraw" else ()
        zh = run("promise", verb, case_id, "p1", *extra, env=ZH)
        en = run("promise", verb, case_id, "p1", *extra, env=EN)
        assert zh.exit_code == en.exit_code != 0
        assert chinese in zh.stderr and "兑现\n" in zh.stderr, zh.stderr
        assert f"cannot {verb} promise {pid} of {case_id}: it was kept at " in en.stderr
    unknown = run("promise", "keep", case_id, "p9", env=ZH).stderr
    assert pid in unknown and "p9" in unknown


def test_a_due_without_its_promise_says_they_go_in_pairs(run: Cli, record: Record) -> None:
    case_id = record()
    assert run("respond", case_id, "--summary", "已致电").exit_code == 0
    english = run("update", case_id, "--summary", "进展", "--due", "2026-12-25", env=EN)
    assert english.exit_code == 2
    assert "each --due goes after the --promise it is for, in pairs" in english.stderr
    assert "2026-12-25 without a promise" in english.stderr
    chinese = run("update", case_id, "--summary", "进展", "--due", "2026-12-25", env=ZH)
    assert "每个 --due 须紧跟在对应的 --promise 之后，成对给出" in chinese.stderr
    alone = run("update", case_id, "--summary", "进展", "--promise", "回电", env=EN)
    assert "each --promise needs its --due" in alone.stderr


def test_timeline_events_are_shown_in_chinese_and_stored_in_english(
    run: Cli, record: Record
) -> None:
    case_id = record()
    steps = [
        ("respond", case_id, "--summary", "已致电", "--promise", "回电", "--due", "+2h"),
        ("promise", "keep", case_id, "p1"),
        ("wait", case_id, "--reason", "等客户日志"),
        ("resume", case_id),
        ("investigate", case_id, "--root-cause", "配置错误"),
        ("action", "add", case_id, "修正模板", "--due", "+1d"),
    ]
    for step in steps:
        assert run(*step).exit_code == 0, step
    amended = run("amend", case_id, "root-cause", "配置模板错误", "--reason", "更准确", env=ZH)
    assert f"{case_id}：已更正根本原因（阶段：investigated）" in amended.stderr, amended
    done = run("action", "done", case_id, "a1", "--verification", "已验证", env=ZH)
    assert done.exit_code == 0, done
    assert f"{case_id}：措施 a1 已完成（阶段：" in done.stderr
    path = Path(f"cases/2026/11/{case_id}.yaml")
    stored = path.read_bytes()
    shown = run("show", case_id, env=ZH).stdout
    (pid,), (aid,) = item_ids(run, case_id, "response.promises"), item_ids(run, case_id, "actions")
    for event in (
        "已受理",
        "已首次响应：已致电",
        f"承诺 {pid} 已兑现：回电",
        "等待客户中：等客户日志",
        "已恢复计时",
        "已查明根本原因：配置错误",
        "已更正根本原因：更准确",
        f"已添加措施 {aid}：修正模板",
        f"措施 {aid} 已完成：已验证",
    ):
        assert event in shown, (event, shown)
    for english in ("waiting on customer", "resumed", "amended", f"promise {pid} kept", "done"):
        assert english not in shown
    english = run("show", case_id, env=EN).stdout
    assert (
        "waiting on customer: 等客户日志" in english
        and "amended investigation.root_cause" in english
    )
    assert path.read_bytes() == stored
    assert (
        b"event: waiting on customer" in stored and f"event: action {aid} done".encode() in stored
    )
    history = run("customer", "华东精密制造有限公司", env=ZH).stdout
    assert "受理：月末报表导出超时" in history and "根本原因：配置模板错误" in history


def test_event_names_casectl_did_not_write_are_shown_as_stored() -> None:
    from casectl.render.events import event_text
    from casectl.storage.language import catalog

    i18n.use(catalog(i18n.CHINESE), i18n.CHINESE)
    try:
        assert event_text("reviewed") == "已复盘"
        assert event_text("promise p2 kept (late)") == "承诺 p2 已兑现（延迟）"
        assert event_text("update u3 sent") == "已发送进展通报 u3"
        assert event_text("amended resolution.summary") == "已更正解决说明"
        assert event_text("amended notes[n2].text") == "已更正备注 n2"
        assert event_text("escalated to 王总") == "已升级至 王总"
        assert event_text("called the customer back") == "called the customer back"
        assert event_text("action a1 done twice") == "action a1 done twice"
    finally:
        i18n.use(None)
    assert event_text("waiting on customer") == "waiting on customer"


def test_chinese_labels_end_with_full_width_colons_and_lists_with_enumeration_commas(
    run: Cli, record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = record()
    second = record(title="第二个投诉")
    prefix = "C-261123-"
    ambiguous = run("show", prefix, env=ZH).stderr
    assert (
        f"匹配到 2 个工单：{', '.join(sorted([first, second])).replace(', ', '、')}；" in ambiguous
    )
    assert f"{', '.join(sorted([first, second]))}; give more" in run("show", prefix, env=EN).stderr
    assert "：urgent、high、medium、low" in run("list", "--priority", "zz", env=ZH).stderr
    assert ": urgent, high, medium, low" in run("list", "--priority", "zz", env=EN).stderr
    added = run("customer", "add", "华东精密制造有限公司", env=ZH)
    assert added.exit_code == 0, added
    assert added.stderr.startswith("华东精密制造有限公司：已添加客户档案 — ")
    view = run("customer", "华东精密制造有限公司", env=ZH).stdout
    assert "\n关键人物：\n" in view and "关键人物:" not in view
    from casectl.cli import prompts

    monkeypatch.setattr(prompts, "interactive", lambda: True)
    asked = run("record", "--title", "无客户", "--category", "technical", "--priority", "low",
                "--channel", "phone", input="甲公司\n", env=ZH)  # fmt: skip
    assert "客户：" in asked.stderr and "客户:" not in asked.stderr


def test_the_words_for_horizons_and_late_clocks_are_the_same_everywhere() -> None:
    from babel.messages.pofile import read_po

    with (SRC / "locale" / "zh_CN" / "LC_MESSAGES" / "casectl.po").open("rb") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id}
    assert catalog["horizon"] == "周期"
    said = [s for s in catalog.values() if isinstance(s, str)]
    assert not [s for s in said if "已逾期" in s or "SLA 时钟" in s or "期限的整改" in s]
    assert catalog[", "] == "、" and catalog[": "] == "：" and catalog["{title}:"] == "{title}："


def _command_paths() -> list[list[str]]:
    import typer

    from casectl.cli.app import commands

    root = typer.main.get_command(commands)
    paths: list[list[str]] = []

    def visit(command: object, path: list[str]) -> None:
        paths.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            visit(sub, [*path, name])

    visit(root, [])
    return paths


def test_chinese_help_fits_an_80_column_terminal(run: Cli) -> None:
    """click counts characters; a Chinese one takes two columns: every help page is filled by
    display width, Chinese broken between characters, no line wider than the terminal."""
    from casectl.render.text import width

    for path in _command_paths():
        shown = run(*path, "--help", env={"CASECTL_LANG": "zh_CN", "COLUMNS": "80"}).stdout
        assert shown.startswith("用法: casectl"), (path, shown)  # the help is in Chinese
        wide = [ln for ln in shown.splitlines() if width(ln) > 80]
        assert wide == [], (path, wide)
        assert not any(
            ln.lstrip().startswith(("，", "。", "）", "；")) for ln in shown.splitlines()
        )


def test_the_language_is_the_runs_own_not_the_processs() -> None:
    """A program serving two readers at once (threads) keeps each one's language."""
    import threading

    from casectl import i18n
    from casectl.storage.language import catalog

    heard: list[str] = []

    def chinese_reader() -> None:
        i18n.use(catalog(i18n.CHINESE), i18n.CHINESE)
        heard.append(i18n._("responded"))

    reader = threading.Thread(target=chinese_reader)
    reader.start()
    reader.join()
    assert heard == ["已首次响应"]
    assert (i18n.language(), i18n._("responded")) == (i18n.ENGLISH, "responded")
