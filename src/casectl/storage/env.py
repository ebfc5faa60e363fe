"""What casectl takes from the environment: "now", who the user is, their editor.

The core never reads these: the CLI asks here and passes the values down.
"""

from __future__ import annotations

import getpass
import os
import shlex
import subprocess
import tempfile
from datetime import datetime, tzinfo
from pathlib import Path

from casectl.errors import UsageError
from casectl.i18n import msg
from casectl.storage import git


def now(tz: tzinfo) -> datetime:
    """``CASECTL_NOW`` when set (for reproducible runs), else the clock, in ``tz``, to the
    second (casectl stores and shows times to the second)."""
    fixed = os.environ.get("CASECTL_NOW")
    if not fixed:
        return datetime.now(tz).replace(microsecond=0)
    from dateutil import parser as dateparser

    from casectl.core.model import in_range

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


def user(given: str | None = None) -> str:
    """``given`` (``--by``), else ``CASECTL_USER``, else git's user.name, else the login name."""
    if given and given.strip():
        return given.strip()
    named = os.environ.get("CASECTL_USER", "").strip()
    if named:
        return named
    from_git = git.user_name()
    if from_git:
        return from_git
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # pragma: no cover - no login name in some containers
        return "unknown"


def edit(text: str, *, suffix: str) -> str:
    """Open ``text`` in $VISUAL/$EDITOR (else vi) and return what the user saved."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="casectl-") as folder:
        path = Path(folder) / f"edit{suffix}"
        path.write_text(text, encoding="utf-8")
        try:
            command = shlex.split(editor)
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
                    strerror=exc.strerror,
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
