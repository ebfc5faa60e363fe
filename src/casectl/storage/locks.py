"""The locks that keep two writers of one file apart.

A step holds the lock *of the case file itself*; creating a case, a profile change, a plan
change and ``calendar update`` hold the lock of ``casectl.yaml`` (the casebook's). Nothing of it
lives in ``.casectl/``, so deleting that folder (``git clean -fdX``, a cleanup script) while
steps run cannot split a lock in two: on Linux and macOS the lock is ``flock`` on the file,
taken again when the file at the path turned out to be another one once the lock was obtained
(the holder before wrote a new file over it, which is how every write ends). The operating
system drops the lock of a process that dies, so a killed casectl leaves none behind.

On Windows, where a file held open cannot be deleted and ``os.replace`` cannot replace a file
another process holds open, the lock is ``filelock``'s on a file under ``.casectl/locks/``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections.abc import Iterator
from pathlib import Path

from casectl.core.layout import CONFIG_NAME
from casectl.errors import CasebookError, LockError, UsageError
from casectl.i18n import msg
from casectl.storage.discovery import LOCAL_DIR
from casectl.storage.reading import what_it_is

LOCK_TIMEOUT = 15.0  # seconds; CASECTL_LOCK_TIMEOUT overrides
POLL = 0.02  # seconds between two tries of a lock another process holds

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


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


def casebook(root: Path) -> contextlib.AbstractContextManager[None]:
    """The casebook's lock, ``casectl.yaml``'s: where case IDs are minted, profiles and plans
    change, and ``calendar update`` rewrites the settings."""
    return held(root / CONFIG_NAME, msg("the casebook"), (root / LOCAL_DIR, "lock"), CONFIG_NAME)


@contextlib.contextmanager
def held(path: Path, what: str, fallback: tuple[Path, str], shown: str = "") -> Iterator[None]:
    """Hold the lock of the file at ``path`` (``what`` names the lock in messages, ``shown``
    the file); ``LockError`` (exit 3) when it is not obtained in time. ``fallback`` (a folder
    and a lock file's name in it) is where the lock lives where ``flock`` is missing
    (Windows)."""
    if fcntl is None:  # pragma: no cover - Windows
        with locked(*fallback, what=what):
            yield
        return
    fd = _flock(path, what, lock_timeout(), shown or str(path))
    try:
        yield
    finally:
        os.close(fd)  # releases the lock


def _flock(path: Path, what: str, timeout: float, shown: str) -> int:
    """A descriptor of the file at ``path`` holding its ``flock``."""
    assert fcntl is not None
    deadline = time.monotonic() + timeout
    while True:
        fd = _open(path, what, shown)
        try:
            while not _try(fd, what, path):
                if time.monotonic() >= deadline:
                    raise _timed_out(what, timeout)
                time.sleep(POLL)
            mine = os.fstat(fd)
            try:
                there = os.lstat(path)
            except FileNotFoundError as exc:
                raise _cannot_lock(what, path, exc) from None
            if (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder before wrote a new file over this one: lock that one


def _open(path: Path, what: str, shown: str) -> int:
    try:
        status = os.lstat(path)
    except OSError as exc:
        raise _cannot_lock(what, path, exc) from None
    kind = what_it_is(status.st_mode)
    if kind is not None:
        from casectl.storage.files import not_writable

        raise not_writable(shown, kind)
    flags = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | os.O_NONBLOCK
    try:
        return os.open(path, os.O_RDWR | flags)
    except PermissionError:  # a read-only file: flock needs no write access where it is local
        pass
    except OSError as exc:
        raise _cannot_lock(what, path, exc) from None
    try:
        return os.open(path, os.O_RDONLY | flags)
    except OSError as exc:
        raise _cannot_lock(what, path, exc) from None


def _try(fd: int, what: str, path: Path) -> bool:
    """Whether the lock was obtained now; False when another process holds it."""
    assert fcntl is not None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno == errno.EACCES:  # some file systems say "held" so
            return False
        raise _cannot_lock(what, path, exc) from None
    return True


@contextlib.contextmanager
def locked(folder: Path, name: str = "lock", what: str = "the casebook") -> Iterator[None]:
    """Hold the lock file ``name`` in ``folder`` (``filelock``: ``msvcrt.locking`` on Windows,
    ``flock`` elsewhere); ``LockError`` (exit 3) when it is not obtained in time."""
    import filelock

    timeout = lock_timeout()
    path = folder / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_lock(what, exc.filename or folder, exc) from None
    lock = filelock.FileLock(path, timeout=timeout, poll_interval=POLL)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise _timed_out(what, timeout) from None
    except OSError as exc:
        raise _cannot_lock(what, exc.filename or path, exc) from None
    try:
        yield
    finally:
        lock.release()


def _timed_out(what: str, timeout: float) -> LockError:
    return LockError(
        msg(
            "another casectl has held the lock of {what} for {timeout:g}s; try again",
            what=what,
            timeout=timeout,
        )
    )


def _cannot_lock(what: str, where: object, exc: OSError) -> CasebookError:
    return CasebookError(
        msg(
            "cannot lock {what} at {where}: {strerror}",
            what=what,
            where=where,
            strerror=exc.strerror,
        )
    )
