"""What every command shares: the casebook, "now", who is acting, WHEN values, text input and
output to the two streams. Import-light: the core loads on first use.
"""

from __future__ import annotations

import getpass
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from casectl.core.steps import Who
    from casectl.storage.store import Casebook


FUTURE_SLACK = timedelta(minutes=5)  # clocks of two machines may differ a little


@dataclass
class State:
    """Global options (-C, --debug) of the command being run."""

    casebook: str | None = None
    debug: bool = False
    _book: Casebook | None = field(default=None, repr=False)


_STATE = State()


def state() -> State:
    """The global options of the command being run."""
    return _STATE


def set_state(new: State) -> None:
    global _STATE
    _STATE = new


def book() -> Casebook:
    """The casebook this command works on (opened once)."""
    st = state()
    if st._book is None:
        from casectl.storage.store import Casebook

        st._book = Casebook.open(st.casebook)
    return st._book


def now() -> datetime:
    from casectl.core.timeparse import now_from_env

    return now_from_env(book().config.tz)


def user(by: str | None = None) -> str:
    """``--by``, else ``CASECTL_USER``, else git's user.name, else the login name."""
    if by and by.strip():
        return by.strip()
    env = os.environ.get("CASECTL_USER", "").strip()
    if env:
        return env
    try:
        out = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5, check=False
        )
        if out.returncode == 0 and out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name in some containers
        return "unknown"


def when(text: str | None, *, base: datetime | None = None) -> datetime:
    """A WHEN option's value (default: now), as an aware time in the team's zone."""
    from casectl.core.timeparse import parse_when

    current = now()
    tz = book().config.tz
    if text is None:
        return (base or current).astimezone(tz)
    return parse_when(text, now=current, tz=tz, base=base).astimezone(tz)


def who(at: str | None, by: str | None) -> Who:
    from casectl.core.steps import Who

    moment = when(at)
    current = now()
    if moment - current > FUTURE_SLACK:
        warn(
            f"--at {moment.isoformat()} is later than now ({current.isoformat()}); "
            "recorded as given"
        )
    return Who(at=moment, by=user(by))


def interactive() -> bool:
    return sys.stdin.isatty()


def text_value(value: str | None) -> str | None:
    """``-`` reads the text from stdin; ``@edit`` opens $VISUAL/$EDITOR."""
    if value == "-":
        return sys.stdin.read().rstrip("\n")
    if value == "@edit":
        edited = edit_text("", suffix=".md")
        return edited.rstrip("\n") if edited else None
    return value


def edit_text(text: str, *, suffix: str) -> str | None:
    """Open ``text`` in $VISUAL/$EDITOR; the edited text, or None when the editor failed."""
    import shlex
    import tempfile
    from pathlib import Path

    from casectl.errors import UsageError

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="casectl-") as folder:
        path = Path(folder) / f"edit{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise UsageError(f"cannot start the editor {editor!r}: {exc.strerror}") from None
        if done.returncode != 0:
            raise UsageError(f"the editor {editor!r} exited with {done.returncode}; nothing saved")
        return path.read_text(encoding="utf-8")


def required(value: str | None, option: str, prompt: str | None = None) -> str:
    """A required value: prompted for on a terminal, an error (exit 2) otherwise."""
    value = text_value(value)
    if value is not None and value.strip():
        return value
    if value is not None:
        from casectl.errors import UsageError

        raise UsageError(f"{option} must not be empty")
    if interactive():
        answer: str = typer.prompt(prompt or option.lstrip("-").replace("-", " ").capitalize())
        if answer.strip():
            return answer
    from casectl.errors import UsageError

    raise UsageError(f"missing {option} (no terminal to ask on)")


def choice(value: str | None, enum: type[StrEnum], option: str) -> str | None:
    """Check ``value`` against an enum's values; exit 2 naming the allowed ones."""
    if value is None:
        return None
    wanted = value.strip().lower()
    allowed = [str(m.value) for m in enum]
    if wanted not in allowed:
        from casectl.errors import UsageError

        raise UsageError(f"{option}: {value!r} is not one of: {', '.join(allowed)}")
    return wanted


# --- output --------------------------------------------------------------------------------


def no_color() -> bool:
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def error(message: str, *, hint: str | None = None) -> None:
    """One line on stderr (and a hint line when there is one)."""
    typer.echo(f"casectl: error: {message}", err=True)
    if hint:
        typer.echo(f"  hint: {hint}", err=True)


def warn(message: str) -> None:
    typer.echo(f"casectl: warning: {message}", err=True)


def info(message: str) -> None:
    typer.echo(message, err=True)


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    iso = getattr(value, "isoformat", None)
    if callable(iso):
        return iso()
    return str(value)


def console(*, stderr: bool = False) -> Any:
    """A rich console for people; plain when piped or with NO_COLOR."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=no_color(),
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )


def split_pairs(values: Sequence[str], option: str) -> list[tuple[str, str, str | None]]:
    """``KIND:REF[:NOTE]`` values (the note may contain colons)."""
    from casectl.errors import UsageError

    pairs = []
    for raw in values:
        parts = raw.split(":", 2)
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise UsageError(f"{option}: {raw!r} is not KIND:REF[:NOTE]")
        note = parts[2].strip() if len(parts) == 3 and parts[2].strip() else None
        pairs.append((parts[0].strip(), parts[1].strip(), note))
    return pairs


def apply(prefix: str, change: Any, done: str) -> Any:
    """Run one step on one case under the lock and say what happened (on stderr)."""
    from casectl.core.lifecycle import stage

    case, path = book().update(prefix, change)
    info(f"{case.id}: {done} (stage: {stage(case).value}) — {book().relative(path)}")
    return case


# Shared option declarations, so every step spells them the same way.
AT_HELP = "When it happened: ISO 8601, a date, or an offset like -2h (default: now)."
BY_HELP = "Who did it (default: CASECTL_USER, git user.name, the login name)."
FORCE_HELP = "Skip the step's requirements; needs --reason, recorded in the timeline."
