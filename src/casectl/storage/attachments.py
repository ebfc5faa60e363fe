"""Attachment files on disk: kept under ``attachments/<case ID>/`` by content (the names and
the rule are ``core.loop.attachments``'), written atomically, each content once; read from the
user's disk for ``attach`` under the size cap; checked for ``validate``.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casectl.core.layout import ATTACHMENTS_DIR
from casectl.core.loop.attachments import File, home
from casectl.core.sections import size_text
from casectl.errors import CasebookError, UsageError
from casectl.i18n import msg
from casectl.storage.files import atomic_write_bytes


@dataclass(frozen=True)
class Content:
    """A file to keep: its name as it came, its media type and its bytes."""

    name: str
    type: str | None
    data: bytes

    def file(self) -> File:
        sha = hashlib.sha256(self.data).hexdigest()
        return File(name=self.name, sha256=sha, size=len(self.data), type=self.type)


def read_local(path: Path, max_size: int) -> Content:
    """A file the user names (``attach ID FILE``): refused when it is not a regular file or
    is larger than ``max_size``; never unpacked (an archive stays an archive)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise UsageError(
            msg("{path}: cannot read: {strerror}", path=path, strerror=exc.strerror)
        ) from None
    if not path.is_file():
        raise UsageError(msg("{path}: not a file", path=path))
    if info.st_size > max_size:
        raise UsageError(
            msg(
                "{path} is {size}, past the limit of {limit} (casectl.yaml attachments.max_size)",
                path=path,
                size=size_text(info.st_size),
                limit=size_text(max_size),
            )
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as exc:
        raise UsageError(
            msg("{path}: cannot read: {strerror}", path=path, strerror=exc.strerror)
        ) from None
    if len(data) > max_size:  # it grew meanwhile
        raise UsageError(msg("{path} grew past the size limit while it was read", path=path))
    kind = mimetypes.guess_type(path.name)[0]
    return Content(name=path.name, type=kind, data=data)


def keep(root: Path, case_id: str, contents: Sequence[Content]) -> list[Path]:
    """Write each content to its home in the casebook unless a file holds it there already;
    the files this call created (to remove again if the case cannot be written)."""
    made: list[Path] = []
    try:
        for content in contents:
            file = content.file()
            path = root / home(case_id, file.sha256, file.name)
            if not path.parent.resolve().is_relative_to(root.resolve()):
                raise CasebookError(
                    msg(
                        "{folder} lies outside the casebook (a symbolic link?): refusing to "
                        "write there",
                        folder=path.parent,
                    )
                )
            if path.is_file() and _sha256(path) == file.sha256:
                continue
            atomic_write_bytes(path, content.data)
            made.append(path)
    except OSError as exc:
        remove(made)
        raise CasebookError(
            msg("cannot write an attachment ({strerror}); nothing was kept", strerror=exc.strerror)
        ) from None
    except BaseException:
        remove(made)
        raise
    return made


def remove(paths: Iterable[Path]) -> None:
    """Remove files ``keep`` made (and their folder when it is left empty)."""
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check(root: Path, path: str, sha256: str, size: int) -> str | None:
    """What is wrong with one attachment's file, or None: missing, another size, another
    content."""
    full = root / path
    try:
        info = full.stat()
    except OSError:
        return "the file is missing"
    if not full.is_file() or full.is_symlink():
        return "not a regular file"
    if info.st_size != size:
        return f"the file has {info.st_size} bytes, the case says {size}"
    if _sha256(full) != sha256:
        return "the file's content does not match its SHA-256"
    return None


def stored(root: Path) -> list[str]:
    """Every file under ``attachments/``, relative to the casebook (``/``-separated)."""
    found = []
    for folder, dirs, files in os.walk(root / ATTACHMENTS_DIR):
        dirs[:] = sorted(dirs)
        base = Path(folder).relative_to(root).as_posix()
        found += [f"{base}/{name}" for name in sorted(files)]
    return found


def problems(
    root: Path, named: dict[str, list[list[Any]]], *, everything: bool
) -> list[tuple[str, str | None, str]]:
    """What ``validate`` finds wrong with attachments: for each case file (by the name it is
    shown by) and its attachments ``[path, sha256, size]``, a file missing or not matching
    its hash; with ``everything``, also files under ``attachments/`` no case names. Each is
    ``(file, field, message)``."""
    found: list[tuple[str, str | None, str]] = []
    for shown, files in sorted(named.items()):
        for n, (path, sha256, size) in enumerate(files):
            problem = check(root, path, sha256, size)
            if problem is not None:
                found.append((shown, f"attachments[{n}]", f"{path}: {problem}"))
    if everything:
        kept = {path for files in named.values() for path, _, _ in files}
        for path in stored(root):
            if path not in kept and not path.rsplit("/", 1)[-1].startswith("."):
                found.append((path, None, "no case names this file: attach it, or delete it"))
    return found
