"""What casectl takes from the environment: "now", who the user is, their editor.

The core never reads these: the CLI asks here and passes the values down.
"""

from __future__ import annotations

import errno
import getpass
import os
import random
import secrets
import shlex
import subprocess
import tempfile
from datetime import datetime, tzinfo
from pathlib import Path, PurePath

from casectl.core.ids import Pick
from casectl.errors import UsageError
from casectl.i18n import N_, msg


def colour_forced() -> bool:
    """Whether ``FORCE_COLOR`` asks for colour even when the output is piped."""
    return bool(os.environ.get("FORCE_COLOR"))


def now(tz: tzinfo) -> datetime:
    """``CASECTL_NOW`` when set (for reproducible runs), else the clock, in ``tz``, to the
    second (casectl stores and shows times to the second)."""
    fixed = os.environ.get("CASECTL_NOW")
    if not fixed:
        return datetime.now(tz).replace(microsecond=0)
    from dateutil import parser as dateparser

    from casectl.core.dates import in_range

    try:
        value = dateparser.isoparse(fixed)
        value = value if value.tzinfo else value.replace(tzinfo=tz)
        if in_range(value):
            return value.replace(microsecond=0)
    except (ValueError, OverflowError):
        raise UsageError(
            msg("CASECTL_NOW is not an ISO 8601 time: {fixed!r}", fixed=fixed)
        ) from None
    raise UsageError(msg("CASECTL_NOW is out of range: {fixed!r} (1970 to 2999)", fixed=fixed))


def item_pick(by: str, at: datetime) -> Pick:
    """Where new item ids get their random characters: the system's randomness, or, with
    ``CASECTL_SEED`` set (for reproducible runs, as ``CASECTL_NOW``), a stream seeded by it, the
    user and the time, so that two people's steps still draw different ids."""
    seed = os.environ.get("CASECTL_SEED")
    if not seed:
        return secrets.choice
    return random.Random(f"{seed} {by} {at.isoformat()}").choice


def user(given: str | None = None) -> str:
    """``given`` (``--by``), else ``CASECTL_USER``, else git's user.name, else the login name."""
    if given and given.strip():
        return given.strip()
    named = os.environ.get("CASECTL_USER", "").strip()
    if named:
        return named
    from casectl.storage import git

    from_git = git.user_name()
    if from_git:
        return from_git
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name in some containers
        return "unknown"


def edit(text: str, *, suffix: str) -> str:
    """Open ``text`` in $VISUAL/$EDITOR (else vi, or Notepad on Windows) and return what the
    user saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or ""
    with tempfile.TemporaryDirectory(prefix="casectl-") as folder:
        path = Path(folder) / f"edit{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            command = editor_command(editor)
        except ValueError as exc:
            raise UsageError(
                msg("the editor {editor!r} cannot be run: {exc}", editor=editor, exc=exc)
            ) from None
        try:
            done = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise UsageError(
                msg(
                    "cannot start the editor {editor!r}: {strerror}",
                    editor=editor,
                    strerror=_os_problem(exc),
                )
            ) from None
        if done.returncode != 0:
            raise UsageError(
                msg(
                    "the editor {editor!r} exited with {returncode}; nothing saved",
                    editor=editor,
                    returncode=done.returncode,
                )
            )
        return path.read_text(encoding="utf-8")


_OS_PROBLEMS = {
    errno.ENOENT: N_("no such program"),
    errno.EACCES: N_("permission denied"),
    errno.ENOEXEC: N_("not a program this system can run"),
}


def _os_problem(exc: OSError) -> str:
    """What the system said, in the reader's language for the usual cases (the operating
    system's own text is English)."""
    known = _OS_PROBLEMS.get(exc.errno or 0)
    return msg(known) if known else str(exc.strerror or exc)


def editor_command(editor: str, *, windows: bool = os.name == "nt") -> list[str]:
    """$VISUAL/$EDITOR as a program and its arguments, split as the platform's shell would:
    POSIX words, or on Windows words where a backslash is part of a path and double quotes
    group one (``"C:\\Program Files\\Notepad++\\notepad++.exe" -multiInst``)."""
    if not editor.strip():
        return ["notepad"] if windows else ["vi"]
    if not windows:
        return shlex.split(editor)
    words = shlex.split(editor, posix=False)
    return [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w for w in words]


def ci_prefix(root: Path) -> str:
    """Where the casebook lies, seen from the top of its git work tree (else from
    ``$GITHUB_WORKSPACE``): ``support/book/``, or ``""`` at the top or outside both. CI
    annotations and reports name case files from there, as the repository does."""
    from casectl.storage import git

    base = git.repo_top(root)
    if base is None:
        workspace = os.environ.get("GITHUB_WORKSPACE", "").strip()
        base = Path(workspace) if workspace else None
    return prefix_under(root.resolve(), base.resolve() if base is not None else None)


def prefix_under(root: PurePath, base: PurePath | None) -> str:
    """``root`` relative to ``base`` as a POSIX folder prefix (``a/b/``); ``""`` when it is
    ``base`` itself or lies elsewhere (another drive, another tree)."""
    if base is None:
        return ""
    try:
        inside = root.relative_to(base).as_posix()
    except ValueError:
        return ""
    return "" if inside == "." else inside + "/"


def hostname() -> str:
    """This machine's name, for reports (JUnit's ``hostname``); ``localhost`` when unknown."""
    import socket

    try:
        return socket.gethostname().strip() or "localhost"
    except OSError:  # pragma: no cover - no name to be had
        return "localhost"
