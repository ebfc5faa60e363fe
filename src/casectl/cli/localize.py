"""The command line in the reader's language: help texts and click's own words (``Usage:``,
``Options:``), and parse errors in casectl's one style (docs/language.md).

Help texts are written once, in English, where each option is declared; they are looked up in
the catalog when help is shown, so a module's options stay where a reader expects them and the
catalog is the one place their Chinese lives. ``docs/gen_messages.py`` collects them from the
command tree this module walks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from casectl.i18n import ENGLISH, N_, Msg, _, language, listed, msg, ngettext, text

HELP_OPTION = N_("Show this message and exit.")
# click's and typer's words in casectl's help, for the catalog (they look them up themselves)
CLICK_WORDS = (
    N_("Usage:"),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("required"),
    N_("default: {default}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
)
_ENGLISH = "_casectl_english"  # the English text an object was declared with
HELP_ATTRIBUTES = ("help", "short_help", "epilog")


def patch_click() -> None:
    """Let click and typer's help words (``Usage:``, ``Options:``, ``[required]``, …) come from
    casectl's catalog: their modules call gettext's ``_``; it becomes casectl's (English unless
    Chinese is on, so nothing changes in English). Their error texts stay English: casectl
    rewrites those in ``parse_error``. Newer typer carries its own copy of click
    (``typer._click``); both are patched where loaded."""
    import sys

    for name in ("core", "decorators", "formatting"):
        for package in ("click", "typer._click"):
            module = sys.modules.get(f"{package}.{name}")
            if module is not None and hasattr(module, "_"):
                module._ = _  # type: ignore[attr-defined]
                if hasattr(module, "ngettext"):
                    module.ngettext = ngettext  # type: ignore[attr-defined]
    core = sys.modules.get("typer.core")
    if core is not None and hasattr(core, "_"):
        core._ = _  # type: ignore[attr-defined]
    for package in ("click", "typer._click"):
        _patch_classes(sys.modules.get(f"{package}.core"), sys.modules.get(f"{package}.formatting"))


def _patch_classes(core: Any, formatting: Any) -> None:
    """``-h/--help``'s own help and the ``Usage:`` prefix in the reader's language (typer's
    copy of click writes them without gettext)."""
    command = getattr(core, "Command", None)
    if command is not None and not hasattr(command.get_help_option, "casectl"):
        made = command.get_help_option

        def get_help_option(self: Any, ctx: Any) -> Any:
            option = made(self, ctx)
            if option is not None:
                option.help = _(HELP_OPTION)
            return option

        get_help_option.casectl = True  # type: ignore[attr-defined]
        command.get_help_option = get_help_option
    wrap = getattr(formatting, "wrap_text", None)
    if wrap is not None and not hasattr(wrap, "casectl"):
        formatting.wrap_text = _wide_wrap(wrap)
    formatter = getattr(formatting, "HelpFormatter", None)
    if formatter is not None and not hasattr(formatter.write_usage, "casectl"):
        write = formatter.write_usage

        def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            write(self, prog, args, _("Usage:") + " " if prefix is None else prefix)

        write_usage.casectl = True  # type: ignore[attr-defined]
        formatter.write_usage = write_usage


def _wide_wrap(english: Any) -> Any:
    """click's ``wrap_text``, measuring display columns when the help is not in English:
    a Chinese character takes two columns, and Chinese breaks between any two characters.
    English help is wrapped by click itself, as before."""
    from casectl.render.text import wrap_wide

    def wrap_text(
        text: str,
        width: int = 78,
        initial_indent: str = "",
        subsequent_indent: str = "",
        preserve_paragraphs: bool = False,
    ) -> str:
        if language() == ENGLISH:
            return str(english(text, width, initial_indent, subsequent_indent, preserve_paragraphs))
        if not preserve_paragraphs:
            return wrap_wide(text, width, initial_indent, subsequent_indent)
        out = []
        for paragraph in re.split(r"\n\s*\n", text.expandtabs()):
            lines = paragraph.splitlines()
            if lines and lines[0].strip() == "\b":  # click's "do not rewrap" block
                out.append("\n".join(initial_indent + ln for ln in lines[1:]))
                continue
            indent = " " * (len(lines[0]) - len(lines[0].lstrip())) if lines else ""
            out.append(
                wrap_wide(paragraph, width, initial_indent + indent, subsequent_indent + indent)
            )
        return "\n\n".join(out)

    wrap_text.casectl = True  # type: ignore[attr-defined]
    return wrap_text


def walk(command: Any) -> Iterator[Any]:
    """``command``, its parameters and its subcommands', depth first."""
    yield command
    yield from getattr(command, "params", [])
    for sub in getattr(command, "commands", {}).values():
        yield from walk(sub)


def english_help(command: Any) -> Iterator[str]:
    """Every help text in the tree under ``command``, as declared (for the catalog)."""
    for thing in walk(command):
        for name in HELP_ATTRIBUTES:
            value = getattr(thing, _ENGLISH, {}).get(name, getattr(thing, name, None))
            if isinstance(value, str) and value.strip():
                yield value


def localize(command: Any) -> None:
    """Set every help text in the tree to the reader's language (kept in English to go back)."""
    for thing in walk(command):
        english = thing.__dict__.setdefault(
            _ENGLISH, {n: getattr(thing, n, None) for n in HELP_ATTRIBUTES}
        )
        for name, value in english.items():
            setattr(thing, name, _(value) if isinstance(value, str) and value else value)
        whole = english.get("help")
        if whole and not english.get("short_help") and hasattr(thing, "short_help"):
            shown = _(whole)
            thing.short_help = None if shown == whole else _short(shown.split("\n\n")[0])


def _short(paragraph: str) -> str:
    """The first sentence of a translated help text, for the list of commands (click cuts at
    spaces, which Chinese does not have): without its aside in brackets when it is long."""
    sentence = " ".join(paragraph.split()).split("。", 1)[0]
    if len(sentence) > 30:
        sentence = re.sub(r"（[^）]*）", "", sentence)
    return sentence if len(sentence) <= 30 else sentence[:29] + "…"


_CLICK = [
    (
        re.compile(r"No such option: (\S+)(?: Did you mean (\S+)\?| \(Possible options: (.+)\))?$"),
        "no_option",
    ),
    (re.compile(r"Missing option '([^']+)'.*$"), "missing_option"),
    (re.compile(r"Missing argument '([^']+)'\.?$"), "missing_argument"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)$"), "extra"),
    (re.compile(r"Option '([^']+)' requires an argument\.?$"), "needs_value"),
    (re.compile(r"No such command '([^']+)'\.?$"), "no_command"),
]


def parse_error(english: str) -> str:
    """A parse error in casectl's one style and the reader's language:
    ``--fail-on: 'bogus' is not one of: breach, …``, as casectl's own checks say it (not
    click's ``Invalid value for '--fail-on': Value error``)."""
    english = " ".join(english.split())
    match = re.match(r"Invalid value for '([^']+)'(?: / '[^']+')*: (.*)$", english)
    if not match:
        return text(_click_message(english))
    option, reason = match.groups()
    reason = reason.removeprefix("Value error, ").rstrip(".")
    choices = re.match(r"(.*) is not one of (('[^']*'(, )?)+)$", reason)
    if choices:
        allowed = listed(re.findall(r"'([^']*)'", choices.group(2)))
        said = msg("{value} is not one of: {allowed}", value=choices.group(1), allowed=allowed)
    elif "unable to parse string as an integer" in reason or "valid integer" in reason:
        said = msg("not a whole number")
    else:
        return f"{option}: {reason}"
    return _("{option}: {reason}").format(option=option, reason=text(said))


def _click_message(english: str) -> str | Msg:
    if language() == ENGLISH:
        return english
    for pattern, kind in _CLICK:
        found = pattern.match(english)
        if not found:
            continue
        value = found.group(1)
        if kind == "no_option" and (found.group(2) or found.group(3)):
            return msg(
                "no such option: {option} (did you mean {other}?)",
                option=value,
                other=found.group(2) or found.group(3),
            )
        return {
            "no_option": msg("no such option: {option}", option=value),
            "missing_option": msg("missing option {option}", option=value),
            "missing_argument": msg("missing argument {argument}", argument=value),
            "extra": msg("unexpected extra argument: {argument}", argument=value),
            "needs_value": msg("option {option} needs a value", option=value),
            "no_command": msg("no such command: {command}", command=value),
        }[kind]
    return english
