"""Atomic writes: how every byte casectl writes reaches the disk — a temporary file beside the
target, flushed, fsynced and renamed over it — and the ``--output`` files and the temporaries an
interrupted write leaves.

Only a regular file is ever replaced: a symbolic link, a FIFO, a device or a folder where a
file is to be written is refused, never followed or written into.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from casectl.errors import CasebookError, UsageError, field
from casectl.i18n import msg
from casectl.storage.reading import what_it_is

NEW_FILE_MODE = 0o644  # mkstemp makes 0600; a new case file is as readable as any


class NotRegular(OSError):
    """The target of a write is not a regular file (a link, a FIFO, a device, a folder)."""

    def __init__(self, what: str) -> None:
        said = msg("it is {what}, not a regular file", what=what)
        super().__init__(said)
        self.strerror = said  # what every "cannot write …: {strerror}" message shows
        self.what = what


def target(path: Path) -> os.stat_result | None:
    """The ``lstat`` of what a write would replace (None: nothing there yet); ``NotRegular``
    when that is not a regular file."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    what = what_it_is(status.st_mode)
    if what is not None:
        raise NotRegular(what)
    return status


def write_beside(path: Path, write: Callable[[Path], object]) -> None:
    """Make the file at ``path`` anew: ``write`` fills a temporary file in the same folder, which
    is then flushed to disk and renamed over ``path`` (its permissions kept), so a reader — or
    a process killed at any moment — sees the old file or the new one, never half."""
    old = target(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        _sync(tmp)
        if os.name == "posix":
            with contextlib.suppress(OSError):
                os.chmod(tmp, stat.S_IMODE(old.st_mode) if old else NEW_FILE_MODE)
        target(path)  # a link or a FIFO put there meanwhile is refused, not replaced
        replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if os.name == "posix":  # the new name is durable once its folder is; Windows has no such call
        with contextlib.suppress(OSError):
            _sync(path.parent, os.O_RDONLY)


def sync_folder(folder: Path) -> None:
    """Wait until the names in ``folder`` (a file made, renamed or removed) are on disk, where
    the system can (not on Windows)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            _sync(folder, os.O_RDONLY)


def _sync(path: Path, flags: int = os.O_RDWR) -> None:
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new_files(
    items: Sequence[tuple[Path, bytes]], temporaries: Sequence[Path] | None = None
) -> None:
    """Make many new files at once (an import's case files), all or none — each atomically, as
    ``write_beside`` does, but waiting on the disk twice in all rather than twice a file: every
    file is written to its temporary beside it (or was: ``temporaries``, by ``new_temporary``,
    one an item), the temporaries are flushed to disk (``_flush``), each is renamed into place,
    and the new names are flushed. A process killed, or a machine that stops, at any moment
    leaves each file whole or absent (at most its temporary, which ``clean_temporaries``
    removes). When one cannot be written, or a file is found where one is to go, the ones made
    already are removed again and the error raised."""
    folders = make_folders({path.parent for path, _ in items})
    pending: list[tuple[Path, Path]] = []  # (temporary, file), in order
    if temporaries is not None:
        pending = [(tmp, path) for tmp, (path, _) in zip(temporaries, items, strict=True)]
    renamed = 0
    try:
        for path, data in items if temporaries is None else ():
            _absent(path)
            pending.append((new_temporary(path, data), path))
        _flush([tmp for tmp, _ in pending], folders)
        for tmp, path in pending:
            _absent(path)  # a new file only: never one another process made meanwhile
            replace(tmp, path)
            renamed += 1
        _flush(folders, folders)
    except BaseException:
        for tmp, _ in pending[renamed:]:
            with contextlib.suppress(OSError):
                tmp.unlink()
        for _, path in pending[:renamed]:
            with contextlib.suppress(OSError):
                path.unlink()
        raise


def _absent(path: Path) -> None:
    if target(path) is not None:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def make_folders(wanted: Iterable[Path]) -> list[Path]:
    """Make the folders ``wanted`` that are missing; the folders whose entries change: each
    wanted one, and the one above each folder made."""
    changed: set[Path] = set()
    for folder in wanted:
        changed.add(folder)
        missing = folder
        while not missing.exists() and missing.parent != missing:
            changed.add(missing.parent)
            missing = missing.parent
        folder.mkdir(parents=True, exist_ok=True)
    return sorted(changed)


def new_temporary(path: Path, data: bytes) -> Path:
    """A new temporary file beside ``path`` holding ``data`` (not yet flushed to disk); its
    folder exists (``make_folders``)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if os.name == "posix":
            os.fchmod(fd, NEW_FILE_MODE)
        with os.fdopen(fd, "wb", closefd=False) as out:
            out.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    finally:
        os.close(fd)
    return Path(name)


def _flush(paths: Sequence[Path], folders: Sequence[Path]) -> None:
    """Wait until ``paths`` (files, or folders and so the names in them) are on disk: on Linux
    one ``syncfs`` of each file system ``folders`` lie on, which also reports a write that
    failed; elsewhere an fsync of each (a folder's where the system has one)."""
    if _sync_file_systems(folders):
        return
    for path in paths:
        if path.is_dir():
            if os.name == "posix":
                with contextlib.suppress(OSError):
                    _sync(path, os.O_RDONLY)
        else:
            _sync(path)


def _sync_file_systems(folders: Sequence[Path]) -> bool:
    """``syncfs`` of the file system of each of ``folders`` (Linux); False where there is none,
    and the caller fsyncs file by file. An error writing back is raised (Linux 5.8 and later
    report it, as fsync does)."""
    call = _syncfs()
    if call is None:
        return False
    import ctypes

    devices: dict[int, Path] = {}
    for folder in folders:
        devices.setdefault(os.stat(folder).st_dev, folder)
    for folder in devices.values():
        fd = os.open(folder, os.O_RDONLY)
        try:
            if call(fd) != 0:
                code = ctypes.get_errno()
                if code == errno.ENOSYS:
                    return False
                raise OSError(code, os.strerror(code), str(folder))
        finally:
            os.close(fd)
    return True


def _syncfs() -> Callable[[int], int] | None:
    """Linux's ``syncfs(2)`` from the C library, or None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        call: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return call


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, line endings as they are in it) to ``path`` atomically
    (``write_beside``), making its folder when it has none."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """``atomic_write`` of bytes (an attachment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_beside(path, lambda tmp: tmp.write_bytes(data))


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


def not_writable(shown: str, what: str) -> CasebookError:
    """The one error for a casebook file that is not a regular file where casectl would write."""
    return CasebookError(
        msg(
            "{file} is {what}, not a regular file: casectl writes only regular files (a "
            "write would replace it); casectl validate lists such files",
            file=shown,
            what=what,
        )
    )


# --- --output files -------------------------------------------------------------------------


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


def output_target(given: str | os.PathLike[str]) -> Path:
    """The file an ``--output`` names, once it is one casectl may write: a regular file, or a
    new file in a folder that exists — never a link (not followed), a FIFO, a device or a
    folder, and no folder is made. ``UsageError`` (exit 2) otherwise."""
    path = Path(given)
    try:
        target(path)
    except NotRegular as exc:
        raise UsageError(
            msg(
                "{output}: {path} is {what}, not a regular file: casectl writes only a "
                "regular file or a new one",
                output=field("output"),
                path=given,
                what=exc.what,
            )
        ) from None
    except OSError as exc:
        raise unwritable(given, exc) from None
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(
            msg(
                "{output}: cannot write {path}: there is no folder {folder}; make it first",
                output=field("output"),
                path=given,
                folder=folder,
            )
        )
    return path


def write_output(path: str, text: str) -> None:
    """A command's ``--output`` file (``output_target``), written atomically; a one-line error
    when it cannot be. ``-`` is stdout, which the command line writes itself."""
    where = output_target(path)
    data = text.encode("utf-8")
    try:
        write_beside(where, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise unwritable(path, exc) from None


# --- what interrupted writes leave --------------------------------------------------------

TEMPORARY = re.compile(r"^\..+\.yaml\..+\.tmp$")  # what atomic_write leaves if it is killed
STALE_AFTER = 3600.0  # seconds: a write takes milliseconds; an hour-old temporary is left over


def is_temporary(name: str) -> bool:
    """Whether a file name is one casectl's writes give their temporary files."""
    return name[:1] == "." and name.endswith(".tmp") and TEMPORARY.match(name) is not None


def clean_temporaries(path: Path, now: float | None = None) -> None:
    """Remove what interrupted writes left in ``path``'s folder: every temporary of ``path``
    itself (called under its lock, so no write of it is under way), and the others once they
    are ``STALE_AFTER`` old (a write of another file may be under way; if one was only paused
    that long, its rename then fails and it says so — nothing it acknowledged is lost)."""
    clean_temporaries_of([path], now)


def clean_temporaries_of(paths: Iterable[Path], now: float | None = None) -> None:
    """``clean_temporaries`` of every file of ``paths``, reading each folder once."""
    mine: dict[Path, set[str]] = {}
    for path in paths:
        mine.setdefault(path.parent, set()).add(path.name)
    now = time.time() if now is None else now
    for folder, names in mine.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not is_temporary(entry.name):
                continue
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                of = entry.name[1:].rsplit(".", 2)[0]  # .NAME.XXXXXXXX.tmp: NAME
                if of in names or now - entry.stat().st_mtime > STALE_AFTER:
                    os.unlink(entry.path)
            except OSError:
                continue
