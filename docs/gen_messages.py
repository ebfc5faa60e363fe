"""Extract every message people read into the Chinese catalog, and compile it.

    python docs/gen_messages.py           # update casectl.pot and zh_CN's casectl.po, compile .mo
    python docs/gen_messages.py --check   # exit 1 when the catalog lacks a message or is stale

What is extracted: every text marked in the code (``_("…")``, ``N_("…")``, ``msg("…", …)``,
``ngettext("…", "…", n)``, see src/casectl/i18n.py) and every help text of the command tree
(declared in English where each option is). New messages enter ``casectl.po`` with an empty
translation: fill them in, run the command again (it compiles ``casectl.mo``), and commit the
three files. tests/test_language.py fails while a message has no Chinese, a translation is
fuzzy, or ``casectl.mo`` is older than ``casectl.po``. Needs ``babel`` (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import gettext
import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "casectl"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "casectl.pot"
CHINESE = LOCALE / "zh_CN" / "LC_MESSAGES" / "casectl.po"
COMPILED = CHINESE.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "msg": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
HEADER = "casectl's messages"
FIXED = datetime(2026, 1, 1, tzinfo=UTC)  # no date in the files: they change only with the text


def template() -> Catalog:
    """Every message in the code and the command tree, as a catalog template."""
    sys.path.insert(0, str(ROOT / "src"))
    pot = Catalog(
        project="casectl",
        fuzzy=False,
        header_comment=f"# {HEADER}.",
        creation_date=FIXED,
        revision_date=FIXED,
    )
    found = extract_from_dir(
        str(PACKAGE),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        if message in ("", ("", "")):
            continue
        pot.add(
            message,
            None,
            [(f"src/casectl/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    import typer

    from casectl.cli.app import _commands, app
    from casectl.cli.localize import english_help

    tree = [typer.main.get_command(app), _commands()]
    for group in tree:
        for text in english_help(group):
            pot.add(text, None, [("(--help)", 0)], flags=("python-brace-format",))
    return pot


def _po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=False, omit_header=False, include_lineno=False)
    return out.getvalue()


def updated() -> tuple[Catalog, Catalog]:
    """The template, and the Chinese catalog brought up to date with it."""
    pot = template()
    with CHINESE.open("rb") as f:
        po = read_po(f, locale="zh_CN")
    po.update(pot, no_fuzzy_matching=True, update_header_comment=False)
    po.obsolete.clear()
    return pot, po


def problems(po: Catalog) -> list[str]:
    """Messages without a usable Chinese translation."""
    bad = []
    for message in po:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            bad.append(("fuzzy: " if message.fuzzy else "untranslated: ") + _key(message.id))
    return bad


def compiled(po: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, po, use_fuzzy=False)
    return out.getvalue()


def stale() -> list[str]:
    """What is out of date: messages missing from or no longer in casectl.po, messages without
    Chinese, and a casectl.mo that is not casectl.po compiled."""
    pot = template()
    with CHINESE.open("rb") as f:
        po = read_po(f, locale="zh_CN")
    wanted = {(m.context, m.id) for m in pot if m.id}
    have = {(m.context, m.id) for m in po if m.id}
    found = [f"not in casectl.po: {_key(i)}" for _, i in wanted - have]
    found += [f"no longer used: {_key(i)}" for _, i in have - wanted]
    found += problems(po)
    shipped = _messages(COMPILED.read_bytes()) if COMPILED.exists() else {}
    if shipped != _messages(compiled(po)):
        found.append("casectl.mo is not casectl.po compiled")
    return found


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _messages(mo: bytes) -> dict[object, str]:
    return dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args()
    if args.check:
        found = stale()
        for line in found:
            print(line, file=sys.stderr)
        if found:
            print("run python docs/gen_messages.py and translate", file=sys.stderr)
        return 1 if found else 0
    pot, po = updated()
    TEMPLATE.write_bytes(_po_bytes(pot))
    CHINESE.write_bytes(_po_bytes(po))
    COMPILED.write_bytes(compiled(po))
    missing = problems(po)
    print(f"{len(po)} messages, {len(missing)} without Chinese: {CHINESE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
