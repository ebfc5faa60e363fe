"""Notification messages: short, naming the case, the clock, how far over, the owner and the
command to look. Pure text; titles and text from case files neutralised (control characters
shown, markup escaped where the target renders Markdown)."""

from __future__ import annotations

from dataclasses import dataclass

from casectl.core.config import Config
from casectl.core.notify import Event, handle
from casectl.render.clocks import remaining_text
from casectl.render.text import md_cell, one_line

# Targets that render Markdown; the others get plain text.
MARKDOWN = frozenset({"wecom", "dingtalk", "slack", "teams", "telegram", "webhook"})

HEADINGS = {
    "breach": "SLA breached",
    "warning": "SLA due soon",
    "promise-due": "Promise due soon",
    "follow-up-due": "Follow-up visit due soon",
    "escalation": "Escalated",
    "new-urgent": "New urgent complaint",
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
    title = f"[casectl] {HEADINGS[event.kind]}: {subject.id}"
    case_line = f"{subject.id} ({subject.priority}) {text(subject.customer)}: {text(subject.title)}"
    lines = [f"**{case_line}**" if markdown else case_line]
    if event.clock is not None:
        clock = event.clock
        due = clock.due.astimezone(config.tz).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{clock.name.replace('_', ' ')}: {remaining_text(clock)} (due {due})")
    if event.to is not None:
        lines.append(f"to {text(event.to)}: {text(event.reason or '')}")
    if event.owner:
        handle_of = handle(config, event.owner, service)
        who = text(event.owner) + (f" {mention(service, handle_of)}" if handle_of else "")
        lines.append(f"owner: {who}")
    look = f"casectl show {subject.id}"
    lines.append(f"look: `{look}`" if markdown else f"look: {look}")
    return Message(title, "\n".join(lines), markdown)
