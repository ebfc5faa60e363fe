"""The one way casectl reads a file of the casebook (cases, customer profiles, plans,
casectl.yaml, letter templates) or one a command names (a mapping file, an org file): a regular
file only, never through a symbolic link, never waiting on a FIFO, and never more than its
kind's limit — so one odd file is that file's problem, not a hung or exhausted command.

Light on purpose (``os`` and ``stat`` only): shell completion and the language look-up read
through it before anything heavy loads.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from casectl.errors import CorruptFileError
from casectl.i18n import msg

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Kind:
    """A kind of file and the most bytes casectl reads or writes of one (docs/guarantees.md)."""

    label: str  # what it is, in a message: "a case file"
    limit: int  # bytes
    advice: str | None = None  # what to do instead of growing a file past the limit

    @property
    def shown_limit(self) -> str:
        return f"{self.limit // MIB} MiB" if self.limit % MIB == 0 else f"{self.limit // KIB} KiB"


CASE = Kind(
    msg("a case file"),
    1 * MIB,
    msg("keep long logs as evidence (KIND:REF) rather than as text"),
)
PROFILE = Kind(msg("a customer profile"), 256 * KIB)
PLAN = Kind(msg("a monthly plan"), 256 * KIB)
SETTINGS = Kind(msg("the settings file"), 1 * MIB)  # years of holidays fit many times over
TEMPLATE = Kind(msg("a letter template"), 256 * KIB)
MAPPING = Kind(msg("a mapping file"), 256 * KIB)
ORG = Kind(msg("an org file"), 256 * KIB)

KINDS = (CASE, PROFILE, PLAN, SETTINGS, TEMPLATE, MAPPING, ORG)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # Windows has neither: lstat alone decides there
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0) | _NONBLOCK


class Unreadable(Exception):
    """A file casectl will not read, and why (``problem``: one line, for the file's name)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def what_it_is(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return msg("a symbolic link")
    if stat.S_ISDIR(mode):
        return msg("a folder")
    if stat.S_ISFIFO(mode):
        return msg("a FIFO")
    if stat.S_ISSOCK(mode):
        return msg("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("a device")
    return msg("a special file")


def not_regular(what: str) -> Unreadable:
    return Unreadable(
        msg("not a regular file but {what}: casectl reads only regular files", what=what)
    )


def too_large(size: int, kind: Kind) -> Unreadable:
    return Unreadable(
        msg(
            "{size} KiB, past casectl's limit of {limit} for {what}",
            size=-(-size // KIB),
            limit=kind.shown_limit,
            what=kind.label,
        )
    )


def refusal(status: os.stat_result, kind: Kind) -> Unreadable | None:
    """Why a file with this ``lstat`` is not read (not a regular file, past the limit)."""
    what = what_it_is(status.st_mode)
    if what is not None:
        return not_regular(what)
    if status.st_size > kind.limit:
        return too_large(status.st_size, kind)
    return None


def read_bytes(
    path: str | os.PathLike[str],
    kind: Kind,
    *,
    follow: bool = False,
    seen: os.stat_result | None = None,
) -> bytes:
    """The bytes of the regular file at ``path``, at most ``kind.limit`` of them.

    ``follow``: a symbolic link to a regular file is read (a file the user names on the
    command line); a casebook's own files are never read through a link. ``seen``: the file's
    ``lstat``, when the caller has it (and has refused what ``refusal`` refuses). A missing
    file raises ``FileNotFoundError``; anything else that stops the read raises
    ``Unreadable``."""
    before = seen if seen is not None else _looked_at(path, kind, follow)
    try:
        fd = os.open(path, _FLAGS | (0 if follow else _NOFOLLOW))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable(msg("cannot read: {strerror}", strerror=exc.strerror)) from None
    try:
        now = os.fstat(fd)
        if os.name == "posix" and (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino):
            raise Unreadable(msg("changed while it was read; try again"))  # swapped meanwhile
        refused = refusal(now, kind)
        if refused is not None:
            raise refused
        chunks = []  # a regular file: O_NONBLOCK changes nothing about reading it
        left = kind.limit + 1  # one byte more tells a file that grew past the limit
        # Asking for its size (and a byte) rather than a mebibyte: a buffer that large is
        # mapped on its own and stays mapped once shrunk, and a process that read 100,000
        # files that way ran out of memory maps.
        step = min(max(now.st_size + 1, 4096), MIB)
        while left > 0:
            chunk = os.read(fd, min(left, step))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise Unreadable(msg("cannot read: {strerror}", strerror=exc.strerror)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > kind.limit:
        raise too_large(len(data), kind)
    return data


def _looked_at(path: str | os.PathLike[str], kind: Kind, follow: bool) -> os.stat_result:
    try:
        status = os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Unreadable(msg("cannot read: {strerror}", strerror=exc.strerror)) from None
    refused = refusal(status, kind)
    if refused is not None:
        raise refused
    return status


def read_text(path: str | os.PathLike[str], kind: Kind, *, follow: bool = False) -> str:
    """``read_bytes`` as UTF-8 text, line endings exactly as they are in the file."""
    data = read_bytes(path, kind, follow=follow)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable(msg("not UTF-8 text")) from None


def file_text(path: Path, kind: Kind, shown: str) -> str:
    """``read_text`` of a casebook file (``shown`` in messages); ``CorruptFileError`` (exit 3)
    when it cannot be read, a missing file included."""
    try:
        return read_text(path, kind)
    except Unreadable as exc:
        raise CorruptFileError(shown, exc.problem) from None
    except OSError as exc:
        raise CorruptFileError(
            shown, msg("cannot read: {strerror}", strerror=exc.strerror)
        ) from None


def exists(path: Path) -> bool:
    """Whether anything is at ``path`` (a broken link too), without following a link."""
    return os.path.lexists(path)
