"""The case library: reviewed cases published for newcomers to learn from. Pure.

An entry holds the symptom (title, description), the root cause, what fixed it (the resolution
and the actions), lessons and prevention. ``search`` wants every word of the query somewhere in
an entry (case-insensitive substring, so Chinese, which has no spaces, matches too).
``Redactor`` takes out customer names, contacts, emails, phone numbers and people's names, in
every spelling that folds as they do (``Beta Corp`` also as ``BetaCorp``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from casectl.core import lifecycle
from casectl.core.config import Config
from casectl.core.model import Case
from casectl.core.names import fold, loose_parts, loose_pattern


def published(cases: Iterable[Case]) -> list[Case]:
    """Reviewed cases whose review put them into the library, oldest first."""
    chosen = [c for c in cases if c.review.publish and lifecycle.is_reviewed(c)]
    return sorted(chosen, key=lambda c: (c.received_at.timestamp(), c.id))


def entry(case: Case, tz: Any) -> dict[str, Any]:
    """One library entry as JSON-ready data."""
    inv = case.investigation
    fixed = [
        {
            "what": a.what,
            "horizon": a.horizon.value,
            "owner": a.owner,
            "status": "done" if a.done_at else "cancelled" if a.cancelled_at else "open",
            "verification": a.verification,
        }
        for a in case.actions
    ]
    return {
        "id": case.id,
        "title": case.title,
        "customer": case.customer.name,
        "contact": case.customer.contact,
        "received": case.received_at.astimezone(tz).date().isoformat(),
        "category": case.category.value,
        "priority": case.priority.value,
        "tags": list(case.tags),
        "owner": case.owner,
        "people": list(case.people),
        "symptom": case.description or case.title,
        "impact": case.impact,
        "findings": [f.text for f in inv.findings],
        "root_cause": inv.root_cause,
        "cause": inv.cause.value if inv.cause else None,
        "attribution": inv.attribution.value if inv.attribution else None,
        "resolution": case.resolution.summary,
        "attachments": [  # the evidence kept in the casebook: links relative to its root
            {"name": a.name, "path": a.path, "size": a.size, "type": a.type}
            for a in case.attachments
        ],
        "confirmed_by": case.resolution.confirmed_by,
        "actions": fixed,
        "lessons": list(case.review.lessons),
        "prevention": list(case.review.prevention),
        "reviewed_by": case.review.by,
    }


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "\n".join(_text(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value)
    return "" if value is None else str(value)


def search(
    entries: Iterable[dict[str, Any]],
    text: str = "",
    *,
    category: str | None = None,
    cause: str | None = None,
    tags: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Entries holding every word of ``text`` and matching the filters."""
    words = [w.casefold() for w in text.split()]
    found = []
    for item in entries:
        if category and item["category"] != category:
            continue
        if cause and item["cause"] != cause:
            continue
        if tags and not set(tags) <= set(item["tags"]):
            continue
        haystack = _text({k: item[k] for k in SEARCHED}).casefold()
        if all(w in haystack for w in words):
            found.append(item)
    return found


# What an entry says that its case's JSON does not hold as such: an action's status.
DERIVED_WORDS = "\nopen\ndone\ncancelled"
ESCAPED_IN_JSON = re.compile(r'["\\\x00-\x1f]')


def may_hold(text: str) -> Callable[[str], bool] | None:
    """What tells, from a case's JSON alone, that its entry cannot hold every word of
    ``text`` (so ``search`` need not build it): every word ``search`` finds in an entry lies
    in one of its texts, each of which is the case's own text or an action's status. None
    when there is no word, or a word JSON would write escaped (a quote, a backslash)."""
    words = [w.casefold() for w in text.split()]
    if not words or any(ESCAPED_IN_JSON.search(w) for w in words):
        return None

    def holds(case_json: str) -> bool:
        folded = (case_json + DERIVED_WORDS).casefold()
        return all(w in folded for w in words)

    return holds


SEARCHED = (
    "id",
    "title",
    "symptom",
    "findings",
    "root_cause",
    "cause",
    "resolution",
    "actions",
    "lessons",
    "prevention",
    "tags",
)


# --- redaction --------------------------------------------------------------------------------

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_LIKE = re.compile(r"(?<![\w-])\+?\d[\d\s()-]{5,}\d(?![\w])")
DATE_LIKE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2})?$")


def _phone(match: re.Match[str]) -> bool:
    """A run of digits that is a phone number: seven digits or more, and not a date."""
    found = match.group(0).strip()
    return sum(ch.isdigit() for ch in found) >= 7 and not DATE_LIKE.match(found)


_COMPANY_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    " co., ltd.",
    " co., ltd",
    " co. ltd",
    " ltd.",
    " ltd",
    " inc.",
    " inc",
    " gmbh",
    " llc",
)
_LABELS = {"customer": "[customer]", "contact": "[contact]", "person": "[person]"}
_LABELS_FOLDED = {label.casefold() for label in _LABELS.values()}


def contact_names(contact: str) -> list[str]:
    """The names in a contact line such as ``张敏 (财务经理) <zhang.min@example.com>``."""
    text = EMAIL.sub(" ", contact)
    text = PHONE_LIKE.sub(lambda m: " " if _phone(m) else m.group(0), text)
    text = re.sub(r"[(（\[<].*?[)）\]>]", " ", text)
    parts = re.split(r"[,;/，；、|]|\s{2,}|\s+(?:and|和)\s+", text)
    return [p.strip(" .:：-") for p in parts if len(p.strip(" .:：-")) >= 2]


@dataclass
class Redactor:
    """Knows the identifying strings of a set of cases and replaces them by placeholders."""

    names: dict[str, str] = field(default_factory=dict)  # string -> kind
    removed: Counter[str] = field(default_factory=Counter)  # kind -> distinct strings removed
    _seen: set[tuple[str, str]] = field(default_factory=set)
    _refused: set[str] = field(default_factory=set)  # values that are no name to find
    _first: re.Pattern[str] | None = None  # a character a name can begin with
    _names: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list)
    _by_first: dict[str, tuple[re.Pattern[str], list[str]] | None] = field(default_factory=dict)

    @classmethod
    def for_cases(
        cls, cases: Iterable[Case], config: Config, customers: Iterable[str] = ()
    ) -> Redactor:
        """A redactor that knows the team's people, and the customers, contacts and people
        ``cases`` name; ``customers``: the customers' other names (their profiles' names and
        aliases), which a case's text may use though its customer field spells another."""
        redactor = cls()
        for name in customers:
            redactor.add(name, "customer")
        for person in config.people:
            for value in (person.id, person.name, person.email):
                redactor.add(value, "person")
        for case in cases:
            redactor.add(case.customer.name, "customer")
            for suffix in _COMPANY_SUFFIXES:
                if case.customer.name.casefold().endswith(suffix):
                    redactor.add(case.customer.name[: -len(suffix)].strip(), "customer")
            if case.customer.contact:
                redactor.add(case.customer.contact, "contact")
                for name in contact_names(case.customer.contact):
                    redactor.add(name, "contact")
            for name in _people(case):
                redactor.add(name, "person")
        return redactor

    def add(self, value: str | None, kind: str) -> None:
        value = (value or "").strip()
        if value in self.names or value in self._refused:  # a case's people come back often
            return
        if len(loose_parts(value)) < 2 or value.casefold() in _LABELS_FOLDED:
            self._refused.add(value)  # no two characters that show, or a placeholder
            return
        self.names[value] = kind
        self._first = None

    def alternatives(self) -> list[tuple[str, str]]:
        """Each name as the pattern that finds it (``loose_pattern``: Beta Corp also as
        BetaCorp, ＢｅｔａＣｏｒｐ; an ASCII name not inside a longer word: li.wei not in
        coli.weight), and its kind, the longest names first."""
        found = []
        for name in sorted(self.names, key=len, reverse=True):
            body = loose_pattern(name)
            if name.isascii():
                body = rf"(?<![\w.]){body}(?![\w])"
            found.append((body, self.names[name]))
        return found

    def _known(self, value: str) -> str:
        """``value`` with every known name replaced: what one pattern of every name, longest
        first, replaces (``alternatives``), found faster. At each place where a name can begin
        (``_first``), only the names that begin with the character there are tried — the
        others cannot match there — in the same order."""
        if self._first is None:
            self._names, self._by_first = [], {}
            parts = []
            for name, (body, kind) in zip(
                sorted(self.names, key=len, reverse=True), self.alternatives(), strict=True
            ):
                first = loose_parts(name)[0]
                parts.append(first)
                self._names.append((re.compile(first, re.IGNORECASE), body, kind))
            self._first = re.compile("|".join(sorted(set(parts))) or r"(?!)", re.IGNORECASE)
        out: list[str] = []
        done = at = 0
        while (begins := self._first.search(value, at)) is not None:
            i = begins.start()
            names = self._beginning(value[i])
            found = names[0].match(value, i) if names is not None else None
            if found is None:
                at = i + 1
                continue
            kind = names[1][(found.lastindex or 1) - 1] if names is not None else ""
            out += [value[done:i], self._note(kind, found.group(0), _LABELS[kind])]
            done = at = found.end()
        return "".join([*out, value[done:]]) if out else value

    def _beginning(self, ch: str) -> tuple[re.Pattern[str], list[str]] | None:
        """One pattern of the names that can begin with ``ch``, in order, and their kinds."""
        if ch not in self._by_first:
            chosen = [(body, kind) for first, body, kind in self._names if first.fullmatch(ch)]
            pattern = re.compile("|".join(f"({body})" for body, _ in chosen), re.IGNORECASE)
            self._by_first[ch] = (pattern, [kind for _, kind in chosen]) if chosen else None
        return self._by_first[ch]

    def text(self, value: str) -> str:
        """``value`` with every known name, email and phone number replaced."""
        value = self._known(value)
        value = EMAIL.sub(lambda m: self._note("email", m.group(0), "[email]"), value)
        return PHONE_LIKE.sub(
            lambda m: self._note("phone", m.group(0), "[phone]") if _phone(m) else m.group(0), value
        )

    def _note(self, kind: str, found: str, label: str = "") -> str:
        """Count ``found`` once per kind; give back its placeholder."""
        if (kind, fold(found)) not in self._seen:
            self._seen.add((kind, fold(found)))
            self.removed[kind] += 1
        return label

    def data(self, value: Any) -> Any:
        """Every string inside ``value`` (dicts, lists) redacted."""
        if isinstance(value, dict):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.data(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def summary(self) -> str:
        """What was removed, e.g. ``2 customer names, 1 email``."""
        words = {
            "customer": "customer name",
            "contact": "contact",
            "person": "person's name",
            "email": "email address",
            "phone": "phone number",
        }
        parts = [
            f"{self.removed[k]} {words[k]}{'s' if self.removed[k] != 1 else ''}"
            for k in words
            if self.removed[k]
        ]
        return ", ".join(parts).replace("person's names", "people's names") or "nothing"


def _people(case: Case) -> list[str]:
    """Everyone a case names: owner, people, confirmed_by and every ``by``."""
    found: list[str | None] = [case.owner, *case.people, case.resolution.confirmed_by]
    found += [case.response.by] if case.response else []
    found += [e.by for e in case.investigation.evidence]
    found += [f.by for f in case.investigation.findings]
    found += [a.owner for a in case.actions] + [u.by for u in case.updates]
    found += [case.resolution.by, case.relationship.by, case.review.by]
    follow = case.relationship.follow_up
    found += [follow.by] if follow else []
    found += [e.by for e in case.escalations] + [e.to for e in case.escalations]
    found += [n.by for n in case.notes] + [p.by for p in case.pauses]
    found += [r.by for r in case.reopenings] + [t.by for t in case.timeline]
    found += [case.closed.by] if case.closed else []
    return [f for f in found if f]


def redact(entries: Sequence[dict[str, Any]], redactor: Redactor) -> list[dict[str, Any]]:
    """Entries with identifying strings replaced; customer and contact fields emptied."""
    out = []
    for item in entries:
        for key, kind in (("customer", "customer"), ("contact", "contact")):
            if item.get(key):
                redactor._note(kind, item[key])
        cleaned = redactor.data({k: v for k, v in item.items() if k not in ("customer", "contact")})
        out.append({**cleaned, "customer": _LABELS["customer"], "contact": None})
    return out


# --- Markdown -------------------------------------------------------------------------------
