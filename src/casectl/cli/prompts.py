"""Values typed by the user: text from stdin or the editor, required values asked for on a
terminal, choices, ``KIND:REF[:NOTE]`` pairs, durations."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from casectl.i18n import _, msg

if TYPE_CHECKING:
    from casectl.core.durations import Span


def interactive() -> bool:
    return sys.stdin.isatty()


MAX_TEXT = 64 * 1024  # characters of one text value: a complaint, not a log dump


def text_value(value: str | None) -> str | None:
    """``-`` reads the text from stdin; ``@edit`` opens $VISUAL/$EDITOR. At most 64 KiB."""
    if value == "-":
        value = sys.stdin.read(MAX_TEXT + 1).rstrip("\n")
    elif value == "@edit":
        from casectl.api.env import edit

        value = edit("", suffix=".md").rstrip("\n") or None
    if value is not None and len(value) > MAX_TEXT:
        from casectl.errors import UsageError

        raise UsageError(
            msg(
                "a text of more than {value} KiB characters: keep long logs as "
                "evidence (KIND:REF) rather than as text",
                value=MAX_TEXT // 1024,
            )
        )
    return value


def suffix() -> str:
    """What follows a question: ": " in English, "： " in Chinese (click hands the last
    character to ``input``, so it stays a space)."""
    said = _(": ")
    return said if said.endswith(" ") else said + " "


def required(value: str | None, option: str, prompt: str | None = None) -> str:
    """A required value: prompted for on a terminal, an error (exit 2) otherwise."""
    from casectl.errors import UsageError

    value = text_value(value)
    if value is not None and value.strip():
        return value
    if value is not None:
        raise UsageError(msg("{option} must not be empty", option=option))
    if interactive():
        question = _(prompt) if prompt else option.lstrip("-").replace("-", " ").capitalize()
        answer: str = typer.prompt(
            question, err=True, prompt_suffix=suffix()
        )  # stdout stays for the data: ID=$(…)
        if answer.strip():
            return answer
    raise UsageError(msg("missing {option} (no terminal to ask on)", option=option))


def ask(question: str, default: str) -> str:
    """``question`` answered on a terminal; ``default`` without one."""
    if not interactive():
        return default
    answer: str = typer.prompt(
        _(question),
        default=default,
        show_default=bool(default),
        err=True,
        prompt_suffix=suffix(),
    )
    return answer


def confirm(question: str) -> bool:
    """A yes/no ``question`` on a terminal; no without one."""
    return bool(typer.confirm(_(question), default=False, err=True)) if interactive() else False


def choice(value: str | None, enum: type[StrEnum], name: str) -> str | None:
    """``value`` as an enum's code: the code or one of its words (exit 2 naming the codes)."""
    from casectl.core.choices import read

    return None if value is None else read(value, enum, name).value


def split_pairs(values: Sequence[str], option: str) -> list[tuple[str, str, str | None]]:
    """``KIND:REF[:NOTE]`` values, ``：`` (full width) as good as ``:``; the note may contain
    colons."""
    import re

    from casectl.errors import UsageError

    pairs = []
    for raw in values:
        parts = re.split("[:：]", raw, maxsplit=2)  # a Chinese input method types ：
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise UsageError(
                msg("{option}: {raw!r} is not KIND:REF[:NOTE]", option=option, raw=raw)
            )
        note = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
        pairs.append((parts[0].strip(), parts[1].strip(), note))
    return pairs


def span(text: str | None, option: str) -> Span | None:
    """A duration given on the command line (``--within 4h``); exit 2 when it is not one."""
    if text is None:
        return None
    from casectl.core.durations import Span
    from casectl.errors import UsageError

    try:
        return Span.parse(text)
    except ValueError as exc:
        raise UsageError(msg("{option}: {exc}", option=option, exc=exc)) from None
