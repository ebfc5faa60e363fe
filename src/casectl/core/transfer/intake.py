"""What a mail becomes: the customer it is from (through the customer profiles and their
aliases), and whether it is a new complaint, a reply to a case, or one taken in already.
Pure: the mail, the profiles and the Message-IDs the casebook holds come in.

A reply finds its case by a Message-ID it answers (``In-Reply-To``, ``References``) that a
case holds, else by a case ID in its subject (``[C-261120-7QH4K]``). A mail whose Message-ID
a case holds was taken in already: taking it in again adds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from casectl.core.customers import profile as rules
from casectl.core.customers.profile import KeyPerson, Profile, fold
from casectl.core.loop.attachments import Received
from casectl.core.transfer import mailtext
from casectl.core.transfer.mail import Email
from casectl.errors import UsageError

# Mail providers anyone may use: their domain says nothing of the customer.
PUBLIC_DOMAINS = frozenset(
    (
        "126.com",
        "139.com",
        "163.com",
        "188.com",
        "21cn.com",
        "aliyun.com",
        "aol.com",
        "foxmail.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "icloud.com",
        "live.com",
        "mac.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "qq.com",
        "sina.cn",
        "sina.com",
        "sohu.com",
        "tom.com",
        "vip.163.com",
        "vip.qq.com",
        "vip.sina.com",
        "yahoo.com",
        "yahoo.com.cn",
        "yandex.com",
        "yeah.net",
    )
)
_GENERIC_LABELS = frozenset(
    ["mail", "email", "smtp", "mx", "www", "com", "net", "org", "edu", "gov", "co", "ac", "cn"]
)


def message_key(mail: Email, raw: bytes) -> str:
    """What identifies a mail for idempotency: its Message-ID, else its bytes' SHA-256."""
    if mail.message_id:
        return mail.message_id
    return f"<sha256-{hashlib.sha256(raw).hexdigest()}@no-message-id>"


@dataclass(frozen=True)
class Guess:
    """The customer a mail is from: the name to record, its profile when one matched,
    whether the match is sure, the contact line, and names to offer when it is not."""

    customer: str
    profile: Profile | None
    sure: bool
    contact: str
    close: list[str] = field(default_factory=list)


def _person(profiles: Sequence[Profile], address: str) -> tuple[Profile, KeyPerson] | None:
    if not address:
        return None
    for profile in profiles:
        for person in profile.people:
            if person.contact and address in person.contact.casefold():
                return profile, person
    return None


def _labels(domain: str) -> list[str]:
    """The parts of a domain that may name a company: ``hdjm`` of ``mail.hdjm.com.cn``."""
    parts = domain.split(".")[:-1]
    return [p for p in parts if p and p not in _GENERIC_LABELS]


def _by_domain(profiles: Sequence[Profile], domain: str) -> list[Profile]:
    keys = {fold(domain), fold("@" + domain), *(fold(p) for p in _labels(domain))}
    found = []
    for profile in profiles:
        people = any(
            (p.contact or "").casefold().rstrip(">").endswith("@" + domain) for p in profile.people
        )
        if people or keys & profile.folded():
            found.append(profile)
    return found


def customer_of(mail: Email, profiles: Sequence[Profile]) -> Guess:
    """The customer of a mail's sender: a key person whose contact holds the address; else
    the one profile whose name or alias is the sender's domain (``hdjm.com.cn``), a part of
    it (``hdjm``), or whose key people write from it; else the one profile the sender's
    display name names. Unsure: the domain (a public mail provider's: the sender) is the
    guess, with the profiles that look alike."""
    address = mail.address.casefold()
    domain = address.rpartition("@")[2]
    person = _person(profiles, address)
    if person is not None:
        return Guess(person[0].name, person[0], True, rules.person_line(person[1]))
    public = domain in PUBLIC_DOMAINS or not domain
    found = [] if public else _by_domain(profiles, domain)
    if not found and mail.name:
        try:
            named = rules.find(profiles, mail.name)
        except UsageError:
            named = None
        found = [named] if named is not None and fold(mail.name) in named.folded() else []
    if len(found) == 1:
        chosen = found[0]
        picked = rules.pick_person(chosen, mail.name) if mail.name else None
        contact = rules.person_line(picked) if picked else mail.sender
        return Guess(chosen.name, chosen, True, contact)
    guess = (mail.name or address) if public else domain
    close = [p.name for p in found] or rules.close_matches(
        profiles, mail.name if public else (_labels(domain) or [domain])[-1]
    )
    return Guess(guess, None, False, mail.sender, close)


@dataclass(frozen=True)
class Taken:
    """One mail of an ``intake``: its file, what was done (``recorded``, ``threaded``,
    ``skipped``, ``refused``), the case, the subject, what decided (a header, the subject) and,
    when refused, why."""

    file: str
    action: str
    case: str | None = None
    subject: str = ""
    by: str = ""
    error: str | None = None


@dataclass
class Intake:
    """What ``intake`` did (or, with ``dry_run``, would do) with each mail of a folder."""

    items: list[Taken] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for i in self.items if i.action == action)


Action = Literal["record", "thread", "skip"]


@dataclass(frozen=True)
class Decision:
    """What to do with a mail: record a new case, thread it onto ``case_id``, or skip it
    (``case_id`` holds it already); ``by`` says what decided (a header, the subject)."""

    action: Action
    case_id: str | None = None
    by: str = ""


def decide(
    mail: Email, key: str, known: Mapping[str, str], exists: Callable[[str], bool]
) -> Decision:
    """``known`` maps the Message-IDs the casebook holds to their cases; ``exists`` says
    whether a case ID names a case."""
    for own in (key, mail.original_id):
        if own and own in known:
            return Decision("skip", known[own], "Message-ID")
    for header, ids in (("In-Reply-To", mail.in_reply_to), ("References", mail.references)):
        for answered in reversed(ids):  # the latest a reply names first
            if answered in known:
                return Decision("thread", known[answered], header)
    for case_id in mailtext.case_ids(mail.subject):
        if exists(case_id):
            return Decision("thread", case_id, "subject")
    return Decision("record")


def received(mail: Email, key: str, *, reply: bool, at: datetime) -> Received:
    """The mail as its case keeps it, written at ``at``; a reply keeps its own words (not the
    mail it quotes), a forward the forwarder's note."""
    words = mailtext.own_words(mail.text) if reply else (mail.note or None)
    return Received(
        message_id=key,
        at=at,
        sender=mail.sender or mail.address or "?",
        subject=" ".join(mail.subject.split()) or None,
        original_id=mail.original_id,
        forwarded_by=mail.forwarded_by,
        text=words or None,
    )
