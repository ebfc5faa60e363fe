"""``casectl letter``: bundled Chinese and English templates, casebook overrides, safe fields."""

from __future__ import annotations

import pytest

from casebooks import Book
from casectl.core.learning import letters
from casectl.storage import templates


@pytest.fixture(scope="module")
def book(two_months_copy: Book) -> Book:
    return two_months_copy


def test_apology_in_chinese_tells_the_whole_story(book: Book) -> None:
    text = book.ok("letter", book.ids["A"], "--kind", "apology", "--lang", "zh")
    assert text.startswith("华东精密制造有限公司：\n\n张敏 您好！")
    assert "月末报表导出超时" in text and book.ids["A"] in text
    assert "我们在部署或配置时出现了问题" in text  # the cause in plain words
    assert "升级后网关超时从 300 s 变为默认的 60 s" in text
    assert "· 恢复网关超时为 300 s" in text  # what was done
    assert "· 升级检查单加入网关超时" in text  # what is still to do
    assert "· 延长 3 个月维保" in text  # compensation
    assert "2026-11-20 前回访" in text  # the follow-up date
    assert "李伟" in text  # the owner's name from casectl.yaml people
    assert "${" not in text and "\n\n\n" not in text


def test_closure_in_english(book: Book) -> None:
    text = book.ok("letter", book.ids["B"], "--kind", "closure", "--lang", "en")
    assert text.startswith("To Acme Logistics Ltd\n\nDear John Smith,")
    assert "was resolved on 2026-11-12" in text
    assert "How it was resolved: Sent the notes and a migration guide" in text
    assert "We will visit you by 2026-12-12" in text
    assert "王芳" in text


@pytest.mark.parametrize("kind", letters.KINDS)
@pytest.mark.parametrize("lang", letters.LANGS)
def test_every_bundled_template_renders_for_a_resolved_case(
    book: Book, kind: str, lang: str
) -> None:
    text = book.ok("letter", book.ids["A"], "--kind", kind, "--lang", lang)
    assert "月末报表导出超时" in text and "${" not in text


def test_acknowledgement_lists_open_promises(book: Book) -> None:
    text = book.ok("letter", book.ids["C"], "--kind", "acknowledgement", "--lang", "en")
    assert "We promise:\n- 给出方案 (by 2026-11-19)" in text


def one_line_exit_2(book: Book, *args: str) -> str:
    result = book.run("letter", *args)
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len([ln for ln in lines if not ln.lstrip().startswith("hint:")]) == 1, lines
    assert result.stdout == ""
    return str(result.stderr)


def test_missing_field_names_the_field_and_the_template(book: Book) -> None:
    err = one_line_exit_2(book, book.ids["D"], "--kind", "apology")
    assert "${cause.plain}" in err and "bundled apology.zh.txt" in err and book.ids["D"] in err


def test_unknown_kind_or_language(book: Book) -> None:
    assert "--kind" in one_line_exit_2(book, book.ids["A"], "--kind", "thanks")
    assert "--lang" in one_line_exit_2(book, book.ids["A"], "--lang", "fr")


def test_override_in_templates_folder(book: Book) -> None:
    folder = book.root / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / "progress.en.txt"
    try:
        path.write_text(
            "Hi ${customer.greeting}, ${case.id}: ${progress.summary}. $$0 due.\n", encoding="utf-8"
        )
        text = book.ok("letter", book.ids["A"], "--kind", "progress", "--lang", "en")
        assert text == f"Hi 张敏, {book.ids['A']}: 原因已查明. $0 due.\n"
        path.write_text("Dear ${case.owner.email}\n", encoding="utf-8")
        err = one_line_exit_2(book, book.ids["A"], "--kind", "progress", "--lang", "en")
        assert "templates/progress.en.txt" in err and "unknown field ${case.owner.email}" in err
        path.write_text("Dear ${case.__class__}\n", encoding="utf-8")  # not even a field name
        err = one_line_exit_2(book, book.ids["A"], "--kind", "progress", "--lang", "en")
        assert "malformed placeholder" in err
        path.write_text("Resolved: ${resolution.summary}\n", encoding="utf-8")
        err = one_line_exit_2(book, book.ids["C"], "--kind", "progress", "--lang", "en")
        assert "${resolution.summary}" in err and "templates/progress.en.txt" in err
        path.write_text("Broken ${case.title\n", encoding="utf-8")
        assert "malformed" in one_line_exit_2(
            book, book.ids["A"], "--kind", "progress", "--lang", "en"
        )
        path.write_text("{case.title} {0.__class__} %(x)s\n", encoding="utf-8")
        text = book.ok("letter", book.ids["A"], "--kind", "progress", "--lang", "en")
        assert text == "{case.title} {0.__class__} %(x)s\n"  # no format() of any kind
    finally:
        path.unlink()


def test_templates_ship_as_package_data() -> None:
    for kind in letters.KINDS:
        for lang in letters.LANGS:
            assert "${case.id}" in templates.bundled_letter(kind, lang)
