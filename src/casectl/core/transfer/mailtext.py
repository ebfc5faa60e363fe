"""The text of a mail as people wrote it: HTML made plain text (never rendered), the subject
without its ``Re:``/``Fwd:``/``回复:``/``转发:``, a case ID in it, the header blocks a forward
or a reply quotes (``-----Original Message-----``, ``From:``/``Sent:``, ``发件人:``/``发送时间:``),
and the words a reply adds above the mail it quotes. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.utils import parseaddr, parsedate_to_datetime
from html.parser import HTMLParser

# --- HTML to text -----------------------------------------------------------------------------

_BLOCKS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    )
)
_PARAGRAPHS = frozenset(
    ["blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "p", "pre", "table", "ul"]
)
_GAP = "\x1e"  # a paragraph's end, until the line breaks are counted
_HIDDEN = frozenset(("script", "style", "head", "title", "template", "noscript", "xml"))


class _Text(HTMLParser):
    """Collects the text of an HTML body: hidden parts dropped, a line break at each block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append(_GAP if tag in _PARAGRAPHS else "\n")
            if tag == "li":
                self.parts.append("- ")
            self.pre += tag == "pre"
        elif tag in ("td", "th"):
            self.parts.append("  ")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f"[{alt}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(_GAP if tag in _PARAGRAPHS else "\n")
            self.pre -= tag == "pre" and self.pre > 0

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_to_text(html: str) -> str:
    """A readable plain text of an HTML body: scripts, styles and comments dropped, a line
    break for each block (paragraph, line break, list item, table row), entities read. The
    HTML is parsed, never rendered, and nothing it names is fetched."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = re.sub(
        f"[ \n{_GAP}]*[\n{_GAP}][ \n{_GAP}]*",
        lambda m: "\n\n" if _GAP in m.group() else "\n",
        "".join(parser.parts),
    )
    return tidy(text)


def tidy(text: str) -> str:
    """Text with CRLF made LF, non-breaking spaces plain, no spaces at line ends, at most one
    empty line in a row, and none at either end."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    text = "\n".join(line.lstrip(" ") if line.strip() else "" for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


# --- subjects ---------------------------------------------------------------------------------

_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|答复|回复|回覆|转发|轉寄|转)\s*(?:\[\d+\])?\s*[:：]\s*)+",
    re.I,
)
_FORWARD = re.compile(r"^\s*(?:fwd?|wg|转发|轉寄|转)\s*[:：]", re.I)
CASE_TAG = re.compile(r"\[?\b(C-\d{6}-[0-9A-HJKMNP-TV-Z]{4,5})\b\]?", re.I)


def clean_subject(subject: str) -> str:
    """A subject as a case's title: every leading ``Re:``, ``Fwd:``, ``回复:``, ``转发:`` (and
    their kin) and any ``[C-…]`` case tag taken off, spaces made single."""
    text = " ".join(subject.split())
    while True:
        shorter = " ".join(CASE_TAG.sub(" ", _PREFIX.sub("", text)).split())
        if shorter == text:
            return text
        text = shorter


def is_forward(subject: str) -> bool:
    """Whether a subject says the mail is a forward (``Fwd:``, ``FW:``, ``转发:``)."""
    return bool(_FORWARD.match(subject))


def case_ids(subject: str) -> list[str]:
    """The case IDs a subject names (``[C-261120-7QH4K]``), upper case, in order."""
    return [m.upper() for m in CASE_TAG.findall(subject)]


# --- quoted header blocks -----------------------------------------------------------------------

_MARKERS = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|forwarded message|邮件原件|原始邮件|转发的邮件|"
    r"回复的原邮件)\s*-{2,}|begin forwarded message:?|_{10,})\s*$",
    re.I,
)
_FIELDS = {
    "from": ("from", "发件人", "寄件者", "发信人"),
    "date": ("sent", "date", "发送时间", "日期", "时间", "寄件日期", "发送日期"),
    "subject": ("subject", "主题", "主旨", "标题"),
}
_FIELD_LINE = re.compile(r"^\s*\**\s*([^\s:：*][^:：]{0,15}?)\s*\**\s*[:：]\s*(.*)$")
_WROTE = re.compile(r"^\s*(?:on\b.{4,200}\bwrote:|在.{4,200}写道[:：])\s*$", re.I)


@dataclass(frozen=True)
class Quoted:
    """A header block a mail's text quotes: who wrote the quoted mail, when, its subject, where
    its text begins (a line number) and where the block began."""

    start: int
    body: int
    sender: str | None
    date: str | None
    subject: str | None


def _field(line: str) -> tuple[str, str] | None:
    found = _FIELD_LINE.match(line)
    if not found:
        return None
    name = found.group(1).strip().casefold()
    for key, names in _FIELDS.items():
        if name in names:
            return key, found.group(2).strip()
    if name in ("to", "cc", "收件人", "抄送", "收件者", "副本"):
        return "to", found.group(2).strip()
    return None


def quoted_blocks(lines: list[str]) -> list[Quoted]:
    """Every header block in ``lines``: a marker line, or a ``From:``/``发件人:`` line with a
    date line among the next few; its fields run to the first empty line."""
    found: list[Quoted] = []
    i = 0
    while i < len(lines):
        start = i
        if _MARKERS.match(lines[i]):
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
        first = _field(lines[i]) if i < len(lines) else None
        if first is None or first[0] != "from":
            i = start + 1
            continue
        fields: dict[str, str] = {}
        j = i
        while j < len(lines) and lines[j].strip() and (got := _field(lines[j])) is not None:
            fields.setdefault(got[0], got[1])
            j += 1
        if "date" in fields or start != i:
            found.append(
                Quoted(start, j, fields.get("from"), fields.get("date"), fields.get("subject"))
            )
            i = j
        else:
            i = start + 1
    return found


def forwarded(text: str) -> tuple[Quoted, str, str] | None:
    """The original a forwarded mail's text carries: its header block (followed through
    forwards of forwards), the original's text, and the forwarder's own words above it."""
    lines = text.split("\n")
    blocks = quoted_blocks(lines)
    if not blocks:
        return None
    chosen = blocks[0]
    for block in blocks[1:]:
        if not (chosen.subject and is_forward(chosen.subject)):
            break
        chosen = block
    note = tidy("\n".join(lines[: blocks[0].start]))
    return chosen, tidy("\n".join(lines[chosen.body :])), note


def own_words(text: str) -> str:
    """What a reply says above the mail it quotes: its text up to the first quoted header
    block, ``On … wrote:`` / ``在…写道:`` line or run of ``>`` lines."""
    lines = text.split("\n")
    cut = len(lines)
    blocks = quoted_blocks(lines)
    if blocks:
        cut = blocks[0].start
    for n, line in enumerate(lines[:cut]):
        if _WROTE.match(line) or (
            line.startswith(">") and n + 1 < len(lines) and lines[n + 1].startswith(">")
        ):
            cut = n
            break
    return tidy("\n".join(lines[:cut]))


# --- who and when, as a quoted block says it ----------------------------------------------------


def sender_of(text: str) -> tuple[str, str]:
    """A quoted ``From:`` value as (name, address): ``张敏 [mailto:a@b.c]``, ``"张敏"<a@b.c>;``."""
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", text).strip().rstrip(";；,")
    name, address = parseaddr(value)
    if "@" not in address:
        found = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", value)
        address = found.group(0) if found else ""
        name = name or value.replace(address, "").strip(' <>"')
    return name.strip().strip('"'), address.strip()


_WEEKDAY = re.compile(r"[(（]?\s*(?:星期|周|週|礼拜)[一二三四五六日天]\s*[)）]?")


def loose_date(text: str, tz: tzinfo) -> datetime | None:
    """A date as a quoted header block writes it — RFC 5322, ``Friday, November 20, 2026 5:30
    PM``, ``2026年11月20日 17:30``, ``2026年11月20日(星期五) 下午5:30`` — in ``tz`` when it
    names no zone; None when it does not read as one."""
    from dateutil import parser as dateparser

    text = text.strip()
    found = None
    if re.search(r"[+-]\d{4}\b|\b(?:GMT|UTC?)\b", text):  # RFC 5322, with its zone
        try:
            found = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            found = None
    if found is None:
        words = _WEEKDAY.sub(" ", text)
        words = re.sub(r"(\d+)\s*年\s*(\d+)\s*月\s*(\d+)\s*日", r"\1-\2-\3 ", words)
        afternoon = "下午" in words or "晚上" in words
        words = re.sub(r"上午|早上|凌晨|下午|晚上|中午", " ", words).replace(" at ", " ")
        try:
            found = dateparser.parse(words, fuzzy=False)
        except (ValueError, OverflowError):
            return None
        if afternoon and found.hour < 12:
            found = found.replace(hour=found.hour + 12)
    if found.tzinfo is None:
        found = found.replace(tzinfo=tz)
    return found
