"""Which language casectl speaks, and its message catalog (docs/language.md).

The first of these that is set decides:

1. ``CASECTL_LANG`` — the person at the keyboard;
2. ``language:`` in the casebook's ``casectl.yaml`` — the team;
3. the locale: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` (on Windows, with none of
   them set, the user's display language).

Chinese (Simplified) gives zh-CN; anything else English. The catalog is the compiled gettext
file shipped in the package (``casectl/locale/zh_CN/LC_MESSAGES/casectl.mo``), read only when
Chinese is chosen.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from casectl import i18n

DOMAIN = "casectl"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_SETTING = re.compile(r"""^language:[ \t]*["']?([A-Za-z_@.-]*)["']?[ \t]*(?:#.*)?$""", re.M)


def configured(root: Path | None) -> str | None:
    """The ``language:`` a casebook's ``casectl.yaml`` sets (a top-level key), or None.

    Read with one look at the file, not a YAML parse: it is needed before ``--help`` is shown,
    which must stay fast. ``core.config`` validates the same key when the casebook is opened.
    """
    if root is None:
        return None
    from casectl.storage import reading

    try:
        text = reading.read_text(root / "casectl.yaml", reading.SETTINGS).removeprefix("\ufeff")
    except (OSError, reading.Unreadable):
        return None
    found = _SETTING.search(text)
    return found.group(1) if found and found.group(1) else None


def _casebook(argv: Sequence[str], environ: Mapping[str, str]) -> Path | None:
    """The casebook the command line names (``-C PATH`` before the command), else
    ``CASECTL_CASEBOOK``, else the first folder upwards holding ``casectl.yaml`` — the walk of
    ``discovery.holding``, without importing the settings' models (0.18 s), which ``--help``
    must not pay for; a missing or broken casebook is English, not an error, here."""
    named = environ.get("CASECTL_CASEBOOK") or None
    for i, arg in enumerate(argv):
        if arg in ("-C", "--casebook") and i + 1 < len(argv):
            named = argv[i + 1]
            break
        if arg.startswith("--casebook="):
            named = arg.split("=", 1)[1]
            break
        if not arg.startswith("-"):
            break  # the command: its own options are not the casebook's
    if named:
        return Path(named)
    try:
        here = Path.cwd()
    except OSError:
        return None
    for folder in (here, *here.parents):
        if (folder / "casectl.yaml").is_file():
            return folder
    return None


def _windows_display_language() -> str | None:  # pragma: no cover - Windows only
    if sys.platform != "win32":
        return None
    import ctypes
    import locale

    try:
        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()
    except (AttributeError, OSError):
        return None
    name: str | None = locale.windows_locale.get(int(langid))
    return name


def choose(
    environ: Mapping[str, str], team: str | None, display: str | None = None
) -> tuple[str, str]:
    """The language (``en`` or ``zh_CN``) and the setting that chose it."""
    mine = environ.get("CASECTL_LANG", "").strip()
    if mine:
        return i18n.language_of(mine) or i18n.ENGLISH, "CASECTL_LANG"
    if team:
        return i18n.language_of(team) or i18n.ENGLISH, "casectl.yaml"
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if not value:
            continue
        for tag in value.split(":") if name == "LANGUAGE" else [value]:
            found = i18n.language_of(tag)
            if found:
                return found, name
        if name != "LANGUAGE":
            return i18n.ENGLISH, name
    if display:
        return i18n.language_of(display) or i18n.ENGLISH, "display language"
    return i18n.ENGLISH, "default"


def catalog(language: str) -> i18n.Catalog | None:
    """The compiled catalog for ``language`` (None for English, or when it is missing)."""
    if language == i18n.ENGLISH:
        return None
    import gettext

    try:
        return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[language])
    except OSError:
        return None


def activate(argv: Sequence[str] = ()) -> str:
    """Choose the language for a run of ``argv`` and switch the translator to it."""
    environ = os.environ
    team = configured(_casebook(argv, environ))
    display = None if any(environ.get(n) for n in LOCALE_VARIABLES) else _windows_display_language()
    language, _ = choose(environ, team, display)
    i18n.use(catalog(language), language)
    return i18n.language()
