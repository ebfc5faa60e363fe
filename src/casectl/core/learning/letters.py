"""Letters to the customer, from templates. Pure apart from reading the template text it is given.

A template names fields as ``${case.title}``; only the fields ``fields`` builds exist, each a
plain string computed from the case (no attribute access, no code). A field the case has not
recorded yet (no root cause for an apology, say) is an error naming the field and the template.
``$$`` writes a dollar sign. Paragraph fields (``*.paragraph``) are always defined and empty
when there is nothing to say, so bundled templates work at every stage they fit.
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from typing import Any

from casectl.core import lifecycle
from casectl.core.clocks.sla import follow_up_due
from casectl.core.config import Config
from casectl.core.model import Case, one_of
from casectl.errors import UsageError
from casectl.i18n import msg

KINDS = ("acknowledgement", "apology", "progress", "closure")
LANGS = ("zh", "en")


class LetterTemplate(string.Template):
    """``${a.b}`` placeholders: lower-case names joined by dots."""

    idpattern = r"(?a:[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*)"
    flags = re.RegexFlag(0)  # case-sensitive: ``${Case.Title}`` is not a field


CAUSE_WORDS = {
    "zh": {
        "requirement": "我们对您的需求理解有偏差",
        "defect": "我们的软件存在缺陷",
        "deployment": "我们在部署或配置时出现了问题",
        "communication": "我们的沟通不到位",
        "process": "我们的工作流程存在疏漏",
        "customer-change": "系统环境或需求发生了变化",
        "third-party": "第三方的产品或服务出现了问题",
        "other": "其他原因",
    },
    "en": {
        "requirement": "we misunderstood what you needed",
        "defect": "a defect in our software",
        "deployment": "a mistake in how we deployed or configured the system",
        "communication": "our communication fell short",
        "process": "a gap in our process",
        "customer-change": "a change in the environment or requirements",
        "third-party": "a problem in a third party's product or service",
        "other": "other circumstances",
    },
}

PHRASES = {
    "zh": {
        "bullet": "· ",
        "done": "我们已完成以下措施：",
        "planned": "接下来我们还将：",
        "compensation": "为表歉意，我们将为您提供：",
        "follow_up": "我们将在 {date} 前回访，确认问题不再发生。",
        "promises": "我们承诺：",
        "by": "（于 {date} 前）",
        "dear": "尊敬的客户",
    },
    "en": {
        "bullet": "- ",
        "done": "What we have done:",
        "planned": "What we will do next:",
        "compensation": "To make up for the trouble, we offer you:",
        "follow_up": "We will visit you by {date} to make sure the problem stays solved.",
        "promises": "We promise:",
        "by": " (by {date})",
        "dear": "Customer",
    },
}


def _date(at: datetime | None, tz: Any) -> str | None:
    return at.astimezone(tz).date().isoformat() if at else None


def _list(head: str, items: list[str], bullet: str) -> str:
    return "\n".join([head, *[bullet + i for i in items]]) if items else ""


def contact_name(contact: str | None) -> str | None:
    if not contact:
        return None
    from casectl.core.learning.kb import contact_names

    names = contact_names(contact)
    return names[0] if names else None


def fields(case: Case, config: Config, now: datetime, lang: str) -> dict[str, str | None]:
    """Every field a template may name, as text; None where the case has no value yet."""
    tz, words = config.tz, PHRASES[lang]
    inv, res, rel = case.investigation, case.resolution, case.relationship
    people = {p.id: p for p in config.people}
    owner = people.get(case.owner or "")
    done = [a.what for a in case.actions if a.done_at]
    planned = [a.what for a in case.actions if a.is_open]
    open_promises = [p for p in (case.response.promises if case.response else []) if not p.kept_at]
    due = follow_up_due(case, config) if lifecycle.is_resolved(case) else None
    latest = max(case.updates, key=lambda u: u.at, default=None)
    progress = (
        latest.summary
        if latest
        else (inv.findings[-1].text if inv.findings else None)
        or (case.response.summary if case.response else None)
    )
    return {
        "case.id": case.id,
        "case.title": case.title,
        "case.description": (case.description or "").strip() or None,  # internal: opt in
        "case.what_happened": case.title,  # the customer's words, never the description
        "case.impact": case.impact,
        "case.received_date": _date(case.received_at, tz),
        "case.priority": case.priority.value,
        "case.category": case.category.value,
        "customer.name": case.customer.name,
        "customer.contact": case.customer.contact,
        "customer.contact_name": contact_name(case.customer.contact),
        "customer.greeting": contact_name(case.customer.contact) or words["dear"],
        "response.summary": case.response.summary if case.response else None,
        "response.date": _date(case.response.at, tz) if case.response else None,
        "cause.text": (inv.root_cause or "").strip() or None,
        "cause.plain": CAUSE_WORDS[lang].get(inv.cause.value) if inv.cause else None,
        "cause.category": inv.cause.value if inv.cause else None,
        "progress.summary": progress,
        "progress.date": _date(latest.at if latest else None, tz),
        "actions.done": "\n".join(words["bullet"] + a for a in done) or None,
        "actions.planned": "\n".join(words["bullet"] + a for a in planned) or None,
        "actions.paragraph": "\n\n".join(
            p
            for p in (
                _list(words["done"], done, words["bullet"]),
                _list(words["planned"], planned, words["bullet"]),
            )
            if p
        ),
        "promises.paragraph": _list(
            words["promises"],
            [p.what + words["by"].format(date=_date(p.due, tz)) for p in open_promises],
            words["bullet"],
        ),
        "resolution.summary": (res.summary or "").strip() or None,
        "resolution.date": _date(res.at, tz) if lifecycle.is_resolved(case) else None,
        "compensation.list": "\n".join(words["bullet"] + c for c in rel.compensation) or None,
        "compensation.paragraph": _list(words["compensation"], rel.compensation, words["bullet"]),
        "follow_up.date": _date(due, tz),
        "follow_up.paragraph": words["follow_up"].format(date=_date(due, tz)) if due else "",
        "apology.ref": rel.apology.ref if rel.apology else None,
        "owner.id": case.owner,
        "owner.name": (owner.name if owner and owner.name else case.owner),
        "owner.email": owner.email if owner else None,
        **sign_off(config, owner.name if owner and owner.name else case.owner, owner),
        "today": _date(now, tz),
    }


def sign_off(config: Config, owner_name: str | None, owner: Any) -> dict[str, str | None]:
    """The letter's closing: the signer's name, title and company (``letters.sign_off`` in
    casectl.yaml; the name and title default to the owner's), and the three as lines."""
    said = config.letters.sign_off
    name = said.name or owner_name
    title = said.title or (owner.role if owner is not None else None)
    lines = [line for line in (name, title, said.company) if line]
    return {
        "sign_off.name": name,
        "sign_off.title": title,
        "sign_off.company": said.company,
        "sign_off.block": "\n".join(lines),
    }


def check(kind: str, lang: str) -> tuple[str, str]:
    """The letter kind and language asked for, checked against those there are templates for."""
    return one_of(kind, KINDS, "kind"), one_of(lang, LANGS, "lang")


def render(text: str, source: str, values: dict[str, str | None], case_id: str) -> str:
    """``text`` with its fields filled in; unknown, malformed or missing fields are errors."""
    template = LetterTemplate(text)
    if not template.is_valid():
        bad = _first_invalid(text)
        raise UsageError(
            msg(
                "{source}: malformed placeholder near {bad!r} (use ${{case.title}}; $$ "
                "for a dollar sign)",
                source=source,
                bad=bad,
            )
        )
    for name in template.get_identifiers():
        if name not in values:
            raise UsageError(
                msg("{source}: unknown field ${{{name}}}", source=source, name=name),
                hint=msg("docs/letters.md lists the fields a template can use"),
            )
        if values[name] is None:
            raise UsageError(
                msg(
                    "{source}: field ${{{name}}} has no value in case {case_id} yet "
                    "(record it first, or use another template)",
                    source=source,
                    name=name,
                    case_id=case_id,
                )
            )
    filled = template.substitute({k: v for k, v in values.items() if v is not None})
    return _tidy(filled)


def _first_invalid(text: str) -> str:
    for match in LetterTemplate.pattern.finditer(text):
        if match.group("invalid") is not None:
            start = match.start("invalid")
            return text[start : start + 20]
    return text[:20]  # pragma: no cover - is_valid() said there is one


def _tidy(text: str) -> str:
    """Empty paragraph fields leave no run of blank lines behind."""
    lines: list[str] = []
    for line in text.splitlines():
        if not line.strip() and lines and not lines[-1].strip():
            continue
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n") + "\n"


def letter(case: Case, config: Config, now: datetime, lang: str, template: str, source: str) -> str:
    """The letter for ``case`` from ``template`` (its text, and where it came from)."""
    return render(template, source, fields(case, config, now, lang), case.id)
