"""Files kept as evidence, and the customer's mails, on a case: the safe name and home of an
attached file, ``attach`` and ``add_mail``. Pure: the files' bytes are written by
``storage.attachments``; here only their names, hashes and sizes count.

An attachment lies at ``attachments/<case ID>/<first 16 hex digits of its SHA-256>-<safe
name>``: one folder a case, named by content, the original name kept in the case. The same
content attached to a case twice is kept once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from casectl.core import events
from casectl.core.ids import next_item_id
from casectl.core.layout import ATTACHMENTS_DIR
from casectl.core.lifecycle import is_waiting
from casectl.core.loop.steps import Who, build, changed_copy, copied, log_event
from casectl.core.model import Attachment, Case, Mail
from casectl.errors import UsageError
from casectl.i18n import msg

HASH_CHARS = 16  # of the SHA-256 in a file's name: 64 bits, no clash within one case
NAME_BYTES = 120  # of the safe name in UTF-8: the whole path stays well under 255 a part

# Characters no file name may hold on some system: path separators, Windows' reserved ones,
# controls, and the bidirectional overrides that make "txt.exe" look like "exe.txt".
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$", re.I)


def traverses(name: str) -> bool:
    """Whether a file name as it came tries to climb out of a folder (``../x``, ``..\\x``)."""
    return any(part.strip() == ".." for part in re.split(r"[/\\]", name))


def safe_name(name: str) -> str:
    """A name as a file may be called in every casebook clone: its last path part, every
    unsafe or invisible character made ``_``, no leading or trailing dots or spaces, not a
    name Windows reserves (``CON``, ``NUL.txt``), at most ``NAME_BYTES`` bytes with its
    extension kept. The one rule for names that come from outside (mails, files); when the
    casebook's name rules gather in ``core.names``, this calls them."""
    last = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    text = _UNSAFE.sub("_", last).strip(" .")
    stem, dot, extension = text.rpartition(".")
    if not dot:
        stem, extension = text, ""
    if _RESERVED.match(stem.strip()):
        text = "_" + text
    if len(text.encode("utf-8")) > NAME_BYTES:
        tail = ("." + extension)[:16] if dot else ""
        room = NAME_BYTES - len(tail.encode("utf-8"))
        head = text[: len(text) - len(tail)] if tail else text
        while len(head.encode("utf-8")) > room:
            head = head[:-1]
        text = head.rstrip(" .") + tail
    return text or "attachment"


def home(case_id: str, sha256: str, name: str) -> str:
    """Where a file lies in the casebook, relative to its root."""
    file = f"{sha256[:HASH_CHARS]}-{safe_name(name)}"
    return PurePosixPath(ATTACHMENTS_DIR, case_id.upper(), file).as_posix()


@dataclass(frozen=True)
class File:
    """A file to attach, as the case keeps it (its bytes are storage's)."""

    name: str
    sha256: str
    size: int
    type: str | None = None


def _add_files(
    case: Case, who: Who, files: Sequence[File], mail: str | None
) -> tuple[list[str], list[str]]:
    """The files appended to ``case.attachments`` (changed in place); the ids added and the
    names of files the case already held (same content: kept once)."""
    added, again = [], []
    held = {a.sha256 for a in case.attachments}
    for file in files:
        if file.sha256 in held:
            again.append(file.name)
            continue
        tid = next_item_id("t", (a.id for a in case.attachments), who.pick)
        item = build(
            Attachment,
            id=tid,
            name=file.name,
            path=home(case.id, file.sha256, file.name),
            sha256=file.sha256,
            size=file.size,
            type=file.type,
            mail=mail,
            at=who.at,
            by=who.by,
        )
        case.attachments.append(item)
        held.add(file.sha256)
        added.append(tid)
        log_event(case, who, events.AttachmentAdded(attachment=tid), file.name)
    return added, again


def attach(case: Case, who: Who, files: Sequence[File]) -> tuple[Case, list[str], list[str]]:
    """Files kept as evidence on an open case: the changed case, the ids added, and the names
    of those it held already."""
    if not files:
        raise UsageError(msg("name at least one file to attach"))
    new = changed_copy(case, "attach files to", who)
    added, again = _add_files(new, who, files, None)
    return new, added, again


@dataclass(frozen=True)
class Received:
    """A mail as a case keeps it (``model.Mail`` without its id)."""

    message_id: str
    at: datetime
    sender: str
    subject: str | None = None
    original_id: str | None = None
    forwarded_by: str | None = None
    text: str | None = None


def add_mail(
    case: Case, who: Who, mail: Received, files: Sequence[File] = ()
) -> tuple[Case, str, list[str]]:
    """A mail from the customer's side kept on the case with its attachments; on a closed case
    too (it is a record of what arrived, not a step: ``reopen`` is the engineer's call). A case
    waiting on the customer stops waiting when the customer's mail was written after the
    pause began. The changed case, the mail's id and the attachment ids added."""
    new = copied(case)
    cid = next_item_id("c", (m.id for m in new.mails), who.pick)
    item = build(
        Mail,
        id=cid,
        message_id=mail.message_id,
        original_id=mail.original_id,
        at=mail.at,
        sender=mail.sender,
        subject=mail.subject,
        forwarded_by=mail.forwarded_by,
        text=mail.text,
        by=who.by,
    )
    new.mails.append(item)
    arrived = Who(at=mail.at, by=who.by)
    log_event(new, arrived, events.MailReceived(mail=cid), f"{mail.sender}: {mail.subject or ''}")
    added, _ = _add_files(new, who, files, cid)
    pause = next((p for p in new.pauses if p.end is None), None)
    if is_waiting(new) and pause is not None and mail.at >= pause.start:
        pause.end = mail.at
        log_event(new, arrived, events.Resumed(), f"the customer wrote (mail {cid})")
    return new, cid, added
