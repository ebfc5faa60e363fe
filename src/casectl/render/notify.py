"""Notification messages: short, naming the case, the clock, how far over, the owner and the
command to look. Pure text; titles and text from case files neutralised (control characters
shown, markup escaped where the target renders Markdown)."""

from __future__ import annotations

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
    text = md_cell if markdown else one_line
    subject = event.subject
    title = _("[casectl] {heading}: {case}").format(
        heading=_(HEADINGS[event.kind]), case=subject.id
    )
    case_line = f"{subject.id} ({subject.priority}) {text(subject.customer)}: {text(subject.title)}"
    if event.kind == "contact-due":
        title = _("[casectl] {heading}: {case}").format(
            heading=_(HEADINGS[event.kind]), case=one_line(subject.customer)
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
    if event.kind == "contact-due":
        look = f"casectl customer {shlex.quote(subject.customer)}"
    lines.append(_("look: {command}").format(command=f"`{look}`" if markdown else look))
    return Message(title, "\n".join(lines), markdown)


LISTED = 30  # events named in the last message of a crowded run; more are counted


def summary(rest: list[Event], service: str) -> Message:
    """The last message of a run with more events than one target takes one by one: each of
    the rest named on a line (the case and what happened), so none goes untold."""
    markdown = service in MARKDOWN
    text = md_cell if markdown else one_line
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
