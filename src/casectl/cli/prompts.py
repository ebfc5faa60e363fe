"""Values typed by the user: text from stdin or the editor, required values asked for on a
terminal, choices, ``KIND:REF[:NOTE]`` pairs, durations."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

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
    """A required value: asked for on a terminal (again, until an answer is given), an error
    (exit 2) otherwise."""
    from casectl.errors import UsageError

    value = text_value(value)
    if value is not None and value.strip():
        return value
    if value is not None:
        raise UsageError(msg("{option} must not be empty", option=option))
    if interactive():
        question = prompt or option.lstrip("-").replace("-", " ").capitalize()
        return until_good(question, lambda answer: needed(answer, option))
    raise UsageError(msg("missing {option} (no terminal to ask on)", option=option))


def needed(answer: str, option: str) -> str:
    from casectl.errors import UsageError

    if not answer.strip():
        raise UsageError(msg("{option} must not be empty", option=option))
    return answer


Checked = TypeVar("Checked")


def until_good(
    question: str, check: Callable[[str], Checked], default: str | None = None
) -> Checked:
    """``question`` asked on a terminal until ``check`` takes the answer: a refused answer is
    said on stderr, as any error is, and the question asked again (end of input stops)."""
    from casectl.cli import output
    from casectl.cli.options import option_name
    from casectl.errors import UsageError

    while True:
        answer: str = typer.prompt(
            _(question),
            default=default,
            show_default=bool(default),
            err=True,  # stdout stays for the data: ID=$(…)
            prompt_suffix=suffix(),
        )
        try:
            return check(answer)
        except UsageError as exc:
            output.error(exc.text(option_name))


def ask(question: str, default: str) -> str:
    """``question`` answered on a terminal; ``default`` without one."""
    if not interactive():
        return default
    return until_good(question, lambda answer: answer, default)


def confirm(question: str, *, default: bool = False) -> bool:
    """A yes/no ``question`` on a terminal; no without one."""
    return bool(typer.confirm(_(question), default=default, err=True)) if interactive() else False


def choice(value: str | None, enum: type[StrEnum], name: str) -> str | None:
    """``value`` as an enum's code: the code or one of its words (exit 2 naming the codes)."""
    from casectl.core.choices import read

    return None if value is None else read(value, enum, name).value


def choose(
    value: str | None,
    enum: type[StrEnum],
    option: str,
    prompt: str,
    default: str | None = None,
) -> str:
    """A choice given as ``option`` (its code or any of its words, any language), else asked on
    a terminal until the answer is one, else ``default`` (or exit 2 when there is none)."""
    from casectl.core.choices import read
    from casectl.errors import UsageError

    name = option.lstrip("-").replace("-", "_")  # a field: errors spell it as the option
    if value is not None:
        return read(value, enum, name).value
    if interactive():
        return until_good(prompt, lambda answer: read(answer, enum, name).value, default)
    if default is not None:
        return default
    raise UsageError(msg("missing {option} (no terminal to ask on)", option=option))


def maybe_choose(value: str | None, enum: type[StrEnum], option: str, prompt: str) -> str | None:
    """An optional choice: ``option``'s value read, else asked on a terminal (an empty answer
    leaves it out; a bad one is asked again), else None."""
    from casectl.core.choices import read

    name = option.lstrip("-").replace("-", "_")
    if value is not None:
        return read(value, enum, name).value
    if not interactive():
        return None
    return until_good(prompt, lambda answer: read(answer, enum, name).value if answer else None, "")


def maybe(value: str | None, prompt: str) -> str | None:
    """An optional text: ``value``, else asked on a terminal (an empty answer leaves it out)."""
    value = text_value(value)
    if value is not None or not interactive():
        return value
    return until_good(prompt, lambda answer: answer.strip() or None, "")


def confirmed(preview: str, question: str, *, yes: bool) -> None:
    """On a terminal, unless ``yes``: ``preview`` (what a step will record) said, and the
    step asked to go ahead; a no ends the run with nothing written (exit 1). Never asked
    without a terminal: scripts run as before."""
    from casectl.cli import output

    if yes or not interactive():
        return
    output.info(preview)
    if not typer.confirm(_(question), default=True, err=True):
        output.info(_("nothing recorded"))
        raise typer.Exit(1)


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
