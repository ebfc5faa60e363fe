"""Atomic writes and the casebook lock: how every byte casectl writes reaches the disk."""

from __future__ import annotations

import contextlib
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
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """``atomic_write`` of bytes (an attachment): a temporary file beside ``path``, flushed,
    fsynced and renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":  # mkstemp makes it 0600; a case file is as readable as any
            with contextlib.suppress(OSError):
                os.chmod(tmp, 0o644)
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.name == "posix":  # the new name is durable once its folder is; Windows has no such call
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


# Windows refuses to replace a file another program holds open without FILE_SHARE_DELETE
# (a virus scanner, a search indexer, an editor, a sync client): ERROR_ACCESS_DENIED (5) or
# ERROR_SHARING_VIOLATION (32). Those holds last milliseconds, so the replace is tried again.
SHARING_VIOLATIONS = frozenset({5, 32})
REPLACE_TRIES = 20
REPLACE_PAUSE = 0.05  # seconds, doubled each try up to REPLACE_PAUSE_MAX: about 3 s in all
REPLACE_PAUSE_MAX = 0.25


def replace(source: str | Path, target: str | Path) -> None:
    """``os.replace``, tried again for a few seconds while Windows reports the target as in
    use by another program; any other error, or one that lasts, is raised as it is."""
    pause = REPLACE_PAUSE
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if getattr(exc, "winerror", None) not in SHARING_VIOLATIONS:
                raise
            if attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(pause)
            pause = min(pause * 2, REPLACE_PAUSE_MAX)


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
    obtained in time.

    The lock is ``filelock``'s: ``flock`` on Linux and macOS, ``msvcrt.locking`` on Windows,
    released by the operating system when a process dies, so a killed casectl leaves no
    stale lock behind."""
    import filelock

    timeout = lock_timeout()
    path = folder / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = exc.filename or folder
        raise _cannot_lock(what, where, exc) from None
    lock = filelock.FileLock(path, timeout=timeout, poll_interval=0.02)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LockError(
            msg(
                "another casectl has held the lock of {what} for {timeout:g}s; try again",
                what=what,
                timeout=timeout,
            )
        ) from None
    except OSError as exc:
        where = exc.filename or path
        raise _cannot_lock(what, where, exc) from None
    try:
        yield
    finally:
        lock.release()


def _cannot_lock(what: str, where: object, exc: OSError) -> CasebookError:
    return CasebookError(
        msg(
            "cannot lock {what} at {where}: {strerror}",
            what=what,
            where=where,
            strerror=exc.strerror,
        )
    )


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
