"""Mail files on disk: an ``.eml`` read as it is, an Outlook ``.msg`` turned into the same
RFC 5322 bytes by ``extract-msg`` (an optional extra: ``pip install extract-msg`` beside casectl),
each under the size cap; and the mails of a folder or a maildir, for ``intake``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from casectl.core.sections import size_text
from casectl.errors import UsageError
from casectl.i18n import msg

OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # a compound file: what an Outlook .msg is
SUFFIXES = (".eml", ".msg")


def read(path: Path, max_size: int) -> bytes:
    """The mail in ``path`` as RFC 5322 bytes; refused when it is larger than ``max_size``
    (``mail.max_size``), cannot be read, or is a .msg without extract-msg installed."""
    try:
        size = path.stat().st_size
        if size > max_size:
            raise UsageError(
                msg(
                    "{path} is {size}, past the limit of {limit} for one mail "
                    "(casectl.yaml mail.max_size): not taken in",
                    path=path,
                    size=size_text(size),
                    limit=size_text(max_size),
                )
            )
        with open(path, "rb") as handle:
            raw = handle.read(max_size + 1)
    except OSError as exc:
        raise UsageError(
            msg("{path}: cannot read: {strerror}", path=path, strerror=exc.strerror)
        ) from None
    if raw.startswith(OLE):
        return _outlook(path, raw)
    return raw


def _outlook(path: Path, raw: bytes) -> bytes:
    """An Outlook .msg as the mail it holds, in RFC 5322 bytes."""
    try:
        import extract_msg
    except ImportError:
        raise UsageError(
            msg(
                "{path} is an Outlook .msg file: reading it needs extract-msg "
                "(pip install extract-msg, beside casectl)",
                path=path,
            )
        ) from None
    logging.getLogger("extract_msg").setLevel(logging.ERROR)  # its notes are not ours to show
    try:
        message: Any = extract_msg.openMsg(raw, delayAttachments=False)
        try:
            data: bytes = message.asEmailMessage().as_bytes()
        finally:
            message.close()
    except Exception as exc:  # a broken .msg is that file's problem: one line, no traceback
        raise UsageError(
            msg(
                "{path}: not a readable Outlook message ({problem})",
                path=path,
                problem=type(exc).__name__,
            )
        ) from None
    return data


def in_folder(folder: Path) -> list[Path]:
    """The mails of ``folder``: a maildir's ``new/`` and ``cur/`` messages, else every
    ``.eml`` and ``.msg`` in it and the folders below; hidden files left out. Sorted."""
    if not folder.is_dir():
        raise UsageError(msg("{folder}: not a folder", folder=folder))
    if (folder / "cur").is_dir() and (folder / "new").is_dir():  # a maildir
        found = [
            Path(entry.path)
            for sub in ("new", "cur")
            for entry in os.scandir(folder / sub)
            if entry.is_file() and not entry.name.startswith(".")
        ]
        return sorted(found)
    found = []
    for where, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            Path(where) / name
            for name in files
            if not name.startswith(".") and name.lower().endswith(SUFFIXES)
        ]
    return sorted(found)
