"""Atomic writes and the casebook lock: how every byte casectl writes reaches the disk."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from casectl.errors import CasebookError, LockError, UsageError, field
from casectl.i18n import msg

LOCK_TIMEOUT = 15.0  # seconds; CASECTL_LOCK_TIMEOUT overrides


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def unwritable(path: str | os.PathLike[str], exc: OSError) -> UsageError:
    """The one error for an ``--output`` file that cannot be written."""
    return UsageError(
        msg(
            "{output}: cannot write {path}: {strerror}",
            output=field("output"),
            path=path,
            strerror=exc.strerror,
        )
    )


def write_output(path: str, text: str) -> None:
    """A command's ``--output`` file, written atomically; a one-line error when it cannot be."""
    try:
        atomic_write(Path(path), text)
    except OSError as exc:
        raise unwritable(path, exc) from None


def lock_timeout() -> float:
    """``CASECTL_LOCK_TIMEOUT`` in seconds, else the default."""
    raw = os.environ.get("CASECTL_LOCK_TIMEOUT", "").strip()
    if not raw:
        return LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:  # nan fails both comparisons too
        raise UsageError(
            msg("CASECTL_LOCK_TIMEOUT is not a number of seconds (0 to 3600): {raw!r}", raw=raw)
        )
    return seconds


@contextlib.contextmanager
def locked(folder: Path, name: str = "lock", what: str = "the casebook") -> Iterator[None]:
    """Hold the lock file ``name`` in ``folder``; ``LockError`` (exit 3) when it is not
    obtained in time."""
    import fcntl

    timeout = lock_timeout()
    try:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        handle = open(folder / name, "a+")  # noqa: SIM115 - held open for the whole block
    except OSError as exc:
        where = exc.filename or folder
        raise CasebookError(
            msg(
                "cannot lock {what} at {where}: {strerror}",
                what=what,
                where=where,
                strerror=exc.strerror,
            )
        ) from None
    with handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise CasebookError(
                        msg("cannot lock the casebook: {strerror}", strerror=exc.strerror)
                    ) from None
                if time.monotonic() >= deadline:
                    raise LockError(
                        msg(
                            "another casectl has held the lock of {what} for {timeout:g}s; "
                            "try again",
                            what=what,
                            timeout=timeout,
                        )
                    ) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


TEMPORARY = re.compile(r"^\..+\.yaml\..+\.tmp$")  # what atomic_write leaves if it is killed


def clean_temporaries(path: Path) -> None:
    """Remove what interrupted writes of ``path`` left beside it: called under the case's
    lock, so no write of it is under way."""
    prefix = f".{path.name}."
    try:
        stale = [
            e.path
            for e in os.scandir(path.parent)
            if e.name.startswith(prefix) and TEMPORARY.match(e.name)
        ]
    except OSError:
        return
    for leftover in stale:
        with contextlib.suppress(OSError):
            os.unlink(leftover)
