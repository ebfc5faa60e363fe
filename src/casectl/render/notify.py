"""Notification messages: short, naming the case, the clock, how far over, the owner and the
command to look. Pure text; titles and text from case files neutralised (control characters
shown, markup escaped where the target renders Markdown)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from casectl.core.config import Config
from casectl.core.teamwork.notify import Event, handle
from casectl.i18n import N_, _
from casectl.render.clocks import clock_label, remaining_shown
from casectl.render.text import md_cell, one_line

# Targets that render Markdown; the others get plain text.
MARKDOWN = frozenset({"wecom", "dingtalk", "slack", "teams", "telegram", "webhook"})

HEADINGS = {
    "breach": N_("SLA breached"),
    "warning": N_("SLA due soon"),
    "promise-due": N_("Promise due soon"),
    "follow-up-due": N_("Follow-up visit due soon"),
    "escalation": N_("Escalated"),
    "new-urgent": N_("New urgent complaint"),
    "contact-due": N_("Customer due a contact"),
}


# What a target reads as a mention or a link, wherever it stands in a message: a tag (Feishu
# and Lark's ``<at user_id="all">``, Slack's ``<!channel>``, ``<@U123>``, WeCom's ``<@id>``),
# a word after @ that pings a whole group (WeCom and DingTalk read ``@all``, ``@所有人``), and a
# Markdown link, which every target that renders Markdown would make a link of.
_GROUP_PING = re.compile(r"@(?=(?:all|everyone|here|channel|所有人)\b|所有人)", re.IGNORECASE)
_LINK = re.compile(r"\]\s*\(")


def neutral(service: str, text: str) -> str:
    """Text from a case made safe for ``service``: controls shown, on one line, and no mention,
    group ping or link it would act on — markup escaped where the target renders Markdown,
    ``<`` ``>`` as Slack's ``&lt;`` ``&gt;`` there, full-width in plain text (Feishu, Lark),
    a group ping's ``@`` as ``＠``, and ``](`` parted. The one neutraliser of notification
    text."""
    if service == "slack":  # Slack's escaping: &, <, > as entities, shown as the characters
        text = one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    elif service in MARKDOWN:  # <, > and [ ] escaped as Markdown; WeCom reads <@id> even so
        if service in ("wecom", "dingtalk"):
            text = text.replace("<", "＜").replace(">", "＞")
        text = md_cell(text)
    else:  # plain text: Feishu and Lark read <at …> tags in it
        text = one_line(text).replace("<", "＜").replace(">", "＞")
    text = _GROUP_PING.sub("＠", text)
    return _LINK.sub("] (", text)


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    markdown: bool


def mention(service: str, who: str) -> str:
    """How ``service`` mentions a person by handle."""
    if service == "slack":
        return f"<@{who}>"
    if service == "wecom":
        return f"<@{who}>"
    if service in ("feishu", "lark"):
        return f'<at user_id="{who}"></at>'
    return f"@{who}"


def message(event: Event, config: Config, service: str) -> Message:
    """One event as ``service`` shows it."""
    markdown = service in MARKDOWN

    def text(value: str) -> str:
        return neutral(service, value)

    subject = event.subject
    title = _("[casectl] {heading}: {case}").format(
        heading=_(HEADINGS[event.kind]), case=subject.id
    )
    case_line = f"{subject.id} ({subject.priority}) {text(subject.customer)}: {text(subject.title)}"
    if event.kind == "contact-due":
        title = _("[casectl] {heading}: {case}").format(
            heading=_(HEADINGS[event.kind]), case=neutral(service, subject.customer)
        )
        said = _("{customer}: nobody has contacted them within their rhythm")
        case_line = said.format(customer=text(subject.customer))
    lines = [f"**{case_line}**" if markdown else case_line]
    if event.clock is not None:
        clock = event.clock
        due = clock.due.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")
        name = clock_label(clock)
        name = name.replace("_", " ") if name == clock.name else name
        said = _("{clock}: {remaining} (due {due})")
        lines.append(said.format(clock=name, remaining=remaining_shown(clock), due=due))
    if event.to is not None:
        said = _("to {to}: {reason}")
        lines.append(said.format(to=text(event.to), reason=text(event.reason or "")))
    if event.owner:
        handle_of = handle(config, event.owner, service)
        who = text(event.owner) + (f" {mention(service, handle_of)}" if handle_of else "")
        lines.append(_("owner: {owner}").format(owner=who))
    look = f"casectl show {subject.id}"
    command = f"`{look}`" if markdown else look
    if event.kind == "contact-due":  # the name is case text: a code span only if it stays one
        look = one_line(f"casectl customer {shlex.quote(subject.customer)}")
        plain_span = markdown and not any(c in look for c in "`@<")
        command = f"`{look}`" if plain_span else text(look)
    lines.append(_("look: {command}").format(command=command))
    return Message(title, "\n".join(lines), markdown)


LISTED = 30  # events named in the last message of a crowded run; more are counted


def summary(rest: list[Event], service: str) -> Message:
    """The last message of a run with more events than one target takes one by one: each of
    the rest named on a line (the case and what happened), so none goes untold."""
    markdown = service in MARKDOWN

    def text(value: str) -> str:
        return neutral(service, value)

    title = _("[casectl] {count} more").format(count=len(rest))
    lines = [
        "- "
        + _("{heading}: {case}").format(
            heading=_(HEADINGS[e.kind]),
            case=text(e.subject.customer)
            if e.kind == "contact-due"
            else f"{e.subject.id} {text(e.subject.title)}",
        )
        for e in rest[:LISTED]
    ]
    if len(rest) > LISTED:
        lines.append(_("… and {count} more").format(count=len(rest) - LISTED))
    look = "casectl overdue"
    lines.append(_("look: {command}").format(command=f"`{look}`" if markdown else look))
    return Message(title, "\n".join(lines), markdown)
