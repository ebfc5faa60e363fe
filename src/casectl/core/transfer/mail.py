"""A mail as casectl reads it: the bytes of an RFC 5322 message (an ``.eml``, or an Outlook
``.msg`` turned into one by storage) in, an ``Email`` out — or a one-line error naming what
makes it unsafe to take in. Pure: the standard library's ``email`` package, policy default.

Headers are decoded here, not by the parser alone: RFC 2047 words and raw 8-bit bytes labelled
GB2312 or GBK are read as GB18030 (their superset, which Chinese mailers use without saying),
and a header holding a line break or a control character once decoded is refused: it is how a
header injection looks. Caps hold the number and size of attachments and the length of the
text; an attachment name that climbs out of its folder is refused, any other is made safe
where it is stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime

from casectl.core.loop.attachments import traverses
from casectl.core.model import in_range
from casectl.core.sections import size_text
from casectl.core.transfer import mailtext
from casectl.errors import UsageError
from casectl.i18n import N_, msg

MAX_TEXT = 256 * 1024  # characters of a mail's text: a complaint, not a log (attach those)
_GB = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class Limits:
    """How much one mail may bring: attachments (count, bytes each) and text (characters)."""

    max_count: int
    max_size: int
    max_text: int = MAX_TEXT


@dataclass(frozen=True)
class Part:
    """An attachment: its name as it came, its media type and its bytes."""

    name: str
    type: str
    data: bytes


@dataclass(frozen=True)
class Email:
    """One mail, read. ``sender`` and ``date`` are the original's when ``forward`` says where
    they came from (``attached message`` or ``forward header``); ``forwarded_by`` is then who
    forwarded it and ``note`` the words they added."""

    message_id: str | None
    subject: str
    sender: str
    name: str
    address: str
    date: datetime | None
    text: str
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    attachments: tuple[Part, ...] = ()
    original_id: str | None = None
    forwarded_by: str | None = None
    forward: str | None = None
    note: str | None = None
    html_only: bool = False

    @property
    def title(self) -> str:
        """The subject as a case's title (no ``Re:``/``Fwd:``, no case tag), else the text's
        first line."""
        title = mailtext.clean_subject(self.subject)
        if not title:
            first = next((line for line in self.text.split("\n") if line.strip()), "")
            title = " ".join(first.split())[:80]
        return title or "(no subject)"

    @property
    def thread(self) -> tuple[str, ...]:
        """The Message-IDs this mail answers: In-Reply-To, then References."""
        return tuple(dict.fromkeys((*self.in_reply_to, *self.references)))


def codec(charset: str | None) -> str:
    """The codec to read a charset with: GB2312 and GBK as GB18030, unknown ones as UTF-8."""
    import codecs

    name = (charset or "utf-8").strip().strip('"').lower()
    name = _GB.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"
    return name


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes in their declared charset; undeclared ones as UTF-8, else GB18030."""
    if charset:
        return data.decode(codec(charset), errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def header_text(raw: str) -> str:
    """A raw header value decoded: RFC 2047 words in their charsets (GB2312 as GB18030), raw
    8-bit bytes as UTF-8 or GB18030, folding undone."""
    if any("\udc80" <= c <= "\udcff" for c in raw):  # undeclared 8-bit bytes, kept escaped
        raw = decode_bytes(raw.encode("ascii", "surrogateescape"), None)
    raw = re.sub(r"\r?\n[ \t]", " ", raw)
    if "=?" not in raw:
        return raw.strip()
    parts = []
    for chunk, charset in decode_header(raw):
        parts.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return "".join(parts).strip()


def _headers(message: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [header_text(str(v)) for k, v in message.raw_items() if k.lower() == wanted]


def _header(message: Message, name: str, where: str) -> str:
    """One header, decoded; refused when it holds a line break or a control character."""
    values = _headers(message, name)
    value = values[0] if values else ""
    if _CONTROL.search(value):
        raise UsageError(
            msg(
                "{where}: the {header} header holds a line break or a control character once "
                "decoded (a header injection): not taken in",
                where=where,
                header=name,
            )
        )
    return value.replace("\t", " ")


def display(name: str, address: str) -> str:
    """A sender as people write it: ``张敏 <zhang.min@example.com>``, or the address alone."""
    name = " ".join(name.split()).strip('"')
    return f"{name} <{address}>" if name and address else (address or name)


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        found = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if found.tzinfo is None:  # "-0000": the zone is not known; RFC 5322 reads it as UTC
        found = found.replace(tzinfo=UTC)
    return found if in_range(found) else None


def _ids(value: str) -> tuple[str, ...]:
    return tuple(_MESSAGE_ID.findall(value))


def _text(message: Message) -> tuple[str, bool]:
    """The mail's text, and whether it came from HTML (a plain part is preferred)."""
    plain = html = None
    for part in _own(message):
        if part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        data = part.get_payload(decode=True)
        body = decode_bytes(data if isinstance(data, bytes) else b"", part.get_content_charset())
        if kind == "text/plain" and plain is None:
            plain = body
        elif kind == "text/html" and html is None:
            html = body
    if plain is not None and plain.strip():
        return mailtext.tidy(plain), False
    if html is not None:
        return mailtext.html_to_text(html), True
    return "", False


def _own(message: Message) -> Iterator[Message]:
    """The leaf parts of a mail, not those of a message attached to it."""
    if message.is_multipart():
        for part in message.get_payload():
            if isinstance(part, Message) and part.get_content_type() != "message/rfc822":
                yield from _own(part)
    else:
        yield message


def _parts(message: Message) -> Iterator[Message]:
    """The parts that are attachments: named or marked so, never the mail's own text, and not
    the inside of an attached message (that travels whole)."""
    stack = [message]
    while stack:
        part = stack.pop(0)
        if part is not message and part.get_content_type() == "message/rfc822":
            yield part
            continue
        if part.is_multipart():
            inner = part.get_payload()
            stack[:0] = (
                [p for p in inner if isinstance(p, Message)] if isinstance(inner, list) else []
            )
            continue
        named = part.get_filename() is not None
        text = part.get_content_maintype() == "text" and not named
        if part is not message and (part.get_content_disposition() == "attachment" or named):
            yield part
        elif part is not message and not text and part.get_content_maintype() != "multipart":
            yield part  # an inline image with no name


def _attachments(message: Message, limits: Limits, where: str) -> list[Part]:
    found: list[Part] = []
    for n, part in enumerate(_parts(message), start=1):
        if n > limits.max_count:
            raise UsageError(
                msg(
                    "{where}: more than {count} attachments (casectl.yaml attachments.max_count): "
                    "not taken in",
                    where=where,
                    count=limits.max_count,
                )
            )
        raw_name = part.get_filename()
        name = header_text(raw_name) if raw_name else ""
        if traverses(name):
            raise UsageError(
                msg(
                    "{where}: the attachment name {name!r} climbs out of its folder (a path "
                    "traversal): not taken in",
                    where=where,
                    name=name,
                )
            )
        kind = part.get_content_type()
        if kind == "message/rfc822":
            inner = part.get_payload()
            inner_msg = inner[0] if isinstance(inner, list) and inner else None
            data = inner_msg.as_bytes() if isinstance(inner_msg, Message) else b""
            name = name or "message.eml"
        else:
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
        if len(data) > limits.max_size:
            raise UsageError(
                msg(
                    "{where}: the attachment {name!r} is {size}, past the limit of {limit} "
                    "(casectl.yaml attachments.max_size): not taken in",
                    where=where,
                    name=name or kind,
                    size=size_text(len(data)),
                    limit=size_text(limits.max_size),
                )
            )
        found.append(Part(name or _unnamed(kind, n), kind, data))
    return found


def _unnamed(kind: str, n: int) -> str:
    import mimetypes

    return f"part-{n}{mimetypes.guess_extension(kind) or '.bin'}"


def parse(raw: bytes, tz: tzinfo, limits: Limits, where: str) -> Email:
    """The mail in ``raw``; ``where`` names it in errors (its file). A forward's original
    sender and date are taken from an attached message or from the forward's header block."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    return _read(message, tz, limits, where, depth=0)


def _read(message: Message, tz: tzinfo, limits: Limits, where: str, depth: int) -> Email:
    subject = _header(message, "subject", where)
    sender = _header(message, "from", where)
    name, address = parseaddr(sender)
    message_id = _ids(_header(message, "message-id", where))
    text, html_only = _text(message)
    if len(text) > limits.max_text:
        raise UsageError(
            msg(
                "{where}: the mail's text is {size} characters, past casectl's limit of {limit}: "
                "not taken in (save the long part as a file and attach it)",
                where=where,
                size=len(text),
                limit=limits.max_text,
            )
        )
    parts = _attachments(message, limits, where)
    mail = Email(
        message_id=message_id[0] if message_id else None,
        subject=subject,
        sender=display(name, address) if address else sender,
        name=name,
        address=address.lower(),
        date=_date(_header(message, "date", where)),
        text=text,
        in_reply_to=_ids(_header(message, "in-reply-to", where)),
        references=_ids(" ".join(_headers(message, "references"))),
        attachments=tuple(parts),
        html_only=html_only,
    )
    if depth == 0 and mailtext.is_forward(subject):
        return _original(mail, tz, limits, where)
    return mail


def _original(mail: Email, tz: tzinfo, limits: Limits, where: str) -> Email:
    """A forward read as its original: from an attached message when it brings one, else
    from the header block its text quotes; as it came when neither names a sender."""
    from dataclasses import replace

    attached = [p for p in mail.attachments if p.type == "message/rfc822"]
    if len(attached) == 1:
        inner = parse_inner(attached[0].data, tz, limits, where)
        if inner.address:
            rest = tuple(p for p in mail.attachments if p is not attached[0])
            return replace(
                inner,
                attachments=(*inner.attachments, *rest),
                original_id=inner.message_id,
                message_id=mail.message_id,
                forwarded_by=mail.sender,
                forward=N_("attached message"),
                note=mail.text or None,
                subject=mail.subject,
            )
    quoted = mailtext.forwarded(mail.text)
    if quoted is None or not quoted[0].sender:
        return mail
    block, text, note = quoted
    name, address = mailtext.sender_of(block.sender or "")
    if not address and not name:
        return mail
    date = mailtext.loose_date(block.date, tz) if block.date else None
    return replace(
        mail,
        sender=display(name, address) if address else name,
        name=name,
        address=address.lower(),
        date=date if date is not None and in_range(date) else mail.date,
        text=text,
        forwarded_by=mail.sender,
        forward=N_("forward header"),
        note=note or None,
    )


def parse_inner(raw: bytes, tz: tzinfo, limits: Limits, where: str) -> Email:
    """An attached message (a forward's original), read like a mail of its own."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    return _read(message, tz, limits, where, depth=1)
